/** The user-facing elementwise functions (torch.add, torch.exp, ...): argument handling only. */
import { castValue, isFloating, type DType } from '../dtype';
import type { UnaryOp } from '../backend/types';
import type { Tensor } from '../tensor';
import { binary, binaryInplace, binaryRaw, resultType, type Operand } from './binary';
import { unary, unaryInplace } from './unary';
import { addScaled, addScaled_, type AlphaOptions } from './fused';

export { addcmul, addcdiv, lerp, addcmul_, addcdiv_, lerp_, type AlphaOptions, type ValueOptions } from './fused';
export type RoundingMode = 'trunc' | 'floor' | null;

function checkBoolSub(a: Tensor, b: Operand): void {
  if (a.dtype === 'bool' && (typeof b === 'boolean' || (typeof b === 'object' && b.dtype === 'bool'))) {
    throw new Error('Subtraction, the `-` operator, with two bool tensors is not supported. Use the `^` or `logical_xor()` operator instead.');
  }
}

/**
 * a + alpha * b, broadcast; b may be a number. With alpha the product and sum are one fused
 * rounding, as PyTorch's kernel.
 * @example add(x, y, { alpha: -0.1 })
 */
export function add(a: Tensor, b: Operand, opts: AlphaOptions = {}): Tensor {
  const alpha = opts.alpha ?? 1;
  return alpha === 1 ? binary('add', a, b) : addScaled(a, b, alpha, false);
}
/** a - alpha * b. */
export function sub(a: Tensor, b: Operand, opts: AlphaOptions = {}): Tensor {
  checkBoolSub(a, b);
  const alpha = opts.alpha ?? 1;
  return alpha === 1 ? binary('sub', a, b) : addScaled(a, b, alpha, true);
}
export function mul(a: Tensor, b: Operand): Tensor {
  return binary('mul', a, b);
}
/** True division by default; roundingMode 'trunc' or 'floor' as torch.div. */
export function div(a: Tensor, b: Operand, opts: { roundingMode?: RoundingMode } = {}): Tensor {
  if (opts.roundingMode === 'floor') return binaryRaw('floorDivide', a, b);
  const q = binary('div', a, b);
  if (opts.roundingMode === 'trunc') return integralInputs(a, b) ? q.trunc().to(resultType(a, b)) : q.trunc();
  return q;
}
function integralInputs(a: Tensor, b: Operand): boolean {
  return !isFloating(resultType(a, b));
}
/** a ** exponent; integral tensors reject negative integral exponents, as PyTorch. */
export function pow(a: Tensor, exponent: Operand): Tensor {
  if (typeof exponent === 'number' && !isFloating(a.dtype) && Number.isInteger(exponent) && exponent < 0) {
    throw new Error('Integers to negative integer powers are not allowed.');
  }
  return binary('pow', a, exponent);
}
export function maximum(a: Tensor, b: Tensor): Tensor { return binary('maximum', a, b); }
export function minimum(a: Tensor, b: Tensor): Tensor { return binary('minimum', a, b); }
export function atan2(a: Tensor, b: Tensor): Tensor { return binary('atan2', a, b); }
export function fmod(a: Tensor, b: Operand): Tensor { return binary('fmod', a, b); }
export function remainder(a: Tensor, b: Operand): Tensor { return binary('remainder', a, b); }
export function floorDivide(a: Tensor, b: Operand): Tensor { return binaryRaw('floorDivide', a, b); }

export function eq(a: Tensor, b: Operand): Tensor { return binary('eq', a, b); }
export function ne(a: Tensor, b: Operand): Tensor { return binary('ne', a, b); }
export function lt(a: Tensor, b: Operand): Tensor { return binary('lt', a, b); }
export function le(a: Tensor, b: Operand): Tensor { return binary('le', a, b); }
export function gt(a: Tensor, b: Operand): Tensor { return binary('gt', a, b); }
export function ge(a: Tensor, b: Operand): Tensor { return binary('ge', a, b); }
export function logicalAnd(a: Tensor, b: Operand): Tensor { return binary('logicalAnd', a, b); }
export function logicalOr(a: Tensor, b: Operand): Tensor { return binary('logicalOr', a, b); }
export function logicalXor(a: Tensor, b: Operand): Tensor { return binary('logicalXor', a, b); }

/** Ops PyTorch does not run on bool tensors, with its message. */
function checkNotBool(op: UnaryOp, x: Tensor): void {
  if (x.dtype !== 'bool') return;
  if (op === 'neg') {
    throw new Error('Negation, the `-` operator, on a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.');
  }
  if (op === 'abs') throw new Error('"abs_cpu" not implemented for \'Bool\'');
}

/** Activations PyTorch only implements for floating tensors. */
function checkFloating(x: Tensor, kernel: string): void {
  if (!isFloating(x.dtype)) {
    throw new TypeError(`"${kernel}" not implemented for '${x.dtype === 'int32' ? 'Long' : 'Bool'}'`);
  }
}

const u = (op: UnaryOp) => (x: Tensor): Tensor => {
  checkNotBool(op, x);
  return unary(op, x);
};
export const neg = u('neg'), abs = u('abs'), exp = u('exp'), exp2 = u('exp2'), expm1 = u('expm1');
export const log = u('log'), log2 = u('log2'), log10 = u('log10'), log1p = u('log1p');
export const sqrt = u('sqrt'), rsqrt = u('rsqrt'), square = u('square'), reciprocal = u('reciprocal');
export const sin = u('sin'), cos = u('cos'), tan = u('tan'), asin = u('asin'), acos = u('acos'), atan = u('atan');
export const sinh = u('sinh'), cosh = u('cosh'), tanh = u('tanh'), asinh = u('asinh'), acosh = u('acosh'), atanh = u('atanh');
export const sigmoid = u('sigmoid'), relu = u('relu'), erf = u('erf'), erfc = u('erfc');
export const floor = u('floor'), ceil = u('ceil'), round = u('round'), trunc = u('trunc'), frac = u('frac');
export const logicalNot = u('logicalNot'), isnan = u('isnan'), isfinite = u('isfinite'), isinf = u('isinf'), signbit = u('signbit');

