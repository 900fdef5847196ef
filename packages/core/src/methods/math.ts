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
  & { [K in U.GeneratedUnary]: () => Tensor }
  & { [K in U.GeneratedUnaryInplace as `${K}_`]: () => Tensor }
  & { [K in B.GeneratedBinary]: (other: B.OtherOf<K>) => Tensor }
  & { [K in B.GeneratedBinaryInplace as `${K}_`]: (other: B.OtherOf<K>) => Tensor };

declare module '../tensor' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- members come from the op rows
  interface Tensor extends GeneratedMethods {}
  interface Tensor {
    /** this + alpha * other; `other` may be a number. */
    add(other: Operand, opts?: E.AlphaOptions): Tensor;
    sub(other: Operand, opts?: E.AlphaOptions): Tensor;
    div(other: Operand, opts?: { roundingMode?: E.RoundingMode }): Tensor;
    pow(exponent: Operand): Tensor;
    leakyRelu(negativeSlope?: number): Tensor;
    elu(alpha?: number): Tensor;
    softplus(opts?: E.SoftplusOptions): Tensor;
    gelu(opts?: E.GeluOptions): Tensor;
    clamp(min?: Bound, max?: Bound): Tensor;
    clip(min?: Bound, max?: Bound): Tensor;
    /** `x.where(cond, y)`: x where cond is true, else y (torch's Tensor.where). */
    where(condition: Tensor, other: Operand): Tensor;
    /** this + value * t1 * t2 (one fused rounding, as PyTorch). */
    addcmul(tensor1: Tensor, tensor2: Tensor, opts?: E.ValueOptions): Tensor;
    /** this + value * t1 / t2. */
    addcdiv(tensor1: Tensor, tensor2: Tensor, opts?: E.ValueOptions): Tensor;
    /** this + weight * (end - this). */
    lerp(end: Tensor, weight: Tensor | number): Tensor;

    add_(other: Operand, opts?: E.AlphaOptions): Tensor;
    sub_(other: Operand, opts?: E.AlphaOptions): Tensor;
    div_(other: Operand): Tensor;
    pow_(exponent: Operand): Tensor;
    clamp_(min?: Bound, max?: Bound): Tensor;
    clip_(min?: Bound, max?: Bound): Tensor;
    addcmul_(tensor1: Tensor, tensor2: Tensor, opts?: E.ValueOptions): Tensor;
    addcdiv_(tensor1: Tensor, tensor2: Tensor, opts?: E.ValueOptions): Tensor;
    lerp_(end: Tensor, weight: Tensor | number): Tensor;
    leakyRelu_(negativeSlope?: number): Tensor;

    sum: R.ReduceMethod<R.SumOptions>;
    mean: R.ReduceMethod<R.SumOptions>;
    prod: R.ReduceMethod<R.SumOptions, number>;
    max: R.ExtremeMethod;
    min: R.ExtremeMethod;
    amax: R.ReduceMethod;
    amin: R.ReduceMethod;
    argmax: R.ReduceMethod<KeepDim, number>;
    argmin: R.ReduceMethod<KeepDim, number>;
    all: R.ReduceMethod;
    any: R.ReduceMethod;
    var: St.VarMethod;
    std: St.VarMethod;
    logsumexp(dim: Dims, keepdim?: boolean | KeepDim): Tensor;
    logsumexp(opts: KeepDim & { dim: Dims }): Tensor;
    norm(opts?: St.NormOptions & { p?: St.NormP; dim?: Dims | null }): Tensor;
    norm(p: St.NormP | undefined, opts?: St.NormOptions & { dim?: Dims | null }): Tensor;
    norm(p: St.NormP | undefined, dim: Dims | null | undefined, keepdim?: boolean | St.NormOptions, opts?: { dtype?: DType }): Tensor;

    matmul(other: Tensor): Tensor;
    mm(other: Tensor): Tensor;
    mv(vec: Tensor): Tensor;
    bmm(other: Tensor): Tensor;
    dot(other: Tensor): Tensor;
    outer(other: Tensor): Tensor;
    softmax(dim: number, dtype?: DType | null | S.SoftmaxOptions): Tensor;
    softmax(opts: S.SoftmaxOptions & { dim: number }): Tensor;
    logSoftmax(dim: number, dtype?: DType | null | S.SoftmaxOptions): Tensor;
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

