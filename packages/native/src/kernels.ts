/**
 * The native kernels behind the Backend interface. Each checks that its call fits the addon
 * (float32, a layout the kernel reads in place, big enough to beat the Node-API call) and
 * otherwise hands the call to the fallback backend unchanged. The addon writes a dense float32
 * array: `denseOut` / `settleOut` give it out's own elements, or scratch for a strided out.
 */
import {
  BINARY_OPS, UNARY_OPS, denseOut, hostData, isContiguous, numelOf, settleOut, usesSmallTn,
  type Backend, type BinaryOp, type ReduceOp, type UnaryOp, type View,
} from '@torchlet/core/backend';
import type { NativeAddon } from './addon';
import { ExactCalls } from './exact-kernels';
import { broadcastPeriod, f32, intoOut, trailingRows } from './layout';

/**
 * Below these sizes the js kernels win: a Node-API call with its argument checks costs about a
 * microsecond, which the js loops spend on about this much work (bench-gemm.ts prints the
 * matmul crossover: js 0.5 us vs native 1.2 us at 8 multiply-adds, even at 64, native 1.5 us vs
 * js 5.9 us at 512; elementwise add/relu/sum of 256 floats: js 1.6-7 us, native 0.5-0.8 us).
 */
export const NATIVE_MATMUL_MIN_MACS = 128;
export const NATIVE_ELEMENTWISE_MIN = 512;

/** The ops csrc/elementwise.cc implements, each to its code: its index in the shared list (opcodes.h). */
function opCodes<T extends string>(all: readonly T[], ops: readonly T[]): ReadonlyMap<T, number> {
  return new Map(ops.map((op) => [op, all.indexOf(op)]));
}

const BINARY_CODES = opCodes(BINARY_OPS, ['add', 'sub', 'mul', 'div', 'maximum', 'minimum']);
const UNARY_CODES = opCodes(UNARY_OPS, ['neg', 'abs', 'relu', 'sqrt', 'square', 'clamp']);
const COMPARE_CODES = opCodes(BINARY_OPS, ['eq', 'ne', 'lt', 'le', 'gt', 'ge']);
const COMMUTATIVE: ReadonlySet<BinaryOp> = new Set<BinaryOp>(['add', 'mul', 'maximum', 'minimum']);

/** One call of the addon's binary kernels: `x op s` over n elements, or a and b read periodically. */
type BinaryPlan =
  | { readonly kind: 'scalar'; readonly x: Float32Array; readonly xOff: number; readonly s: number }
  | { readonly kind: 'periodic'; readonly a: Float32Array; readonly aOff: number; readonly pa: number;
      readonly b: Float32Array; readonly bOff: number; readonly pb: number };

/** How `a op b` over n outputs maps onto the addon (out element i reads a at i mod its period), or null. */
function binaryPlan(op: BinaryOp, a: View, b: View | number, outShape: readonly number[], n: number): BinaryPlan | null {
  const ad = f32(a);
  const pa = ad ? broadcastPeriod(a, outShape) : null;
  if (!ad || pa === null) return null;
  if (typeof b === 'number') return pa === n ? { kind: 'scalar', x: ad, xOff: a.offset, s: b } : null;
  const bd = f32(b);
  const pb = bd ? broadcastPeriod(b, outShape) : null;
  if (!bd || pb === null) return null;
  // A one-element operand is a scalar: float32 maths done in double rounds the same.
  if (pb === 1 && pa === n) return { kind: 'scalar', x: ad, xOff: a.offset, s: bd[b.offset]! };
  if (pa === 1 && pb === n && COMMUTATIVE.has(op)) return { kind: 'scalar', x: bd, xOff: b.offset, s: ad[a.offset]! };
  if (Math.min(pa, pb) < 64) return null;  // short rows: the per-row call overhead dominates
  return { kind: 'periodic', a: ad, aOff: a.offset, pa, b: bd, bOff: b.offset, pb };
}

/** The addon's calls with their integer arguments in one reused Float64Array (one lookup in C++). */
class NativeCalls {
  private readonly params = new Float64Array(12);

  constructor(private readonly addon: NativeAddon) {}

