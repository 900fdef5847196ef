/**
 * Batched matrix product over strided views: a [B,M,K] x b [B,K,N]. The TypeScript oracle: an
 * i-k-j loop accumulating each output row in float64, then rounded once into the output dtype.
 */
import type { TypedArray } from '../../dtype';
import type { View } from '../types';

export function matmulKernel(a: View, b: View, out: TypedArray): void {
  const [B, M, K] = a.shape as [number, number, number];
  const N = b.shape[2]!;
  const ad = a.storage.data, bd = b.storage.data;
  const [sab, sam, sak] = a.strides as [number, number, number];
  const [sbb, sbk, sbn] = b.strides as [number, number, number];
  const acc = new Float64Array(N);
  for (let bi = 0; bi < B; bi++) {
    const a0 = a.offset + bi * sab, b0 = b.offset + bi * sbb;
    for (let i = 0; i < M; i++) {
      acc.fill(0);
      const ai = a0 + i * sam;
      for (let k = 0; k < K; k++) {
        const aik = ad[ai + k * sak]!;
        const bk = b0 + k * sbk;
        if (sbn === 1) for (let j = 0; j < N; j++) acc[j]! += aik * bd[bk + j]!;
        else for (let j = 0; j < N; j++) acc[j]! += aik * bd[bk + j * sbn]!;
      }
      const o = (bi * M + i) * N;
      for (let j = 0; j < N; j++) out[o + j] = acc[j]!;
    }
  }
}
