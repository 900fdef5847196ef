/**
 * Elementwise ops composed of existing kernels (PyTorch's own formulas, so float32 rounds as its
 * kernels do): logaddexp, logaddexp2, xlogy, nanToNum, clampMin/clampMax, heaviside, floatPower.
 * Each forward runs on detached inputs and records one node with PyTorch's name and derivative
 * (derivatives.yaml), written in differentiable ops so double backward works.
 */
import { isFloating, type DType } from '../dtype';
import { Tensor } from '../tensor';
import { needsGrad, record } from '../autograd/record';
import { broadcastShapes } from '../shape';
import { checkOptions } from '../options';
import { binary, binaryInplace, binaryRaw, resultType, scalarTensor, sumToShape, where, type Operand } from './binary';
import { scalarValue } from './promote';
import { inplaceTracked, inplaceTracks } from './inplace';
import { getDefaultDtype, writeInto } from './util';
import { checkTensorArg, noTensorError } from './arg-checks';

/** PyTorch's names of the dtypes in errors (int32 stands for its int64). */
const TYPE_NAME: Record<DType, string> = { float32: 'Float', float64: 'Double', int32: 'Long', int64: 'Long', bool: 'Bool', float16: 'Half', bfloat16: 'BFloat16', uint8: 'Byte', int8: 'Char', int16: 'Short' };

/** A gradient summed back to its input's shape and cast to its dtype, as PyTorch's engine does. */
function toInput(g: Tensor, shape: readonly number[], dtype: DType): Tensor {
  const s = sumToShape(g, shape);
  return s.dtype === dtype ? s : s.to(dtype);
}

/**
 * An in-place op through its out-of-place form: PyTorch's checks (result shape and dtype) before
 * anything is written, then the result written into self, with autograd when it records.
 */
function inplaceOf(self: Tensor, other: Tensor | null, dtype: DType, op: (old: Tensor) => Tensor): Tensor {
  const shape = other === null ? self.shape : broadcastShapes(self.shape, other.shape);
  if (!inplaceTracks(self, shape, dtype, true, other)) {
    writeInto(self, op(self));
    return self;
  }
  return inplaceTracked(self, true, op);
}

// ---- logaddexp, logaddexp2 ----

/** log(exp(a) + exp(b)) (base 2 with `base2`) in PyTorch's stable form, with its gradient. */
function logAddExpOf(a: Tensor, b: Tensor, base2: boolean): Tensor {
  const name = base2 ? 'logaddexp2' : 'logaddexp';
  checkTensorArg(name, 'other', 2, b);
  const d = resultType(a, b);
  if (!isFloating(d)) throw new TypeError(`"${name}_cpu" not implemented for '${TYPE_NAME[d]}'`);
  const x = a.detach().to(d), y = b.detach().to(d);
  // max(a, b) + log1p(exp(-|a - b|)); equal infinities give themselves (inf - inf is NaN).
  const negGap = x.sub(y).abs().neg();
  const tail = base2 ? negGap.exp2().log1p().mul(1 / Math.LN2) : negGap.exp().log1p();
  const out = where(x.isinf().logicalAnd(x.eq(y)), x, binaryRaw('maximum', x, y).add(tail));
  if (needsGrad(a, b)) {
    const needA = a.requiresGrad, needB = b.requiresGrad;
    const aShape = a.shape, bShape = b.shape, aType = a.dtype, bType = b.dtype;
    // grad / (1 + exp(other - self)) for self, and the mirror for other (2^ for base 2).
    const up = (t: Tensor): Tensor => (base2 ? t.exp2() : t.exp()).add(1);
    record(out, base2 ? 'Logaddexp2Backward0' : 'LogaddexpBackward0', [a, b], [a, b], null, (g, s) => {
      const sa = s[0]!, sb = s[1]!;
      return [
        needA ? toInput(g.div(up(sb.sub(sa))), aShape, aType) : null,
        needB ? toInput(g.div(up(sa.sub(sb))), bShape, bType) : null,
      ];
    });
  }
  return out;
}

/** log(exp(a) + exp(b)), without overflow; float tensors only. */
export function logaddexp(a: Tensor, b: Tensor): Tensor { return logAddExpOf(a, b, false); }
/** log2(2^a + 2^b), without overflow; float tensors only. */
export function logaddexp2(a: Tensor, b: Tensor): Tensor { return logAddExpOf(a, b, true); }

// ---- xlogy ----

/** x * log(y), 0 where x == 0, NaN where y is NaN (PyTorch's kernel), on tensors of one float dtype. */
function xlogyRaw(x: Tensor, y: Tensor): Tensor {
  return where(y.isnan(), NaN, where(x.eq(0), 0, x.mul(y.log())));
}

