/**
 * torch.quantile / torch.nanquantile, as PyTorch computes them: sort, turn q into fractional ranks
 * (in the input's dtype), gather the neighbours and interpolate. Composed of differentiable ops
 * (sort, gather, lerp), so the gradient reaches the input through the sort's indices.
 */
import { checkOptions } from '../options';
import { normDim } from '../shape';
import type { Tensor } from '../tensor';
import { fullLike } from './creation';
import { scalarOf } from './util';
import { where } from './binary';
import { reducedShape } from './reduce';
import { sort } from './sort';

export type QuantileInterpolation = 'linear' | 'lower' | 'higher' | 'midpoint' | 'nearest';
const INTERPOLATIONS: readonly string[] = ['linear', 'lower', 'higher', 'midpoint', 'nearest'];

export interface QuantileOptions {
  keepdim?: boolean;
  /** How a rank between two sorted values is resolved (default 'linear'). */
  interpolation?: QuantileInterpolation;
}

function quantileImpl(fn: string, x: Tensor, q: number | Tensor, dim: number | undefined, opts: QuantileOptions, ignoreNan: boolean): Tensor {
  checkOptions(fn, opts, ['keepdim', 'interpolation']);
  const interpolation: string = opts.interpolation ?? 'linear';
  if (!INTERPOLATIONS.includes(interpolation)) {
    throw new Error(`quantile() interpolation must be one of linear, lower, higher, midpoint or nearest, but got ${interpolation}`);
  }
  if (typeof q === 'number' && !(q >= 0 && q <= 1)) throw new RangeError(`quantile() q must be in the range [0, 1] but got ${q}`);
  if (x.numel() === 0) throw new Error('quantile() input tensor must be non-empty');
  if (typeof q !== 'number' && q.shape.length > 1) throw new Error('quantile() q must be a scalar or 1D tensor');
  if (x.dtype !== 'float32' && x.dtype !== 'float64') throw new TypeError('quantile() input tensor must be either float or double dtype');
  if (typeof q !== 'number' && q.dtype !== x.dtype) throw new TypeError('quantile() q tensor must be same dtype as the input tensor');
  const qt = typeof q === 'number' ? scalarOf(q, x.dtype) : q.detach();
  if (typeof q !== 'number' && !qt.ge(0).logicalAnd(qt.le(1)).all().item()) throw new RangeError('quantile() q values must be in the range [0, 1]');
  const keepdim = opts.keepdim ?? false;

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
 * along dim; a line with a NaN gives NaN. A 1-D q puts its dim first in the result.
 * @example quantile(tensor([1, 2, 3, 4]), 0.5) // 2.5
 */
export function quantile(x: Tensor, q: number | Tensor, dim?: number, opts: QuantileOptions = {}): Tensor {
  return quantileImpl('quantile', x, q, dim, opts, false);
}

/** torch.nanquantile: quantile over the non-NaN values (NaN where a line has none). */
export function nanquantile(x: Tensor, q: number | Tensor, dim?: number, opts: QuantileOptions = {}): Tensor {
  return quantileImpl('nanquantile', x, q, dim, opts, true);
}
