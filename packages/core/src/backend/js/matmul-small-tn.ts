/**
 * The one float32 product where OpenBLAS 0.3.21 (torch 1.13's BLAS on x86-64 with AVX-512) does
 * not accumulate each output as one fma chain over k: sgemm's small-matrix "TN" kernel
 * (sgemm_small_kernel_b0_tn_skylakex), which torch reaches when, for a row-major result,
 * the right operand is column-major and the left row-major (addmm_impl_cpu_'s stride rules), with
 * M*N <= 1200, K >= 32 and M*N*K <= 1e6 (sgemm_small_kernel_permit_skylakex). It is the
 * backward of q @ k^T in attention, for instance. Each output sums k = l mod 16 in lane l (fmas
 * from 0), then folds the 16 lanes: 4-lane groups pairwise then groups pairwise (REDUCE_4), or
 * _mm512_reduce_add_ps's halving for the last odd rows and columns.
 */
import type { View } from '../types';
import { HostStorage, hostData } from '../host';
import { fmaF32 } from '../../numeric';

const fr = Math.fround;

/** Whether torch 1.13 would hand a [B,M,K] x [B,K,N] float32 product to the small TN kernel. */
export function usesSmallTn(a: View, b: View): boolean {
  const K = a.shape[2]!;
  if (K < 32) return false; // the common small case first: no destructuring, no instanceof
  const M = a.shape[1]!, N = b.shape[2]!;
  if (a.dtype !== 'float32' || b.dtype !== 'float32' || N <= 1 || M * N > 1200 || M * N * K > 1e6) return false;
  if (!(a.storage instanceof HostStorage) || !(b.storage instanceof HostStorage)) return false;
  const [, sam, sak] = a.strides as [number, number, number];
  const [, sbk, sbn] = b.strides as [number, number, number];
  // The right operand becomes BLAS's A: transposed unless row-major (the first rule wins).
  const bRow = sbn === 1 && sbk >= Math.max(1, N);
  const bCol = sbk === 1 && sbn >= Math.max(1, K);
  // The left operand becomes BLAS's B: not transposed if row-major or copied.
  const aCol = !(sak === 1 && sam >= Math.max(1, K)) && sam === 1 && sak >= Math.max(1, M);
  return !bRow && bCol && !aCol;
}

const LANE = new Float32Array(16);

/** Lanes 4g..4g+3 pairwise, then the four groups pairwise (the REDUCE_4 shuffles). */
function reduce4(): number {
  const g = (i: number): number => fr(fr(LANE[i]! + LANE[i + 1]!) + fr(LANE[i + 2]! + LANE[i + 3]!));
  return fr(fr(g(0) + g(4)) + fr(g(8) + g(12)));
}

/** GCC's _mm512_reduce_add_ps: halves 16 -> 8 -> 4, then (0 + 2) + (1 + 3). */
function reduceAdd(): number {
  const t = new Float32Array(8);
  for (let l = 0; l < 8; l++) t[l] = fr(LANE[l + 8]! + LANE[l]!);
  for (let l = 0; l < 4; l++) t[l] = fr(t[l + 4]! + t[l]!);
  return fr(fr(t[0]! + t[2]!) + fr(t[1]! + t[3]!));
}

/** out [B,M,N] (row-major) = a @ b as the small TN kernel rounds it. */
export function smallTnKernel(a: View, b: View, out: Float32Array): void {
  const [B, M, K] = a.shape as [number, number, number];
  const N = b.shape[2]!;
  const ad = hostData(a), bd = hostData(b);
  const [sab, sam, sak] = a.strides as [number, number, number];
  const [sbb, sbk, sbn] = b.strides as [number, number, number];
  const blocks = Math.ceil(K / 16);
  // BLAS's i runs over our columns (m4 = N & ~3), its j over our rows (n4 = M & ~3).
  const m4 = N & ~3, n4 = M & ~3;
  for (let bi = 0; bi < B; bi++) {
    for (let i = 0; i < M; i++) {
      const a0 = a.offset + bi * sab + i * sam;
      for (let j = 0; j < N; j++) {
        const b0 = b.offset + bi * sbb + j * sbn;
        LANE.fill(0);
        for (let blk = 0; blk < blocks; blk++) {
          for (let l = 0; l < 16; l++) {
            const k = blk * 16 + l;
            // Masked-off lanes add fma(0, 0, acc): a -0 accumulator becomes +0.
            LANE[l] = k < K ? fmaF32(ad[a0 + k * sak]!, bd[b0 + k * sbk]!, LANE[l]!) : fr(LANE[l]! + 0);
          }
        }
        out[(bi * M + i) * N + j] = j < m4 || i < n4 ? reduce4() : reduceAdd();
      }
    }
  }
}
