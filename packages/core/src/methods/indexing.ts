/** Tensor methods for indexing, joining, slicing and ordering: thin calls into ops/. */
import { Tensor } from '../tensor';
import * as I from '../ops/indexing';
import * as M from '../ops/masked';
import * as SR from '../ops/scatter-reduce';
import * as O from '../ops/sort';
import * as C from '../ops/scan';
import * as R from '../ops/reorder';
import * as S from '../ops/slicing';
import * as Sp from '../ops/split';
import type { ValuesIndices } from '../ops/reduce';
import type { DType } from '../dtype';

type Ints = number[] | [readonly number[]];

declare module '../tensor' {
  interface Tensor {
    /**
     * out[i][j] = this[index[i][j]][j] for dim 0 (and likewise for other dims): picks values along `dim` by an int index tensor of the output's shape (torch.gather).
     */
    gather(dim: number, index: Tensor): Tensor;
    /**
     * A copy with src's values written at `index` along `dim` (the inverse of gather); `reduce` adds or multiplies instead of overwriting (torch.scatter).
     */
    scatter(dim: number, index: Tensor, src: Tensor | number, opts?: I.ScatterOptions): Tensor;
    /** In-place scatter; returns this. */
    scatter_(dim: number, index: Tensor, src: Tensor | number, opts?: I.ScatterOptions): Tensor;
    /** A copy with src's values added at `index` along `dim`, duplicates accumulating (torch.scatter_add). */
    scatterAdd(dim: number, index: Tensor, src: Tensor): Tensor;
    /** In-place scatterAdd; returns this. */
    scatterAdd_(dim: number, index: Tensor, src: Tensor): Tensor;
    /**
     * A copy with src's values combined at `index` along `dim` by `reduce` ('sum', 'prod', 'mean', 'amax', 'amin'); `includeSelf` (default true) counts this tensor's value too (torch.scatter_reduce).
     */
    scatterReduce(dim: number, index: Tensor, src: Tensor, reduce: SR.ScatterReduceMode, opts?: { includeSelf?: boolean }): Tensor;
    /** The slices of `dim` at the positions of a 1-D int `index`, in its order (torch.index_select). */
    indexSelect(dim: number, index: Tensor): Tensor;
    /** A copy with alpha * source's slices added to the slices of `dim` named by `index` (torch.index_add). */
    indexAdd(dim: number, index: Tensor, source: Tensor, opts?: { alpha?: number }): Tensor;
    /** In-place indexAdd; returns this. */
    indexAdd_(dim: number, index: Tensor, source: Tensor, opts?: { alpha?: number }): Tensor;
    /** A copy with `value` where the bool `mask` (broadcast to this shape) is true (torch.masked_fill). */
    maskedFill(mask: Tensor, value: number | boolean | Tensor): Tensor;
    /** In-place maskedFill; returns this. */
    maskedFill_(mask: Tensor, value: number | boolean | Tensor): Tensor;
    /** A 1-D tensor of the elements where the bool `mask` (broadcast) is true (torch.masked_select). */
    maskedSelect(mask: Tensor): Tensor;
    /** A copy with source's elements, in order, written where `mask` is true (torch.masked_scatter). */
    maskedScatter(mask: Tensor, source: Tensor): Tensor;
    /** In-place maskedScatter; returns this. */
    maskedScatter_(mask: Tensor, source: Tensor): Tensor;

    /**
     * Sorts along `dim` (default the last), ascending unless `descending`; returns `[values, indices]`. Stable (torch.sort).
     */
    sort(...args: O.SortArgs): ValuesIndices;
    /** The indices that sort along `dim` (sort's indices) (torch.argsort). */
    argsort(...args: O.SortArgs): Tensor;
    /** Sorted along dim 0, values only (torch.msort). */
    msort(): Tensor;
    /**
     * The k largest (or, with `largest: false`, smallest) elements along `dim` (default the last), sorted, as `[values, indices]` (torch.topk).
     */
    topk(k: number, ...args: O.TopkArgs): ValuesIndices;
    /** The k-th smallest element (1-based) along `dim` (default the last), as `[values, indices]` (torch.kthvalue). */
    kthvalue(k: number, dim?: number, opts?: { keepdim?: boolean }): ValuesIndices;
    /** Running sum along `dim`; integral inputs accumulate as int32 unless `dtype` is given (torch.cumsum). */
    cumsum(dim: number, opts?: { dtype?: DType }): Tensor;
    /** cumsum with keyword options: `x.cumsum({ dim: 0 })`. */
    cumsum(opts: { dim: number; dtype?: DType }): Tensor;
    /** Running product along `dim` (torch.cumprod). */
    cumprod(dim: number, opts?: { dtype?: DType }): Tensor;
    /** cumprod with keyword options: `x.cumprod({ dim: 0 })`. */
    cumprod(opts: { dim: number; dtype?: DType }): Tensor;
    /** Running maximum along `dim`, with the index where each was found, as `[values, indices]` (torch.cummax). */
    cummax(dim: number): ValuesIndices;
    /** Running minimum along `dim`, with indices, as `[values, indices]` (torch.cummin). */
    cummin(dim: number): ValuesIndices;

