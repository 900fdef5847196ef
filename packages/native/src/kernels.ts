/**
 * The native kernels behind the Backend interface. Each checks that its call fits the addon
 * (float32, a layout the kernel reads in place, big enough to beat the Node-API call) and
 * otherwise hands the call to the fallback backend unchanged.
 */
import type { Backend, BinaryOp, ReduceOp, TypedArray, UnaryOp, View } from '@torchlet/core';
import type { NativeAddon } from './addon';
import { broadcastPeriod, isContiguous, numel, trailingRows } from './layout';

/**
 * Below these sizes the js kernels win: a Node-API call with its argument checks costs about a
 * microsecond, which the js loops spend on about this much work (bench-gemm.ts prints the
 * matmul crossover: js 0.5 us vs native 1.2 us at 8 multiply-adds, even at 64, native 1.5 us vs
 * js 5.9 us at 512; elementwise add/relu/sum of 256 floats: js 1.6-7 us, native 0.5-0.8 us).
 */
export const NATIVE_MATMUL_MIN_MACS = 128;
export const NATIVE_ELEMENTWISE_MIN = 512;

const BINARY_CODES: Partial<Record<BinaryOp, number>> = { add: 0, sub: 1, mul: 2, div: 3, maximum: 4, minimum: 5 };
const COMMUTATIVE: ReadonlySet<BinaryOp> = new Set<BinaryOp>(['add', 'mul', 'maximum', 'minimum']);
const UNARY_CODES: Partial<Record<UnaryOp, number>> = { neg: 0, abs: 1, relu: 2, sqrt: 3, square: 4, clamp: 5 };

function f32(v: View): Float32Array | null {
  const d = v.storage.data;
  return v.dtype === 'float32' && d instanceof Float32Array ? d : null;
}

/** Builds the kernels that replace `fallback`'s for large float32 work. */
export function nativeKernels(addon: NativeAddon, fallback: Backend): Pick<Backend, 'matmul' | 'binary' | 'unary' | 'reduce'> {
  // Integer arguments travel in one reused Float64Array (one lookup in C++ instead of a dozen).
  const gemmParams = new Float64Array(12);
  const params = new Float64Array(5);

  // Float32 accumulators and one fused multiply-add per k, as BLAS (and the js kernel) round;
  // `plain` (separate roundings, PyTorch's small-bmm loop) stays with the fallback.
  function matmul(a: View, b: View, out: TypedArray, plain?: boolean): void {
    const ad = f32(a), bd = f32(b);
    const [B, M, K] = a.shape as [number, number, number];
    const N = b.shape[2]!;
    if (plain || !ad || !bd || !(out instanceof Float32Array) || B * M * N * K < NATIVE_MATMUL_MIN_MACS) {
      fallback.matmul(a, b, out, plain);
      return;
    }
    gemmParams[0] = a.offset;
    gemmParams[1] = a.strides[0]!;
    gemmParams[2] = a.strides[1]!;
    gemmParams[3] = a.strides[2]!;
    gemmParams[4] = b.offset;
    gemmParams[5] = b.strides[0]!;
    gemmParams[6] = b.strides[1]!;
    gemmParams[7] = b.strides[2]!;
    gemmParams[8] = B;
    gemmParams[9] = M;
    gemmParams[10] = K;
    gemmParams[11] = N;
    addon.sgemm(ad, bd, out, gemmParams);
  }

  function binary(op: BinaryOp, a: View, b: View | number, out: TypedArray, outShape: readonly number[]): void {
    if (!binaryNative(op, a, b, out, outShape)) fallback.binary(op, a, b, out, outShape);
  }

  function binaryNative(op: BinaryOp, a: View, b: View | number, out: TypedArray, outShape: readonly number[]): boolean {
    const code = BINARY_CODES[op];
    const ad = f32(a);
    const n = numel(outShape);
    if (code === undefined || !ad || !(out instanceof Float32Array) || n < NATIVE_ELEMENTWISE_MIN) return false;
    const pa = broadcastPeriod(a, outShape);
    if (pa === null) return false;
    if (typeof b === 'number') {
      if (pa !== n) return false;
      params[0] = n;
      params[1] = a.offset;
      addon.binaryScalarF32(code, ad, b, out, params);
      return true;
    }
    const bd = f32(b);
    const pb = bd ? broadcastPeriod(b, outShape) : null;
    if (!bd || pb === null) return false;
    // A one-element operand is a scalar: float32 maths done in double rounds the same.
    if (pb === 1 && pa === n) {
      params[0] = n;
      params[1] = a.offset;
      addon.binaryScalarF32(code, ad, bd[b.offset]!, out, params);
      return true;
    }
    if (pa === 1 && pb === n && COMMUTATIVE.has(op)) {
      params[0] = n;
      params[1] = b.offset;
      addon.binaryScalarF32(code, bd, ad[a.offset]!, out, params);
      return true;
    }
    if (Math.min(pa, pb) < 64) return false;  // short rows: the per-row call overhead dominates
    params[0] = n;
    params[1] = a.offset;
    params[2] = pa;
    params[3] = b.offset;
    params[4] = pb;
    addon.binaryF32(code, ad, bd, out, params);
    return true;
  }

  function unary(op: UnaryOp, x: View, out: TypedArray, p0?: number, p1?: number): void {
    const code = UNARY_CODES[op];
    const xd = f32(x);
    const n = numel(x.shape);
    if (code === undefined || !xd || !(out instanceof Float32Array) || n < NATIVE_ELEMENTWISE_MIN || !isContiguous(x)) {
      fallback.unary(op, x, out, p0, p1);
      return;
    }
    params[0] = n;
    params[1] = x.offset;
    addon.unaryF32(code, xd, out, params, p0 ?? 0, p1 ?? 0);
  }

  function reduce(op: ReduceOp, x: View, dims: readonly number[], out: TypedArray, indices?: Int32Array): void {
    const xd = f32(x);
    const rows = op === 'sum' && xd && out instanceof Float32Array && numel(x.shape) >= NATIVE_ELEMENTWISE_MIN
      ? trailingRows(x, dims) : null;
    if (!xd || !rows || rows.len < 8) {  // PyTorch sums shorter rows another way: leave them to js
      fallback.reduce(op, x, dims, out, indices);
      return;
    }
    params[0] = rows.rows;
    params[1] = rows.len;
    params[2] = x.offset;
    addon.sumRowsF32(xd, out as Float32Array, params);
  }

  return { matmul, binary, unary, reduce };
}
