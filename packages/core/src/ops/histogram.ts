/**
 * Counting ops: bincount (occurrences of each non-negative integer, optionally weighted) and histc
 * (equal-width histogram). Neither is differentiable. Both count on the host: the number of bins
 * depends on the data (bincount) and the bin of each element follows PyTorch's float arithmetic.
 */
import { isIntegral, type DType } from '../dtype';
import type { Tensor } from '../tensor';
import { bindArgs } from './bind-args';
import { alloc, fromHost } from './util';
import { checkHostOp, onCpu } from './devices';

function typeName(d: DType): string {
  return d === 'float32' ? 'Float' : d === 'float64' ? 'Double' : d === 'bool' ? 'Bool' : 'Long';
}

/** bincount's keyword options. */
export interface BincountOptions {
  /** One weight per element of x: the bins hold the sums of the weights instead of counts. */
  weights?: Tensor | null;
  /** The least number of bins (default 0). */
  minlength?: number;
}

/**
 * Counts of each value 0..max(x) (at least `minlength` bins) in a 1-D int tensor; with `weights`,
 * the sums of the weights instead (float64 for integer weights, as PyTorch).
 * @example bincount(tensor([1, 3, 1])) // [0, 2, 0, 1]
 */
export function bincount(x: Tensor, ...args: (Tensor | number | null | undefined | BincountOptions)[]): Tensor {
  const a = bindArgs('bincount', ['weights', 'minlength'], args, 1);
  const weights = (a.weights ?? null) as Tensor | null;
  const minlength = (a.minlength ?? 0) as number;
  if (!isIntegral(x.dtype)) throw new TypeError(`"bincount_cpu" not implemented for '${typeName(x.dtype)}'`);
  if (minlength < 0) throw new RangeError('minlength should be >= 0');
  checkHostOp('bincount', onCpu('bincount(...)'), x, weights);
  if (x.shape.length === 1 && x.numel() === 0) return alloc([minlength], 'int32', x.storage.device);
  const values = x.toTypedArray();
  let top = -1;
  for (const v of values) {
    if (v < 0) top = -Infinity;
    if (top !== -Infinity && v > top) top = v;
  }
  if (x.shape.length !== 1 || top === -Infinity) throw new Error('bincount only supports 1-d non-negative integral inputs.');
  if (weights !== null && (weights.shape.length !== 1 || weights.shape[0] !== x.shape[0])) {
    throw new Error('weights should be 1-d and have the same length as input');
  }
  const bins = Math.max(top + 1, minlength);
  if (weights === null) {
    const counts = new Int32Array(bins);
    for (const v of values) counts[v]!++;
    return fromHost(counts, [bins], 'int32', x.storage.device);
  }
  // float32 weights sum in float32 (each addition rounded); everything else sums in float64.
  const dtype: DType = weights.dtype === 'float32' ? 'float32' : 'float64';
  const w = weights.toTypedArray();
  const sums = dtype === 'float32' ? new Float32Array(bins) : new Float64Array(bins);
  values.forEach((v, i) => { sums[v] = sums[v]! + w[i]!; });
  return fromHost(sums, [bins], dtype, x.storage.device);
}

/** C++ ostream's default form of a double (6 significant digits), for PyTorch's messages. */
function fmtDouble(v: number): string {
  if (Number.isNaN(v)) return 'nan';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  const exp = v === 0 ? 0 : Math.floor(Math.log10(Math.abs(v)));
  if (exp < -5 || exp >= 6) {
    const [m, e] = v.toExponential(5).split('e') as [string, string];
    const mant = m.includes('.') ? m.replace(/\.?0+$/, '') : m;
    const sign = e.startsWith('-') ? '-' : '+';
    return `${mant}e${sign}${e.replace(/^[+-]/, '').padStart(2, '0')}`;
  }
  return String(Number(v.toPrecision(6)));
}

/** histc's keyword options. */
export interface HistcOptions {
  /** The number of equal bins (default 100). */
  bins?: number;
  /** The lower end of the range (default 0; min and max both 0 take the data's range). */
  min?: number;
  /** The upper end of the range (default 0). */
  max?: number;
}

/**
 * A histogram of x's elements in `bins` equal bins over [min, max] (both 0: the data's range);
 * elements outside the range (and NaN) are ignored, the last bin includes its right edge.
 * @example histc(tensor([1, 2, 1]), 4, 0, 3) // [0, 2, 1, 0]
 */
export function histc(x: Tensor, ...args: (number | HistcOptions | undefined)[]): Tensor {
  const a = bindArgs('histc', ['bins', 'min', 'max'], args, 1);
  const bins = (a.bins ?? 100) as number;
  if (!(bins > 0)) throw new RangeError(`torch.histogram(): bins must be > 0, but got ${bins} for dimension 0`);
  let lo = (a.min ?? 0) as number, hi = (a.max ?? 0) as number;
  checkHostOp('histc', onCpu('histc(...)'), x);
  const data = x.toTypedArray();
  if (lo === hi && data.length > 0) {
    lo = Infinity; hi = -Infinity;
    for (const v of data) {
      if (Number.isNaN(v) || Number.isNaN(lo)) { lo = NaN; hi = NaN; continue; }
      lo = Math.min(lo, v); hi = Math.max(hi, v);
    }
  }
  if (lo === hi) { lo -= 1; hi += 1; }
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) throw new Error(`torch.histc: range of [${fmtDouble(lo)}, ${fmtDouble(hi)}] is not finite`);
  if (!(lo < hi)) throw new Error('torch.histc: max must be larger than min');
  if (x.dtype !== 'float32' && x.dtype !== 'float64') throw new TypeError(`"histogram_cpu" not implemented for '${typeName(x.dtype)}'`);
  // The kernel's arithmetic in the input's precision: the edges are the input dtype's values.
  const round = x.dtype === 'float32' ? Math.fround : (v: number): number => v;
  const left = round(lo), right = round(hi), width = round(right - left);
  const hist = x.dtype === 'float32' ? new Float32Array(bins) : new Float64Array(bins);
  for (const v of data) {
    if (!(v >= left && v <= right)) continue;
    let pos = Math.trunc(round(round(round(v - left) * bins) / width));
    if (pos === bins) pos -= 1;
    hist[pos]!++;
  }
  return fromHost(hist, [bins], x.dtype, x.storage.device);
}