    /** Reverses the given dims (a copy): `x.flip(0)`, `x.flip(0, 1)` or `x.flip([0, 1])`. */
    flip(...dims: Ints): Tensor;
    /** Reverses dim 1, left to right (a copy) (torch.fliplr). */
    fliplr(): Tensor;
    /** Reverses dim 0, up to down (a copy) (torch.flipud). */
    flipud(): Tensor;
    /**
     * Shifts elements along `dims` by `shifts`, wrapping around; without dims, of the flattened tensor, shape kept (torch.roll).
     */
    roll(shifts: number | readonly number[], dims?: number | readonly number[]): Tensor;
    /** Tiles the tensor: `x.repeat(2, 3)` or `x.repeat([2, 3])`. */
    repeat(...sizes: Ints): Tensor;
    /** Repeats the tensor `dims` times per dim; fewer reps than dims are padded with 1 in front (torch.tile). */
    tile(...dims: Ints): Tensor;
    /** A copy with the elements above the `diagonal`-th diagonal zeroed (lower triangle) (torch.tril). */
    tril(diagonal?: number): Tensor;
    /** A copy with the elements below the `diagonal`-th diagonal zeroed (upper triangle) (torch.triu). */
    triu(diagonal?: number): Tensor;
    /** The indices of the nonzero elements, one row per element: shape (n, ndim), int32 (torch.nonzero). */
    nonzero(): Tensor;
    /** With `asTuple`, one 1-D index tensor per dim. */
    nonzero(opts: { asTuple: true }): Tensor[];
    /** The same as nonzero(): (n, ndim) indices of the nonzero elements (torch.argwhere). */
    argwhere(): Tensor;

    /** `x[items]` (see `index`): `x.index(0, slice(1, 3))`, `x.index('..., ::2')`. */
    index(...items: S.IndexItem[]): Tensor;
    /** `x[items] = value` in place; returns x. */
    setIndex(items: S.IndexItem | readonly S.IndexItem[], value: Tensor | number | boolean, opts?: S.SetIndexOptions): Tensor;
    /**
     * Views of consecutive pieces along `dim`: each of size `sizeOrSizes` (the last may be smaller), or of the listed sizes (torch.split).
     */
    split(sizeOrSizes: number | readonly number[], dim?: number): Tensor[];
    /** Splits into at most `chunks` views of equal size along `dim`, the last smaller (torch.chunk). */
    chunk(chunks: number, dim?: number): Tensor[];
    /** The slices along `dim`, each without that dim (torch.unbind). */
    unbind(dim?: number): Tensor[];
  }
}

const P = Tensor.prototype;
P.gather = function (d, i) { return I.gather(this, d, i); };
P.scatter = function (d, i, s, o) { return I.scatter(this, d, i, s, o); };
P.scatter_ = function (d, i, s, o) { return I.scatter_(this, d, i, s, o); };
P.scatterAdd = function (d, i, s) { return I.scatterAdd(this, d, i, s); };
P.scatterAdd_ = function (d, i, s) { return I.scatterAdd_(this, d, i, s); };
P.scatterReduce = function (d, i, s, r, o) { return SR.scatterReduce(this, d, i, s, r, o); };
P.indexSelect = function (d, i) { return I.indexSelect(this, d, i); };
P.indexAdd = function (d, i, s, o) { return I.indexAdd(this, d, i, s, o); };
P.indexAdd_ = function (d, i, s, o) { return I.indexAdd_(this, d, i, s, o); };
P.maskedFill = function (m, v) { return M.maskedFill(this, m, v); };
P.maskedFill_ = function (m, v) { return M.maskedFill_(this, m, v); };
P.maskedSelect = function (m) { return M.maskedSelect(this, m); };
P.maskedScatter = function (m, s) { return M.maskedScatter(this, m, s); };
P.maskedScatter_ = function (m, s) { return M.maskedScatter_(this, m, s); };

P.sort = function (...a) { return O.sort(this, ...a); };
P.argsort = function (...a) { return O.argsort(this, ...a); };
P.msort = function () { return O.msort(this); };
P.topk = function (k, ...a) { return O.topk(this, k, ...a); };
P.kthvalue = function (k, d, o) { return O.kthvalue(this, k, d, o); };
P.cumsum = function (this: Tensor, d: number | { dim: number; dtype?: DType }, o?: { dtype?: DType }): Tensor {
  return typeof d === 'number' ? C.cumsum(this, d, o) : C.cumsum(this, d);
};
P.cumprod = function (this: Tensor, d: number | { dim: number; dtype?: DType }, o?: { dtype?: DType }): Tensor {
  return typeof d === 'number' ? C.cumprod(this, d, o) : C.cumprod(this, d);
};
P.cummax = function (d) { return C.cummax(this, d); };
P.cummin = function (d) { return C.cummin(this, d); };

/** Ints as varargs or one array. */
function ints(args: Ints): number[] {
  const first = args[0];
  return args.length === 1 && Array.isArray(first) ? (first as readonly number[]).slice() : (args as number[]).slice();
}
P.flip = function (...d) { return R.flip(this, ints(d)); };
P.fliplr = function () { return R.fliplr(this); };
P.flipud = function () { return R.flipud(this); };
P.roll = function (s, d) { return R.roll(this, s, d); };
P.repeat = function (...s) { return R.repeat(this, ints(s)); };
P.tile = function (...s) { return R.tile(this, ints(s)); };
P.tril = function (k) { return R.tril(this, k); };
P.triu = function (k) { return R.triu(this, k); };
P.nonzero = function (this: Tensor, o?: { asTuple?: boolean }) {
  return o?.asTuple === true ? R.nonzero(this, { asTuple: true }) : R.nonzero(this);
} as Tensor['nonzero'];
P.argwhere = function () { return R.argwhere(this); };

P.index = function (...items) { return S.index(this, ...items); };
P.setIndex = function (items, v, o) { return S.setIndex(this, items, v, o); };
P.split = function (s, d) { return Sp.split(this, s, d); };
P.chunk = function (c, d) { return Sp.chunk(this, c, d); };
P.unbind = function (d) { return Sp.unbind(this, d); };
