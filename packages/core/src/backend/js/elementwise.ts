/**
 * Elementwise kernels: one tight loop per op, the op switch outside the loop.
 *
 * float32 results follow PyTorch's CPU kernels step by step: each intermediate that PyTorch rounds
 * to float is rounded here too (sigmoid is 1 / (1 + exp(-x)) with three float roundings, rsqrt is
 * 1 / sqrt(x) with two), so small tensors (PyTorch's scalar path) give PyTorch's bits. Transcendental
 * functions are JavaScript's double ones rounded once, i.e. correctly rounded in nearly all cases.
 */
import type { TypedArray } from '../../dtype';
import type { BinaryOp, UnaryOp, View } from '../types';
import { sleefCosf, sleefExpf, sleefLogf, sleefSinf, SLEEF_TRIG_MAX } from './sleef';
import { sleefCoshf, sleefExpm1f, sleefSinhf, sleefTanhf } from './sleef-tanh';
import { expandStrides, forEachRow } from './strided';
import { hostData, isDense } from '../host';
import { erf } from '../../numeric';
import { bitwiseLoop, int64Bitwise } from './bitwise';
import { activationLoop, geluTanhVec, geluVec } from './activation';
import { geluOneDnnRun } from '../../exact/gelu-onednn';
import { numelOf as numel, shapeEquals } from '../../shape';

const fr = Math.fround;

/** A reusable one-element buffer for scalar operands (kernels are synchronous). */
const SCALAR = new Float64Array(1);

/**
 * How many leading elements of a run PyTorch hands to SLEEF. exp, log, sin and cos go through its vml
 * path (SLEEF for every element, strided ones copied through a buffer); sigmoid, silu and elu
 * through cpu_kernel_vec (SLEEF for whole chunks of 16 along a contiguous run, libm for the rest
 * and for strided runs).
 */
function vectorPart(op: UnaryOp, n: number, stride: number): number {
  if (op === 'exp' || op === 'log' || op === 'sin' || op === 'cos') return n;
  if (!CHUNKED_SLEEF.has(op)) return 0; // no vector path to replay: skip sleefPart altogether
  return stride === 1 ? n - (n % 16) : 0;
}

/** The ops sleefPart replays on whole chunks of 16 (cpu_kernel_vec's vector path). */
const CHUNKED_SLEEF: ReadonlySet<UnaryOp> = new Set<UnaryOp>(['sigmoid', 'silu', 'elu', 'sinh', 'cosh', 'geluTanh', 'gelu']);

export function unaryKernel(op: UnaryOp, x: View, out: TypedArray, p0 = 0, p1 = 0): void {
  const n = numel(x.shape);
  if (n === 0) return;
  const xd = hostData(x);
  if (isDense(x)) {
    // torch 1.13 sends contiguous float32 gelu of 2+ elements to oneDNN's kernel.
    if (op === 'gelu' && n > 1 && xd instanceof Float32Array && out instanceof Float32Array) geluOneDnnRun(xd, x.offset, out, 0, n);
    else unaryLoop(op, xd, x.offset, 1, out, 0, n, p0, p1, vectorPart(op, n, 1));
    return;
  }
  forEachRow(x.shape, [x], (offs, len, last, o0) => {
    unaryLoop(op, xd, offs[0]!, last[0]!, out, o0, len, p0, p1, vectorPart(op, len, last[0]!));
  });
}

/**
 * The float32 ops whose PyTorch vector path calls SLEEF, for the first `vec` elements of a run:
 * exp, log, and sigmoid, silu and elu through exp. Returns the index where the scalar path
 * (or the generic loop) takes over.
 */
