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
    gather(dim: number, index: Tensor): Tensor;
    scatter(dim: number, index: Tensor, src: Tensor | number, opts?: I.ScatterOptions): Tensor;
    scatter_(dim: number, index: Tensor, src: Tensor | number, opts?: I.ScatterOptions): Tensor;
    scatterAdd(dim: number, index: Tensor, src: Tensor): Tensor;
    scatterAdd_(dim: number, index: Tensor, src: Tensor): Tensor;
    scatterReduce(dim: number, index: Tensor, src: Tensor, reduce: SR.ScatterReduceMode, opts?: { includeSelf?: boolean }): Tensor;
    indexSelect(dim: number, index: Tensor): Tensor;
    indexAdd(dim: number, index: Tensor, source: Tensor, opts?: { alpha?: number }): Tensor;
    indexAdd_(dim: number, index: Tensor, source: Tensor, opts?: { alpha?: number }): Tensor;
    maskedFill(mask: Tensor, value: number | boolean | Tensor): Tensor;
    maskedFill_(mask: Tensor, value: number | boolean | Tensor): Tensor;
    maskedSelect(mask: Tensor): Tensor;
    maskedScatter(mask: Tensor, source: Tensor): Tensor;
    maskedScatter_(mask: Tensor, source: Tensor): Tensor;

    sort(dim?: number, opts?: O.SortOptions): ValuesIndices;
    argsort(dim?: number, opts?: O.SortOptions): Tensor;
    msort(): Tensor;
    topk(k: number, dim?: number, opts?: O.TopkOptions): ValuesIndices;
    kthvalue(k: number, dim?: number, opts?: { keepdim?: boolean }): ValuesIndices;
    cumsum(dim: number, opts?: { dtype?: DType }): Tensor;
    cumsum(opts: { dim: number; dtype?: DType }): Tensor;
    cumprod(dim: number, opts?: { dtype?: DType }): Tensor;
    cumprod(opts: { dim: number; dtype?: DType }): Tensor;
    cummax(dim: number): ValuesIndices;
    cummin(dim: number): ValuesIndices;

    /** Reverses the given dims (a copy): `x.flip(0)`, `x.flip(0, 1)` or `x.flip([0, 1])`. */
    flip(...dims: Ints): Tensor;
    fliplr(): Tensor;
    flipud(): Tensor;
    roll(shifts: number | readonly number[], dims?: number | readonly number[]): Tensor;
    /** Tiles the tensor: `x.repeat(2, 3)` or `x.repeat([2, 3])`. */
    repeat(...sizes: Ints): Tensor;
    tile(...dims: Ints): Tensor;
    tril(diagonal?: number): Tensor;
    triu(diagonal?: number): Tensor;
    nonzero(): Tensor;
    nonzero(opts: { asTuple: true }): Tensor[];
    argwhere(): Tensor;

    /** `x[items]` (see `index`): `x.index(0, slice(1, 3))`, `x.index('..., ::2')`. */
    index(...items: S.IndexItem[]): Tensor;
    /** `x[items] = value` in place; returns x. */
    setIndex(items: S.IndexItem | readonly S.IndexItem[], value: Tensor | number | boolean, opts?: S.SetIndexOptions): Tensor;
    split(sizeOrSizes: number | readonly number[], dim?: number): Tensor[];
    chunk(chunks: number, dim?: number): Tensor[];
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

P.sort = function (d, o) { return O.sort(this, d, o); };
P.argsort = function (d, o) { return O.argsort(this, d, o); };
P.msort = function () { return O.msort(this); };
P.topk = function (k, d, o) { return O.topk(this, k, d, o); };
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
