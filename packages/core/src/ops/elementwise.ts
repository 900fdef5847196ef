/** The user-facing elementwise functions (torch.add, torch.exp, ...): argument handling only. */
import type { UnaryOp } from '../backend/types';
import type { Tensor } from '../tensor';
import { binary, binaryInplace, type Operand } from './binary';
import { unary, unaryInplace } from './unary';

export interface AlphaOptions { alpha?: number }
export type RoundingMode = 'trunc' | 'floor' | null;

export function add(a: Tensor, b: Operand, opts: AlphaOptions = {}): Tensor {
  const alpha = opts.alpha ?? 1;
  return binary('add', a, alpha === 1 ? b : scaled(b, alpha));
}
export function sub(a: Tensor, b: Operand, opts: AlphaOptions = {}): Tensor {
  const alpha = opts.alpha ?? 1;
  return binary('sub', a, alpha === 1 ? b : scaled(b, alpha));
}
function scaled(b: Operand, alpha: number): Operand {
  return typeof b === 'object' ? binary('mul', b, alpha) : Number(b) * alpha;
}
export function mul(a: Tensor, b: Operand): Tensor {
  return binary('mul', a, b);
}
/** True division by default; roundingMode 'trunc' or 'floor' as torch.div. */
export function div(a: Tensor, b: Operand, opts: { roundingMode?: RoundingMode } = {}): Tensor {
  const q = binary('div', a, b);
  if (opts.roundingMode === 'trunc') return resultAsInputType(q.trunc(), a, b);
  if (opts.roundingMode === 'floor') return resultAsInputType(q.floor(), a, b);
  return q;
}
function resultAsInputType(q: Tensor, a: Tensor, b: Operand): Tensor {
  const intInputs = a.dtype === 'int32' && (typeof b === 'number' ? Number.isInteger(b) : typeof b === 'object' && b.dtype === 'int32');
  return intInputs ? q.to('int32') : q;
}
export function pow(a: Tensor, exponent: Operand): Tensor {
  if (typeof exponent === 'number' && exponent === 2) return binary('pow', a, 2);
  return binary('pow', a, exponent);
}
export function maximum(a: Tensor, b: Tensor): Tensor { return binary('maximum', a, b); }
export function minimum(a: Tensor, b: Tensor): Tensor { return binary('minimum', a, b); }
export function atan2(a: Tensor, b: Tensor): Tensor { return binary('atan2', a, b); }
export function fmod(a: Tensor, b: Operand): Tensor { return binary('fmod', a, b); }
export function remainder(a: Tensor, b: Operand): Tensor { return binary('remainder', a, b); }
export function floorDivide(a: Tensor, b: Operand): Tensor { return binary('floorDivide', a, b); }

export function eq(a: Tensor, b: Operand): Tensor { return binary('eq', a, b); }
export function ne(a: Tensor, b: Operand): Tensor { return binary('ne', a, b); }
export function lt(a: Tensor, b: Operand): Tensor { return binary('lt', a, b); }
export function le(a: Tensor, b: Operand): Tensor { return binary('le', a, b); }
export function gt(a: Tensor, b: Operand): Tensor { return binary('gt', a, b); }
export function ge(a: Tensor, b: Operand): Tensor { return binary('ge', a, b); }
export function logicalAnd(a: Tensor, b: Operand): Tensor { return binary('logicalAnd', a, b); }
export function logicalOr(a: Tensor, b: Operand): Tensor { return binary('logicalOr', a, b); }
export function logicalXor(a: Tensor, b: Operand): Tensor { return binary('logicalXor', a, b); }

