/**
 * Tensor methods for arithmetic, reductions and products: thin calls into ops/, attached to the
 * prototype here so that tensor.ts does not import the ops (no import cycles).
 */
import type { DType } from '../dtype';
import { Tensor } from '../tensor';
import * as E from '../ops/elementwise';
import * as R from '../ops/reduce';
import * as St from '../ops/stats';
import * as L from '../ops/linalg';
import * as S from '../ops/softmax';
import * as B from '../ops/binary';
import * as U from '../ops/unary';
import { where, type Operand } from '../ops/binary';

type KeepDim = R.KeepDim;
type Dims = R.Dims;
type Bound = number | null;

/** The methods generated from the op rows: x.exp(), x.exp_(), x.mul(y), x.mul_(y), ... */
type GeneratedMethods =
  & { -readonly [K in keyof U.UnaryFunctions]: () => Tensor }
  & { [K in U.GeneratedUnaryInplace as `${K}_`]: () => Tensor }
  & { -readonly [K in keyof B.BinaryFunctions]: (other: B.OtherOf<K>) => Tensor }
  & { [K in B.GeneratedBinaryInplace as `${K}_`]: (other: B.OtherOf<K>) => Tensor };

declare module '../tensor' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- members come from the op rows
  interface Tensor extends GeneratedMethods {}
  interface Tensor {
    /** this + alpha * other; `other` may be a number. */
    add(other: Operand, opts?: E.AlphaOptions): Tensor;
    /** this - alpha * other; `other` may be a number (torch.sub). Throws for two bool tensors, as PyTorch. */
    sub(other: Operand, opts?: E.AlphaOptions): Tensor;
    /**
     * this / other, true division (integral inputs give the default float dtype); `roundingMode` `'trunc'` or `'floor'` rounds the quotient (torch.div).
     */
    div(other: Operand, opts?: { roundingMode?: E.RoundingMode }): Tensor;
    /** this ** exponent, broadcast; an integral tensor to a negative integer power throws, as PyTorch (torch.pow). */
    pow(exponent: Operand): Tensor;
    /** x where x > 0, else negativeSlope * x (default 0.01); floating tensors only (torch.nn.functional.leaky_relu). */
    leakyRelu(negativeSlope?: number): Tensor;
    /** x where x > 0, else alpha * (e^x - 1) (default alpha 1); floating tensors only (torch.nn.functional.elu). */
    elu(alpha?: number): Tensor;
    /** log(1 + e^(beta x)) / beta, linear where beta x > threshold (torch.nn.functional.softplus). */
    softplus(opts?: E.SoftplusOptions): Tensor;
    /**
     * x * Phi(x), Phi the standard normal CDF (exact, with erf); `{ approximate: 'tanh' }` for the tanh form (torch.nn.functional.gelu).
     */
    gelu(opts?: E.GeluOptions): Tensor;
    /**
     * Each element limited to min..max; either bound may be null, not both (torch.clamp). An integral tensor with float bounds gives floats.
     */
    clamp(min?: Bound, max?: Bound): Tensor;
    /** Alias of clamp (torch.clip). */
    clip(min?: Bound, max?: Bound): Tensor;
    /** `x.where(cond, y)`: x where cond is true, else y (torch's Tensor.where). */
    where(condition: Tensor, other: Operand): Tensor;
    /** this + value * t1 * t2 (one fused rounding, as PyTorch). */
    addcmul(tensor1: Tensor, tensor2: Tensor, opts?: E.ValueOptions): Tensor;
    /** this + value * t1 / t2. */
    addcdiv(tensor1: Tensor, tensor2: Tensor, opts?: E.ValueOptions): Tensor;
    /** this + weight * (end - this). */
    lerp(end: Tensor, weight: Tensor | number): Tensor;

    /** In-place add: this += alpha * other; returns this. The result must fit this tensor's shape and dtype. */
    add_(other: Operand, opts?: E.AlphaOptions): Tensor;
    /** In-place sub: this -= alpha * other; returns this. */
    sub_(other: Operand, opts?: E.AlphaOptions): Tensor;
    /** In-place true division: this /= other; returns this (an integral tensor throws: the result is float). */
    div_(other: Operand): Tensor;
    /** In-place pow: this = this ** exponent; returns this. */
    pow_(exponent: Operand): Tensor;
    /** In-place clamp; returns this. Float bounds on an integral tensor throw (the result would be float). */
    clamp_(min?: Bound, max?: Bound): Tensor;
    /** Alias of clamp_ (torch.clip_). */
    clip_(min?: Bound, max?: Bound): Tensor;
    /** In-place addcmul: this += value * tensor1 * tensor2; returns this. */
    addcmul_(tensor1: Tensor, tensor2: Tensor, opts?: E.ValueOptions): Tensor;
    /** In-place addcdiv: this += value * tensor1 / tensor2; returns this. */
    addcdiv_(tensor1: Tensor, tensor2: Tensor, opts?: E.ValueOptions): Tensor;
    /** In-place lerp: this += weight * (end - this); returns this. */
    lerp_(end: Tensor, weight: Tensor | number): Tensor;
    /** In-place leakyRelu; returns this. */
    leakyRelu_(negativeSlope?: number): Tensor;

    /**
     * Sum over all elements, or over `dim` (a dim or a list), keepdim optional: `x.sum()`, `x.sum(1, true)`, `x.sum({ dim: 1, keepdim: true, dtype })` (torch.sum). Integral and bool inputs sum as int32 (PyTorch's int64).
     */
    sum: R.ReduceMethod<R.SumOptions>;
    /**
     * Mean over all elements or over `dim`, the same call forms as sum (torch.mean). Floating tensors (or a floating `dtype`) only, as PyTorch.
     */
    mean: R.ReduceMethod<R.SumOptions>;
    /** Product over all elements or along one `dim` (torch.prod). */
    prod: R.ReduceMethod<R.SumOptions, number>;
    /**
     * The largest element; with `dim`, `[values, indices]` along it (also `.values` / `.indices`); with a tensor, the elementwise maximum (torch.max).
     */
    max: R.ExtremeMethod;
    /**
     * The smallest element; with `dim`, `[values, indices]` along it (also `.values` / `.indices`); with a tensor, the elementwise minimum (torch.min).
     */
    min: R.ExtremeMethod;
    /** The maximum over `dim` (a dim or a list), values only; the gradient splits evenly between ties (torch.amax). */
    amax: R.ReduceMethod;
    /** The minimum over `dim` (a dim or a list), values only; the gradient splits evenly between ties (torch.amin). */
    amin: R.ReduceMethod;
    /**
     * The index of the largest element: of the flattened tensor, or along one `dim` (torch.argmax). Int32 indices (PyTorch's int64).
     */
    argmax: R.ReduceMethod<KeepDim, number>;
    /** The index of the smallest element: of the flattened tensor, or along one `dim` (torch.argmin). */
    argmin: R.ReduceMethod<KeepDim, number>;
    /** A bool tensor: whether every element is nonzero, overall or over `dim` (torch.all). */
    all: R.ReduceMethod;
    /** A bool tensor: whether any element is nonzero, overall or over `dim` (torch.any). */
    any: R.ReduceMethod;
    /**
     * The variance, overall or over `dim`, with Bessel's correction by default (`correction: 1`; `unbiased: false` or `correction: 0` for the population variance) (torch.var).
     */
    var: St.VarMethod;
    /** The standard deviation: sqrt of var, the same forms and correction (torch.std). */
    std: St.VarMethod;
    /** log(sum(exp(x))) over `dim`, computed stably (torch.logsumexp). */
    logsumexp(dim: Dims, keepdim?: boolean | KeepDim): Tensor;
    /** logsumexp with keyword options: `x.logsumexp({ dim: 1, keepdim: true })`. */
    logsumexp(opts: KeepDim & { dim: Dims }): Tensor;
    /**
     * The p-norm (default 2, 'fro', 'nuc', Infinity...) over everything or over `dim`, keyword form: `x.norm({ p: 1, dim: 0 })` (torch.norm).
     */
    norm(opts?: St.NormOptions & { p?: St.NormP; dim?: Dims | null }): Tensor;
    /** norm with p first: `x.norm(1)`, `x.norm(2, { dim: 1 })`. */
    norm(p: St.NormP | undefined, opts?: St.NormOptions & { dim?: Dims | null }): Tensor;
    /** norm's positional form: `x.norm(2, 1, true)`. */
    norm(p: St.NormP | undefined, dim: Dims | null | undefined, keepdim?: boolean | St.NormOptions, opts?: { dtype?: DType }): Tensor;

    /**
     * Matrix product with PyTorch's rules: dot for 1-D and 1-D, mm for 2-D, batched and broadcast over leading dims for more (torch.matmul).
     */
    matmul(other: Tensor): Tensor;
    /** Matrix product of two 2-D tensors: (n, m) x (m, p) -> (n, p) (torch.mm). */
    mm(other: Tensor): Tensor;
    /** Matrix-vector product: (n, m) x (m) -> (n) (torch.mv). */
    mv(vec: Tensor): Tensor;
    /** Batched matrix product of two 3-D tensors: (b, n, m) x (b, m, p) -> (b, n, p), no broadcasting (torch.bmm). */
    bmm(other: Tensor): Tensor;
    /** The inner product of two 1-D tensors of equal length, a 0-d tensor (torch.dot). */
    dot(other: Tensor): Tensor;
    /** Outer product of two 1-D tensors: (n) x (m) -> (n, m) (torch.outer). */
    outer(other: Tensor): Tensor;
    /** exp(x) / sum(exp(x)) along `dim`, computed stably; `dtype` casts the input first (torch.softmax). */
    softmax(dim: number, dtype?: DType | null | S.SoftmaxOptions): Tensor;
    /** softmax with keyword options: `x.softmax({ dim: 1 })`. */
    softmax(opts: S.SoftmaxOptions & { dim: number }): Tensor;
    /** log(softmax(x)) along `dim`, computed stably (torch.log_softmax). */
    logSoftmax(dim: number, dtype?: DType | null | S.SoftmaxOptions): Tensor;
    /** logSoftmax with keyword options: `x.logSoftmax({ dim: 1 })`. */
    logSoftmax(opts: S.SoftmaxOptions & { dim: number }): Tensor;
  }
}

