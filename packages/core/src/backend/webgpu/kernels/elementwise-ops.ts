/**
 * The WGSL of each elementwise op code, on values already converted to the compute type (f32,
 * or i32 for integer and bool inputs): an expression in `v` (unary) or `a`, `b` (binary), with
 * kernel scalars p0, p1. `pred` rows give a WGSL bool (the output is bool); `math` names the
 * functions of math-wgsl.ts they call. Semantics follow the js oracle (backend/js/elementwise.ts).
 */
import type { BinaryOp, UnaryOp } from '../../types';

export interface OpWgsl {
  /** The float (f32) form. */
  readonly f?: string;
  /** The integer (i32) form; missing: the op is float-only here. */
  readonly i?: string;
  readonly pred?: boolean;
  readonly math?: readonly string[];
}

const SQRT1_2 = '0.70710678118654752';
const GELU_BETA = '0.79788456080286536';

export const UNARY_WGSL: Record<UnaryOp, OpWgsl> = {
  identity: { f: 'v', i: 'v' },
  neg: { f: '-v', i: '-v' },
  abs: { f: 'abs(v)', i: 'abs(v)' },
  relu: { f: 'select(0.0, v, v > 0.0 || isnan_(v))', i: 'max(v, 0i)', math: ['isnan_'] },
  sqrt: { f: 'sqrt_(v)', math: ['sqrt_'] },
  square: { f: 'v * v', i: 'v * v' },
  clamp: { f: 'clamp_f(v, p0, p1)', i: 'min(max(v, p0), p1)' },
  exp: { f: 'exp(v)' },
  log: { f: 'log_(v)', math: ['log_'] },
  log1p: { f: 'log1p_(v)', math: ['log1p_'] },
  expm1: { f: 'expm1_(v)', math: ['expm1_'] },
  rsqrt: { f: '1.0 / sqrt_(v)', math: ['sqrt_'] },
  sin: { f: 'sin_(v)', math: ['trig_'] },
  cos: { f: 'cos_(v)', math: ['trig_'] },
  tan: { f: 'tan_(v)', math: ['trig_'] },
  tanh: { f: 'tanh_(v)', math: ['sinh_'] },
  sigmoid: { f: '1.0 / (1.0 + exp(-v))' },
  sign: { f: 'select(select(v, -1.0, v < 0.0), 1.0, v > 0.0)', i: 'sign(v)' },
  floor: { f: 'floor(v)', i: 'v' },
  ceil: { f: 'ceil(v)', i: 'v' },
  round: { f: 'round(v)', i: 'v' },
  trunc: { f: 'trunc(v)', i: 'v' },
  reciprocal: { f: '1.0 / v' },
  erf: { f: 'erf_(v)', math: ['erf_'] },
  logicalNot: { f: 'v == 0.0', i: 'v == 0i', pred: true },
  isnan: { f: 'isnan_(v)', i: 'false', pred: true, math: ['isnan_'] },
  isfinite: { f: '(bitcast<u32>(v) & 0x7f800000u) != 0x7f800000u', i: 'true', pred: true },
  leakyRelu: { f: 'select(v * p0, v, v > 0.0)', i: 'select(v * p0, v, v > 0i)' },
  elu: { f: 'select(v, (exp(v) - 1.0) * p0, v <= 0.0)' },
  softplus: { f: 'select(log1p_(exp(v * p0)) / p0, v, v * p0 > p1)', math: ['log1p_'] },
  gelu: { f: `v * 0.5 * (1.0 + erf_(v * ${SQRT1_2}))`, math: ['erf_'] },
  geluTanh: { f: `0.5 * v * (1.0 + tanh_(${GELU_BETA} * (v + 0.044715 * v * v * v)))`, math: ['sinh_'] },
  silu: { f: 'v / (1.0 + exp(-v))' },
  log2: { f: 'log_(v) * 1.4426950408889634', math: ['log_'] },
  log10: { f: 'log_(v) * 0.43429448190325176', math: ['log_'] },
  exp2: { f: 'exp2(v)' },
  asin: { f: 'asin_(v)', math: ['asin_'] },
  acos: { f: 'acos_(v)', math: ['asin_'] },
  atan: { f: 'atan_(v)', math: ['atan_'] },
  sinh: { f: 'sinh_(v)', math: ['sinh_'] },
  cosh: { f: 'cosh_(v)', math: ['sinh_'] },
  asinh: { f: 'asinh_(v)', math: ['ainvh_'] },
  acosh: { f: 'acosh_(v)', math: ['ainvh_'] },
  atanh: { f: 'atanh_(v)', math: ['ainvh_'] },
  erfc: { f: 'erfc_(v)', math: ['erf_'] },
  frac: { f: 'v - trunc(v)', i: '0i' },
  isinf: { f: '(bitcast<u32>(v) & 0x7fffffffu) == 0x7f800000u', i: 'false', pred: true },
  signbit: { f: '(bitcast<u32>(v) >> 31u) == 1u', i: 'v < 0i', pred: true },
  bitwiseNot: { i: '~v' },
};

