/**
 * Host side of the one-pass conv2d and max-pool kernels (assembly/conv.ts): dense float32
 * operands are staged in linear memory, the kernel runs, the result is copied out. Each returns
 * false (having written nothing) when it does not apply; the js kernel then runs.
 */
import type { TypedArray } from '../../dtype';
import { isContiguous, numelOf } from '../../shape';
import { hostData } from '../host';
import type { View, WindowGeometry } from '../types';
import { regions, type WasmRuntime } from './runtime';

/** v's dense float32 elements (a subarray from its offset), or null. */
function denseF32(v: View): Float32Array | null {
  const d = hostData(v);
  return v.dtype === 'float32' && d instanceof Float32Array && isContiguous(v.shape, v.strides)
    ? d.subarray(v.offset, v.offset + numelOf(v.shape)) : null;
}

function geometry(g: WindowGeometry, H: number, W: number): number[] {
  return [...g.kernel, ...g.stride, ...g.padding, ...g.dilation, ...g.outSize, H, W];
}

/** Stages `inputs` and reserves `scratch` byte regions; returns the byte offsets (inputs first), or null. */
function stage(rt: WasmRuntime, inputs: readonly (Float32Array | Int32Array)[], geom: number[], scratch: readonly number[]): number[] | null {
  const r = regions(rt, [...inputs.map((a) => 4 * a.length), 48, ...scratch]);
  if (!r) return null;
  inputs.forEach((a, i) => (a instanceof Float32Array ? r.f32 : r.i32).set(a, r.at[i]! / 4));
  r.i32.set(geom, r.at[inputs.length]! / 4);
  return r.at;
}

/** Copies n floats (or ints) at byte offset p of the arena into out. */
function copyOut(rt: WasmRuntime, p: number, out: TypedArray): void {
  const src = out instanceof Int32Array ? new Int32Array(rt.memory.buffer, p, out.length) : new Float32Array(rt.memory.buffer, p, out.length);
  out.set(src);
}

export function wasmConv2d(rt: WasmRuntime, x: View, w: View, b: View | null, g: WindowGeometry, out: TypedArray): boolean {
  const xd = denseF32(x), wd = denseF32(w), bd = b === null ? new Float32Array(1) : denseF32(b);
  if (!xd || !wd || !bd || !(out instanceof Float32Array)) return false;
  const [N, C, H, W] = x.shape as [number, number, number, number];
  // Unit column stride: the register-blocked rows over a zero-bordered copy of each sample.
  const rows = g.stride[1] === 1;
  const rowsReached = Math.max(H + g.padding[0], (g.outSize[0] - 1) * g.stride[0] + (g.kernel[0] - 1) * g.dilation[0] + 1);
  const padFloats = C * rowsReached * (Math.ceil(g.outSize[1] / 16) * 16 + g.dilation[1] * (g.kernel[1] - 1)) + 16;
  const at = stage(rt, [xd, wd, bd], geometry(g, H, W), [4 * out.length, rows ? 4 * padFloats : 0]);
  if (!at) return false;
  const [px, pw, pb, pg, po, ps] = at as [number, number, number, number, number, number];
  if (rows) rt.kernels.conv2dRowsF32(px, pw, pb, b === null ? 0 : 1, po, N, C, w.shape[0]!, pg, ps);
  else rt.kernels.conv2dF32(px, pw, pb, b === null ? 0 : 1, po, N, C, w.shape[0]!, pg);
  copyOut(rt, po, out);
  return true;
}

export function wasmConv2dInputGrad(rt: WasmRuntime, gy: View, w: View, g: WindowGeometry, shape: readonly number[], out: TypedArray): boolean {
  const gd = denseF32(gy), wd = denseF32(w);
  if (!gd || !wd || !(out instanceof Float32Array)) return false;
  const [N, C, H, W] = shape as [number, number, number, number];
  const at = stage(rt, [gd, wd], geometry(g, H, W), [4 * out.length, 4 * g.outSize[0] * g.outSize[1]]);
  if (!at) return false;
  const [pg2, pw, pg, po, pc] = at as [number, number, number, number, number];
  rt.kernels.conv2dInputGradF32(pg2, pw, po, N, C, w.shape[0]!, pg, pc);
  copyOut(rt, po, out);
  return true;
}

export function wasmConv2dWeightGrad(rt: WasmRuntime, gy: View, x: View, g: WindowGeometry, O: number, out: TypedArray): boolean {
  const gd = denseF32(gy), xd = denseF32(x);
  if (!gd || !xd || !(out instanceof Float32Array)) return false;
  const [N, C, H, W] = x.shape as [number, number, number, number];
  const lp = Math.ceil(g.outSize[0] * g.outSize[1] / 16) * 16;
  const at = stage(rt, [gd, xd], geometry(g, H, W), [4 * out.length, 4 * (O + 1) * lp]);
  if (!at) return false;
  const [pgy, px, pg, po, ps] = at as [number, number, number, number, number];
  rt.kernels.conv2dWeightGradF32(pgy, px, po, N, C, O, pg, ps);
  copyOut(rt, po, out);
  return true;
}

export function wasmMaxPool2d(rt: WasmRuntime, x: View, g: WindowGeometry, out: TypedArray, idx: TypedArray): boolean {
  const xd = denseF32(x);
  if (!xd || !(out instanceof Float32Array) || !(idx instanceof Int32Array)) return false;
  const [B, H, W] = x.shape as [number, number, number];
  const at = stage(rt, [xd], geometry(g, H, W), [4 * out.length, 4 * idx.length]);
  if (!at) return false;
  const [px, pg, po, pi] = at as [number, number, number, number];
  rt.kernels.maxPool2dF32(px, po, pi, B, pg);
  copyOut(rt, po, out);
  copyOut(rt, pi, idx);
  return true;
}
