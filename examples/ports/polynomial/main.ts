/**
 * `npm run example:ports:polynomial -- [--part tensor|autograd|nn|optim|module] [--seed N] [--steps N]`:
 * the third-order polynomial fit to sin(x) of "Learning PyTorch with Examples"
 * (https://pytorch.org/tutorials/beginner/pytorch_with_examples.html) in five of the tutorial's
 * versions, each ported line for line from tools/parity/ports_polynomial.py. With --seed N the run
 * starts with torch.manualSeed(N) and prints what the Python prints with real PyTorch 1.13.
 */
import * as torch from 'torchlet';
import { polynomialAutograd } from './autograd';
import { polynomialModule } from './module';
import { polynomialNn } from './nn';
import { polynomialOptim } from './optim';
import type { Print } from './print';
import { polynomialTensor } from './tensor';

export const PARTS = {
  tensor: polynomialTensor,
  autograd: polynomialAutograd,
  nn: polynomialNn,
  optim: polynomialOptim,
  module: polynomialModule,
} as const;
export type Part = keyof typeof PARTS;

const USAGE = 'usage: npm run example:ports:polynomial -- [--part {tensor,autograd,nn,optim,module}] [--seed SEED] [--steps STEPS]';

export interface PolynomialArgs {
  part: Part;
  seed: bigint | null;
  steps: number;
}

/** Parses `--part P`, `--seed N`, `--steps N` (also `--flag=value`); argparse's words on a bad command line. */
export function parseArgs(argv: readonly string[]): PolynomialArgs {
  const args: PolynomialArgs = { part: 'tensor', seed: null, steps: 2000 };
  for (let i = 0; i < argv.length; i++) {
    const raw = argv[i]!;
    const eq = raw.indexOf('=');
    const flag = eq >= 0 ? raw.slice(0, eq) : raw;
    if (flag !== '--part' && flag !== '--seed' && flag !== '--steps') throw new Error(`${USAGE}\nerror: unrecognized arguments: ${raw}`);
    const value = eq >= 0 ? raw.slice(eq + 1) : argv[++i];
    if (value === undefined) throw new Error(`${USAGE}\nerror: argument ${flag}: expected one argument`);
    if (flag === '--part') {
      if (!(value in PARTS)) throw new Error(`${USAGE}\nerror: argument --part: invalid choice: '${value}' (choose from 'tensor', 'autograd', 'nn', 'optim', 'module')`);
      args.part = value as Part;
      continue;
    }
    if (!/^\s*[-+]?\d+\s*$/.test(value)) throw new Error(`${USAGE}\nerror: argument ${flag}: invalid int value: '${value}'`);
    if (flag === '--seed') args.seed = BigInt(value.trim());
    else args.steps = Number(value.trim());
  }
  return args;
}

/** Seeds as the Python does (torch.manual_seed(N) first), then runs the chosen version. */
export function run(args: PolynomialArgs, print: Print = console.log): void {
  if (args.seed !== null) torch.manualSeed(args.seed);
  PARTS[args.part](print, args.steps);
}

if (require.main === module) {
  let args: PolynomialArgs | null = null;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (err) {
    console.error(err instanceof Error ? err.message : String(err));
    process.exitCode = 2;
  }
  if (args !== null) run(args);
}