export const BINARY_WGSL: Record<BinaryOp, OpWgsl> = {
  add: { f: 'a + b', i: 'a + b' },
  sub: { f: 'a - b', i: 'a - b' },
  mul: { f: 'a * b', i: 'a * b' },
  div: { f: 'a / b', i: 'select(a / b, 0i, b == 0i)' },
  maximum: { f: 'select(max(a, b), nan_(), isnan_(a) || isnan_(b))', i: 'max(a, b)', math: ['isnan_', 'nan_'] },
  minimum: { f: 'select(min(a, b), nan_(), isnan_(a) || isnan_(b))', i: 'min(a, b)', math: ['isnan_', 'nan_'] },
  eq: { f: 'a == b', i: 'a == b', pred: true },
  ne: { f: 'a != b', i: 'a != b', pred: true },
  lt: { f: 'a < b', i: 'a < b', pred: true },
  le: { f: 'a <= b', i: 'a <= b', pred: true },
  gt: { f: 'a > b', i: 'a > b', pred: true },
  ge: { f: 'a >= b', i: 'a >= b', pred: true },
  pow: { f: 'pow_(a, b)', i: 'ipow_(a, b)', math: ['pow_', 'sqrt_'] },
  atan2: { f: 'atan2_(a, b)', math: ['atan2_'] },
  fmod: { f: 'fmod_(a, b)', i: 'select(a % b, 0i, b == 0i)', math: ['fmod_'] },
  remainder: { f: 'rem_f(a, b)', i: 'rem_i(a, b)', math: ['fmod_'] },
  floorDivide: { f: 'floordiv_f(a, b)', i: 'floordiv_i(a, b)', math: ['fmod_'] },
  logicalAnd: { f: 'a != 0.0 && b != 0.0', i: 'a != 0i && b != 0i', pred: true },
  logicalOr: { f: 'a != 0.0 || b != 0.0', i: 'a != 0i || b != 0i', pred: true },
  logicalXor: { f: '(a != 0.0) != (b != 0.0)', i: '(a != 0i) != (b != 0i)', pred: true },
  copysign: { f: 'bitcast<f32>((bitcast<u32>(a) & 0x7fffffffu) | (bitcast<u32>(b) & 0x80000000u))' },
  hypot: { f: 'hypot_(a, b)', math: ['isinf_', 'inf_'] },
  bitwiseAnd: { i: 'a & b' },
  bitwiseOr: { i: 'a | b' },
  bitwiseXor: { i: 'a ^ b' },
  bitwiseLeftShift: { i: 'select(a << u32(b), 0i, b < 0i || b >= 32i)' },
  bitwiseRightShift: { i: 'select(a >> u32(b), a >> 31u, b < 0i || b >= 32i)' },
};

/** Helpers the op expressions above call that are not in math-wgsl.ts (always included, small). */
export const OP_HELPERS = `
fn clamp_f(v: f32, lo: f32, hi: f32) -> f32 { let r = select(v, lo, v < lo); return select(r, hi, r > hi); }
fn ipow_(a: i32, b: i32) -> i32 {
  if (b < 0i) { return select(0i, select(1i, select(1i, -1i, (b & 1i) == 1i), a == -1i), a == 1i || a == -1i); }
  var r = 1i; var base = a; var e = b;
  loop { if (e == 0i) { break; } if ((e & 1i) == 1i) { r = r * base; } base = base * base; e = e >> 1u; }
  return r;
}
fn rem_i(a: i32, b: i32) -> i32 {
  if (b == 0i) { return 0i; }
  let r = a % b;
  return select(r, r + b, r != 0i && ((r < 0i) != (b < 0i)));
}
fn floordiv_i(a: i32, b: i32) -> i32 {
  if (b == 0i) { return 0i; }
  let q = a / b;
  return select(q, q - 1i, (a % b != 0i) && ((a < 0i) != (b < 0i)));
}
`;

/** Float helpers that need math-wgsl.ts functions (fmod_, isinf_). */
export const FLOAT_OP_HELPERS = `
fn rem_f(a: f32, b: f32) -> f32 {
  let r = fmod_(a, b);
  return select(r, r + b, r != 0.0 && ((r < 0.0) != (b < 0.0)));
}
fn floordiv_f(a: f32, b: f32) -> f32 {
  if (b == 0.0) { return a / b; }
  let m = fmod_(a, b);
  var d = (a - m) / b;
  if (m != 0.0 && ((b < 0.0) != (m < 0.0))) { d = d - 1.0; }
  if (d == 0.0) { return select(0.0, -0.0, (a < 0.0) != (b < 0.0)); }
  var fl = floor(d);
  if (d - fl > 0.5) { fl = fl + 1.0; }
  return fl;
}
fn hypot_(a: f32, b: f32) -> f32 {
  if (isinf_(a) || isinf_(b)) { return inf_(); }
  let m = max(abs(a), abs(b));
  if (m == 0.0) { return 0.0; }
  let x = a / m; let y = b / m;
  return m * sqrt(x * x + y * y);
}
`;
