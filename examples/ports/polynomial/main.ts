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
import { eachFlag, intArg, runCommand, usageError } from '../../cli-args';

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
  eachFlag(argv, USAGE, ['--part', '--seed', '--steps'], [], (flag, value) => {
    if (flag === '--part') {
      if (!(value in PARTS)) throw usageError(USAGE, `argument --part: invalid choice: '${value}' (choose from 'tensor', 'autograd', 'nn', 'optim', 'module')`);
      args.part = value as Part;
      return;
    }
    const n = intArg(USAGE, flag, value);
    if (flag === '--seed') args.seed = n;
    else args.steps = Number(n);
  });
  return args;
}

/** Seeds as the Python does (torch.manual_seed(N) first), then runs the chosen version. */
export function run(args: PolynomialArgs, print: Print = console.log): void {
  if (args.seed !== null) torch.manualSeed(args.seed);
  PARTS[args.part](print, args.steps);
}

if (require.main === module) runCommand(process.argv.slice(2), parseArgs, (args) => run(args));
