// Single-precision GEMM: panel packing plus a 4x8 register-tiled f32x4 micro-kernel.
// C[M,N] (row stride ldc floats) = A[M,K] B[K,N]. Packed A: panels of MR rows, [panel][k][MR];
// packed B: panels of NR columns, [panel][k][NR]; both zero-padded so the kernel has no edges.
// C is written as whole MR x NR tiles, so its buffer must be padded to MR rows and NR columns.
import { madd } from './simd';
import { packA, packB } from './pack';
import { MR, NR } from './tile';

const KC: i32 = 512;
const MC: i32 = 64;

// @ts-ignore: decorator
@inline function micro(pa: usize, pb: usize, c: usize, ldc: usize, kc: i32, acc: bool): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0), c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0), c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  if (acc) {
    c00 = v128.load(c); c01 = v128.load(c, 16);
    c10 = v128.load(c + ldc); c11 = v128.load(c + ldc, 16);
    c20 = v128.load(c + 2 * ldc); c21 = v128.load(c + 2 * ldc, 16);
    c30 = v128.load(c + 3 * ldc); c31 = v128.load(c + 3 * ldc, 16);
  }
  for (let k = 0; k < kc; k++) {
    const b0 = v128.load(pb), b1 = v128.load(pb, 16);
    const a0 = v128.load32_splat(pa);
    c00 = madd(a0, b0, c00); c01 = madd(a0, b1, c01);
    const a1 = v128.load32_splat(pa, 4);
    c10 = madd(a1, b0, c10); c11 = madd(a1, b1, c11);
    const a2 = v128.load32_splat(pa, 8);
    c20 = madd(a2, b0, c20); c21 = madd(a2, b1, c21);
    const a3 = v128.load32_splat(pa, 12);
    c30 = madd(a3, b0, c30); c31 = madd(a3, b1, c31);
    pa += 16; pb += 32;
  }
  v128.store(c, c00); v128.store(c, c01, 16);
  v128.store(c + ldc, c10); v128.store(c + ldc, c11, 16);
  v128.store(c + 2 * ldc, c20); v128.store(c + 2 * ldc, c21, 16);
  v128.store(c + 3 * ldc, c30); v128.store(c + 3 * ldc, c31, 16);
}

/** Computes the C tiles of column panels [p0, p1) for all rows; threads split the panel range. */
export function gemmPanels(pa: usize, pb: usize, c: usize, ldc: i32, M: i32, K: i32, p0: i32, p1: i32): void {
  const Mp = (M + MR - 1) / MR * MR;
  const ldcb = <usize>ldc << 2;
  for (let pc = 0; pc < K; pc += KC) {
    const kc = min(KC, K - pc);
    for (let ic = 0; ic < Mp; ic += MC) {
      const ie = min(ic + MC, Mp);
      for (let p = p0; p < p1; p++) {
        const pbp = pb + ((<usize>p * K + pc) * NR << 2);
        const cp = c + (<usize>(p * NR) << 2);
        for (let i = ic; i < ie; i += MR) {
          micro(pa + ((<usize>i * K + <usize>pc * MR) << 2), pbp, cp + <usize>i * ldcb, ldcb, kc, pc > 0);
        }
      }
    }
  }
}

/**
 * One thread's share of C = A B with A already packed: packs B's column panels [p0, p1) from
 * the strided source, then computes their tiles for rows [r0, r1) (multiples of MR).
 */
export function matmulTask(
  pa: usize, bsrc: usize, brs: i32, bcs: i32, pb: usize, c: usize, ldc: i32,
  M: i32, N: i32, K: i32, p0: i32, p1: i32, r0: i32, r1: i32, packB_: bool,
): void {
  if (packB_) packB(bsrc, brs, bcs, K, N, pb, p0, p1);
  gemmPanels(pa + (<usize>r0 * K << 2), pb, c + (<usize>r0 * ldc << 2), ldc, min(r1, M) - r0, K, p0, p1);
}

/**
 * Batches [b0, b1) of C[b] = A[b] B[b] for small products, all in one call: A and B are staged
 * matrices with element strides (batch stride 0 = broadcast, packed once), pa/pb/c are this
 * thread's scratch panels, and each C[b] is written compactly at out + b*M*N floats.
 */
export function matmulBatch(
  a: usize, sab: i32, sam: i32, sak: i32, b: usize, sbb: i32, sbk: i32, sbn: i32,
  M: i32, N: i32, K: i32, b0: i32, b1: i32, pa: usize, pb: usize, c: usize, out: usize,
): void {
  const Np = (N + NR - 1) / NR * NR;
  const P = Np / NR;
  const rowBytes = <usize>N << 2;
  for (let bi = b0; bi < b1; bi++) {
    if (bi == b0 || sab != 0) packA(a + (<usize>(bi * sab) << 2), sam, sak, M, K, pa);
    if (bi == b0 || sbb != 0) packB(b + (<usize>(bi * sbb) << 2), sbk, sbn, K, N, pb, 0, P);
    gemmPanels(pa, pb, c, Np, M, K, 0, P);
    const o = out + (<usize>bi * M * N << 2);
    if (Np == N) memory.copy(o, c, <usize>M * rowBytes);
    else for (let i = 0; i < M; i++) memory.copy(o + <usize>i * rowBytes, c + (<usize>(i * Np) << 2), rowBytes);
  }
}
