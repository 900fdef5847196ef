/**
 * Host side of the float32 elementwise kernels: collapse the iteration
 * space to at most 4 dims, copy each operand's span into the arena, run the kernel, copy the
 * result out. Each function returns false (having written nothing) when it does not apply, and
 * the caller falls back to the TypeScript kernel. Only exactly rounded ops are routed here, so
 * results carry the TypeScript kernels' bits.
 */
import type { TypedArray } from '../../dtype';
import { expandStrides } from '../js/strided';
import type { BinaryOp, UnaryOp, View } from '../types';
import { collapse, numel, span } from './layout';
import { regions, type WasmRuntime } from './runtime';

const BINARY_CODES: Partial<Record<BinaryOp, number>> = {
  add: 0, sub: 1, mul: 2, div: 3, maximum: 4, minimum: 5, eq: 6, ne: 7, lt: 8, le: 9, gt: 10, ge: 11,
};
const UNARY_CODES: Partial<Record<UnaryOp, number>> = { identity: 0, neg: 1, abs: 2, relu: 3, sqrt: 4, square: 5 };

/** out = a op b (float32 operands; float32 or bool out). */
export function wasmBinary(rt: WasmRuntime, op: BinaryOp, a: View, b: View | number, out: TypedArray, outShape: readonly number[]): boolean {
  const code = BINARY_CODES[op];
  const isCmp = code !== undefined && code >= 6;
  if (code === undefined || a.dtype !== 'float32' || !(isCmp ? out instanceof Uint8Array : out instanceof Float32Array)) return false;
  if (typeof b === 'number' ? Math.fround(b) !== b : b.dtype !== 'float32') return false;
  const n = numel(outShape);
  if (n === 0) return true;
  const bShape = typeof b === 'number' ? [] : b.shape, bStrides = typeof b === 'number' ? [] : b.strides;
  const sa = span(a.shape, a.strides), sb = span(bShape, bStrides);
  if (sa < 0 || sb < 0) return false;
  const c = collapse(outShape, [expandStrides(a.shape, a.strides, outShape), expandStrides(bShape, bStrides, outShape)]);
  if (!c) return false;
  const r = regions(rt, [4 * sa, 4 * sb, 32, isCmp ? n : 4 * n]);
  if (!r) return false;
  const [pa, pb, ps, po] = r.at as [number, number, number, number];
  r.f32.set(a.storage.data.subarray(a.offset, a.offset + sa), pa / 4);
  if (typeof b === 'number') r.f32[pb / 4] = b;
  else r.f32.set(b.storage.data.subarray(b.offset, b.offset + sb), pb / 4);
  r.i32.set(c.strides[0]!, ps / 4);
  r.i32.set(c.strides[1]!, ps / 4 + 4);
  rt.kernels.binaryF32(code, pa, pb, ps, po, ...c.shape);
  if (isCmp) out.set(r.u8.subarray(po, po + n));
  else out.set(r.f32.subarray(po / 4, po / 4 + n));
  return true;
}

/** out = op(x) for the exactly rounded float32 unary ops. */
export function wasmUnary(rt: WasmRuntime, op: UnaryOp, x: View, out: TypedArray): boolean {
  const code = UNARY_CODES[op];
  if (code === undefined || x.dtype !== 'float32' || !(out instanceof Float32Array)) return false;
  const n = numel(x.shape), sx = span(x.shape, x.strides);
  if (n === 0) return true;
  const c = sx < 0 ? null : collapse(x.shape, [x.strides]);
  const r = c ? regions(rt, [4 * sx, 16, 4 * n]) : null;
  if (!c || !r) return false;
  const [px, ps, po] = r.at as [number, number, number];
  r.f32.set(x.storage.data.subarray(x.offset, x.offset + sx), px / 4);
  r.i32.set(c.strides[0]!, ps / 4);
  rt.kernels.unaryF32(code, px, ps, po, ...c.shape);
  out.set(r.f32.subarray(po / 4, po / 4 + n));
  return true;
}

/** out = cond ? a : b for a bool condition and float32 values. */
export function wasmWhere(rt: WasmRuntime, cond: View, a: View, b: View, out: TypedArray, outShape: readonly number[]): boolean {
  if (cond.dtype !== 'bool' || a.dtype !== 'float32' || b.dtype !== 'float32' || !(out instanceof Float32Array)) return false;
  const n = numel(outShape);
  if (n === 0) return true;
  const sc = span(cond.shape, cond.strides), sa = span(a.shape, a.strides), sb = span(b.shape, b.strides);
  if (sc < 0 || sa < 0 || sb < 0) return false;
  const c = collapse(outShape, [cond, a, b].map((v) => expandStrides(v.shape, v.strides, outShape)));
  const r = c ? regions(rt, [sc, 4 * sa, 4 * sb, 48, 4 * n]) : null;
  if (!c || !r) return false;
  const [pc, pa, pb, ps, po] = r.at as [number, number, number, number, number];
  r.u8.set(cond.storage.data.subarray(cond.offset, cond.offset + sc), pc);
  r.f32.set(a.storage.data.subarray(a.offset, a.offset + sa), pa / 4);
  r.f32.set(b.storage.data.subarray(b.offset, b.offset + sb), pb / 4);
  for (let i = 0; i < 3; i++) r.i32.set(c.strides[i]!, ps / 4 + 4 * i);
  rt.kernels.whereF32(pc, pa, pb, ps, po, ...c.shape);
  out.set(r.f32.subarray(po / 4, po / 4 + n));
  return true;
}

function denseLike(v: View, shape: readonly number[]): boolean {
  if (v.shape.length !== shape.length) return false;
  let expected = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    if (v.shape[d] !== shape[d]) return false;
    if (shape[d] !== 1 && v.strides[d] !== expected) return false;
    expected *= shape[d]!;
  }
  return true;
}

/** out = a + s * b with one rounding (needs fused multiply-add), a and b dense in outShape. */
export function wasmAddScaled(rt: WasmRuntime, a: View, b: View, s: number, out: TypedArray, outShape: readonly number[]): boolean {
  if (!rt.relaxed || a.dtype !== 'float32' || b.dtype !== 'float32' || !(out instanceof Float32Array)) return false;
  if (!denseLike(a, outShape) || !denseLike(b, outShape)) return false;
  const n = numel(outShape);
  const r = regions(rt, [4 * n, 4 * n, 4 * n]);
  if (!r) return false;
  const [pa, pb, po] = r.at as [number, number, number];
  r.f32.set(a.storage.data.subarray(a.offset, a.offset + n), pa / 4);
  r.f32.set(b.storage.data.subarray(b.offset, b.offset + n), pb / 4);
  rt.kernels.addScaledF32(pa, pb, s, po, n);
  out.set(r.f32.subarray(po / 4, po / 4 + n));
  return true;
}

