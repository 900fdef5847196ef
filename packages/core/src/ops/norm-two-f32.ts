/**
 * float32 2-norms over the trailing dims of a contiguous tensor as torch 1.13's CPU kernel
 * rounds them (norm_kernel_tensor_iterator_impl's reduce-lastdim path, AVX2 build): per row,
 * 8 lanes accumulate x * x with fmas, the lanes are added in order; the tail (size % 8) goes in
 * runs of 4 whose squares are rounded before each add (GCC's vectorised epilogue), the last
 * 1-3 elements with fmas; then sqrt. clip_grad_norm_'s total norm is this over every gradient.
 */
import { fmaF32 } from '../numeric';
import type { Tensor } from '../tensor';
import { fromHost } from './util';

const fr = Math.fround;

/** One row x[off .. off+n). */
export function normTwoRowF32(x: Float32Array, off: number, n: number): number {
  const nv = n - (n % 8);
  const acc = new Float32Array(8);
  for (let d = 0; d < nv; d += 8) {
    for (let l = 0; l < 8; l++) { const v = x[off + d + l]!; acc[l] = fmaF32(v, v, acc[l]!); }
  }
  let s = acc[0]!;
  for (let l = 1; l < 8; l++) s = fr(s + acc[l]!);
  let d = nv;
  for (; n - d >= 4; d += 4) {
    for (let j = 0; j < 4; j++) { const v = x[off + d + j]!; s = fr(s + fr(v * v)); }
  }
  for (; d < n; d++) { const v = x[off + d]!; s = fmaF32(v, v, s); }
  return fr(Math.sqrt(s));
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
  const data = x.toTypedArray();
  if (!(data instanceof Float32Array)) return null;
  const rows = x.numel() / n;
  const out = new Float32Array(rows);
  for (let r = 0; r < rows; r++) out[r] = normTwoRowF32(data, r * n, n);
  const shape = keepdim ? [...lead, ...sorted.map(() => 1)] : lead;
  return fromHost(out, shape, 'float32', x.storage.device);
}