  // Float32 accumulators and one fused multiply-add per k, as BLAS (and the js kernel) round;
  // `plain` (separate roundings, PyTorch's small-bmm loop) stays with the fallback.
  matmul(a: View, b: View, out: View, plain?: boolean, bare?: boolean): boolean {
    const ad = f32(a), bd = f32(b);
    const [B, M, K] = a.shape as [number, number, number];
    const N = b.shape[2]!;
    // A vector product (one row or one column) stays with the js kernel: it accumulates each output
    // over the whole K in order, as PyTorch's BLAS does there, where the native GEMM blocks K.
    // ... and so do the shapes PyTorch's BLAS sums in lanes (usesSmallTn: the js kernel replays it).
    if (plain || !ad || !bd || !f32(out) || B * M * N * K < NATIVE_MATMUL_MIN_MACS || M === 1 || N === 1 || (bare === true && usesSmallTn(a, b))) return false;
    const p = this.params;
    p[0] = a.offset;
    p.set(a.strides, 1);
    p[4] = b.offset;
    p.set(b.strides, 5);
    p[8] = B;
    p[9] = M;
    p[10] = K;
    p[11] = N;
    intoOut(out, (o) => this.addon.sgemm(ad, bd, o, p));
    return true;
  }

  binary(op: BinaryOp, a: View, b: View | number, out: View): boolean {
    const code = BINARY_CODES.get(op);
    const n = numelOf(out.shape);
    const plan = code !== undefined && f32(out) && n >= NATIVE_ELEMENTWISE_MIN ? binaryPlan(op, a, b, out.shape, n) : null;
    if (code === undefined || !plan) return false;
    const p = this.params;
    p[0] = n;
    if (plan.kind === 'scalar') {
      p[1] = plan.xOff;
      intoOut(out, (o) => this.addon.binaryScalarF32(code, plan.x, plan.s, o, p));
    } else {
      p[1] = plan.aOff;
      p[2] = plan.pa;
      p[3] = plan.bOff;
      p[4] = plan.pb;
      intoOut(out, (o) => this.addon.binaryF32(code, plan.a, plan.b, o, p));
    }
    return true;
  }

  /** `x op s` into bool for a contiguous float32 x and a number (or one-element float32) s: relu's backward mask. */
  compare(op: BinaryOp, a: View, b: View | number, out: View): boolean {
    const code = COMPARE_CODES.get(op);
    const ad = f32(a);
    const n = numelOf(out.shape);
    if (code === undefined || !ad || out.dtype !== 'bool' || n < NATIVE_ELEMENTWISE_MIN || numelOf(a.shape) !== n) return false;
    const bd = typeof b === 'number' ? null : f32(b);
    if (typeof b !== 'number' && (!bd || numelOf(b.shape) !== 1)) return false;
    if (!isContiguous(a.shape, a.strides)) return false;
    const s = typeof b === 'number' ? b : bd![b.offset]!;
    this.params[0] = n;
    this.params[1] = a.offset;
    const o = denseOut(out);
    if (!(o instanceof Uint8Array)) return false;
    this.addon.compareScalarF32(code, ad, s, o, this.params);
    settleOut(out, o);
    return true;
  }

  /** where(cond, a, b) for a dense bool cond and float32 branches that are dense or one value. */
  where(cond: View, a: View, b: View, out: View): boolean {
    const ad = f32(a), bd = f32(b);
    const n = numelOf(out.shape);
    if (!ad || !bd || !f32(out) || cond.dtype !== 'bool' || n < NATIVE_ELEMENTWISE_MIN) return false;
    const cd = hostData(cond);
    const pa = broadcastPeriod(a, out.shape), pb = broadcastPeriod(b, out.shape);
    if (!(cd instanceof Uint8Array) || broadcastPeriod(cond, out.shape) !== n || (pa !== 1 && pa !== n) || (pb !== 1 && pb !== n)) return false;
    const p = this.params;
    p[0] = n;
    p[1] = cond.offset;
    p[2] = a.offset;
    p[3] = pa;
    p[4] = b.offset;
    p[5] = pb;
    intoOut(out, (o) => this.addon.whereF32(cd, ad, bd, o, p));
    return true;
  }

  unary(op: UnaryOp, x: View, out: View, p0?: number, p1?: number): boolean {
    const code = UNARY_CODES.get(op);
    const xd = f32(x);
    const n = numelOf(x.shape);
    if (code === undefined || !xd || !f32(out) || n < NATIVE_ELEMENTWISE_MIN || !isContiguous(x.shape, x.strides)) return false;
    this.params[0] = n;
    this.params[1] = x.offset;
    intoOut(out, (o) => this.addon.unaryF32(code, xd, o, this.params, p0 ?? 0, p1 ?? 0));
    return true;
  }

