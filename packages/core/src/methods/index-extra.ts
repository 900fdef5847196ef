/** Tensor methods for diagonals, sliding windows, strided views and the extra index ops (issue 12). */
import { Tensor } from '../tensor';
import * as D from '../ops/diagonal';
import * as X from '../ops/index-extra';
import * as S from '../ops/strided';

declare module '../tensor' {
  interface Tensor {
    /**
     * A view of the `offset`-th diagonal of the matrices spanned by dim1 and dim2 (default 0 and 1), which become a new last dim (torch.diagonal).
     */
    diagonal(offset?: number, dim1?: number, dim2?: number): Tensor;
    /**
     * A 1-D tensor gives the 2-D matrix with it on the `diagonal`-th diagonal; a 2-D tensor gives that diagonal, 1-D (torch.diag).
     */
    diag(diagonal?: number): Tensor;
    /**
     * Places the last dim on the diagonals of new matrices in dims dim1, dim2 (default the last two): the inverse of diagonal (torch.diag_embed).
     */
    diagEmbed(offset?: number, dim1?: number, dim2?: number): Tensor;
    /** The sum of the main diagonal of a 2-D tensor (torch.trace). */
    trace(): Tensor;
    /** Sliding windows along `dimension` (a view; the windows are the new last dim). */
    unfold(dimension: number, size: number, step: number): Tensor;
    /**
     * Repeats each element (or each slice along `dim`) `repeats` times, or repeats[i] times for slice i; without dim, of the flattened tensor (torch.repeat_interleave).
     */
    repeatInterleave(repeats?: number | Tensor, dim?: number, opts?: X.RepeatInterleaveOptions): Tensor;
    /** The elements at the flat (row-major) positions `index`, in index's shape (torch.take). */
    take(index: Tensor): Tensor;
    /**
     * gather with broadcasting of `indices` against this tensor; without dim, take on the flattened tensor (torch.take_along_dim).
     */
    takeAlongDim(indices: Tensor, dim?: number): Tensor;
    /** narrow, as a copy (torch.narrow_copy). */
    narrowCopy(dim: number, start: number, length: number): Tensor;
    /** A copy with source's slices written to the slices of `dim` named by `index` (torch.index_copy). */
    indexCopy(dim: number, index: Tensor, source: Tensor): Tensor;
    /** In-place indexCopy; returns this. */
    indexCopy_(dim: number, index: Tensor, source: Tensor): Tensor;
    /** A copy with the slices of `dim` named by `index` filled with `value` (torch.index_fill). */
    indexFill(dim: number, index: Tensor, value: number | boolean | Tensor): Tensor;
    /** In-place indexFill; returns this. */
    indexFill_(dim: number, index: Tensor, value: number | boolean | Tensor): Tensor;
    /**
     * A copy with `values` written at the positions the index tensors name, one per leading dim (`x[i, j] = v` with tensors i, j); `accumulate` adds instead (torch.index_put).
     */
    indexPut(indices: readonly Tensor[], values: Tensor, opts?: X.IndexPutOptions): Tensor;
    /** In-place indexPut; returns this. */
    indexPut_(indices: readonly Tensor[], values: Tensor, opts?: X.IndexPutOptions): Tensor;
    /**
     * A view with the given sizes, strides (non-negative) and storage offset, in elements, within the storage (torch.as_strided).
     */
    asStrided(size: readonly number[], stride: readonly number[], storageOffset?: number): Tensor;
  }
}

const P = Tensor.prototype;
P.diagonal = function (o, a, b) { return D.diagonal(this, o, a, b); };
P.diag = function (k) { return D.diag(this, k); };
P.diagEmbed = function (o, a, b) { return D.diagEmbed(this, o, a, b); };
P.trace = function () { return D.trace(this); };
P.unfold = function (d, s, st) { return S.unfold(this, d, s, st); };
P.repeatInterleave = function (this: Tensor, r?: number | Tensor, d?: number, o?: X.RepeatInterleaveOptions) {
  return r === undefined ? X.repeatInterleave(this) : X.repeatInterleave(this, r, d, o);
};
P.take = function (i) { return X.take(this, i); };
P.takeAlongDim = function (i, d) { return X.takeAlongDim(this, i, d); };
P.narrowCopy = function (d, s, l) { return X.narrowCopy(this, d, s, l); };
P.indexCopy = function (d, i, s) { return X.indexCopy(this, d, i, s); };
P.indexCopy_ = function (d, i, s) { return X.indexCopy_(this, d, i, s); };
P.indexFill = function (d, i, v) { return X.indexFill(this, d, i, v); };
P.indexFill_ = function (d, i, v) { return X.indexFill_(this, d, i, v); };
P.indexPut = function (i, v, o) { return X.indexPut(this, i, v, o); };
P.indexPut_ = function (i, v, o) { return X.indexPut_(this, i, v, o); };
P.asStrided = function (s, st, o) { return S.asStrided(this, s, st, o); };
