/**
 * Host side of the float32 reductions on the WebAssembly kernels: max/min with positions (exact in
 * any order) and sum in PyTorch's cascade order (the js kernel's layout, the same block loop in
 * WebAssembly), so both carry the js kernels' bits.
 */
import type { TypedArray } from '../../dtype';
import { forEachOuterBlock, reductionLayout } from '../js/sum';
import type { ReduceOp, View } from '../types';
import { collapse, span } from './layout';
import { numelOf } from '../../shape';
import { regions, type WasmRuntime } from './runtime';
import { hostData } from '../host';

/** max/min (with positions) of float32 over `dims`, up to 4 kept and 2 reduced dims after merging. */
export function wasmArgReduce(rt: WasmRuntime, op: ReduceOp, x: View, dims: readonly number[], out: TypedArray, indices?: Int32Array): boolean {
  if ((op !== 'max' && op !== 'min') || x.dtype !== 'float32' || !(out instanceof Float32Array)) return false;
  const red = new Set(dims);
  const keptShape: number[] = [], keptStrides: number[] = [], redShape: number[] = [], redStrides: number[] = [];
  x.shape.forEach((n, d) => {
    if (red.has(d)) { redShape.push(n); redStrides.push(x.strides[d]!); }
    else { keptShape.push(n); keptStrides.push(x.strides[d]!); }
  });
  const m = numelOf(keptShape), rn = numelOf(redShape), sx = span(x.shape, x.strides);
  if (m === 0) return true;
  if (rn === 0 || sx < 0) return false;
  const k = collapse(keptShape, [keptStrides]), rd = collapse(redShape, [redStrides]);
  if (!k || !rd || rd.shape[0] !== 1 || rd.shape[1] !== 1) return false;
  const r = regions(rt, [4 * sx, 48, 4 * m, 4 * m]);
  if (!r) return false;
  const [px, pd, po, pi] = r.at as [number, number, number, number];
  r.f32.set(hostData(x).subarray(x.offset, x.offset + sx), px / 4);
  r.i32.set([...k.shape, ...k.strides[0]!, rd.shape[2], rd.shape[3], rd.strides[0]![2]!, rd.strides[0]![3]!], pd / 4);
  rt.kernels.argReduceF32(op === 'max' ? 1 : 0, px, pd, po, pi);
  out.set(r.f32.subarray(po / 4, po / 4 + m));
  indices?.set(r.i32.subarray(pi / 4, pi / 4 + m));
  return true;
}

/** sum over `dims` of float32 x into float32 out, block by block as cascadeSumKernel. */
export function wasmSum(rt: WasmRuntime, x: View, dims: readonly number[], out: TypedArray): boolean {
  if (x.dtype !== 'float32' || !(out instanceof Float32Array)) return false;
  const n = numelOf(x.shape), sx = span(x.shape, x.strides);
  if (n === 0 || sx < 0) return false;
  const r = regions(rt, [4 * sx, 4 * out.length, 4 * 128]);
  if (!r) return false;
  const [px, po, pacc] = r.at as [number, number, number];
  r.f32.set(hostData(x).subarray(x.offset, x.offset + sx), px / 4);
  r.f32.fill(0, po / 4, po / 4 + out.length);
  const L = reductionLayout(x.shape, x.strides, dims);
  const nd = L.shape.length;
  const at = (a: number[], d: number, none: number): number => (d < nd ? a[d]! : none);
  forEachOuterBlock(L, 0, (inBase, outBase) => {
    rt.kernels.sumBlockF32(px, po, inBase, outBase, at(L.inStrides, 0, 0), at(L.inStrides, 1, 0), at(L.outStrides, 0, 0),
      at(L.outStrides, 1, 0), at(L.shape, 0, 1), at(L.shape, 1, 1), pacc);
  });
  out.set(r.f32.subarray(po / 4, po / 4 + out.length));
  return true;
}