  /**
   * Sums over trailing dims, or over dim 0 of a contiguous matrix (bias gradients); PyTorch sums
   * rows shorter than 8 another way, so those stay with js.
   */
  sum(op: ReduceOp, x: View, dims: readonly number[], out: View): boolean {
    const xd = f32(x);
    if (op !== 'sum' || !xd || !f32(out) || numelOf(x.shape) < NATIVE_ELEMENTWISE_MIN) return false;
    const [R, C] = x.shape;
    if (x.shape.length === 2 && dims.length === 1 && dims[0] === 0 && R! > 1 && C! >= 8 && x.strides[0] === C && x.strides[1] === 1) {
      this.params[0] = R!;
      this.params[1] = C!;
      this.params[2] = x.offset;
      intoOut(out, (o) => this.addon.sumColsF32(xd, o, this.params));
      return true;
    }
    const rows = trailingRows(x, dims);
    if (!rows || rows.len < 8) return false;
    this.params[0] = rows.rows;
    this.params[1] = rows.len;
    this.params[2] = x.offset;
    intoOut(out, (o) => this.addon.sumRowsF32(xd, o, this.params));
    return true;
  }
}

/** Builds the kernels that replace `fallback`'s for large float32 work. */
export function nativeKernels(
  addon: NativeAddon, fallback: Backend,
): Pick<Backend, 'matmul' | 'binary' | 'where' | 'unary' | 'reduce' | 'fused' | 'softmax' | 'softmaxBackward' | 'crossEntropyGrad'
  | 'geluBackward' | 'layerNorm' | 'layerNormBackward'> {
  const calls = new NativeCalls(addon);
  const exact = new ExactCalls(addon);
  return {
    matmul(a, b, out, plain, bare) {
      if (plain !== true && bare === true && exact.smallTn(a, b, out)) return;
      if (!calls.matmul(a, b, out, plain, bare)) fallback.matmul(a, b, out, plain, bare);
    },
    binary(op, a, b, out) {
      if (!calls.binary(op, a, b, out) && !calls.compare(op, a, b, out)) fallback.binary(op, a, b, out);
    },
    where(cond, a, b, out) {
      if (!calls.where(cond, a, b, out)) fallback.where(cond, a, b, out);
    },
    unary(op, x, out, p0, p1) {
      if (op === 'gelu' && exact.gelu(x, out)) return;
      if (!calls.unary(op, x, out, p0, p1)) fallback.unary(op, x, out, p0, p1);
    },
    fused(op, a, b, c, s, out) {
      if (!exact.fused(op, a, b, c, s, out)) fallback.fused(op, a, b, c, s, out);
    },
    softmax(x, out, log) {
      if (!exact.softmax(x, out, log)) fallback.softmax(x, out, log);
    },
    softmaxBackward(g, y, out, log) {
      if (!exact.softmaxBackward(g, y, out, log)) fallback.softmaxBackward(g, y, out, log);
    },
    crossEntropyGrad(logp, target, weight, ignoreIndex, reduction, grad, totalWeight, out) {
      if (!exact.crossEntropyGrad(logp, target, weight, ignoreIndex, reduction, grad, totalWeight, out)) {
        fallback.crossEntropyGrad(logp, target, weight, ignoreIndex, reduction, grad, totalWeight, out);
      }
    },
    geluBackward(g, x, out) {
      if (!exact.geluBackward(g, x, out)) fallback.geluBackward!(g, x, out);
    },
    layerNorm(x, w, b, eps, rows, cols, y, mean, rstd) {
      if (!exact.layerNorm(x, w, b, eps, rows, cols, y, mean, rstd)) fallback.layerNorm!(x, w, b, eps, rows, cols, y, mean, rstd);
    },
    layerNormBackward(dy, x, mean, rstd, w, rows, cols, dx, dw, db) {
      if (!exact.layerNormBackward(dy, x, mean, rstd, w, rows, cols, dx, dw, db)) {
        fallback.layerNormBackward!(dy, x, mean, rstd, w, rows, cols, dx, dw, db);
      }
    },
    reduce(op, x, dims, out, indices) {
      if (!calls.sum(op, x, dims, out)) fallback.reduce(op, x, dims, out, indices);
    },
  };
}
