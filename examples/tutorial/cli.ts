/** The tutorial's command line: `--part manual|auto` and `--seed N`, checked like argparse. */
import * as torch from 'torchlet';
import { automaticUpdate } from './auto';
import type { Print } from './data';
import { manualUpdate } from './manual';

export interface TutorialArgs {
  part: 'manual' | 'auto' | null;
  seed: bigint | null;
}

const USAGE = 'usage: npm run tutorial -- [--part {manual,auto}] [--seed SEED]';

/** A bad command line (printed with the usage line, exit code 2, as argparse does). */
export class UsageError extends Error {
  constructor(message: string) {
    super(`${USAGE}\nerror: ${message}`);
    this.name = 'UsageError';
  }
}

/** Parses the arguments; throws a usage error (argparse's words) on bad ones. */
export function parseArgs(argv: readonly string[]): TutorialArgs {
  const args: TutorialArgs = { part: null, seed: null };
  for (let i = 0; i < argv.length; i++) {
    const raw = argv[i]!;
    const eq = raw.indexOf('=');
    const flag = eq >= 0 ? raw.slice(0, eq) : raw;
    if (flag !== '--part' && flag !== '--seed') throw new UsageError(`unrecognized arguments: ${raw}`);
    const value = eq >= 0 ? raw.slice(eq + 1) : argv[++i];
    if (value === undefined) throw new UsageError(`argument ${flag}: expected one argument`);
    if (flag === '--part') {
      if (value !== 'manual' && value !== 'auto') {
        throw new UsageError(`argument --part: invalid choice: '${value}' (choose from 'manual', 'auto')`);
      }
      args.part = value;
    } else {
      if (!/^\s*[-+]?\d+\s*$/.test(value)) throw new UsageError(`argument --seed: invalid int value: '${value}'`);
      args.seed = BigInt(value.trim());
    }
  }
  return args;
}

/**
 * Runs the chosen parts. With a seed, each part starts with `torch.manualSeed(seed)`, as each
 * Python script starts with `torch.manual_seed(seed)`; without one the run is unseeded.
 */
export function runTutorial(args: TutorialArgs, print: Print = console.log): void {
  if (args.part !== 'auto') {
    if (args.seed !== null) torch.manualSeed(args.seed);
    manualUpdate(print);
  }
  if (args.part !== 'manual') {
    if (args.seed !== null) torch.manualSeed(args.seed);
    automaticUpdate(print);
  }
}
