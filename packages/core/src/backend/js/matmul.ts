/**
 * Batched matrix product over strided views: a [B,M,K] x b [B,K,N], i-k-j loops over one output
 * row at a time.
 *
 * float32 accumulates like PyTorch's BLAS (OpenBLAS sgemm on x86-64): a float accumulator per
 * output starting at 0 and one fused multiply-add per k in order, so small products (PyTorch's
 * tutorial sizes) carry PyTorch's bits. With `plain`, each product and sum is rounded on its own,
 * as PyTorch's loop for small bmm does. float64 and int32 accumulate in double.
 */
import type { TypedArray } from '../../dtype';
import { fmaF32Halfway } from '../../numeric';
import type { View } from '../types';
import { hostData } from '../host';

const fr = Math.fround;

export function matmulKernel(a: View, b: View, out: TypedArray, plain = false): void {
  const [B, M, K] = a.shape as [number, number, number];
  const N = b.shape[2]!;
  const ad = hostData(a), bd = hostData(b);
  const [sab, sam, sak] = a.strides as [number, number, number];
  const [sbb, sbk, sbn] = b.strides as [number, number, number];
  const acc = new Float64Array(N);
  const f32 = out instanceof Float32Array && !plain;
  const f32Plain = out instanceof Float32Array && plain;
  for (let bi = 0; bi < B; bi++) {
    const a0 = a.offset + bi * sab, b0 = b.offset + bi * sbb;
    for (let i = 0; i < M; i++) {
      acc.fill(0);
      const ai = a0 + i * sam;
      for (let k = 0; k < K; k++) {
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
      const o = (bi * M + i) * N;
      for (let j = 0; j < N; j++) out[o + j] = acc[j]!;
    }
  }
}
