/** Host side of im2col / col2im on the WebAssembly kernels (float32; same loop order as js). */
import type { TypedArray } from '../../dtype';
import type { View, WindowGeometry } from '../types';
import { span } from './layout';
import { regions, type WasmRuntime } from './runtime';
import { hostData } from '../host';

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
  r.f32.set(hostData(x).subarray(x.offset, x.offset + sx), px / 4);
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
  r.f32.set(hostData(cols).subarray(cols.offset, cols.offset + sc), pc / 4);
  r.i32.set(geometry(g, inSize[0], inSize[1]), pg / 4);
  r.f32.set(out, po / 4);
  const [sN, sK, sL] = cols.strides as [number, number, number];
  rt.kernels.col2imF32(pc, N, CK / (g.kernel[0] * g.kernel[1]), sN, sK, sL, pg, po);
  out.set(r.f32.subarray(po / 4, po / 4 + out.length));
  return true;
}
