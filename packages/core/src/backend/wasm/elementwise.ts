/**
 * Host side of the float32 elementwise, reduction and window kernels: collapse the iteration
 * space to at most 4 dims, copy each operand's span into the arena, run the kernel, copy the
 * result out. Each function returns false (having written nothing) when it does not apply, and
 * the caller falls back to the TypeScript kernel. Only exactly rounded ops are routed here, so
 * results carry the TypeScript kernels' bits.
 */
import type { TypedArray } from '../../dtype';
import { expandStrides } from '../js/strided';
import type { BinaryOp, ReduceOp, UnaryOp, View, WindowGeometry } from '../types';
import { regions, type WasmRuntime } from './runtime';

const BINARY_CODES: Partial<Record<BinaryOp, number>> = {
  add: 0, sub: 1, mul: 2, div: 3, maximum: 4, minimum: 5, eq: 6, ne: 7, lt: 8, le: 9, gt: 10, ge: 11,
};
const UNARY_CODES: Partial<Record<UnaryOp, number>> = { identity: 0, neg: 1, abs: 2, relu: 3, sqrt: 4, square: 5 };

interface Collapsed {
  readonly shape: [number, number, number, number];
  readonly strides: number[][];
}

/** Drops size-1 dims, merges dims contiguous in every operand, pads to 4; null if more remain. */
function collapse(shape: readonly number[], strides: readonly (readonly number[])[]): Collapsed | null {
  const sh: number[] = [];
  const st: number[][] = strides.map(() => []);
  for (let d = shape.length - 1; d >= 0; d--) {
    const n = shape[d]!;
    if (n === 1) continue;
    if (sh.length > 0 && strides.every((s, i) => s[d] === st[i]![0]! * sh[0]!)) {
      sh[0] = sh[0]! * n;
      continue;
    }
    sh.unshift(n);
    strides.forEach((s, i) => st[i]!.unshift(s[d]!));
  }
  if (sh.length > 4) return null;
  while (sh.length < 4) {
    sh.unshift(1);
    for (const s of st) s.unshift(0);
  }
  return { shape: sh as [number, number, number, number], strides: st };
}

/** Elements from a view's offset to its last element (strides must be non-negative). */
function span(shape: readonly number[], strides: readonly number[]): number {
  let s = 1;
  for (let d = 0; d < shape.length; d++) {
    if (strides[d]! < 0) return -1;
    s += (shape[d]! - 1) * strides[d]!;
  }
  return s;
}

function numel(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

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

/** max/min (with positions) of float32 over `dims`, up to 4 kept and 2 reduced dims after merging. */
export function wasmArgReduce(rt: WasmRuntime, op: ReduceOp, x: View, dims: readonly number[], out: TypedArray, indices?: Int32Array): boolean {
  if ((op !== 'max' && op !== 'min') || x.dtype !== 'float32' || !(out instanceof Float32Array)) return false;
  const red = new Set(dims);
  const keptShape: number[] = [], keptStrides: number[] = [], redShape: number[] = [], redStrides: number[] = [];
  x.shape.forEach((n, d) => {
    if (red.has(d)) { redShape.push(n); redStrides.push(x.strides[d]!); }
    else { keptShape.push(n); keptStrides.push(x.strides[d]!); }
  });
  const m = numel(keptShape), rn = numel(redShape), sx = span(x.shape, x.strides);
  if (m === 0) return true;
  if (rn === 0 || sx < 0) return false;
  const k = collapse(keptShape, [keptStrides]), rd = collapse(redShape, [redStrides]);
  if (!k || !rd || rd.shape[0] !== 1 || rd.shape[1] !== 1) return false;
  const r = regions(rt, [4 * sx, 48, 4 * m, 4 * m]);
  if (!r) return false;
  const [px, pd, po, pi] = r.at as [number, number, number, number];
  r.f32.set(x.storage.data.subarray(x.offset, x.offset + sx), px / 4);
  r.i32.set([...k.shape, ...k.strides[0]!, rd.shape[2], rd.shape[3], rd.strides[0]![2]!, rd.strides[0]![3]!], pd / 4);
  rt.kernels.argReduceF32(op === 'max' ? 1 : 0, px, pd, po, pi);
  out.set(r.f32.subarray(po / 4, po / 4 + m));
  indices?.set(r.i32.subarray(pi / 4, pi / 4 + m));
  return true;
}

function geometry(g: WindowGeometry, H: number, W: number): number[] {
  return [...g.kernel, ...g.stride, ...g.padding, ...g.dilation, ...g.outSize, H, W];
}

/** cols [N, C*kh*kw, oh*ow] from a float32 x [N, C, H, W]. */
export function wasmIm2col(rt: WasmRuntime, x: View, g: WindowGeometry, padValue: number, out: TypedArray): boolean {
  if (x.dtype !== 'float32' || !(out instanceof Float32Array) || Math.fround(padValue) !== padValue && !Number.isNaN(padValue)) return false;
  const [N, C, H, W] = x.shape as [number, number, number, number];
  const sx = span(x.shape, x.strides);
  const r = sx < 0 ? null : regions(rt, [4 * sx, 48, 4 * out.length]);
  if (!r) return false;
  const [px, pg, po] = r.at as [number, number, number];
  r.f32.set(x.storage.data.subarray(x.offset, x.offset + sx), px / 4);
  r.i32.set(geometry(g, H, W), pg / 4);
  const [sN, sC, sH, sW] = x.strides as [number, number, number, number];
  rt.kernels.im2colF32(px, N, C, sN, sC, sH, sW, pg, padValue, po);
  out.set(r.f32.subarray(po / 4, po / 4 + out.length));
  return true;
}

/** Adds float32 cols [N, C*kh*kw, oh*ow] into out [N, C, H, W] (contiguous), in the js kernel's order. */
export function wasmCol2im(rt: WasmRuntime, cols: View, g: WindowGeometry, inSize: readonly [number, number], out: TypedArray): boolean {
  if (cols.dtype !== 'float32' || !(out instanceof Float32Array)) return false;
  const [N, CK] = cols.shape as [number, number, number];
  const sc = span(cols.shape, cols.strides);
  const r = sc < 0 ? null : regions(rt, [4 * sc, 48, 4 * out.length]);
  if (!r) return false;
  const [pc, pg, po] = r.at as [number, number, number];
  r.f32.set(cols.storage.data.subarray(cols.offset, cols.offset + sc), pc / 4);
  r.i32.set(geometry(g, inSize[0], inSize[1]), pg / 4);
  r.f32.set(out, po / 4);
  const [sN, sK, sL] = cols.strides as [number, number, number];
  rt.kernels.col2imF32(pc, N, CK / (g.kernel[0] * g.kernel[1]), sN, sK, sL, pg, po);
  out.set(r.f32.subarray(po / 4, po / 4 + out.length));
  return true;
}
