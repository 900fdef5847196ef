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
    /** sum, treating NaN as zero (torch.nansum). */
    nansum: ReduceMethod<N.NanReduceOptions>;
    /** mean over the elements that are not NaN (torch.nanmean). */
    nanmean: ReduceMethod<N.NanReduceOptions>;
    /** The minimum and maximum, overall or along one `dim`, as `[min, max]` (also `.min` / `.max`) (torch.aminmax). */
    aminmax(opts?: N.AminmaxOptions): N.MinMax;
    /**
     * The median of all elements: the lower of the two middle values for an even count, as PyTorch; NaN if any is NaN (torch.median).
     */
    median(): Tensor;
    /** The median along `dim`, as `[values, indices]`. */
    median(dim: number, keepdim?: boolean | KeepDim): ValuesIndices;
    /** median with keyword options: `x.median({ dim: 1, keepdim: true })`. */
    median(opts: KeepDim & { dim: number }): ValuesIndices;
    /** median ignoring NaN values (torch.nanmedian). */
    nanmedian(): Tensor;
    /** nanmedian along `dim`, as `[values, indices]`. */
    nanmedian(dim: number, keepdim?: boolean | KeepDim): ValuesIndices;
    /** nanmedian with keyword options. */
    nanmedian(opts: KeepDim & { dim: number }): ValuesIndices;
    /**
     * The most frequent value along `dim` (default the last; the smallest on ties), with an index where it occurs, as `[values, indices]` (torch.mode).
     */
    mode(dim?: number, keepdim?: boolean | KeepDim): ValuesIndices;
    /** mode with keyword options. */
    mode(opts: KeepDim & { dim?: number }): ValuesIndices;
    /**
     * The q-th quantiles (q a number or a 1-D tensor in 0..1), overall or along one `dim`; `interpolation` 'linear' (default), 'lower', 'higher', 'midpoint', 'nearest' (torch.quantile).
     */
    quantile: Q.QuantileMethod;
    /** quantile ignoring NaN values (torch.nanquantile). */
    nanquantile: Q.QuantileMethod;
    /** Running log(sum(exp(x))) along `dim`, computed stably (torch.logcumsumexp). */
    logcumsumexp(dim: number): Tensor;
    /** Running maximum along `dim`, with the index where each was found (torch.cummax). */
    cummax(dim: number): ValuesIndices;
    /** Running minimum along `dim`, with indices (torch.cummin). */
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
