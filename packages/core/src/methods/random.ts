/** Tensor methods of the samplers in ops/random-extra.ts: x.bernoulli_(p), x.exponential_(), ... */
import { Tensor } from '../tensor';
import * as R from '../ops/random-extra';

type GenOpts = R.GeneratorOptions;

declare module '../tensor' {
  interface Tensor {
    /** `torch.bernoulli(x)`: 0/1 samples with probabilities x; `x.bernoulli(p)`: with probability p. */
    bernoulli(p?: number | GenOpts, opts?: GenOpts): Tensor;
    bernoulli_(p?: number | Tensor, opts?: GenOpts): Tensor;
    exponential_(lambd?: number, opts?: GenOpts): Tensor;
    geometric_(p: number, opts?: GenOpts): Tensor;
    cauchy_(median?: number, sigma?: number, opts?: GenOpts): Tensor;
    logNormal_(mean?: number, std?: number, opts?: GenOpts): Tensor;
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
