/**
 * Reductions beside sum/amax: nansum and nanmean (NaNs count as absent), and aminmax (both
 * extremes in one call, read as `.min` / `.max` like torch.return_types.aminmax).
 */
import { isFloating, type DType } from '../dtype';
import { noGrad } from '../autograd/grad-mode';
import { needsGrad, record } from '../autograd/record';
import { checkOptions } from '../options';
import { normDim, normDims } from '../shape';
import type { Tensor } from '../tensor';
import { where } from './binary';
import { amax, amin, expandBack, type Dims, type ReduceFunction } from './reduce';
import { parseArgs, pick, type ArgSig, type Kw } from './reduce-args';

/** PyTorch's name of a dtype in messages (int32 stands for its int64). */
export function torchTypeName(d: DType): string {
  return d === 'float32' ? 'Float' : d === 'float64' ? 'Double' : d === 'bool' ? 'Bool' : 'Long';
}

/** nansum's and nanmean's keyword options. */
export interface NanReduceOptions {
  /** Keep the reduced dims with size 1 (default false). */
  keepdim?: boolean;
  /** Accumulate and return in this dtype. */
  dtype?: DType;
}

/** PyTorch's `(dim=None, keepdim=False, *, dtype=None)`; one overload, so a bad value names its argument. */
const nanSig = (fn: string): ArgSig => ({ fn, names: ['dim', 'keepdim'], kinds: ['dims', 'bool'], keys: ['dim', 'keepdim', 'dtype'], single: true });
const NANSUM = nanSig('nansum'), NANMEAN = nanSig('nanmean');

/** dim (null: all dims), keepdim and dtype from the slots or the options object. */
function nanArgs(a: unknown, b: unknown, kw: Kw | undefined): { dim: Dims | undefined; keepdim: boolean; dtype: DType | undefined } {
  const dim = pick(a, kw, 'dim');
  return { dim: dim === null ? undefined : (dim as Dims | undefined), keepdim: pick(b, kw, 'keepdim') === true, dtype: kw?.dtype as DType | undefined };
}

function nansumOf(x: Tensor, dim: Dims | undefined, keepdim: boolean, dtype: DType | undefined): Tensor {
  const dims = normDims(dim, x.shape.length);
  const out = noGrad(() => (isFloating(x.dtype) ? where(x.isnan(), 0, x) : x).sum(dims, { keepdim, dtype }));
  if (needsGrad(x) && isFloating(out.dtype)) {
    const from = x.dtype;
    record(out, 'NansumBackward0', [x], [x], null, (g, s) => {
      const xs = s[0]!;
      // grad * ~isnan (a multiply, as PyTorch: an infinite grad gives NaN at a NaN input).
      return [expandBack(g.to(from), xs.shape, dims, keepdim).mul(xs.isnan().logicalNot().to(from))];
    });
  }
  return out;
}

/**
 * torch.nansum: the sum with NaNs treated as zero; their gradient is zero. Forms as sum:
 * `nansum(x, 1, true)`, `nansum(x, 1, {keepdim: true})`, `nansum(x, {dim: 1, dtype: 'float64'})`.
 * @example nansum(tensor([1, NaN, 2])) // 3
 */
export const nansum: ReduceFunction<NanReduceOptions> = (x: Tensor, a?: unknown, b?: unknown, c?: unknown): Tensor => {
  const { dim, keepdim, dtype } = nanArgs(a, b, parseArgs(NANSUM, a, b, c));
  return nansumOf(x, dim, keepdim, dtype);
};

/**
 * torch.nanmean: the mean of the non-NaN values (NaN where there are none); forms as nansum.
 * @example nanmean(tensor([[1, NaN], [3, 5]]), 0) // [2, 5]
 */
export const nanmean: ReduceFunction<NanReduceOptions> = (x: Tensor, a?: unknown, b?: unknown, c?: unknown): Tensor => {
  const { dim, keepdim, dtype } = nanArgs(a, b, parseArgs(NANMEAN, a, b, c));
  if (!isFloating(x.dtype)) throw new TypeError(`nanmean(): expected input to have floating point dtype but got ${torchTypeName(x.dtype)}`);
  const count = x.isnan().logicalNot().sum(normDims(dim, x.shape.length), { keepdim });
  return nansumOf(x, dim, keepdim, dtype).div(count);
};

/** `[min, max]` that also reads as `.min` / `.max`, like torch.return_types.aminmax. */
export interface MinMax extends Iterable<Tensor> {
  /** The minimum. */
  readonly 0: Tensor;
  /** The maximum. */
  readonly 1: Tensor;
  /** Always 2, as a pair. */
  readonly length: 2;
  /** The minimum. */
  readonly min: Tensor;
  /** The maximum. */
  readonly max: Tensor;
}

class MinMaxPair implements MinMax {
  readonly length = 2;
  constructor(readonly min: Tensor, readonly max: Tensor) {}
  get 0(): Tensor {
    return this.min;
  }
  get 1(): Tensor {
    return this.max;
  }
  *[Symbol.iterator](): Iterator<Tensor> {
    yield this.min;
    yield this.max;
  }
}

/** aminmax's keyword options. */
export interface AminmaxOptions {
  /** The one dim to reduce (all of them when omitted). */
  dim?: number;
  /** Keep the reduced dim with size 1 (default false). */
  keepdim?: boolean;
}

/**
 * torch.aminmax: the minimum and maximum over all elements or along one dim. Each output's
 * gradient is shared evenly among the elements equal to it (as amin/amax).
 * @example const { min, max } = aminmax(x, { dim: 1 });
 */
export function aminmax(x: Tensor, opts: AminmaxOptions = {}): MinMax {
  checkOptions('aminmax', opts, ['dim', 'keepdim']);
  const keepdim = opts.keepdim ?? false;
  let dims: number[];
  if (opts.dim === undefined) {
    if (x.numel() === 0) throw new Error('aminmax(): cannot compute aminmax over an empty dimension as the operation has no identity.');
    dims = normDims(undefined, x.shape.length);
  } else {
    const d = normDim(opts.dim, x.shape.length);
    if (x.shape.length > 0 && x.shape[d] === 0) throw new RangeError(`aminmax: Expected reduction dim ${d} to have non-zero size.`);
    dims = x.shape.length === 0 ? [] : [d];
  }
  const lo = extremeWithNode(amin, x, dims, keepdim), hi = extremeWithNode(amax, x, dims, keepdim);
  return new MinMaxPair(lo, hi);
}

/** amin/amax's value under AminmaxBackward0: the gradient split evenly among the tied extremes. */
function extremeWithNode(fn: typeof amin, x: Tensor, dims: number[], keepdim: boolean): Tensor {
  const out = fn(x.detach(), dims, { keepdim });
  if (needsGrad(x)) {
    const inShape = x.shape.slice();
    record(out, 'AminmaxBackward0', [x], [x, out], null, (g, s) => {
      // (grad / count) * mask, as PyTorch's scale_grad_by_count: a NaN extreme matches nothing and
      // its line's gradient is NaN.
      const hit = s[0]!.eq(expandBack(s[1]!, inShape, dims, keepdim));
      const count = hit.sum(dims, { keepdim: true });
      return [expandBack(g, inShape, dims, keepdim).div(count).mul(hit.to(g.dtype))];
    });
  }
  return out;
}