const u = (op: UnaryOp) => (x: Tensor): Tensor => unary(op, x);
export const neg = u('neg'), abs = u('abs'), exp = u('exp'), exp2 = u('exp2'), expm1 = u('expm1');
export const log = u('log'), log2 = u('log2'), log10 = u('log10'), log1p = u('log1p');
export const sqrt = u('sqrt'), rsqrt = u('rsqrt'), square = u('square'), reciprocal = u('reciprocal');
export const sin = u('sin'), cos = u('cos'), tan = u('tan'), asin = u('asin'), acos = u('acos'), atan = u('atan');
export const sinh = u('sinh'), cosh = u('cosh'), tanh = u('tanh'), asinh = u('asinh'), acosh = u('acosh'), atanh = u('atanh');
export const sigmoid = u('sigmoid'), relu = u('relu'), silu = u('silu'), erf = u('erf'), erfc = u('erfc');
export const sign = u('sign'), floor = u('floor'), ceil = u('ceil'), round = u('round'), trunc = u('trunc'), frac = u('frac');
export const logicalNot = u('logicalNot'), isnan = u('isnan'), isfinite = u('isfinite'), isinf = u('isinf'), signbit = u('signbit');

export function leakyRelu(x: Tensor, negativeSlope = 0.01): Tensor { return unary('leakyRelu', x, negativeSlope); }
export function elu(x: Tensor, alpha = 1): Tensor { return unary('elu', x, alpha); }
export function softplus(x: Tensor, opts: { beta?: number; threshold?: number } = {}): Tensor {
  return unary('softplus', x, opts.beta ?? 1, opts.threshold ?? 20);
}
/** gelu(x, {approximate: 'tanh'}) for the tanh form; exact (erf) by default. */
export function gelu(x: Tensor, opts: { approximate?: 'none' | 'tanh' } = {}): Tensor {
  return unary(opts.approximate === 'tanh' ? 'geluTanh' : 'gelu', x);
}
function clampBounds(min: number | null | undefined, max: number | null | undefined): [number, number] {
  if ((min === null || min === undefined) && (max === null || max === undefined)) {
    throw new Error("torch.clamp: At least one of 'min' or 'max' must not be None");
  }
  return [min ?? NaN, max ?? NaN];
}
/** clamp(x, min, max); either bound may be null. */
export function clamp(x: Tensor, min?: number | null, max?: number | null): Tensor {
  const [lo, hi] = clampBounds(min, max);
  return unary('clamp', x, Number.isNaN(lo) ? -Infinity : lo, Number.isNaN(hi) ? Infinity : hi);
}
export function clamp_(x: Tensor, min?: number | null, max?: number | null): Tensor {
  const [lo, hi] = clampBounds(min, max);
  return unaryInplace('clamp', x, Number.isNaN(lo) ? -Infinity : lo, Number.isNaN(hi) ? Infinity : hi);
}

export function add_(a: Tensor, b: Operand, opts: AlphaOptions = {}): Tensor {
  const alpha = opts.alpha ?? 1;
  return binaryInplace('add', a, alpha === 1 ? b : scaled(b, alpha));
}
export function sub_(a: Tensor, b: Operand, opts: AlphaOptions = {}): Tensor {
  const alpha = opts.alpha ?? 1;
  return binaryInplace('sub', a, alpha === 1 ? b : scaled(b, alpha));
}
export function mul_(a: Tensor, b: Operand): Tensor { return binaryInplace('mul', a, b); }
export function div_(a: Tensor, b: Operand): Tensor { return binaryInplace('div', a, b); }
export function pow_(a: Tensor, b: Operand): Tensor { return binaryInplace('pow', a, b); }
export function relu_(x: Tensor): Tensor { return unaryInplace('relu', x); }
export function neg_(x: Tensor): Tensor { return unaryInplace('neg', x); }
export function exp_(x: Tensor): Tensor { return unaryInplace('exp', x); }
export function sqrt_(x: Tensor): Tensor { return unaryInplace('sqrt', x); }
export function sigmoid_(x: Tensor): Tensor { return unaryInplace('sigmoid', x); }
export function tanh_(x: Tensor): Tensor { return unaryInplace('tanh', x); }
