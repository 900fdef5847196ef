/**
 * torch.multinomial with PyTorch's CPU draws (aten/src/ATen/native/Distributions.cpp and
 * cpu/MultinomialKernel.cpp), so samplers print the same text after manualSeed:
 * - without replacement (torch 1.13; 2.x also takes this path for one sample with replacement): q ~ Exp(1) for every entry (one random64 each, row-major:
 *   q = -log(1 - u) in double, then the input's dtype), then the top-n of p / q (Gumbel trick);
 * - with replacement: per row a cumulative distribution in the input's dtype, normalised, the last
 *   bucket forced to 1, then one float64 uniform per sample and a binary search.
 * Sampling is host work over the probabilities (read once); the indices are int32 as elsewhere.
 */
import { isFloating } from '../dtype';
import { defaultGenerator, generatorOption, type Generator } from '../random/index';
import { logF64 } from '../random/libm';
import { checkOptions } from '../options';
import { checkInt } from '../shape';
import { Tensor } from '../tensor';
import { fromHost, scalarTypeName } from './util';
import { argmax } from './reduce';
import { topk } from './sort';
import { checkHostOp, onCpu } from './devices';

/** multinomial's keyword options. */
export interface MultinomialOptions {
  /** Draw with replacement (default false: each category at most once per row). */
  replacement?: boolean;
  /** Draw from this Generator instead of the global one. */
  generator?: Generator;
}

function checkProbs(probs: ArrayLike<number>, rows: number, cols: number): void {
  for (let i = 0; i < probs.length; i++) {
    const v = probs[i]!;
    if (!(v >= 0) || v === Infinity) throw new Error('probability tensor contains either `inf`, `nan` or element < 0');
  }
  for (let r = 0; r < rows; r++) {
    let s = 0;
    for (let c = 0; c < cols; c++) s += probs[r * cols + c]!;
    if (s === 0) throw new Error('invalid multinomial distribution (sum of probabilities <= 0)');
  }
}

/** Exp(1) draws as PyTorch's exponential_ (default CPU kernel): -1 / 1 * log(1 - u), u a 53-bit uniform. */
function exponentials(gen: Generator, n: number, f32: boolean): Float32Array | Float64Array {
  const q = f32 ? new Float32Array(n) : new Float64Array(n);
  for (let i = 0; i < n; i++) q[i] = -1 * logF64(1 - gen.randomU53());
  return q;
}

/** The with-replacement kernel: cumulative sums in the input's precision, binary search per draw. */
function withReplacement(gen: Generator, probs: ArrayLike<number>, rows: number, cols: number, n: number, f32: boolean): Int32Array {
  const round = f32 ? Math.fround : (v: number): number => v;
  const out = new Int32Array(rows * n);
  const cum = f32 ? new Float32Array(cols) : new Float64Array(cols);
  for (let r = 0; r < rows; r++) {
    let sum = 0;
    for (let c = 0; c < cols; c++) {
      const v = probs[r * cols + c]!;
      if (!(v >= 0)) throw new Error('invalid multinomial distribution (encountering probability entry < 0)');
      if (!Number.isFinite(v)) throw new Error('invalid multinomial distribution (encountering probability entry = infinity or NaN)');
      sum = round(sum + v);
      cum[c] = sum;
    }
    if (!(sum > 0)) throw new Error('invalid multinomial distribution (sum of probabilities <= 0)');
    for (let c = 0; c < cols; c++) cum[c] = round(cum[c]! / sum);
    cum[cols - 1] = 1;
    for (let j = 0; j < n; j++) {
      const u = gen.randomU53();
      let lo = 0, hi = cols;
      while (hi - lo > 0) {
        const mid = lo + ((hi - lo) >> 1);
        if (cum[mid]! < u) lo = mid + 1;
        else hi = mid;
      }
      out[r * n + j] = lo;
    }
  }
  return out;
}

/**
 * `numSamples` category indices per row of `input` (1-D or 2-D, non-negative weights, rows need
 * not sum to 1), drawn as PyTorch draws them.
 * @example manualSeed(0); multinomial(tensor([0.1, 0.3, 0.6]), 5, true)
 */
export function multinomial(input: Tensor, numSamples: number, replacement?: boolean | MultinomialOptions, opts?: MultinomialOptions): Tensor;
export function multinomial(input: Tensor, opts: MultinomialOptions & { numSamples: number }): Tensor;
export function multinomial(input: Tensor, numSamples: number | (MultinomialOptions & { numSamples: number }),
  replacement: boolean | MultinomialOptions = false, opts: MultinomialOptions = {}): Tensor {
  // The keyword form: multinomial(p, {numSamples, replacement, generator}).
  const kw = typeof numSamples === 'object' && numSamples !== null ? numSamples : null;
  const o = kw ?? (typeof replacement === 'object' ? replacement : { ...opts, replacement });
  checkOptions('multinomial', o, kw === null ? ['replacement', 'generator'] : ['numSamples', 'replacement', 'generator']);
  const gen = generatorOption(o.generator, defaultGenerator, 'multinomial');
  const n = checkInt(kw === null ? numSamples : kw.numSamples, 'multinomial', 'num_samples', 2);
  if (input.ndim < 1 || input.ndim > 2) throw new Error('prob_dist must be 1 or 2 dim');
  if (!isFloating(input.dtype)) {
    throw new Error(`multinomial only supports floating-point dtypes for input, got: ${scalarTypeName(input.dtype)}`);
  }
  if (n <= 0) throw new Error('cannot sample n_sample <= 0 samples');
  const cols = input.shape[input.ndim - 1]!;
  const rows = input.ndim === 2 ? input.shape[0]! : 1;
  const rep = o.replacement ?? false;
  if (!rep && n > cols) throw new Error('cannot sample n_sample > prob_dist.size(-1) samples without replacement');
  if (cols > 2 ** 24) throw new Error('number of categories cannot exceed 2^24');
  const outShape = input.ndim === 2 ? [rows, n] : [n];
  checkHostOp('multinomial', onCpu('multinomial(...)') + ' (the samples are drawn on the host from the CPU generator)', input);
  const probs = input.toTypedArray();
  const f32 = input.dtype === 'float32';
  if (rep) return fromHost(withReplacement(gen, probs, rows, cols, n, f32), outShape, 'int32');
  checkProbs(probs, rows, cols);
  const q = fromHost(exponentials(gen, rows * cols, f32), input.shape.slice(), input.dtype);
  const score = input.detach().div(q);
  return n === 1 ? argmax(score, -1, { keepdim: true }) : topk(score, n, -1).indices;
}
