/**
 * The user-facing elementwise functions (torch.add, torch.exp, ...). Those without parameters are
 * generated from their op rows (unary.ts, binary.ts) and only named here; the rest handle their
 * options and call the same machinery.
 */
import { castOperand, castValue, isFloating, type DType } from '../dtype';
import type { Tensor } from '../tensor';
import { BINARY_FUNCTIONS, BINARY_INPLACE_FUNCTIONS, binary, binaryInplace, binaryRaw, checkNonzeroDivisor, resultType, type Operand } from './binary';
import { UNARY_FUNCTIONS, UNARY_INPLACE_FUNCTIONS, checkFloating, unary, unaryInplace } from './unary';
import { addScaled, addScaled_, type AlphaOptions } from './fused';
import { scalarTypeName } from './util';

export { addcmul, addcdiv, lerp, addcmul_, addcdiv_, lerp_, type AlphaOptions, type ValueOptions } from './fused';
/** div's roundingMode: null (true division, the default), 'trunc' (toward zero) or 'floor'. */
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
/** True division by default; roundingMode 'trunc' or 'floor' as torch.div. */
export function div(a: Tensor, b: Operand, opts: { roundingMode?: RoundingMode } = {}): Tensor {
  const mode = opts.roundingMode ?? null;
  if (mode !== null && mode !== 'trunc' && mode !== 'floor') {
    throw new Error(`div expected rounding_mode to be one of None, 'trunc', or 'floor' but found '${String(mode)}'`);
  }
  if (mode === 'floor') return binaryRaw('floorDivide', a, b);
  if (mode === 'trunc' && integralInputs(a, b)) {
    // Integer division by zero raises as PyTorch's integer kernel does (true division gives inf).
    const q = binary('div', a, b);
    if (q.numel() > 0) checkNonzeroDivisor(b);
    return q.trunc().to(resultType(a, b));
  }
  const q = binary('div', a, b);
  return mode === 'trunc' ? q.trunc() : q;
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


export const {
  mul, maximum, minimum, atan2, fmod, remainder, floorDivide, eq, ne, lt, le, gt, ge, logicalAnd, logicalOr, logicalXor,
  copysign, hypot,
} = BINARY_FUNCTIONS;
export const { mul_, atan2_, fmod_, remainder_, copysign_, hypot_ } = BINARY_INPLACE_FUNCTIONS;
export * from './bitwise';
export * from './compare';
export * from './elementwise-extra';

export const {
  neg, abs, exp, exp2, expm1, log, log2, log10, log1p, sqrt, rsqrt, square, reciprocal, sin, cos, tan, asin, acos, atan,
  sinh, cosh, tanh, asinh, acosh, atanh, sigmoid, relu, silu, erf, erfc, sign, floor, ceil, round, trunc, frac,
  logicalNot, isnan, isfinite, isinf, signbit,
} = UNARY_FUNCTIONS;
export const {
  neg_, abs_, exp_, exp2_, expm1_, log_, log2_, log10_, log1p_, sqrt_, rsqrt_, square_, reciprocal_, sin_, cos_, tan_,
  asin_, acos_, atan_, sinh_, cosh_, tanh_, asinh_, acosh_, atanh_, sigmoid_, relu_, silu_, erf_, erfc_, sign_, floor_,
  ceil_, round_, trunc_, frac_,
} = UNARY_INPLACE_FUNCTIONS;

/** x where x > 0, else negativeSlope * x (default 0.01) (torch.nn.functional.leaky_relu). Floating tensors only. */
export function leakyRelu(x: Tensor, negativeSlope = 0.01): Tensor {
  checkFloating(x, 'leaky_relu_cpu');
  return unary('leakyRelu', x, castValue(x.dtype, negativeSlope));
}
/** x where x > 0, else alpha * (e^x - 1) (torch.nn.functional.elu). Floating tensors only. */
export function elu(x: Tensor, alpha = 1): Tensor {
  checkFloating(x, 'elu_cpu');
  return unary('elu', x, castValue(x.dtype, alpha));
}
/** softplus's keyword options. */
export interface SoftplusOptions {
  /** The sharpness beta (default 1). */
  beta?: number;
  /** Above beta * x > threshold the result is x itself, for stability (default 20). */
  threshold?: number;
}
/** log(1 + exp(beta x)) / beta, linear where beta x > threshold. */
export function softplus(x: Tensor, opts: SoftplusOptions = {}): Tensor {
  checkFloating(x, 'softplus_cpu');
  return unary('softplus', x, castValue(x.dtype, opts.beta ?? 1), castValue(x.dtype, opts.threshold ?? 20));
}
/** gelu's keyword option. */
export interface GeluOptions {
  /** 'none' (default): the exact x * Phi(x) with erf; 'tanh': the tanh approximation. Else it throws. */
  approximate?: 'none' | 'tanh';
}
/** gelu(x, {approximate: 'tanh'}) for the tanh form; exact (erf) by default. */
export function gelu(x: Tensor, opts: GeluOptions = {}): Tensor {
  const approximate: unknown = opts.approximate ?? 'none';
  if (approximate !== 'none' && approximate !== 'tanh') throw new Error('approximate argument must be either none or tanh.');
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
  return [dtype, hasMin ? castOperand(dtype, min) : -Infinity, hasMax ? castOperand(dtype, max) : Infinity];
}
/** clamp(x, min, max); either bound may be null. An integral x with float bounds gives floats. */
export function clamp(x: Tensor, min?: Bound, max?: Bound): Tensor {
  const [dtype, lo, hi] = clampArgs(x, min, max);
  return unary('clamp', x.to(dtype), lo, hi);
}
/** In-place clamp; returns x. Float bounds on an integral x throw (the result would be float). */
export function clamp_(x: Tensor, min?: Bound, max?: Bound): Tensor {
  const [dtype, lo, hi] = clampArgs(x, min, max);
  if (dtype !== x.dtype) {
    throw new TypeError(`result type ${scalarTypeName(dtype)} can't be cast to the desired output type long int`);
  }
  return unaryInplace('clamp', x, lo, hi);
}

/** In-place add: a += alpha * b; returns a. The result must fit a's shape and dtype. */
export function add_(a: Tensor, b: Operand, opts: AlphaOptions = {}): Tensor {
  const alpha = opts.alpha ?? 1;
  return alpha === 1 ? binaryInplace('add', a, b) : addScaled_(a, b, alpha, false);
}
/** In-place sub: a -= alpha * b; returns a. */
export function sub_(a: Tensor, b: Operand, opts: AlphaOptions = {}): Tensor {
  checkBoolSub(a, b);
  const alpha = opts.alpha ?? 1;
  return alpha === 1 ? binaryInplace('sub', a, b) : addScaled_(a, b, alpha, true);
}
/** In-place true division: a /= b; returns a (an integral a throws: the result is float). */
export function div_(a: Tensor, b: Operand): Tensor { return binaryInplace('div', a, b); }
/** In-place pow: a = a ** b; returns a. */
export function pow_(a: Tensor, b: Operand): Tensor { return binaryInplace('pow', a, b); }

/** In-place leakyRelu; returns x. */
export function leakyRelu_(x: Tensor, negativeSlope = 0.01): Tensor {
  checkFloating(x, 'leaky_relu_cpu');
  return unaryInplace('leakyRelu', x, castValue(x.dtype, negativeSlope));
}
