/** Tensor methods for diagonals, sliding windows, strided views and the extra index ops (issue 12). */
import { Tensor } from '../tensor';
import * as D from '../ops/diagonal';
import * as X from '../ops/index-extra';
import * as S from '../ops/strided';

declare module '../tensor' {
  interface Tensor {
    diagonal(offset?: number, dim1?: number, dim2?: number): Tensor;
    diag(diagonal?: number): Tensor;
    diagEmbed(offset?: number, dim1?: number, dim2?: number): Tensor;
    trace(): Tensor;
    /** Sliding windows along `dimension` (a view; the windows are the new last dim). */
    unfold(dimension: number, size: number, step: number): Tensor;
    repeatInterleave(repeats?: number | Tensor, dim?: number, opts?: X.RepeatInterleaveOptions): Tensor;
    take(index: Tensor): Tensor;
    takeAlongDim(indices: Tensor, dim?: number): Tensor;
    narrowCopy(dim: number, start: number, length: number): Tensor;
    indexCopy(dim: number, index: Tensor, source: Tensor): Tensor;
    indexCopy_(dim: number, index: Tensor, source: Tensor): Tensor;
    indexFill(dim: number, index: Tensor, value: number | boolean | Tensor): Tensor;
    indexFill_(dim: number, index: Tensor, value: number | boolean | Tensor): Tensor;
    indexPut(indices: readonly Tensor[], values: Tensor, opts?: X.IndexPutOptions): Tensor;
    indexPut_(indices: readonly Tensor[], values: Tensor, opts?: X.IndexPutOptions): Tensor;
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
