/**
 * Tensor methods for the statistics of issue 12: nansum, nanmean, aminmax, median, nanmedian,
 * mode, quantile, nanquantile, logcumsumexp, cummax, cummin (thin calls into ops/).
 */
import { Tensor } from '../tensor';
import type { KeepDim, ReduceMethod, ValuesIndices } from '../ops/reduce';
import * as N from '../ops/reduce-nan';
import * as M from '../ops/median';
import * as Q from '../ops/quantile';
import * as S from '../ops/scan';

declare module '../tensor' {
  interface Tensor {
    nansum: ReduceMethod<N.NanReduceOptions>;
    nanmean: ReduceMethod<N.NanReduceOptions>;
    aminmax(opts?: N.AminmaxOptions): N.MinMax;
    median(): Tensor;
    median(dim: number, keepdim?: boolean | KeepDim): ValuesIndices;
    median(opts: KeepDim & { dim: number }): ValuesIndices;
    nanmedian(): Tensor;
    nanmedian(dim: number, keepdim?: boolean | KeepDim): ValuesIndices;
    nanmedian(opts: KeepDim & { dim: number }): ValuesIndices;
    mode(dim?: number, keepdim?: boolean | KeepDim): ValuesIndices;
    mode(opts: KeepDim & { dim?: number }): ValuesIndices;
    quantile: Q.QuantileMethod;
    nanquantile: Q.QuantileMethod;
    logcumsumexp(dim: number): Tensor;
    cummax(dim: number): ValuesIndices;
    cummin(dim: number): ValuesIndices;
  }
}

/** The ops called with unchecked trailing arguments: each checks them itself (parseArgs). */
type Loose = (x: Tensor, a?: unknown, b?: unknown, c?: unknown) => unknown;
type LooseQ = (x: Tensor, q: number | Tensor, a?: unknown, b?: unknown, c?: unknown) => Tensor;

const P = Tensor.prototype;
P.nansum = function (this: Tensor, a?: unknown, b?: unknown, c?: unknown) { return (N.nansum as Loose)(this, a, b, c); } as Tensor['nansum'];
P.nanmean = function (this: Tensor, a?: unknown, b?: unknown, c?: unknown) { return (N.nanmean as Loose)(this, a, b, c); } as Tensor['nanmean'];
P.aminmax = function (o) { return N.aminmax(this, o); };
P.median = function (this: Tensor, a?: unknown, b?: unknown, c?: unknown) { return (M.median as Loose)(this, a, b, c); } as Tensor['median'];
P.nanmedian = function (this: Tensor, a?: unknown, b?: unknown, c?: unknown) { return (M.nanmedian as Loose)(this, a, b, c); } as Tensor['nanmedian'];
P.mode = function (this: Tensor, a?: unknown, b?: unknown, c?: unknown) { return (M.mode as Loose)(this, a, b, c); } as Tensor['mode'];
P.quantile = function (this: Tensor, q: number | Tensor, a?: unknown, b?: unknown, c?: unknown) { return (Q.quantile as LooseQ)(this, q, a, b, c); };
P.nanquantile = function (this: Tensor, q: number | Tensor, a?: unknown, b?: unknown, c?: unknown) { return (Q.nanquantile as LooseQ)(this, q, a, b, c); };
P.logcumsumexp = function (d) { return S.logcumsumexp(this, d); };
P.cummax = function (d) { return S.cummax(this, d); };
P.cummin = function (d) { return S.cummin(this, d); };
