/**
 * Helpers for webgpu page entries: random inputs made on the CPU and copied to webgpu (so both
 * devices see the same values), strided views of them, and an element comparison with the js
 * oracle's result that reports the worst element instead of stopping at the first.
 */
import * as torch from '@torchlet/core';
import type { Tensor } from '@torchlet/core';

/** A seeded uniform [lo, hi) float32 CPU tensor. */
export function uniform(shape: number[], lo: number, hi: number): Tensor {
  return torch.rand(shape).mul(hi - lo).add(lo);
}

/** [lo, hi) values with random signs, never nearer 0 than lo (for divisors). */
export function awayFromZero(shape: number[], lo: number, hi: number): Tensor {
  const sign = torch.rand(shape).lt(0.5).float().mul(2).sub(1);
  return uniform(shape, lo, hi).mul(sign);
}

/** The worst mismatch of got against want: |got - want| <= atol + rtol |want|, NaN matches NaN. */
export function mismatch(got: ArrayLike<number>, want: ArrayLike<number>, rtol = 1e-5, atol = 1e-6): string | null {
  if (got.length !== want.length) return `length ${got.length} != ${want.length}`;
  let worst = -1, worstExcess = 0;
  for (let i = 0; i < got.length; i++) {
    const g = got[i]!, w = want[i]!;
    if (Number.isNaN(g) && Number.isNaN(w)) continue;
    if (g === w) continue;
    const excess = Math.abs(g - w) - (atol + rtol * Math.abs(w));
    if (!(excess <= 0) && (worst < 0 || excess > worstExcess || Number.isNaN(excess))) { worst = i; worstExcess = excess; }
  }
  return worst < 0 ? null : `element ${worst}: got ${got[worst]}, want ${want[worst]} (of ${got.length})`;
}

/** Compares a webgpu tensor with a CPU one (same shape and dtype); null when they agree. */
export async function compare(gpu: Tensor, cpu: Tensor, rtol = 1e-5, atol = 1e-6): Promise<string | null> {
  if (gpu.device.type !== 'webgpu') return `expected a webgpu tensor, got ${String(gpu.device)}`;
  if (gpu.shape.join() !== cpu.shape.join()) return `shape [${gpu.shape.join()}] != [${cpu.shape.join()}]`;
  if (gpu.dtype !== cpu.dtype) return `dtype ${gpu.dtype} != ${cpu.dtype}`;
  return mismatch(await gpu.toTypedArrayAsync(), cpu.toTypedArray(), rtol, atol);
}

/** The message of what `f` throws (null when it does not). */
export function thrown(f: () => unknown): string | null {
  try {
    f();
    return null;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}
