/**
 * float32 2-norms over the trailing dims of a contiguous tensor as torch 1.13's CPU kernel
 * rounds them (norm_kernel_tensor_iterator_impl's reduce-lastdim path, AVX2 build): per row,
 * 8 lanes accumulate x * x with fmas, the lanes are added in order; the tail (size % 8) goes in
 * runs of 4 whose squares are rounded before each add (GCC's vectorised epilogue), the last
 * 1-3 elements with fmas; then sqrt. clip_grad_norm_'s total norm is this over every gradient.
 */
import { HostStorage } from '../backend/host';
import { fmaF32Halfway } from '../numeric';
import type { Tensor } from '../tensor';
import { fromHost } from './util';

const fr = Math.fround;

/** fmaF32(v, v, acc) written here so that V8 inlines it into the row loop (a module getter stops that under tsx). */
function fmaSq(v: number, acc: number): number {
  const s = v * v + acc;
  const f = fr(s);
  const g = 2 * s - f;
  if (g === f || fr(g) !== g) return f;
  return +fmaF32Halfway(v, v, acc, s, f, g);
}

/** One row x[off .. off+n). The 8 lanes live in locals: an array per row costs more than the row at W5's sizes. */
export function normTwoRowF32(x: Float32Array, off: number, n: number): number {
  const nv = n - (n % 8);
  let a0 = 0, a1 = 0, a2 = 0, a3 = 0, a4 = 0, a5 = 0, a6 = 0, a7 = 0;
  for (let i = off, end = off + nv; i < end; i += 8) {
    a0 = fmaSq(x[i]!, a0); a1 = fmaSq(x[i + 1]!, a1); a2 = fmaSq(x[i + 2]!, a2); a3 = fmaSq(x[i + 3]!, a3);
    a4 = fmaSq(x[i + 4]!, a4); a5 = fmaSq(x[i + 5]!, a5); a6 = fmaSq(x[i + 6]!, a6); a7 = fmaSq(x[i + 7]!, a7);
  }
  let s = fr(fr(fr(fr(fr(fr(fr(a0 + a1) + a2) + a3) + a4) + a5) + a6) + a7);
  let d = nv;
  for (; n - d >= 4; d += 4) {
    for (let j = 0; j < 4; j++) { const v = x[off + d + j]!; s = fr(s + fr(v * v)); }
  }
  for (; d < n; d++) s = fmaSq(x[off + d]!, s);
  return fr(Math.sqrt(s));
}

/** A float32 contiguous CPU tensor's values without a copy where its storage is a host array. */
function hostValues(x: Tensor): { data: Float32Array; off: number } | null {
  const st = x.storage;
  if (st instanceof HostStorage && st.data instanceof Float32Array) return { data: st.data, off: x.offset };
  const data = x.toTypedArray();
  return data instanceof Float32Array ? { data, off: 0 } : null;
}

/**
 * clip_grad_norm_'s total 2-norm, `stack([g.norm() for g in grads]).norm()`, in one pass over the
 * gradients (same roundings: each a whole-tensor row, then the row of their norms); null unless
 * every gradient is a contiguous float32 CPU tensor.
 */
export function totalNormTwoF32(grads: readonly Tensor[]): Tensor | null {
  const norms = new Float32Array(grads.length);
  for (let i = 0; i < grads.length; i++) {
    const g = grads[i]!;
    if (g.storage.device !== 'cpu' || g.dtype !== 'float32' || g.shape.length === 0 || g.numel() === 0 || !g.isContiguous()) return null;
    const h = hostValues(g);
    if (h === null) return null;
    norms[i] = normTwoRowF32(h.data, h.off, g.numel());
  }
  return fromHost(new Float32Array([normTwoRowF32(norms, 0, norms.length)]), [], 'float32', 'cpu');
}

/**
 * The 2-norm of x over `dims` when that is torch's vectorised case (float32, contiguous, dims the
 * trailing ones); null otherwise.
 */
export function normTwoF32(x: Tensor, dims: readonly number[], keepdim: boolean): Tensor | null {
  const nd = x.shape.length;
  // Host rows only: a GPU tensor takes the composed path (no synchronous read there).
  if (x.storage.device !== 'cpu' || x.dtype !== 'float32' || nd === 0 || x.numel() === 0 || !x.isContiguous()) return null;
  const sorted = [...dims].sort((p, q) => p - q);
  if (sorted.length === 0 || sorted.some((d, i) => d !== nd - sorted.length + i)) return null;
  const lead = x.shape.slice(0, nd - sorted.length);
  const n = x.numel() / lead.reduce((p, q) => p * q, 1);
  const h = hostValues(x);
  if (h === null) return null;
  const rows = x.numel() / n;
  const out = new Float32Array(rows);
  for (let r = 0; r < rows; r++) out[r] = normTwoRowF32(h.data, h.off + r * n, n);
  const shape = keepdim ? [...lead, ...sorted.map(() => 1)] : lead;
  return fromHost(out, shape, 'float32', x.storage.device);
}