const P = Tensor.prototype;
P.add = function (o, opts) { return E.add(this, o, opts); };
P.sub = function (o, opts) { return E.sub(this, o, opts); };
P.div = function (o, opts) { return E.div(this, o, opts); };
P.pow = function (o) { return E.pow(this, o); };

// One method per generated row, calling the same function torch.name is.
for (const op of U.GENERATED_UNARY) {
  const fn = U.UNARY_FUNCTIONS[op];
  P[op] = function (this: Tensor) { return fn(this); };
}
for (const op of U.GENERATED_UNARY_INPLACE) {
  const fn = U.UNARY_INPLACE_FUNCTIONS[`${op}_`];
  P[`${op}_`] = function (this: Tensor) { return fn(this); };
}
for (const op of B.GENERATED_BINARY) {
  P[op] = function (this: Tensor, other: Operand) { return B.binary(op, this, other); };
}
for (const op of B.GENERATED_BINARY_INPLACE) {
  P[`${op}_`] = function (this: Tensor, other: Operand) { return B.binaryInplace(op, this, other); };
}
P.leakyRelu = function (s) { return E.leakyRelu(this, s); };
P.elu = function (a) { return E.elu(this, a); };
P.softplus = function (opts) { return E.softplus(this, opts); };
P.gelu = function (opts) { return E.gelu(this, opts); };
P.clamp = function (lo, hi) { return E.clamp(this, lo, hi); };
P.clip = function (lo, hi) { return E.clamp(this, lo, hi); };
P.where = function (cond, other) { return where(cond, this, other); };
P.addcmul = function (t1, t2, opts) { return E.addcmul(this, t1, t2, opts); };
P.addcdiv = function (t1, t2, opts) { return E.addcdiv(this, t1, t2, opts); };
P.lerp = function (end, w) { return E.lerp(this, end, w); };