function sleefPart(op: UnaryOp, x: TypedArray, ix: number, sx: number, o: TypedArray, io: number, vec: number, p0: number): number {
  let j = 0;
  switch (op) {
    case 'exp': for (; j < vec; j++) o[io + j] = sleefExpf(x[ix + j * sx]!); break;
    case 'log': for (; j < vec; j++) o[io + j] = sleefLogf(x[ix + j * sx]!); break;
    case 'sigmoid': for (; j < vec; j++) o[io + j] = 1 / fr(1 + sleefExpf(-x[ix + j * sx]!)); break;
    case 'silu': for (; j < vec; j++) { const v = x[ix + j * sx]!; o[io + j] = v / fr(1 + sleefExpf(-v)); } break;
    case 'elu': for (; j < vec; j++) { const v = x[ix + j * sx]!; o[io + j] = v <= 0 ? fr(sleefExpf(v) - 1) * p0 : v; } break;
    case 'sinh': for (; j < vec; j++) o[io + j] = sleefSinhf(x[ix + j * sx]!); break;
    case 'cosh': for (; j < vec; j++) o[io + j] = sleefCoshf(x[ix + j * sx]!); break;
    case 'geluTanh': for (; j < vec; j++) o[io + j] = geluTanhVec(x[ix + j * sx]!); break;
    case 'gelu': for (; j < vec; j++) o[io + j] = geluVec(x[ix + j * sx]!); break;
    case 'sin': case 'cos': j = sleefTrig(op === 'sin', x, ix, sx, o, io, vec); break;
    default: break;
  }
  return j;
}

/**
 * float32 sin/cos as torch's vml path computes them: Sleef_sinf8_u10 / Sleef_cosf8_u10 on vectors
 * of 8 (the last one zero-padded). A vector with a lane of |x| >= 125 or a non-finite one takes
 * SLEEF's Payne-Hanek reduction, which is not replayed: such vectors use the correctly rounded
 * value (NaN for inf/NaN, like SLEEF), which can differ from PyTorch's in the last bit.
 */
function sleefTrig(sin: boolean, x: TypedArray, ix: number, sx: number, o: TypedArray, io: number, n: number): number {
  for (let b = 0; b < n; b += 8) {
    const e = Math.min(b + 8, n);
    let small = true;
    for (let j = b; j < e; j++) if (!(Math.abs(x[ix + j * sx]!) < SLEEF_TRIG_MAX)) small = false;
    if (small) {
      if (sin) for (let j = b; j < e; j++) o[io + j] = sleefSinf(x[ix + j * sx]!);
      else for (let j = b; j < e; j++) o[io + j] = sleefCosf(x[ix + j * sx]!);
    } else {
      for (let j = b; j < e; j++) o[io + j] = sin ? Math.sin(x[ix + j * sx]!) : Math.cos(x[ix + j * sx]!);
    }
  }
  return n;
}

