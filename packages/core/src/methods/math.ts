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

    sum(dim?: Dims, opts?: KeepDim & { dtype?: DType }): Tensor;
    mean(dim?: Dims, opts?: KeepDim & { dtype?: DType }): Tensor;
    prod(dim?: number, opts?: KeepDim): Tensor;
    max(): Tensor;
    max(dim: number, opts?: KeepDim): R.ValuesIndices;
    min(): Tensor;
    min(dim: number, opts?: KeepDim): R.ValuesIndices;
    amax(dim?: Dims, opts?: KeepDim): Tensor;
    amin(dim?: Dims, opts?: KeepDim): Tensor;
    argmax(dim?: number, opts?: KeepDim): Tensor;
    argmin(dim?: number, opts?: KeepDim): Tensor;
    all(dim?: Dims, opts?: KeepDim): Tensor;
    any(dim?: Dims, opts?: KeepDim): Tensor;
    var(dim?: Dims, opts?: St.VarOptions): Tensor;
    std(dim?: Dims, opts?: St.VarOptions): Tensor;
    logsumexp(dim: Dims, opts?: KeepDim): Tensor;
    norm(p?: number | 'fro' | 'nuc', dim?: Dims, opts?: KeepDim): Tensor;

    matmul(other: Tensor): Tensor;
    mm(other: Tensor): Tensor;
    mv(vec: Tensor): Tensor;
    bmm(other: Tensor): Tensor;
    dot(other: Tensor): Tensor;
    outer(other: Tensor): Tensor;
    softmax(dim: number, opts?: S.SoftmaxOptions): Tensor;
    logSoftmax(dim: number, opts?: S.SoftmaxOptions): Tensor;
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

P.sum = function (d, o) { return R.sum(this, d, o); };
P.mean = function (d, o) { return R.mean(this, d, o); };
P.prod = function (d, o) { return R.prod(this, d, o); };
P.max = function (this: Tensor, d?: number, o?: KeepDim) { return d === undefined ? R.max(this) : R.max(this, d, o); } as Tensor['max'];
P.min = function (this: Tensor, d?: number, o?: KeepDim) { return d === undefined ? R.min(this) : R.min(this, d, o); } as Tensor['min'];
P.amax = function (d, o) { return R.amax(this, d, o); };
P.amin = function (d, o) { return R.amin(this, d, o); };
P.argmax = function (d, o) { return R.argmax(this, d, o); };
P.argmin = function (d, o) { return R.argmin(this, d, o); };
P.all = function (d, o) { return R.all(this, d, o); };
P.any = function (d, o) { return R.any(this, d, o); };
P.var = function (d, o) { return St.variance(this, d, o); };
P.std = function (d, o) { return St.std(this, d, o); };
P.logsumexp = function (d, o) { return St.logsumexp(this, d, o); };
P.norm = function (p, d, o) { return St.norm(this, p, d, o); };

P.matmul = function (o) { return L.matmul(this, o); };
P.mm = function (o) { return L.mm(this, o); };
P.mv = function (v) { return L.mv(this, v); };
P.bmm = function (o) { return L.bmm(this, o); };
P.dot = function (o) { return L.dot(this, o); };
P.outer = function (o) { return L.outer(this, o); };
P.softmax = function (d, o) { return S.softmax(this, d, o); };
P.logSoftmax = function (d, o) { return S.logSoftmax(this, d, o); };
