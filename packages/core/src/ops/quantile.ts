/**
 * torch.quantile / torch.nanquantile, as PyTorch computes them: sort, turn q into fractional ranks
 * (in the input's dtype), gather the neighbours and interpolate. Composed of differentiable ops
 * (sort, gather, lerp), so the gradient reaches the input through the sort's indices.
 */
import { normDim } from '../shape';
import type { Tensor } from '../tensor';
import { fullLike } from './creation';
import { scalarOf } from './util';
import { where } from './binary';
import { reducedShape } from './reduce';
import { sort } from './sort';
import { invalidCombination, isKw, parseArgs, pick, type ArgSig, type Kw } from './reduce-args';

/**
 * How quantile picks a value between the two sorted values around a fractional rank: interpolate linearly, take
 * the lower, the higher, their midpoint, or the nearest.
 */
export type QuantileInterpolation = 'linear' | 'lower' | 'higher' | 'midpoint' | 'nearest';
const INTERPOLATIONS: readonly string[] = ['linear', 'lower', 'higher', 'midpoint', 'nearest'];

/** quantile's keyword options. */
export interface QuantileOptions {
  /** Keep the reduced dim with size 1 (default false). */
  keepdim?: boolean;
  /** How a rank between two sorted values is resolved (default 'linear'). */
  interpolation?: QuantileInterpolation;
}

/**
 * PyTorch's `(q, int? dim=None, bool keepdim=False, *, str interpolation='linear')` after q.
 * 'dims' admits dim=None; a list is refused below (quantile takes one dim).
 */
const quantileSig = (fn: string): ArgSig => ({ fn, names: ['dim', 'keepdim'], kinds: ['dims', 'bool'], keys: ['dim', 'keepdim', 'interpolation'] });
const QUANTILE = quantileSig('quantile'), NANQUANTILE = quantileSig('nanquantile');

/** Reads quantile's trailing arguments (`1, true, {interpolation}` or their options-object forms). */
function quantileArgs(sig: ArgSig, q: unknown, a: unknown, b: unknown, c: unknown): { dim: number | undefined; keepdim: boolean; interpolation: string } {
  let kw: Kw | undefined;
  try {
    kw = parseArgs(sig, a, b, c);
  } catch (e) {
    // PyTorch lists q among the arguments it got.
    if (!(e instanceof TypeError && e.message.includes('invalid combination'))) throw e;
    const last = [c, b, a].find((v) => v !== undefined);
    throw invalidCombination(sig, [q, a, b, c], isKw(last) ? last : undefined);
  }
  const dim = pick(a, kw, 'dim');
  const interpolation = kw?.interpolation ?? 'linear';
  if (Array.isArray(dim) || typeof interpolation !== 'string') throw invalidCombination(sig, [q, a, b, c], kw);
  return { dim: dim === null ? undefined : (dim as number | undefined), keepdim: pick(b, kw, 'keepdim') === true, interpolation };
}

/** quantile's call forms after q: dim and keepdim positionally or in the options object. */
export interface QuantileMethod {
  (q: number | Tensor, opts?: QuantileOptions & { dim?: number | null }): Tensor;
  (q: number | Tensor, dim: number | null | undefined, opts?: QuantileOptions): Tensor;
  (q: number | Tensor, dim: number | null | undefined, keepdim: boolean | undefined, opts?: Omit<QuantileOptions, 'keepdim'>): Tensor;
}
export interface QuantileFunction {
  (x: Tensor, q: number | Tensor, opts?: QuantileOptions & { dim?: number | null }): Tensor;
  (x: Tensor, q: number | Tensor, dim: number | null | undefined, opts?: QuantileOptions): Tensor;
  (x: Tensor, q: number | Tensor, dim: number | null | undefined, keepdim: boolean | undefined, opts?: Omit<QuantileOptions, 'keepdim'>): Tensor;
}

