/**
 * `npm run example:gpt [-- --seed N] [--steps N] [--max-iters N] [--sample N] [--temperature T] [--top-k K]`:
 * trains a small character-level GPT on the first four letters of Ambrose Bierce's "The Devil's
 * Dictionary", then prints a sample. tools/parity/tiny_gpt.py is the same program in PyTorch
 * and prints the same losses for the same flags.
 */
import * as torch from 'torchlet';
import { loadChars } from './data';
import { DEFAULT_CONFIG, sample, train } from './train';

interface Args {
  seed: number;
  steps: number | null;
  maxIters: number;
  sampleLength: number;
  temperature: number;
  topK: number | null;
}

const USAGE = 'usage: npm run example:gpt -- [--seed N] [--steps N] [--max-iters N] [--sample N] [--temperature T] [--top-k K|none]';

function parse(argv: readonly string[]): Args {
  const args: Args = { seed: 0, steps: null, maxIters: DEFAULT_CONFIG.maxIters, sampleLength: 500, temperature: 0.8, topK: null };
  const int = (v: string): number => {
    if (!/^\d+$/.test(v)) throw new Error(`${USAGE} (bad number: ${v})`);
    return Number(v);
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i]!.split('=', 2) as [string, string | undefined];
    const value = inline ?? argv[++i];
    if (value === undefined) throw new Error(`${flag} needs a value\n${USAGE}`);
    if (flag === '--seed') args.seed = int(value);
    else if (flag === '--steps') args.steps = int(value);
    else if (flag === '--max-iters') args.maxIters = int(value);
    else if (flag === '--sample') args.sampleLength = int(value);
    else if (flag === '--temperature' && Number(value) > 0) args.temperature = Number(value);
    else if (flag === '--top-k') args.topK = value === 'none' ? null : int(value);
    else throw new Error(`${USAGE} (bad: ${argv[i]})`);
  }
  return args;
}

function main(): void {
  const args = parse(process.argv.slice(2));
  const data = loadChars();
  const config = { ...DEFAULT_CONFIG, maxIters: args.maxIters, lrDecayIters: args.maxIters };
  console.log(`${data.text.length} characters, vocabulary of ${data.chars.length}; backend ${torch.backendName()}`);
  torch.manualSeed(args.seed);
  const t0 = performance.now();
  const model = train(data, config, { stopAfter: args.steps ?? undefined });
  console.log(`trained in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  if (args.sampleLength > 0) {
    console.log(`--- sample (${args.sampleLength} characters, temperature ${args.temperature}, top-k ${args.topK ?? 'none'}) ---`);
    console.log(sample(model, data, args.sampleLength, args.temperature, args.topK));
  }
}

main();
