/** Tensor methods of the samplers in ops/random-extra.ts: x.bernoulli_(p), x.exponential_(), ... */
import { Tensor } from '../tensor';
import * as R from '../ops/random-extra';

type GenOpts = R.GeneratorOptions;

declare module '../tensor' {
  interface Tensor {
    /** `torch.bernoulli(x)`: 0/1 samples with probabilities x; `x.bernoulli(p)`: with probability p. */
    bernoulli(p?: number | GenOpts, opts?: GenOpts): Tensor;
    /**
     * Fills this tensor in place with 0/1 samples, 1 with probability p (default 0.5; a tensor gives one per element); returns it.
     */
    bernoulli_(p?: number | Tensor, opts?: GenOpts): Tensor;
    /**
     * Fills this tensor in place with samples of the exponential distribution of rate `lambd` (default 1); returns it.
     */
    exponential_(lambd?: number, opts?: GenOpts): Tensor;
    /**
     * Fills this tensor in place with geometric samples: the number of trials, 1 or more, to the first success of probability p; returns it.
     */
    geometric_(p: number, opts?: GenOpts): Tensor;
    /** Fills this tensor in place with Cauchy samples (default median 0, sigma 1); returns it. */
    cauchy_(median?: number, sigma?: number, opts?: GenOpts): Tensor;
    /** Fills this tensor in place with e^N(mean, std^2) samples (default mean 1, std 2, as PyTorch); returns it. */
    logNormal_(mean?: number, std?: number, opts?: GenOpts): Tensor;
    /**
     * Fills this tensor in place with integers: `random_(to)` from 0 to to - 1, `random_(from, to)` from `from` to to - 1, `random_()` over the dtype's exactly representable range; returns it.
     */
    random_(from?: number | GenOpts, to?: number | GenOpts, opts?: GenOpts): Tensor;
  }
}

const P = Tensor.prototype;
P.bernoulli = function (p, opts) { return R.bernoulli(this, p, opts); };
P.bernoulli_ = function (p, opts) { return R.bernoulli_(this, p, opts); };
P.exponential_ = function (lambd, opts) { return R.exponential_(this, lambd, opts); };
P.geometric_ = function (p, opts) { return R.geometric_(this, p, opts); };
P.cauchy_ = function (median, sigma, opts) { return R.cauchy_(this, median, sigma, opts); };
P.logNormal_ = function (mean, std, opts) { return R.logNormal_(this, mean, std, opts); };
P.random_ = function (from, to, opts) { return R.random_(this, from, to, opts); };
