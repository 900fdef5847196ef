// Packing for the GEMM: strided source -> zero-padded panels. Element (r, c) of a source matrix
// sits at src + 4 * (r * rs + c * cs). Contiguous layouts (row- or column-major) use 4x4 SIMD
// transposes; anything else takes the scalar path.
import { MR, NR } from './tile';

// @ts-ignore: decorator
@inline function lo(a: v128, b: v128): v128 { return v128.shuffle<f32>(a, b, 0, 4, 1, 5); }
// @ts-ignore: decorator
@inline function hi(a: v128, b: v128): v128 { return v128.shuffle<f32>(a, b, 2, 6, 3, 7); }
// @ts-ignore: decorator
@inline function lo64(a: v128, b: v128): v128 { return v128.shuffle<f32>(a, b, 0, 1, 4, 5); }
// @ts-ignore: decorator
@inline function hi64(a: v128, b: v128): v128 { return v128.shuffle<f32>(a, b, 2, 3, 6, 7); }

/** Writes the 4x4 transpose of rows v0..v3 as four vectors at dst, dst+step, dst+2*step, dst+3*step. */
// @ts-ignore: decorator
@inline function transpose4(v0: v128, v1: v128, v2: v128, v3: v128, dst: usize, step: usize): void {
  const t0 = lo(v0, v1), t1 = lo(v2, v3), t2 = hi(v0, v1), t3 = hi(v2, v3);
  v128.store(dst, lo64(t0, t1));
  v128.store(dst + step, hi64(t0, t1));
  v128.store(dst + 2 * step, lo64(t2, t3));
  v128.store(dst + 3 * step, hi64(t2, t3));
}

// @ts-ignore: decorator
@inline function at(src: usize, r: i32, c: i32, rs: i32, cs: i32): f32 {
  return load<f32>(src + ((<usize>r * rs + <usize>c * cs) << 2));
}

/** A [M,K] -> panels of MR rows: dst[panel][k][MR]. */
export function packA(src: usize, rs: i32, cs: i32, M: i32, K: i32, dst: usize): void {
  for (let i0 = 0; i0 < M; i0 += MR) {
    const full = i0 + MR <= M;
    let k = 0;
    if (full && cs == 1) {
      const r0 = src + (<usize>i0 * rs << 2), rsb = <usize>rs << 2;
      for (; k + 4 <= K; k += 4) {
        const o = <usize>k << 2;
        transpose4(v128.load(r0 + o), v128.load(r0 + rsb + o), v128.load(r0 + 2 * rsb + o), v128.load(r0 + 3 * rsb + o), dst, 16);
        dst += 64;
      }
    } else if (full && rs == 1) {
      for (; k < K; k++) {
        v128.store(dst, v128.load(src + ((<usize>i0 + <usize>k * cs) << 2)));
        dst += 16;
      }
    }
    for (; k < K; k++) {
      for (let i = 0; i < MR; i++) {
        store<f32>(dst, i0 + i < M ? at(src, i0 + i, k, rs, cs) : 0);
        dst += 4;
      }
    }
  }
}

/** B [K,N] -> panels of NR columns: dst[panel][k][NR], for panels [p0, p1) only. */
export function packB(src: usize, rs: i32, cs: i32, K: i32, N: i32, dst: usize, p0: i32, p1: i32): void {
  dst += <usize>p0 * K * NR << 2;
  for (let j0 = p0 * NR; j0 < min(N, p1 * NR); j0 += NR) {
    const full = j0 + NR <= N;
    let k = 0;
    if (full && cs == 1) {
      for (; k < K; k++) {
        const s = src + ((<usize>k * rs + j0) << 2);
        v128.store(dst, v128.load(s));
        v128.store(dst, v128.load(s, 16), 16);
        dst += 32;
      }
    } else if (full && rs == 1) {
      const csb = <usize>cs << 2;
      for (; k + 4 <= K; k += 4) {
        const c0 = src + ((<usize>j0 * cs + k) << 2);
        transpose4(v128.load(c0), v128.load(c0 + csb), v128.load(c0 + 2 * csb), v128.load(c0 + 3 * csb), dst, 32);
        const c4 = c0 + 4 * csb;
        transpose4(v128.load(c4), v128.load(c4 + csb), v128.load(c4 + 2 * csb), v128.load(c4 + 3 * csb), dst + 16, 32);
        dst += 128;
      }
    }
    for (; k < K; k++) {
      for (let j = 0; j < NR; j++) {
        store<f32>(dst, j0 + j < N ? at(src, k, j0 + j, rs, cs) : 0);
        dst += 4;
      }
    }
  }
}
