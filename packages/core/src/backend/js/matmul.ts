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

export function matmulKernel(a: View, b: View, out: TypedArray, plain = false): void {
  const [B, M, K] = a.shape as [number, number, number];
  const N = b.shape[2]!;
  const ad = hostData(a), bd = hostData(b);
  const [sab, sam, sak] = a.strides as [number, number, number];
  const [sbb, sbk, sbn] = b.strides as [number, number, number];
  const acc = new Float64Array(N);
  const f32 = out instanceof Float32Array && !plain;
  const f32Plain = out instanceof Float32Array && plain;
  const nb = f32 && K > K_BLOCK ? Math.ceil(K / K_BLOCK) : 1;
  const parts = nb > 1 ? new Float64Array(nb * N) : null;
  for (let bi = 0; bi < B; bi++) {
    const a0 = a.offset + bi * sab, b0 = b.offset + bi * sbb;
    for (let i = 0; i < M; i++) {
      const ai = a0 + i * sam;
      for (let kb = 0; kb < nb; kb++) {
        acc.fill(0);
        const k1 = nb > 1 ? Math.min(K, (kb + 1) * K_BLOCK) : K;
        for (let k = kb * K_BLOCK; k < k1; k++) {
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
        parts?.set(acc, kb * N);
      }
      if (parts) {
        sumBlocks(parts, nb, N);
        acc.set(parts.subarray(0, N));
      }
      const o = (bi * M + i) * N;
      for (let j = 0; j < N; j++) out[o + j] = acc[j]!;
    }
  }
}
