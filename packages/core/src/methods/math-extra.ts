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
    bitwiseAnd(other: Operand): Tensor;
    bitwiseOr(other: Operand): Tensor;
    bitwiseXor(other: Operand): Tensor;
    bitwiseLeftShift(other: Operand): Tensor;
    bitwiseRightShift(other: Operand): Tensor;
    bitwiseNot(): Tensor;
    bitwiseAnd_(other: Operand): Tensor;
    bitwiseOr_(other: Operand): Tensor;
    bitwiseXor_(other: Operand): Tensor;
    bitwiseLeftShift_(other: Operand): Tensor;
    bitwiseRightShift_(other: Operand): Tensor;
    bitwiseNot_(): Tensor;

    /** Elementwise |this - other| <= atol + rtol |other| (bool). */
    isclose(other: Tensor, opts?: C.IscloseOptions): Tensor;
    /** Whether every element is close to other's. */
    allclose(other: Tensor, opts?: C.IscloseOptions): boolean;
    /** Same shape and equal elements. */
    equal(other: Tensor): boolean;

    logaddexp(other: Tensor): Tensor;
    logaddexp2(other: Tensor): Tensor;
    xlogy(other: Operand): Tensor;
    xlogy_(other: Operand): Tensor;
    nanToNum(opts?: X.NanToNumOptions): Tensor;
    nanToNum_(opts?: X.NanToNumOptions): Tensor;
    clampMin(min: Tensor | number): Tensor;
    clampMax(max: Tensor | number): Tensor;
    clampMin_(min: Tensor | number): Tensor;
    clampMax_(max: Tensor | number): Tensor;
    heaviside(values: Tensor): Tensor;
    heaviside_(values: Tensor): Tensor;
    /** this ** exponent in float64. */
    floatPower(exponent: Operand): Tensor;
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