function unaryLoop(op: UnaryOp, x: TypedArray, ix: number, sx: number, o: TypedArray, io: number, n: number, p0: number, p1: number, vec: number): void {
  const f32 = o instanceof Float32Array;
  let j = f32 && vec > 0 ? sleefPart(op, x, ix, sx, o, io, vec, p0) : 0;
  switch (op) {
    case 'identity': for (; j < n; j++) o[io + j] = x[ix + j * sx]!; break;
    case 'neg': for (; j < n; j++) o[io + j] = -x[ix + j * sx]!; break;
    case 'abs': for (; j < n; j++) o[io + j] = Math.abs(x[ix + j * sx]!); break;
    case 'exp': for (; j < n; j++) o[io + j] = Math.exp(x[ix + j * sx]!); break;
    case 'exp2': for (; j < n; j++) o[io + j] = 2 ** x[ix + j * sx]!; break;
    case 'expm1': // float32: SLEEF's expm1f on every element (PyTorch's vml path)
      if (f32) for (; j < n; j++) o[io + j] = sleefExpm1f(x[ix + j * sx]!);
      else for (; j < n; j++) o[io + j] = Math.expm1(x[ix + j * sx]!);
      break;
    case 'log': for (; j < n; j++) o[io + j] = Math.log(x[ix + j * sx]!); break;
    case 'log2': for (; j < n; j++) o[io + j] = Math.log2(x[ix + j * sx]!); break;
    case 'log10': for (; j < n; j++) o[io + j] = Math.log10(x[ix + j * sx]!); break;
    case 'log1p': for (; j < n; j++) o[io + j] = Math.log1p(x[ix + j * sx]!); break;
    case 'sqrt': for (; j < n; j++) o[io + j] = Math.sqrt(x[ix + j * sx]!); break;
    case 'rsqrt':
      if (f32) for (; j < n; j++) o[io + j] = 1 / fr(Math.sqrt(x[ix + j * sx]!));
      else for (; j < n; j++) o[io + j] = 1 / Math.sqrt(x[ix + j * sx]!);
      break;
    case 'square': for (; j < n; j++) { const v = x[ix + j * sx]!; o[io + j] = v * v; } break;
    case 'reciprocal': for (; j < n; j++) o[io + j] = 1 / x[ix + j * sx]!; break;
    case 'sin': for (; j < n; j++) o[io + j] = Math.sin(x[ix + j * sx]!); break;
    case 'cos': for (; j < n; j++) o[io + j] = Math.cos(x[ix + j * sx]!); break;
    case 'tan': for (; j < n; j++) o[io + j] = Math.tan(x[ix + j * sx]!); break;
    case 'asin': for (; j < n; j++) o[io + j] = Math.asin(x[ix + j * sx]!); break;
    case 'acos': for (; j < n; j++) o[io + j] = Math.acos(x[ix + j * sx]!); break;
    case 'atan': for (; j < n; j++) o[io + j] = Math.atan(x[ix + j * sx]!); break;
    case 'sinh': for (; j < n; j++) o[io + j] = Math.sinh(x[ix + j * sx]!); break;
    case 'cosh': for (; j < n; j++) o[io + j] = Math.cosh(x[ix + j * sx]!); break;
    case 'asinh': for (; j < n; j++) o[io + j] = Math.asinh(x[ix + j * sx]!); break;
    case 'acosh': for (; j < n; j++) o[io + j] = Math.acosh(x[ix + j * sx]!); break;
    case 'atanh': for (; j < n; j++) o[io + j] = Math.atanh(x[ix + j * sx]!); break;
    case 'tanh': // float32: SLEEF's tanhf, which PyTorch's vml path runs on every element
      if (f32) for (; j < n; j++) o[io + j] = sleefTanhf(x[ix + j * sx]!);
      else for (; j < n; j++) o[io + j] = Math.tanh(x[ix + j * sx]!);
      break;
    case 'relu': for (; j < n; j++) { const v = x[ix + j * sx]!; o[io + j] = v > 0 ? v : v !== v ? v : 0; } break;
    default: activationLoop(op, x, ix, sx, o, io, j, n, p0, p1); break;
    case 'sign': for (; j < n; j++) { const v = x[ix + j * sx]!; o[io + j] = v > 0 ? 1 : v < 0 ? -1 : v; } break;
    case 'signbit': for (; j < n; j++) { const v = x[ix + j * sx]!; o[io + j] = v < 0 || Object.is(v, -0) ? 1 : 0; } break;
    case 'floor': for (; j < n; j++) o[io + j] = Math.floor(x[ix + j * sx]!); break;
    case 'ceil': for (; j < n; j++) o[io + j] = Math.ceil(x[ix + j * sx]!); break;
    case 'trunc': for (; j < n; j++) o[io + j] = Math.trunc(x[ix + j * sx]!); break;
    case 'frac': for (; j < n; j++) { const v = x[ix + j * sx]!; o[io + j] = v - Math.trunc(v); } break;
    case 'round': for (; j < n; j++) o[io + j] = roundHalfEven(x[ix + j * sx]!); break;
    case 'erf': for (; j < n; j++) o[io + j] = erf(x[ix + j * sx]!); break;
    case 'erfc': for (; j < n; j++) o[io + j] = 1 - erf(x[ix + j * sx]!); break;
    case 'logicalNot': for (; j < n; j++) o[io + j] = x[ix + j * sx]! === 0 ? 1 : 0; break;
    case 'isnan': for (; j < n; j++) o[io + j] = Number.isNaN(x[ix + j * sx]!) ? 1 : 0; break;
    case 'isfinite': for (; j < n; j++) o[io + j] = Number.isFinite(x[ix + j * sx]!) ? 1 : 0; break;
    case 'isinf': for (; j < n; j++) { const v = x[ix + j * sx]!; o[io + j] = v === Infinity || v === -Infinity ? 1 : 0; } break;
    case 'bitwiseNot': // a bool's is logical not; integers flip every bit
      if (o instanceof Uint8Array) for (; j < n; j++) o[io + j] = x[ix + j * sx]! === 0 ? 1 : 0;
      else if (o instanceof Float64Array) for (; j < n; j++) o[io + j] = -x[ix + j * sx]! - 1; // int64: ~v = -v - 1
      else for (; j < n; j++) o[io + j] = ~x[ix + j * sx]!;
      break;
  }
  if (o instanceof Uint8Array && op !== 'logicalNot' && op !== 'isnan' && op !== 'isfinite' && op !== 'isinf' && op !== 'signbit') {
    for (j = 0; j < n; j++) o[io + j] = o[io + j] !== 0 ? 1 : 0;
  }
}