P.add_ = function (o, opts) { return E.add_(this, o, opts); };
P.sub_ = function (o, opts) { return E.sub_(this, o, opts); };
P.div_ = function (o) { return E.div_(this, o); };
P.pow_ = function (o) { return E.pow_(this, o); };
P.clamp_ = function (lo, hi) { return E.clamp_(this, lo, hi); };
P.clip_ = function (lo, hi) { return E.clamp_(this, lo, hi); };
P.addcmul_ = function (t1, t2, opts) { return E.addcmul_(this, t1, t2, opts); };
P.addcdiv_ = function (t1, t2, opts) { return E.addcdiv_(this, t1, t2, opts); };
P.lerp_ = function (end, w) { return E.lerp_(this, end, w); };
P.leakyRelu_ = function (s) { return E.leakyRelu_(this, s); };

// Reductions take PyTorch's forms (positional keepdim, an options object, the keyword form): the
// trailing arguments pass through unchanged and the op checks them. One function per method keeps
// each call site monomorphic.
type Loose = (x: Tensor, a?: unknown, b?: unknown, c?: unknown, d?: unknown) => Tensor;
P.sum = function (this: Tensor, a?: unknown, b?: unknown, c?: unknown, d?: unknown) { return (R.sum as Loose)(this, a, b, c, d); };
P.mean = function (this: Tensor, a?: unknown, b?: unknown, c?: unknown, d?: unknown) { return (R.mean as Loose)(this, a, b, c, d); };
P.prod = function (this: Tensor, a?: unknown, b?: unknown, c?: unknown, d?: unknown) { return (R.prod as Loose)(this, a, b, c, d); };
P.max = function (this: Tensor, a?: unknown, b?: unknown, c?: unknown, d?: unknown) { return (R.max as Loose)(this, a, b, c, d); } as Tensor['max'];
P.min = function (this: Tensor, a?: unknown, b?: unknown, c?: unknown, d?: unknown) { return (R.min as Loose)(this, a, b, c, d); } as Tensor['min'];
P.amax = function (this: Tensor, a?: unknown, b?: unknown, c?: unknown, d?: unknown) { return (R.amax as Loose)(this, a, b, c, d); };
P.amin = function (this: Tensor, a?: unknown, b?: unknown, c?: unknown, d?: unknown) { return (R.amin as Loose)(this, a, b, c, d); };
P.argmax = function (this: Tensor, a?: unknown, b?: unknown, c?: unknown, d?: unknown) { return (R.argmax as Loose)(this, a, b, c, d); };
P.argmin = function (this: Tensor, a?: unknown, b?: unknown, c?: unknown, d?: unknown) { return (R.argmin as Loose)(this, a, b, c, d); };
P.all = function (this: Tensor, a?: unknown, b?: unknown, c?: unknown, d?: unknown) { return (R.all as Loose)(this, a, b, c, d); };
P.any = function (this: Tensor, a?: unknown, b?: unknown, c?: unknown, d?: unknown) { return (R.any as Loose)(this, a, b, c, d); };
P.var = function (this: Tensor, a?: unknown, b?: unknown, c?: unknown, d?: unknown) { return (St.variance as Loose)(this, a, b, c, d); };
P.std = function (this: Tensor, a?: unknown, b?: unknown, c?: unknown, d?: unknown) { return (St.std as Loose)(this, a, b, c, d); };
P.logsumexp = function (this: Tensor, a?: unknown, b?: unknown, c?: unknown, d?: unknown) { return (St.logsumexp as Loose)(this, a, b, c, d); };
P.norm = function (this: Tensor, a?: unknown, b?: unknown, c?: unknown, d?: unknown) { return (St.norm as Loose)(this, a, b, c, d); };
P.softmax = function (this: Tensor, a?: unknown, b?: unknown, c?: unknown, d?: unknown) { return (S.softmax as Loose)(this, a, b, c, d); };
P.logSoftmax = function (this: Tensor, a?: unknown, b?: unknown, c?: unknown, d?: unknown) { return (S.logSoftmax as Loose)(this, a, b, c, d); };

P.matmul = function (o) { return L.matmul(this, o); };
P.mm = function (o) { return L.mm(this, o); };
P.mv = function (v) { return L.mv(this, v); };
P.bmm = function (o) { return L.bmm(this, o); };
P.dot = function (o) { return L.dot(this, o); };
P.outer = function (o) { return L.outer(this, o); };

