/**
 * Batched matrix product over strided views: a [B,M,K] x b [B,K,N], i-k-j loops over one output
 * row at a time.
 *
 * float32 accumulates like PyTorch's BLAS (OpenBLAS sgemm on x86-64): a float accumulator per
 * output starting at 0 and one fused multiply-add per k in order, so small products (PyTorch's
 * tutorial sizes) carry PyTorch's bits. A K over K_BLOCK is cut into blocks of K_BLOCK, each
 * accumulated that way from 0, and the block sums are added pairwise (sumBlocks): one float
 * accumulator stops growing at 2^24 (dot of 2e7 ones gave 16777216), while BLAS keeps many
 * partial sums. With `plain`, each product and sum is rounded on its own, as PyTorch's loop for
 * small bmm does. float64 and int32 accumulate in double.
 */
import type { TypedArray } from '../../dtype';
import { fmaF32Halfway } from '../../numeric';
import type { View } from '../types';
import { hostData } from '../host';
import { smallTnKernel, usesSmallTn } from './matmul-small-tn';

const fr = Math.fround;

/** float32 products with a longer K sum blocks of this many terms pairwise (see above). */
export const K_BLOCK = 4096;

/**
 * Sums `nb` rows of `n` block sums (row b at b * n) pairwise in float32 into row 0: rows b and
 * b + w for w = 1, 2, 4, ... The wasm backend combines its blocks with the same function.
 */
export function sumBlocks(parts: Float32Array | Float64Array, nb: number, n: number): void {
  for (let w = 1; w < nb; w *= 2) {
    for (let b = 0; b + w < nb; b += 2 * w) {
      const p = b * n, q = (b + w) * n;
      for (let j = 0; j < n; j++) parts[p + j] = fr(parts[p + j]! + parts[q + j]!);
    }
  }
}

export function matmulKernel(a: View, b: View, out: TypedArray, plain = false, bare = false): void {
  const f32 = out instanceof Float32Array && !plain;
  // A bare mm/bmm that OpenBLAS's small TN kernel would take: 16-lane sums (matmul-small-tn.ts).
  if (f32 && bare && usesSmallTn(a, b)) {
    smallTnKernel(a, b, out);
    return;
  }
  if (f32 && a.shape[2]! > K_BLOCK) blockedF32(a, b, out);
  else productRows(a, b, out, plain, 0, a.shape[2]!, 0);
}

/**
 * out rows (or, with `parts`, block sums at parts[blockRow * N]) of a [:, :, k0:k1] x b [:, k0:k1, :]:
 * the i-k-j loop, one accumulator per output starting at 0.
 */
function productRows(a: View, b: View, out: TypedArray | Float64Array, plain: boolean, k0: number, k1: number, partsStride: number): void {
  const [B, M] = a.shape as [number, number, number];
  const N = b.shape[2]!;
  const ad = hostData(a), bd = hostData(b);
  const [sab, sam, sak] = a.strides as [number, number, number];
  const [sbb, sbk, sbn] = b.strides as [number, number, number];
  const acc = new Float64Array(N);
  const f32 = (out instanceof Float32Array || partsStride > 0) && !plain;
  const f32Plain = out instanceof Float32Array && plain;
  for (let bi = 0; bi < B; bi++) {
    const a0 = a.offset + bi * sab, b0 = b.offset + bi * sbb;
    for (let i = 0; i < M; i++) {
      acc.fill(0);
      const ai = a0 + i * sam;
      for (let k = k0; k < k1; k++) {
        const aik = ad[ai + k * sak]!;
        const bk = b0 + k * sbk;
        if (f32) {
          for (let j = 0; j < N; j++) {
            // fmaF32(aik, b, acc) inlined: one double rounding, fixed up on the rare halfway case.
            const bkj = bd[bk + j * sbn]!, c = acc[j]!;
            const s = aik * bkj + c;
            const f = fr(s);
            const g = 2 * s - f;
            acc[j] = g === f || fr(g) !== g ? f : fmaF32Halfway(aik, bkj, c, s, f, g);
          }
        } else if (f32Plain) {
          for (let j = 0; j < N; j++) acc[j] = fr(acc[j]! + fr(aik * bd[bk + j * sbn]!));
        } else if (sbn === 1) for (let j = 0; j < N; j++) acc[j]! += aik * bd[bk + j]!;
        else for (let j = 0; j < N; j++) acc[j]! += aik * bd[bk + j * sbn]!;
      }
      const o = partsStride > 0 ? (bi * M + i) * partsStride : (bi * M + i) * N;
      for (let j = 0; j < N; j++) out[o + j] = acc[j]!;
    }
  }
}

/** float32 with K > K_BLOCK: each block's products from 0, then the block sums pairwise (sumBlocks). */
function blockedF32(a: View, b: View, out: TypedArray): void {
  const [B, M, K] = a.shape as [number, number, number];
  const N = b.shape[2]!;
  const nb = Math.ceil(K / K_BLOCK);
  // parts[(row * nb + block) * N + j]: every row's block sums side by side.
  const rows = B * M;
  const parts = new Float64Array(rows * nb * N);
  for (let kb = 0; kb < nb; kb++) {
    const blockOut = parts.subarray(kb * N);
    productRows(a, b, blockOut, false, kb * K_BLOCK, Math.min(K, (kb + 1) * K_BLOCK), nb * N);
  }
  for (let r = 0; r < rows; r++) {
    const row = parts.subarray(r * nb * N, (r + 1) * nb * N);
    sumBlocks(row, nb, N);
    for (let j = 0; j < N; j++) out[r * N + j] = row[j]!;
  }
}