function quantileImpl(sig: ArgSig, x: Tensor, q: number | Tensor, a: unknown, b: unknown, c: unknown, ignoreNan: boolean): Tensor {
  const { dim, keepdim, interpolation } = quantileArgs(sig, q, a, b, c);
  if (!INTERPOLATIONS.includes(interpolation)) {
    throw new Error(`quantile() interpolation must be one of linear, lower, higher, midpoint or nearest, but got ${interpolation}`);
  }
  if (typeof q === 'number' && !(q >= 0 && q <= 1)) throw new RangeError(`quantile() q must be in the range [0, 1] but got ${q}`);
  if (x.numel() === 0) throw new Error('quantile() input tensor must be non-empty');
  if (typeof q !== 'number' && q.shape.length > 1) throw new Error('quantile() q must be a scalar or 1D tensor');
  if (x.dtype !== 'float32' && x.dtype !== 'float64') throw new TypeError('quantile() input tensor must be either float or double dtype');
  if (typeof q !== 'number' && q.dtype !== x.dtype) throw new TypeError('quantile() q tensor must be same dtype as the input tensor');
  const qt = typeof q === 'number' ? scalarOf(q, x.dtype) : q.detach();
  // (a device without sync reads cannot check q's values first: out-of-range q gives out-of-range ranks, skipped by gather)
  if (typeof q !== 'number' && qt.storage.device === 'cpu' && !qt.ge(0).logicalAnd(qt.le(1)).all().item()) {
    throw new RangeError('quantile() q values must be in the range [0, 1]');
  }

  // The reduced values last: [...kept dims, n].
  const nd = x.shape.length;
  let kept: number[], lines: Tensor;
  if (dim === undefined) {
    kept = keepdim ? x.shape.map(() => 1) : [];
    lines = x.reshape([...kept, -1]);
  } else {
    const d = normDim(dim, nd);
    kept = reducedShape(x.shape, nd === 0 ? [] : [d], keepdim);
    lines = nd === 0 ? x.reshape([1]) : x.unsqueeze(-1).transpose(d, -1).reshape([...kept, x.shape[d]!]);
  }
  const sorted = sort(lines, -1).values;
  const n = sorted.shape[sorted.shape.length - 1]!;
  if (n > 2 ** 24) throw new Error('quantile() input tensor is too large');

  // Ranks in x's dtype, one per q along the last dim ([..., 1] for a scalar q).
  const nan = sorted.detach().isnan();
  let ranks: Tensor;
  if (ignoreNan) {
    ranks = qt.mul(nan.logicalNot().sum(-1, { keepdim: true }).sub(1));
    ranks = where(ranks.lt(0), 0, ranks); // every value NaN: rank 0 picks a NaN
  } else {
    ranks = where(nan.any(-1, { keepdim: true }), n - 1, qt.mul(n - 1)); // a NaN: the last (a NaN)
  }
  if (interpolation === 'lower') ranks = ranks.floor();
  else if (interpolation === 'higher') ranks = ranks.ceil();
  else if (interpolation === 'nearest') ranks = ranks.round();
  const below = ranks.to('int32');
  let result = sorted.gather(-1, below);
  if (interpolation === 'linear' || interpolation === 'midpoint') {
    const weights = interpolation === 'midpoint' ? fullLike(ranks, 0.5) : ranks.sub(below);
    result = result.lerp(sorted.gather(-1, ranks.ceil().to('int32')), weights);
  }
  // q's dim goes first, as PyTorch's output [q, ...kept].
  return qt.shape.length === 0 ? result.squeeze(-1) : result.unsqueeze(0).transpose(0, -1).squeeze(-1);
}

/**
 * torch.quantile: the q-th quantiles (q a number or a 1-D tensor in [0, 1]) of all elements or
 * along dim; a line with a NaN gives NaN. A 1-D q puts its dim first in the result. Forms:
 * `quantile(x, q, 1, true, {interpolation})`, `quantile(x, q, {dim: 1, keepdim: true, interpolation})`.
 * @example quantile(tensor([1, 2, 3, 4]), 0.5) // 2.5
 */
export const quantile: QuantileFunction = (x: Tensor, q: number | Tensor, a?: unknown, b?: unknown, c?: unknown): Tensor =>
  quantileImpl(QUANTILE, x, q, a, b, c, false);

/** torch.nanquantile: quantile over the non-NaN values (NaN where a line has none); forms as quantile. */
export const nanquantile: QuantileFunction = (x: Tensor, q: number | Tensor, a?: unknown, b?: unknown, c?: unknown): Tensor =>
  quantileImpl(NANQUANTILE, x, q, a, b, c, true);
