/**
 * Host side of the float32 elementwise kernels: collapse the iteration
 * space to at most 4 dims, copy each operand's span into the arena, run the kernel, copy the
 * result out. Each function returns false (having written nothing) when it does not apply, and
 * the caller falls back to the TypeScript kernel. Only exactly rounded ops are routed here, so
 * results carry the TypeScript kernels' bits.
 */
import type { TypedArray } from '../../dtype';
import { expandStrides } from '../js/strided';
import { BINARY_OPS, UNARY_OPS, type BinaryOp, type UnaryOp, type View } from '../types';
import { collapse, span } from './layout';
import { numelOf } from '../../shape';
import { regions, type WasmRuntime } from './runtime';
import { hostData } from '../host';

/** The ops assembly/elementwise.ts implements, each to its code: its index in the shared list. */
function opCodes<T extends string>(all: readonly T[], ops: readonly T[]): ReadonlyMap<T, number> {
  return new Map(ops.map((op) => [op, all.indexOf(op)]));
}

const COMPARISONS: readonly BinaryOp[] = ['eq', 'ne', 'lt', 'le', 'gt', 'ge'];
const BINARY_CODES = opCodes(BINARY_OPS, ['add', 'sub', 'mul', 'div', 'maximum', 'minimum', ...COMPARISONS]);
const UNARY_CODES = opCodes(UNARY_OPS, ['identity', 'neg', 'abs', 'relu', 'sqrt', 'square']);

/** out = a op b (float32 operands; float32 or bool out). */
export function wasmBinary(rt: WasmRuntime, op: BinaryOp, a: View, b: View | number, out: TypedArray, outShape: readonly number[]): boolean {
  const code = BINARY_CODES.get(op);
  const isCmp = COMPARISONS.includes(op);
  if (code === undefined || a.dtype !== 'float32' || !(isCmp ? out instanceof Uint8Array : out instanceof Float32Array)) return false;
  if (typeof b === 'number' ? Math.fround(b) !== b : b.dtype !== 'float32') return false;
  const n = numelOf(outShape);
  if (n === 0) return true;
  const bShape = typeof b === 'number' ? [] : b.shape, bStrides = typeof b === 'number' ? [] : b.strides;
  const sa = span(a.shape, a.strides), sb = span(bShape, bStrides);
  if (sa < 0 || sb < 0) return false;
  const c = collapse(outShape, [expandStrides(a.shape, a.strides, outShape), expandStrides(bShape, bStrides, outShape)]);
  if (!c) return false;
  const r = regions(rt, [4 * sa, 4 * sb, 32, isCmp ? n : 4 * n]);
  if (!r) return false;
  const [pa, pb, ps, po] = r.at as [number, number, number, number];
  r.f32.set(hostData(a).subarray(a.offset, a.offset + sa), pa / 4);
  if (typeof b === 'number') r.f32[pb / 4] = b;
  else r.f32.set(hostData(b).subarray(b.offset, b.offset + sb), pb / 4);
  r.i32.set(c.strides[0]!, ps / 4);
  r.i32.set(c.strides[1]!, ps / 4 + 4);
  rt.kernels.binaryF32(code, pa, pb, ps, po, ...c.shape);
  if (isCmp) out.set(r.u8.subarray(po, po + n));
  else out.set(r.f32.subarray(po / 4, po / 4 + n));
  return true;
}

/** out = op(x) for the exactly rounded float32 unary ops. */
export function wasmUnary(rt: WasmRuntime, op: UnaryOp, x: View, out: TypedArray): boolean {
  const code = UNARY_CODES.get(op);
  if (code === undefined || x.dtype !== 'float32' || !(out instanceof Float32Array)) return false;
  const n = numelOf(x.shape), sx = span(x.shape, x.strides);
  if (n === 0) return true;
  const c = sx < 0 ? null : collapse(x.shape, [x.strides]);
  const r = c ? regions(rt, [4 * sx, 16, 4 * n]) : null;
  if (!c || !r) return false;
  const [px, ps, po] = r.at as [number, number, number];
  r.f32.set(hostData(x).subarray(x.offset, x.offset + sx), px / 4);
  r.i32.set(c.strides[0]!, ps / 4);
  rt.kernels.unaryF32(code, px, ps, po, ...c.shape);
  out.set(r.f32.subarray(po / 4, po / 4 + n));
  return true;
}

/** out = cond ? a : b for a bool condition and float32 values. */
export function wasmWhere(rt: WasmRuntime, cond: View, a: View, b: View, out: TypedArray, outShape: readonly number[]): boolean {
  if (cond.dtype !== 'bool' || a.dtype !== 'float32' || b.dtype !== 'float32' || !(out instanceof Float32Array)) return false;
  const n = numelOf(outShape);
  if (n === 0) return true;
  const sc = span(cond.shape, cond.strides), sa = span(a.shape, a.strides), sb = span(b.shape, b.strides);
  if (sc < 0 || sa < 0 || sb < 0) return false;
  const c = collapse(outShape, [cond, a, b].map((v) => expandStrides(v.shape, v.strides, outShape)));
  const r = c ? regions(rt, [sc, 4 * sa, 4 * sb, 48, 4 * n]) : null;
  if (!c || !r) return false;
  const [pc, pa, pb, ps, po] = r.at as [number, number, number, number, number];
  r.u8.set(hostData(cond).subarray(cond.offset, cond.offset + sc), pc);
  r.f32.set(hostData(a).subarray(a.offset, a.offset + sa), pa / 4);
  r.f32.set(hostData(b).subarray(b.offset, b.offset + sb), pb / 4);
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
  const n = numelOf(outShape);
  const r = regions(rt, [4 * n, 4 * n, 4 * n]);
  if (!r) return false;
  const [pa, pb, po] = r.at as [number, number, number];
  r.f32.set(hostData(a).subarray(a.offset, a.offset + n), pa / 4);
  r.f32.set(hostData(b).subarray(b.offset, b.offset + n), pb / 4);
  rt.kernels.addScaledF32(pa, pb, s, po, n);
  out.set(r.f32.subarray(po / 4, po / 4 + n));
  return true;
}

