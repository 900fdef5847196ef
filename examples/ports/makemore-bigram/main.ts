/**
 * `npm run example:ports:makemore-bigram -- [--seed N] [--steps N]`: the bigram character-level
 * language model of Andrej Karpathy's makemore, part 1 ("The spelled-out intro to language
 * modeling: building makemore", makemore_part1_bigrams.ipynb), ported line for line from
 * tools/parity/ports_makemore_bigram.py: counts -> probabilities -> sampling with
 * torch.multinomial, the negative log likelihood, then the neural net (one-hot @ W, softmax, NLL,
 * gradient descent) and sampling from it. It prints what the Python prints with real PyTorch 1.13.
 * --seed N seeds the notebook's generators (its 2147483647 by default). The names are names.txt
 * here (see README.md), not makemore's.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as torch from 'torchlet';
import { eachFlag, intArg, runCommand } from '../../cli-args';
const F = torch.nn.functional;

export type Print = (...parts: unknown[]) => void;

export const NAMES = join(__dirname, 'names.txt');

/** Python's str.splitlines() for a file's text: the lines, without a last empty one. */
function splitlines(text: string): string[] {
  const lines = text.split(/\r?\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

export function main(print: Print = console.log, seed: number | bigint = 2147483647, steps = 100, names = NAMES): void {
  const words = splitlines(readFileSync(names, 'utf8'));

  const N = torch.zeros([27, 27], { dtype: torch.int32 });

  const chars = [...new Set(words.join(''))].sort();
  const stoi: Record<string, number> = Object.fromEntries(chars.map((s, i) => [s, i + 1]));
  stoi['.'] = 0;
  const itos: Record<number, string> = Object.fromEntries(Object.entries(stoi).map(([s, i]) => [i, s]));

  for (const w of words) {
    const chs = ['.', ...w, '.'];
    for (let j = 0; j + 1 < chs.length; j++) {
      const [ch1, ch2] = [chs[j]!, chs[j + 1]!];
      const ix1 = stoi[ch1]!;
      const ix2 = stoi[ch2]!;
      N.index(ix1, ix2).add_(1);
    }
  }

  const P = N.add(1).float();
  P.div_(P.sum(1, { keepdim: true })); // keepdim: torchlet names the option once (PyTorch also takes NumPy's keepdims)

  let g = new torch.Generator().manualSeed(seed);

  for (let i = 0; i < 5; i++) {
    const out: string[] = [];
    let ix = 0;
    while (true) {
      const p = P.index(ix);
      ix = torch.multinomial(p, { numSamples: 1, replacement: true, generator: g }).item();
      out.push(itos[ix]!);
      if (ix === 0) break;
    }
    print(out.join(''));
  }

  const logLikelihood = torch.tensor(0.0, { dtype: torch.float32 }); // Python's 0.0, a tensor after its first +=
  let n = 0;

  for (const w of words) {
    const chs = ['.', ...w, '.'];
    for (let j = 0; j + 1 < chs.length; j++) {
      const [ch1, ch2] = [chs[j]!, chs[j + 1]!];
      const ix1 = stoi[ch1]!;
      const ix2 = stoi[ch2]!;
      const prob = P.index(ix1, ix2);
      const logprob = torch.log(prob);
      logLikelihood.add_(logprob);
      n += 1;
    }
  }

  print(`log_likelihood=${String(logLikelihood)}`); // Python's f'{log_likelihood=}'
  const nll = logLikelihood.neg();
  print(`nll=${String(nll)}`);
  // Python's f'{nll/n}' formats a 0-dim tensor as its float (Tensor.__format__); a template literal
  // gives String(tensor), 'tensor(2.4121)': hence .item().
  print(`${nll.div(n).item()}`);

  // create the dataset
  const xsList: number[] = [], ysList: number[] = [];
  for (const w of words) {
    const chs = ['.', ...w, '.'];
    for (let j = 0; j + 1 < chs.length; j++) {
      const [ch1, ch2] = [chs[j]!, chs[j + 1]!];
      const ix1 = stoi[ch1]!;
      const ix2 = stoi[ch2]!;
      xsList.push(ix1);
      ysList.push(ix2);
    }
  }
  const xs = torch.tensor(xsList);
  const ys = torch.tensor(ysList);
  const num = xs.nelement();
  print('number of examples: ', num);

  // initialize the 'network'
  g = new torch.Generator().manualSeed(seed);
  const W = torch.randn([27, 27], { generator: g, requiresGrad: true });

  // gradient descent
  for (let k = 0; k < steps; k++) {
    // forward pass
    const xenc = F.oneHot(xs, { numClasses: 27 }).float(); // input to the network: one-hot encoding
    const logits = xenc.matmul(W); // predict log-counts
    const counts = logits.exp(); // counts, equivalent to N
    const probs = counts.div(counts.sum(1, { keepdim: true })); // probabilities for next character
    const loss = probs.index(torch.arange(num), ys).log().mean().neg().add(W.pow(2).mean().mul(0.01));
    print(loss.item());

    // backward pass
    W.grad = null; // set to zero the gradient
    loss.backward();

    // update
    W.data.add_(W.grad!.mul(-50));
  }

  // finally, sample from the 'neural net' model
  g = new torch.Generator().manualSeed(seed);

  for (let i = 0; i < 5; i++) {
    const out: string[] = [];
    let ix = 0;
    while (true) {
      // ----------
      // BEFORE:
      // const p = P.index(ix);
      // ----------
      // NOW:
      const xenc = F.oneHot(torch.tensor([ix]), { numClasses: 27 }).float();
      const logits = xenc.matmul(W); // predict log-counts
      const counts = logits.exp(); // counts, equivalent to N
      const p = counts.div(counts.sum(1, { keepdim: true })); // probabilities for next character
      // ----------

      ix = torch.multinomial(p, { numSamples: 1, replacement: true, generator: g }).item();
      out.push(itos[ix]!);
      if (ix === 0) break;
    }
    print(out.join(''));
  }
}

const USAGE = 'usage: npm run example:ports:makemore-bigram -- [--seed SEED] [--steps STEPS]';

/** Parses `--seed N` and `--steps N` (also `--flag=N`); argparse's words on a bad command line. */
export function parseArgs(argv: readonly string[]): { seed: bigint; steps: number } {
  const args = { seed: 2147483647n, steps: 100 };
  eachFlag(argv, USAGE, ['--seed', '--steps'], [], (flag, value) => {
    const n = intArg(USAGE, flag, value);
    if (flag === '--seed') args.seed = n;
    else args.steps = Number(n);
  });
  return args;
}

if (require.main === module) runCommand(process.argv.slice(2), parseArgs, (args) => main(console.log, args.seed, args.steps));
