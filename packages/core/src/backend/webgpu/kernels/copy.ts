/**
 * Memory kernels: copy (strided on both sides, casting to dst's dtype) and fill. Also `cast`,
 * the WGSL conversion between element types every kernel uses (bool is u32 0/1: nonzero is true,
 * NaN included, as PyTorch's bool()).
 */
import type { View } from '../../types';
import { Bindings, entry, run } from '../dispatch';
import { expandTo, f32Bits, offsetsWgsl, own, walkMeta } from '../layout';
import type { WgslType } from '../storage';

/** WGSL converting `expr` of type `from` to `to`. */
export function cast(expr: string, from: WgslType, to: WgslType): string {
  if (from === to) return expr;
  if (to === 'u32') return `select(0u, 1u, ${expr} != ${zero(from)})`;
  return `${to}(${expr})`;
}

export function zero(t: WgslType): string {
  return t === 'f32' ? '0.0' : t === 'i32' ? '0i' : '0u';
}

/** dst = src (same shape), casting to dst's dtype; src may also broadcast to dst's shape. */
export function copyKernel(src: View, dst: View): void {
  const n = dst.elements ?? dst.shape.reduce((a, b) => a * b, 1);
  if (n === 0) return;
  const k = new Bindings();
  const s = k.slot(src), o = k.slot(dst);
  const { meta, rank } = walkMeta(dst.shape, [expandTo(src, dst.shape), own(dst)]);
  run(`copy:${rank}:${s}${o}`, () => k.wgsl() + entry(`${offsetsWgsl(rank, 2)}
  b${o}[o1] = ${cast(`b${s}[o0]`, k.type(s), k.type(o))};`), k, meta, n);
}

/** Every element of dst = value (in dst's dtype). */
export function fillKernel(dst: View, value: number): void {
  const n = dst.elements ?? dst.shape.reduce((a, b) => a * b, 1);
  if (n === 0) return;
  const k = new Bindings();
  const o = k.slot(dst);
  const t = k.type(o);
  const { meta, rank } = walkMeta(dst.shape, [own(dst)]);
  meta[1] = t === 'f32' ? f32Bits(value) : t === 'u32' ? (value !== 0 ? 1 : 0) : value | 0;
  const v = t === 'f32' ? 'bitcast<f32>(prm[1])' : t === 'u32' ? 'u32(prm[1])' : 'prm[1]';
  run(`fill:${rank}`, () => k.wgsl() + entry(`${offsetsWgsl(rank, 1)}
  b${o}[o0] = ${v};`), k, meta, n);
}
