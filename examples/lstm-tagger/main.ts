/**
 * `npm run example:lstm-tagger [-- --chars] [--seed N]`: the LSTM part-of-speech tagger of
 * PyTorch's "Sequence Models and Long Short-Term Memory Networks" tutorial (with --chars, its
 * exercise: character-level features). With --seed N it starts with torch.manualSeed(N) and
 * prints what tools/parity/lstm_tagger.py (lstm_tagger_chars.py) prints with real PyTorch.
 */
import * as torch from 'torchlet';
import { lstmTaggerChars } from './chars';
import { lstmTagger, type Print } from './tagger';
import { eachFlag, intArg, runCommand } from '../cli-args';

const USAGE = 'usage: npm run example:lstm-tagger -- [--chars] [--seed SEED]';

export interface TaggerArgs {
  chars: boolean;
  seed: bigint | null;
}

/** Parses `--chars` and `--seed N` / `--seed=N`; argparse's words on a bad command line. */
export function parseArgs(argv: readonly string[]): TaggerArgs {
  const args: TaggerArgs = { chars: false, seed: null };
  eachFlag(argv, USAGE, ['--seed'], ['--chars'], (flag, value) => {
    if (flag === '--chars') args.chars = true;
    else args.seed = intArg(USAGE, flag, value);
  });
  return args;
}

/** Seeds as the Python's first line does, then runs the tagger or the exercise. */
export function runTagger(args: TaggerArgs, print: Print = console.log): void {
  if (args.seed !== null) torch.manualSeed(args.seed);
  if (args.chars) lstmTaggerChars(print);
  else lstmTagger(print);
}

// Run only as the entry point: the test imports parseArgs and runTagger.
if (require.main === module) runCommand(process.argv.slice(2), parseArgs, (args) => runTagger(args));