/** Round half to even, as torch.round and numpy do. */
export function roundHalfEven(v: number): number {
  const r = Math.round(v);
  return Math.abs(v % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/**
 * out = a op b broadcast to outShape. A number `b` is used as given: the op layer has already
 * cast it to the compute dtype (PyTorch rounds scalars to float for float32 ops), except pow's
 * exponent, which PyTorch's scalar path keeps in double.
 */
export function binaryKernel(op: BinaryOp, a: View, b: View | number, out: TypedArray, outShape: readonly number[]): void {
  const n = numel(outShape);
  if (n === 0) return;
  const ad = hostData(a);
  const aDense = shapeEquals(a.shape, outShape) && isDense(a);
  if (typeof b === 'number') {
    if (op === 'pow') {
      if (aDense) powScalarLoop(ad, a.offset, 1, b, out, 0, n);
      else forEachRow(outShape, [{ strides: expandStrides(a.shape, a.strides, outShape), offset: a.offset }], (offs, len, last, o0) => {
        powScalarLoop(ad, offs[0]!, last[0]!, b, out, o0, len);
      });
      return;
    }
    SCALAR[0] = b;
    if (aDense) {
      binaryLoop(op, ad, a.offset, 1, SCALAR, 0, 0, out, 0, n);
      toBoolIfNeeded(op, out, 0, n);
      return;
    }
    const aOp = { strides: expandStrides(a.shape, a.strides, outShape), offset: a.offset };
    forEachRow(outShape, [aOp], (offs, len, last, o0) => {
      binaryLoop(op, ad, offs[0]!, last[0]!, SCALAR, 0, 0, out, o0, len);
      toBoolIfNeeded(op, out, o0, len);
    });
    return;
  }
  const bd = hostData(b);
  if (aDense && isDense(b)) {
    const bn = numel(b.shape);
    if (bn === n && shapeEquals(b.shape, outShape)) {
      binaryLoop(op, ad, a.offset, 1, bd, b.offset, 1, out, 0, n);
      toBoolIfNeeded(op, out, 0, n);
      return;
    }
    if (bn === 1 || isTrailing(b.shape, outShape)) {
      // b repeats along the leading dims (a bias row, or one value): one loop per repeat.
      const step = bn === 1 ? 0 : 1, len = bn === 1 ? n : bn;
      for (let r = 0; r < n; r += len) binaryLoop(op, ad, a.offset + r, 1, bd, b.offset, step, out, r, len);
      toBoolIfNeeded(op, out, 0, n);
      return;
    }
  }
  const aOp = { strides: expandStrides(a.shape, a.strides, outShape), offset: a.offset };
  const bOp = { strides: expandStrides(b.shape, b.strides, outShape), offset: b.offset };
  forEachRow(outShape, [aOp, bOp], (offs, len, last, o0) => {
    binaryLoop(op, ad, offs[0]!, last[0]!, bd, offs[1]!, last[1]!, out, o0, len);
    toBoolIfNeeded(op, out, o0, len);
  });
}

/** True when `shape` (leading 1s aside) is the trailing part of `out`, so it repeats whole. */
function isTrailing(shape: readonly number[], out: readonly number[]): boolean {
  let i = 0;
  while (i < shape.length && shape[i] === 1) i++;
  const k = shape.length - i;
  if (k > out.length) return false;
  for (let j = 0; j < k; j++) if (shape[i + j] !== out[out.length - k + j]) return false;
  return true;
}

/** bool outputs of arithmetic ops (True + True) are 0/1. */
function toBoolIfNeeded(op: BinaryOp, out: TypedArray, o0: number, len: number): void {
  if (!(out instanceof Uint8Array) || isPredicate(op)) return;
  for (let j = 0; j < len; j++) out[o0 + j] = out[o0 + j] !== 0 ? 1 : 0;
}

function isPredicate(op: BinaryOp): boolean {
  return op === 'eq' || op === 'ne' || op === 'lt' || op === 'le' || op === 'gt' || op === 'ge'
    || op === 'logicalAnd' || op === 'logicalOr' || op === 'logicalXor';
}

function binaryLoop(op: BinaryOp, x: TypedArray, ix: number, sx: number, y: TypedArray, iy: number, sy: number, o: TypedArray, io: number, n: number): void {
  let j = 0;
  switch (op) {
    case 'add': for (; j < n; j++) o[io + j] = x[ix + j * sx]! + y[iy + j * sy]!; break;
    case 'sub': for (; j < n; j++) o[io + j] = x[ix + j * sx]! - y[iy + j * sy]!; break;
    case 'mul': for (; j < n; j++) o[io + j] = x[ix + j * sx]! * y[iy + j * sy]!; break;
    case 'div':
      if (o instanceof Int32Array) for (; j < n; j++) o[io + j] = Math.trunc(x[ix + j * sx]! / y[iy + j * sy]!);
      else for (; j < n; j++) o[io + j] = x[ix + j * sx]! / y[iy + j * sy]!;
      break;
    case 'pow': for (; j < n; j++) o[io + j] = powC(x[ix + j * sx]!, y[iy + j * sy]!); break;
    case 'maximum': for (; j < n; j++) { const u = x[ix + j * sx]!, v = y[iy + j * sy]!; o[io + j] = u !== u || v !== v ? NaN : u > v ? u : v; } break;
    case 'minimum': for (; j < n; j++) { const u = x[ix + j * sx]!, v = y[iy + j * sy]!; o[io + j] = u !== u || v !== v ? NaN : u < v ? u : v; } break;
    case 'atan2': for (; j < n; j++) o[io + j] = Math.atan2(x[ix + j * sx]!, y[iy + j * sy]!); break;
    case 'fmod': for (; j < n; j++) o[io + j] = x[ix + j * sx]! % y[iy + j * sy]!; break;
    case 'remainder':
      for (; j < n; j++) {
        const u = x[ix + j * sx]!, v = y[iy + j * sy]!;
        const r = u % v;
        o[io + j] = r !== 0 && (r < 0) !== (v < 0) ? r + v : r;
      }
      break;
    case 'floorDivide':
      if (o instanceof Int32Array) for (; j < n; j++) o[io + j] = Math.floor(x[ix + j * sx]! / y[iy + j * sy]!);
      else for (; j < n; j++) o[io + j] = divFloor(x[ix + j * sx]!, y[iy + j * sy]!, o instanceof Float32Array);
      break;
    case 'eq': for (; j < n; j++) o[io + j] = x[ix + j * sx]! === y[iy + j * sy]! ? 1 : 0; break;
    case 'ne': for (; j < n; j++) o[io + j] = x[ix + j * sx]! !== y[iy + j * sy]! ? 1 : 0; break;
    case 'lt': for (; j < n; j++) o[io + j] = x[ix + j * sx]! < y[iy + j * sy]! ? 1 : 0; break;
    case 'le': for (; j < n; j++) o[io + j] = x[ix + j * sx]! <= y[iy + j * sy]! ? 1 : 0; break;
    case 'gt': for (; j < n; j++) o[io + j] = x[ix + j * sx]! > y[iy + j * sy]! ? 1 : 0; break;
    case 'ge': for (; j < n; j++) o[io + j] = x[ix + j * sx]! >= y[iy + j * sy]! ? 1 : 0; break;
    case 'logicalAnd': for (; j < n; j++) o[io + j] = x[ix + j * sx]! !== 0 && y[iy + j * sy]! !== 0 ? 1 : 0; break;
    case 'logicalOr': for (; j < n; j++) o[io + j] = x[ix + j * sx]! !== 0 || y[iy + j * sy]! !== 0 ? 1 : 0; break;
    case 'logicalXor': for (; j < n; j++) o[io + j] = (x[ix + j * sx]! !== 0) !== (y[iy + j * sy]! !== 0) ? 1 : 0; break;
    case 'copysign': // |x| with y's sign bit (-0 counts as negative)
      for (; j < n; j++) { const u = Math.abs(x[ix + j * sx]!), v = y[iy + j * sy]!; o[io + j] = v < 0 || (v === 0 && 1 / v < 0) ? -u : u; }
      break;
    case 'hypot': for (; j < n; j++) o[io + j] = Math.hypot(x[ix + j * sx]!, y[iy + j * sy]!); break;
    case 'bitwiseAnd': case 'bitwiseOr': case 'bitwiseXor': case 'bitwiseLeftShift': case 'bitwiseRightShift':
      // A Float64Array result of a bitwise op is int64 (floats have no bitwise kernels).
      if (o instanceof Float64Array) { for (; j < n; j++) o[io + j] = int64Bitwise(op, x[ix + j * sx]!, y[iy + j * sy]!); break; }
      bitwiseLoop(op, x, ix, sx, y, iy, sy, o, io, n);
      break;
  }
}

/** PyTorch's div_floor for floats (Python's //): through fmod, so exact quotients stay exact. */
function divFloor(a: number, b: number, f32: boolean): number {
  if (b === 0) return a / b;
  const mod = a % b;
  let d = f32 ? fr(fr(a - mod) / b) : (a - mod) / b;
  if (mod !== 0 && (b < 0) !== (mod < 0)) d -= 1;
  if (d === 0) return Math.sign(a / b) * 0;
  let fl = Math.floor(d);
  if (d - fl > 0.5) fl += 1;
  return fl;
}

/** C's pow: 1 ** NaN is 1 and NaN ** 0 is 1 (JS gives NaN for the first). */
function powC(u: number, v: number): number {
  if (u === 1 || v === 0) return 1;
  return u ** v;
}

/**
 * x ** e for a scalar exponent with PyTorch's special cases (2: x*x, 3: x*x*x, -2: 1/(x*x),
 * 0.5: sqrt, -0.5: 1/sqrt, -1: 1/x), each rounded as PyTorch's float kernel rounds it.
 */
function powScalarLoop(x: TypedArray, ix: number, sx: number, e: number, o: TypedArray, io: number, n: number): void {
  const f32 = o instanceof Float32Array;
  const isFloat = f32 || o instanceof Float64Array;
  let j = 0;
  if (isFloat && e === 2) for (; j < n; j++) { const v = x[ix + j * sx]!; o[io + j] = v * v; }
  else if (isFloat && e === 3) {
    if (f32) for (; j < n; j++) { const v = x[ix + j * sx]!; o[io + j] = fr(v * v) * v; }
    else for (; j < n; j++) { const v = x[ix + j * sx]!; o[io + j] = v * v * v; }
  } else if (isFloat && e === -2) {
    if (f32) for (; j < n; j++) { const v = x[ix + j * sx]!; o[io + j] = 1 / fr(v * v); }
    else for (; j < n; j++) { const v = x[ix + j * sx]!; o[io + j] = 1 / (v * v); }
  } else if (isFloat && e === 0.5) for (; j < n; j++) o[io + j] = Math.sqrt(x[ix + j * sx]!);
  else if (isFloat && e === -0.5) {
    if (f32) for (; j < n; j++) o[io + j] = 1 / fr(Math.sqrt(x[ix + j * sx]!));
    else for (; j < n; j++) o[io + j] = 1 / Math.sqrt(x[ix + j * sx]!);
  } else if (isFloat && e === -1) for (; j < n; j++) o[io + j] = 1 / x[ix + j * sx]!;
  else for (; j < n; j++) o[io + j] = powC(x[ix + j * sx]!, e);
  if (o instanceof Uint8Array) for (j = 0; j < n; j++) o[io + j] = o[io + j] !== 0 ? 1 : 0;
}

/** 1 when v covers outShape contiguously, 0 when it is one value, -1 otherwise. */
function denseStep(v: View, outShape: readonly number[]): number {
  if (shapeEquals(v.shape, outShape) && isDense(v)) return 1;
  return numel(v.shape) === 1 ? 0 : -1;
}

export function whereKernel(cond: View, a: View, b: View, out: TypedArray, outShape: readonly number[]): void {
  const cd = hostData(cond), ad = hostData(a), bd = hostData(b);
  const n = numel(outShape);
  // Fast path: a dense condition with dense or single-value branches.
  const sc = denseStep(cond, outShape), sa = denseStep(a, outShape), sb = denseStep(b, outShape);
  if (sc === 1 && sa >= 0 && sb >= 0) {
    const ic = cond.offset, ia = a.offset, ib = b.offset;
    for (let j = 0; j < n; j++) out[j] = cd[ic + j] ? ad[ia + j * sa]! : bd[ib + j * sb]!;
    return;
  }
  const ops = [cond, a, b].map((v) => ({ strides: expandStrides(v.shape, v.strides, outShape), offset: v.offset }));
  forEachRow(outShape, ops, (offs, len, last, o0) => {
    const ic = offs[0]!, ia = offs[1]!, ib = offs[2]!, lc = last[0]!, la = last[1]!, lb = last[2]!;
    for (let j = 0; j < len; j++) out[o0 + j] = cd[ic + j * lc] ? ad[ia + j * la]! : bd[ib + j * lb]!;
  });
}

export function copyKernel(x: View, out: TypedArray): void {
  const xd = hostData(x);
  const toBool = out instanceof Uint8Array && !(xd instanceof Uint8Array);
  const n = numel(x.shape);
  if (isDense(x)) {
    const o = x.offset;
    if (toBool) for (let j = 0; j < n; j++) out[j] = xd[o + j] !== 0 ? 1 : 0;
    else if (n > 64 && xd.constructor === out.constructor) out.set(xd.subarray(o, o + n));
    else for (let j = 0; j < n; j++) out[j] = xd[o + j]!;
    return;
  }
  forEachRow(x.shape, [x], (offs, len, last, o0) => {
    const ix = offs[0]!, sx = last[0]!;
    if (toBool) for (let j = 0; j < len; j++) out[o0 + j] = xd[ix + j * sx] !== 0 ? 1 : 0;
    else for (let j = 0; j < len; j++) out[o0 + j] = xd[ix + j * sx]!;
  });
}

/** dst = src for a strided dst (same shape), casting to dst's type as copyKernel does. */
export function stridedCopyKernel(src: View, dst: View): void {
  const sd = hostData(src), dd = hostData(dst);
  const toBool = dd instanceof Uint8Array && !(sd instanceof Uint8Array);
  forEachRow(dst.shape, [src, dst], (offs, len, last) => {
    const is = offs[0]!, ss = last[0]!, id = offs[1]!, ds = last[1]!;
    if (toBool) for (let j = 0; j < len; j++) dd[id + j * ds] = sd[is + j * ss] !== 0 ? 1 : 0;
    else for (let j = 0; j < len; j++) dd[id + j * ds] = sd[is + j * ss]!;
  });
}