/**
 * x * log(y) with 0 where x == 0 (unless y is NaN); integral inputs give the default float. Either
 * side may be a number.
 * @example xlogy(tensor([0, 2]), tensor([0, 3])) // [0, 2.1972]
 */
export function xlogy(a: Operand, b: Operand): Tensor {
  if (!(a instanceof Tensor) && !(b instanceof Tensor)) throw noTensorError('xlogy', a, b);
  const rt = resultType(a, b);
  const d = isFloating(rt) ? rt : getDefaultDtype();
  const device = a instanceof Tensor ? a.storage.device : (b as Tensor).device;
  const x = a instanceof Tensor ? a.detach().to(d) : scalarTensor(a, d, device);
  const y = b instanceof Tensor ? b.detach().to(d) : scalarTensor(b, d, device);
  const out = xlogyRaw(x, y);
  const ta = a instanceof Tensor ? a : null, tb = b instanceof Tensor ? b : null;
  if (needsGrad(ta, tb)) {
    const needA = ta !== null && ta.requiresGrad, needB = tb !== null && tb.requiresGrad;
    const aShape = ta?.shape ?? [], bShape = tb?.shape ?? [], aType = ta?.dtype ?? d, bType = tb?.dtype ?? d;
    const node = ta !== null && tb !== null ? 'XlogyBackward0' : tb !== null ? 'XlogyBackward1' : 'XlogyBackward2';
    record(out, node, [ta, tb], [ta ?? x, tb ?? y], null, (g, s) => {
      const sa = s[0]!, sb = s[1]!;
      // self: xlogy(grad, other), 0 where self == 0 and other <= 0; other: grad * self / other.
      return [
        needA ? toInput(where(sa.eq(0).logicalAnd(sb.le(0)), 0, xlogy(g, sb)), aShape, aType) : null,
        needB ? toInput(g.mul(sa).div(sb), bShape, bType) : null,
      ];
    });
  }
  return out;
}
/** In-place xlogy: self = self * log(other), 0 where self is 0; returns self. */
export function xlogy_(self: Tensor, other: Operand): Tensor {
  const rt = resultType(self, other);
  return inplaceOf(self, other instanceof Tensor ? other : null, isFloating(rt) ? rt : getDefaultDtype(), (old) => xlogy(old, other));
}

// ---- nanToNum ----

/** nanToNum's keyword options: what NaN and the infinities become. */
export interface NanToNumOptions {
  /** What NaN becomes (default 0). */
  nan?: number;
  /** What +inf becomes (default: the dtype's largest finite value). */
  posinf?: number | null;
  /** What -inf becomes (default: the dtype's lowest finite value). */
  neginf?: number | null;
}

const FLOAT32_MAX = 3.4028234663852886e38;

/**
 * NaN, +inf and -inf replaced by finite numbers (by default 0 and the dtype's extremes); integral
 * and bool tensors come back as a copy.
 */
export function nanToNum(x: Tensor, opts: NanToNumOptions = {}): Tensor {
  checkOptions('nan_to_num', opts, ['nan', 'posinf', 'neginf']);
  if (!isFloating(x.dtype)) return x.clone();
  const max = x.dtype === 'float32' ? FLOAT32_MAX : Number.MAX_VALUE;
  const xd = x.detach();
  const out = where(xd.isnan(), opts.nan ?? 0,
    where(xd.eq(Infinity), opts.posinf ?? max, where(xd.eq(-Infinity), opts.neginf ?? -max, xd)));
  if (needsGrad(x)) record(out, 'NanToNumBackward0', [x], [x], null, (g, s) => [g.mul(s[0]!.isfinite())]);
  return out;
}
/** In-place nanToNum; returns x. */
export function nanToNum_(x: Tensor, opts: NanToNumOptions = {}): Tensor {
  checkOptions('nan_to_num_', opts, ['nan', 'posinf', 'neginf']);
  if (!isFloating(x.dtype)) return x;
  return inplaceOf(x, null, x.dtype, (old) => nanToNum(old, opts));
}

// ---- clampMin, clampMax ----