/** sign: -1, 0 or 1 (a bool tensor stays bool). */
export function sign(x: Tensor): Tensor {
  return x.dtype === 'bool' ? x.clone() : unary('sign', x);
}
export function silu(x: Tensor): Tensor {
  checkFloating(x, 'silu');
  return unary('silu', x);
}
export function leakyRelu(x: Tensor, negativeSlope = 0.01): Tensor {
  checkFloating(x, 'leaky_relu_cpu');
  return unary('leakyRelu', x, castValue(x.dtype, negativeSlope));
}
export function elu(x: Tensor, alpha = 1): Tensor {
  checkFloating(x, 'elu_cpu');
  return unary('elu', x, castValue(x.dtype, alpha));
}
export interface SoftplusOptions { beta?: number; threshold?: number }
/** log(1 + exp(beta x)) / beta, linear where beta x > threshold. */
export function softplus(x: Tensor, opts: SoftplusOptions = {}): Tensor {
  checkFloating(x, 'softplus_cpu');
  return unary('softplus', x, castValue(x.dtype, opts.beta ?? 1), castValue(x.dtype, opts.threshold ?? 20));
}
export interface GeluOptions { approximate?: 'none' | 'tanh' }
/** gelu(x, {approximate: 'tanh'}) for the tanh form; exact (erf) by default. */
export function gelu(x: Tensor, opts: GeluOptions = {}): Tensor {
  checkFloating(x, 'GeluKernelImpl');
  return unary(opts.approximate === 'tanh' ? 'geluTanh' : 'gelu', x);
}

type Bound = number | null | undefined;

/** clamp's result dtype, and its bounds in that dtype (a missing bound is +-Infinity). */
function clampArgs(x: Tensor, min: Bound, max: Bound): [DType, number, number] {
  const hasMin = min !== null && min !== undefined, hasMax = max !== null && max !== undefined;
  if (!hasMin && !hasMax) throw new Error("torch.clamp: At least one of 'min' or 'max' must not be None");
  const scalars: number[] = [];
  if (hasMin) scalars.push(min);
  if (hasMax) scalars.push(max);
  const dtype = resultType(x, ...scalars);
  return [dtype, hasMin ? castValue(dtype, min) : -Infinity, hasMax ? castValue(dtype, max) : Infinity];
}
/** clamp(x, min, max); either bound may be null. An integral x with float bounds gives floats. */
export function clamp(x: Tensor, min?: Bound, max?: Bound): Tensor {
  const [dtype, lo, hi] = clampArgs(x, min, max);
  return unary('clamp', x.to(dtype), lo, hi);
}
export function clamp_(x: Tensor, min?: Bound, max?: Bound): Tensor {
  const [dtype, lo, hi] = clampArgs(x, min, max);
  if (dtype !== x.dtype) {
    throw new TypeError(`result type ${dtype === 'float32' ? 'Float' : 'Double'} can't be cast to the desired output type long int`);
  }
  return unaryInplace('clamp', x, lo, hi);
}

export function add_(a: Tensor, b: Operand, opts: AlphaOptions = {}): Tensor {
  const alpha = opts.alpha ?? 1;
  return alpha === 1 ? binaryInplace('add', a, b) : addScaled_(a, b, alpha, false);
}
export function sub_(a: Tensor, b: Operand, opts: AlphaOptions = {}): Tensor {
  checkBoolSub(a, b);
  const alpha = opts.alpha ?? 1;
  return alpha === 1 ? binaryInplace('sub', a, b) : addScaled_(a, b, alpha, true);
}
export function mul_(a: Tensor, b: Operand): Tensor { return binaryInplace('mul', a, b); }
export function div_(a: Tensor, b: Operand): Tensor { return binaryInplace('div', a, b); }
export function pow_(a: Tensor, b: Operand): Tensor { return binaryInplace('pow', a, b); }

const u_ = (op: UnaryOp) => (x: Tensor): Tensor => {
  checkNotBool(op, x);
  return unaryInplace(op, x);
};
export const neg_ = u_('neg'), abs_ = u_('abs'), exp_ = u_('exp'), expm1_ = u_('expm1'), log_ = u_('log');
export const log2_ = u_('log2'), log10_ = u_('log10'), log1p_ = u_('log1p'), sqrt_ = u_('sqrt'), rsqrt_ = u_('rsqrt');
export const square_ = u_('square'), reciprocal_ = u_('reciprocal'), sin_ = u_('sin'), cos_ = u_('cos'), tan_ = u_('tan');
export const tanh_ = u_('tanh'), sigmoid_ = u_('sigmoid'), relu_ = u_('relu'), sign_ = u_('sign'), floor_ = u_('floor');
export const ceil_ = u_('ceil'), round_ = u_('round'), trunc_ = u_('trunc'), frac_ = u_('frac'), erf_ = u_('erf');

export function leakyRelu_(x: Tensor, negativeSlope = 0.01): Tensor {
  checkFloating(x, 'leaky_relu_cpu');
  return unaryInplace('leakyRelu', x, castValue(x.dtype, negativeSlope));
}
