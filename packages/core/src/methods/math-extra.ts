/**
 * Tensor methods of the elementwise ops written by hand (bitwise, closeness, logaddexp, xlogy,
 * nanToNum, clampMin/Max, heaviside, floatPower). copysign and hypot come from their op rows
 * (methods/math.ts).
 */
import { Tensor } from '../tensor';
import type { Operand } from '../ops/binary';
import * as Bw from '../ops/bitwise';
import * as C from '../ops/compare';
import * as X from '../ops/elementwise-extra';

declare module '../tensor' {
  interface Tensor {
    /** Bitwise AND of integral or bool tensors, broadcast; other may be a number (torch.bitwise_and). */
    bitwiseAnd(other: Operand): Tensor;
    /** Bitwise OR of integral or bool tensors, broadcast (torch.bitwise_or). */
    bitwiseOr(other: Operand): Tensor;
    /** Bitwise XOR of integral or bool tensors, broadcast (torch.bitwise_xor). */
    bitwiseXor(other: Operand): Tensor;
    /** this << other for integral tensors, broadcast (torch.bitwise_left_shift). */
    bitwiseLeftShift(other: Operand): Tensor;
    /** this >> other (arithmetic) for integral tensors, broadcast (torch.bitwise_right_shift). */
    bitwiseRightShift(other: Operand): Tensor;
    /** Bitwise NOT of an integral tensor; logical not of a bool one (torch.bitwise_not). */
    bitwiseNot(): Tensor;
    /** In-place bitwiseAnd; returns this. */
    bitwiseAnd_(other: Operand): Tensor;
    /** In-place bitwiseOr; returns this. */
    bitwiseOr_(other: Operand): Tensor;
    /** In-place bitwiseXor; returns this. */
    bitwiseXor_(other: Operand): Tensor;
    /** In-place bitwiseLeftShift; returns this. */
    bitwiseLeftShift_(other: Operand): Tensor;
    /** In-place bitwiseRightShift; returns this. */
    bitwiseRightShift_(other: Operand): Tensor;
    /** In-place bitwiseNot; returns this. */
    bitwiseNot_(): Tensor;

    /** Elementwise |this - other| <= atol + rtol |other| (bool). */
    isclose(other: Tensor, opts?: C.IscloseOptions): Tensor;
    /** Whether every element is close to other's. */
    allclose(other: Tensor, opts?: C.IscloseOptions): boolean;
    /** Same shape and equal elements. */
    equal(other: Tensor): boolean;

    /** log(e^this + e^other), computed stably, broadcast (torch.logaddexp). */
    logaddexp(other: Tensor): Tensor;
    /** log2(2^this + 2^other), computed stably, broadcast (torch.logaddexp2). */
    logaddexp2(other: Tensor): Tensor;
    /** this * log(other), 0 where this is 0 (even if other is 0), NaN where other is NaN (torch.xlogy). */
    xlogy(other: Operand): Tensor;
    /** In-place xlogy; returns this. */
    xlogy_(other: Operand): Tensor;
    /**
     * NaN, +inf and -inf replaced by `nan` (default 0), `posinf` and `neginf` (default the dtype's largest and lowest finite values) (torch.nan_to_num).
     */
    nanToNum(opts?: X.NanToNumOptions): Tensor;
    /** In-place nanToNum; returns this. */
    nanToNum_(opts?: X.NanToNumOptions): Tensor;
    /** max(this, min): clamp with a lower bound only (torch.clamp_min). */
    clampMin(min: Tensor | number): Tensor;
    /** min(this, max): clamp with an upper bound only (torch.clamp_max). */
    clampMax(max: Tensor | number): Tensor;
    /** In-place clampMin; returns this. */
    clampMin_(min: Tensor | number): Tensor;
    /** In-place clampMax; returns this. */
    clampMax_(max: Tensor | number): Tensor;
    /** The Heaviside step: 0 where this < 0, 1 where this > 0, `values` where this is 0 (torch.heaviside). */
    heaviside(values: Tensor): Tensor;
    /** In-place heaviside; returns this. */
    heaviside_(values: Tensor): Tensor;
    /** this ** exponent in float64. */
    floatPower(exponent: Operand): Tensor;
    /** In-place floatPower; this tensor must be float64 (the result dtype); returns it. */
    floatPower_(exponent: Operand): Tensor;
  }
}

const P = Tensor.prototype;
P.bitwiseAnd = function (o) { return Bw.bitwiseAnd(this, o); };
P.bitwiseOr = function (o) { return Bw.bitwiseOr(this, o); };
P.bitwiseXor = function (o) { return Bw.bitwiseXor(this, o); };
P.bitwiseLeftShift = function (o) { return Bw.bitwiseLeftShift(this, o); };
P.bitwiseRightShift = function (o) { return Bw.bitwiseRightShift(this, o); };
P.bitwiseNot = function () { return Bw.bitwiseNot(this); };
P.bitwiseAnd_ = function (o) { return Bw.bitwiseAnd_(this, o); };
P.bitwiseOr_ = function (o) { return Bw.bitwiseOr_(this, o); };
P.bitwiseXor_ = function (o) { return Bw.bitwiseXor_(this, o); };
P.bitwiseLeftShift_ = function (o) { return Bw.bitwiseLeftShift_(this, o); };
P.bitwiseRightShift_ = function (o) { return Bw.bitwiseRightShift_(this, o); };
P.bitwiseNot_ = function () { return Bw.bitwiseNot_(this); };

P.isclose = function (o, opts) { return C.isclose(this, o, opts); };
P.allclose = function (o, opts) { return C.allclose(this, o, opts); };
P.equal = function (o) { return C.equal(this, o); };

P.logaddexp = function (o) { return X.logaddexp(this, o); };
P.logaddexp2 = function (o) { return X.logaddexp2(this, o); };
P.xlogy = function (o) { return X.xlogy(this, o); };
P.xlogy_ = function (o) { return X.xlogy_(this, o); };
P.nanToNum = function (opts) { return X.nanToNum(this, opts); };
P.nanToNum_ = function (opts) { return X.nanToNum_(this, opts); };
P.clampMin = function (m) { return X.clampMin(this, m); };
P.clampMax = function (m) { return X.clampMax(this, m); };
P.clampMin_ = function (m) { return X.clampMin_(this, m); };
P.clampMax_ = function (m) { return X.clampMax_(this, m); };
P.heaviside = function (v) { return X.heaviside(this, v); };
P.heaviside_ = function (v) { return X.heaviside_(this, v); };
P.floatPower = function (e) { return X.floatPower(this, e); };
P.floatPower_ = function (e) { return X.floatPower_(this, e); };