/** max(x, min) (or min(x, max)), NaN from either side propagating, with ClampMin/MaxBackward. */
function clampSide(x: Tensor, bound: Tensor | number, lower: boolean): Tensor {
  const out = binaryRaw(lower ? 'maximum' : 'minimum', x.detach(), bound instanceof Tensor ? bound.detach() : bound);
  const tb = bound instanceof Tensor ? bound : null;
  if (needsGrad(x, tb)) {
    const needX = x.requiresGrad, needB = tb !== null && tb.requiresGrad;
    const xShape = x.shape, bShape = tb?.shape ?? [], xType = x.dtype, bType = tb?.dtype ?? out.dtype;
    const node = `Clamp${lower ? 'Min' : 'Max'}Backward${tb === null ? 0 : 1}`;
    const saved = tb === null ? [x] : [x, tb];
    const value = typeof bound === 'number' ? bound : 0; // the closure keeps this, not the tensor
    const scalarBound = tb === null;
    record(out, node, [x, tb], saved, null, (g, s) => {
      const sx = s[0]!, sb = scalarBound ? value : s[1]!;
      // self keeps the gradient where it is inside the bound (ties included), the bound elsewhere.
      const inside = lower ? sx.ge(sb) : sx.le(sb);
      const outside = lower ? sx.lt(sb) : sx.gt(sb);
      return [
        needX ? toInput(where(inside, g, 0), xShape, xType) : null,
        needB ? toInput(where(outside, g, 0), bShape, bType) : null,
      ];
    });
  }
  return out;
}

/** x clamped from below: max(x, min); min a number or a tensor (broadcast). */
export function clampMin(x: Tensor, min: Tensor | number): Tensor { return clampSide(x, min, true); }
/** x clamped from above: min(x, max). */
export function clampMax(x: Tensor, max: Tensor | number): Tensor { return clampSide(x, max, false); }

function clampSide_(self: Tensor, bound: Tensor | number, lower: boolean): Tensor {
  const dtype = resultType(self, bound);
  if (typeof bound === 'number' && isFloating(dtype) && !isFloating(self.dtype)) {
    // PyTorch's scalar overload words its cast error differently from the tensor one.
    throw new TypeError(`result type ${TYPE_NAME[dtype]} can't be cast to the desired output type long int`);
  }
  return inplaceOf(self, bound instanceof Tensor ? bound : null, dtype, (old) => clampSide(old, bound, lower));
}
/** In-place clampMin: x = max(x, min); returns x. */
export function clampMin_(x: Tensor, min: Tensor | number): Tensor { return clampSide_(x, min, true); }
/** In-place clampMax: x = min(x, max); returns x. */
export function clampMax_(x: Tensor, max: Tensor | number): Tensor { return clampSide_(x, max, false); }

// ---- heaviside ----

/**
 * The Heaviside step: 0 for x < 0, `values` where x == 0, 1 for x > 0 (NaN gives 0, as
 * PyTorch's kernel). x and values share one dtype. No derivative (PyTorch has none).
 */
export function heaviside(x: Tensor, values: Tensor): Tensor {
  checkTensorArg('heaviside', 'values', 2, values);
  if (x.dtype !== values.dtype) throw new Error('heaviside is not yet implemented for tensors with different dtypes.');
  const xd = x.detach();
  const out = where(xd.eq(0), values.detach(), xd.gt(0));
  if (needsGrad(x, values)) {
    record(out, 'NotImplemented', [x, values], [], null, () => {
      throw new Error('derivative for aten::heaviside is not implemented');
    });
  }
  return out;
}
/** In-place heaviside; returns x. */
export function heaviside_(x: Tensor, values: Tensor): Tensor {
  checkTensorArg('heaviside_', 'values', 1, values);
  if (x.dtype !== values.dtype) throw new Error('heaviside is not yet implemented for tensors with different dtypes.');
  return inplaceOf(x, values, x.dtype, (old) => heaviside(old, values));
}

// ---- floatPower ----

/**
 * base ** exponent computed in float64 whatever the inputs' dtypes (PyTorch's float_power);
 * either side may be a number.
 */
export function floatPower(base: Operand, exponent: Operand): Tensor {
  const e = exponent instanceof Tensor ? exponent.to('float64') : exponent;
  if (base instanceof Tensor) return binary('pow', base.to('float64'), e);
  if (!(e instanceof Tensor)) throw noTensorError('float_power', base, e);
  const b = scalarValue(base);
  const out = binaryRaw('pow', scalarTensor(b, 'float64', e.storage.device), e.detach());
  if (needsGrad(e)) {
    // PyTorch's pow_backward_exponent: grad * result * log(base), 0 where base == 0 and exponent >= 0.
    record(out, 'PowBackward2', [e], [e, out], null, (g, s) => {
      const se = s[0]!, so = s[1]!;
      return [g.mul(b === 0 ? where(se.ge(0), 0, so.mul(-Infinity)) : so.mul(Math.log(b)))];
    });
  }
  return out;
}
/** In place: self must already be float64 (PyTorch's rule). */
export function floatPower_(self: Tensor, exponent: Operand): Tensor {
  if (self.dtype !== 'float64') {
    throw new Error(`the base given to float_power_ has dtype ${TYPE_NAME[self.dtype]} but the operation's result requires dtype Double`);
  }
  return binaryInplace('pow', self, exponent instanceof Tensor ? exponent.to('float64') : exponent);
}
