/**
 * float32 batched matmul on the WebAssembly kernels. Per batch: copy A's and B's spans into the
 * arena (one memcpy when the view is dense, e.g. a transpose), pack them into zero-padded panels,
 * run the 4x8 register-tiled kernel (split over threads for large products), copy C out.
 * O(n^2) copies around O(n^3) work; the arena is reused, so nothing is left for users to free.
 */
import type { View } from '../types';
import { MR, NR, align64, arena, type WasmRuntime } from './runtime';
import type { ThreadPool } from './threads';

/** Products with fewer multiply-adds than this stay on one thread (waking a worker costs ~10 us). */
const THREAD_MIN_MACS = 1 << 20;

interface Staged {
  /** Float offset of the staged matrix in the arena view. */
  readonly at: number;
  readonly rs: number;
  readonly cs: number;
  /** Floats the staging area needs. */
  readonly size: number;
}

/** How a [rows, cols] slice with strides (rs, cs) is staged: its dense span, or a gathered copy. */
function plan(rows: number, cols: number, rs: number, cs: number): { dense: boolean; size: number } {
  const span = (rows - 1) * rs + (cols - 1) * cs + 1;
  return span <= 2 * rows * cols + 16 ? { dense: true, size: span } : { dense: false, size: rows * cols };
}

function stage(f: Float32Array, at: number, data: Float32Array, off: number, rows: number, cols: number,
  rs: number, cs: number, dense: boolean): Staged {
  if (dense) {
    const span = (rows - 1) * rs + (cols - 1) * cs + 1;
    f.set(data.subarray(off, off + span), at);
    return { at, rs, cs, size: span };
  }
  let o = at;
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) f[o++] = data[off + i * rs + j * cs]!;
  return { at, rs: cols, cs: 1, size: rows * cols };
}

/**
 * out[B,M,N] = a[B,M,K] @ b[B,K,N] for float32 views with non-negative strides. Returns false
 * (and does nothing) when the arena cannot hold the operands; the caller then uses the js kernel.
 */
export function wasmMatmul(rt: WasmRuntime, pool: ThreadPool | null, a: View, b: View, out: Float32Array): boolean {
  const [B, M, K] = a.shape as [number, number, number];
  const N = b.shape[2]!;
  if (B * M * N === 0) return true;
  if (K === 0) { out.fill(0); return true; }
  const [sab, sam, sak] = a.strides as [number, number, number];
  const [sbb, sbk, sbn] = b.strides as [number, number, number];
  const ad = a.storage.data, bd = b.storage.data;
  if (!(ad instanceof Float32Array) || !(bd instanceof Float32Array)) return false;
  const Mp = Math.ceil(M / MR) * MR, Np = Math.ceil(N / NR) * NR, P = Np / NR;
  const pa = plan(M, K, sam, sak), pb = plan(K, N, sbk, sbn);
  // Arena layout (bytes): stageA | stageB | packed A | packed B | C.
  const sA = rt.base, sB = sA + align64(pa.size * 4), pA = sB + align64(pb.size * 4);
  const pB = pA + align64(Mp * K * 4), c = pB + align64(K * Np * 4), end = c + align64(Mp * Np * 4);
  const f = arena(rt, end - rt.base);
  if (!f) return false;

  const macs = M * N * K;
  const workers = pool && macs >= THREAD_MIN_MACS ? pool.ready() : [];
  const T = workers.length + 1;
  const splitCols = P >= 2 * T || P >= Mp / MR;
  let bs: Staged | null = null;
  for (let bi = 0; bi < B; bi++) {
    if (bi === 0 || sab !== 0) {
      const s = stage(f, sA / 4, ad, a.offset + bi * sab, M, K, sam, sak, pa.dense);
      rt.kernels.packA(s.at * 4, s.rs, s.cs, M, K, pA);
    }
    const packB = bi === 0 || sbb !== 0;
    if (packB) bs = stage(f, sB / 4, bd, b.offset + bi * sbb, K, N, sbk, sbn, pb.dense);
    const { at, rs, cs } = bs!;
    const task = (p0: number, p1: number, r0: number, r1: number, pk: boolean): Args15 =>
      [pA, at * 4, rs, cs, pB, c, Np, M, N, K, p0, p1, r0, r1, pk ? 1 : 0];
    if (T === 1) {
      rt.kernels.matmulTask(...task(0, P, 0, M, packB));
    } else if (splitCols) {
      // Each thread packs and computes its own column panels.
      for (let t = 1; t < T; t++) pool!.start(workers[t - 1]!, task(Math.floor(t * P / T), Math.floor((t + 1) * P / T), 0, M, packB));
      rt.kernels.matmulTask(...task(0, Math.floor(P / T), 0, M, packB));
      for (const w of workers) pool!.join(w);
    } else {
      // Few columns: pack B here, then split the rows in MR multiples.
      if (packB) rt.kernels.matmulTask(...task(0, P, 0, 0, true));
      const tiles = Mp / MR;
      const row = (t: number): number => Math.floor(t * tiles / T) * MR;
      for (let t = 1; t < T; t++) pool!.start(workers[t - 1]!, task(0, P, row(t), row(t + 1), false));
      rt.kernels.matmulTask(...task(0, P, 0, row(1), false));
      for (const w of workers) pool!.join(w);
    }
    const o = bi * M * N, c4 = c / 4;
    if (Np === N) out.set(f.subarray(c4, c4 + M * N), o);
    else for (let i = 0; i < M; i++) out.set(f.subarray(c4 + i * Np, c4 + i * Np + N), o + i * N);
  }
  return true;
}

type Args15 = [number, number, number, number, number, number, number, number, number, number, number, number, number, number, number];
