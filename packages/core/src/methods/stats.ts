/**
 * Tensor methods for the statistics of issue 12: nansum, nanmean, aminmax, median, nanmedian,
 * mode, quantile, nanquantile, logcumsumexp, cummax, cummin (thin calls into ops/).
 */
import { Tensor } from '../tensor';
import type { Dims, KeepDim, ValuesIndices } from '../ops/reduce';
import * as N from '../ops/reduce-nan';
import * as M from '../ops/median';
import * as Q from '../ops/quantile';
import * as S from '../ops/scan';

declare module '../tensor' {
  interface Tensor {
    nansum(dim?: Dims, opts?: N.NanReduceOptions): Tensor;
    nanmean(dim?: Dims, opts?: N.NanReduceOptions): Tensor;
    aminmax(opts?: N.AminmaxOptions): N.MinMax;
    median(): Tensor;
    median(dim: number, opts?: KeepDim): ValuesIndices;
    nanmedian(): Tensor;
    nanmedian(dim: number, opts?: KeepDim): ValuesIndices;
    mode(dim?: number, opts?: KeepDim): ValuesIndices;
    quantile(q: number | Tensor, dim?: number, opts?: Q.QuantileOptions): Tensor;
    nanquantile(q: number | Tensor, dim?: number, opts?: Q.QuantileOptions): Tensor;
    logcumsumexp(dim: number): Tensor;
    cummax(dim: number): ValuesIndices;
    cummin(dim: number): ValuesIndices;
  }
}

const P = Tensor.prototype;
P.nansum = function (d, o) { return N.nansum(this, d, o); };
P.nanmean = function (d, o) { return N.nanmean(this, d, o); };
P.aminmax = function (o) { return N.aminmax(this, o); };
P.median = function (this: Tensor, d?: number, o?: KeepDim) { return d === undefined ? M.median(this) : M.median(this, d, o); } as Tensor['median'];
P.nanmedian = function (this: Tensor, d?: number, o?: KeepDim) { return d === undefined ? M.nanmedian(this) : M.nanmedian(this, d, o); } as Tensor['nanmedian'];
P.mode = function (d, o) { return M.mode(this, d, o); };
P.quantile = function (q, d, o) { return Q.quantile(this, q, d, o); };
P.nanquantile = function (q, d, o) { return Q.nanquantile(this, q, d, o); };
P.logcumsumexp = function (d) { return S.logcumsumexp(this, d); };
P.cummax = function (d) { return S.cummax(this, d); };
P.cummin = function (d) { return S.cummin(this, d); };
