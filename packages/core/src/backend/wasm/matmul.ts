/**
 * float32 batched matmul on the WebAssembly kernels: copy A's and B's spans into the arena (one
 * memcpy when the view is dense, e.g. a transpose or a broadcast batch), then either run the
 * batches in one kernel call (split over threads by batch) or, for fewer batches than threads,
 * split each product's column panels (or rows) over threads. Kernels pack into zero-padded
 * panels and run a 4x8 register-tiled micro-kernel. O(n^2) copies around O(n^3) work; the arena
 * is reused, so nothing is left for users to free. A K over K_BLOCK runs as one product per block
 * of K_BLOCK (pointers moved along K), and the block results are added pairwise as the js kernel
 * does (sumBlocks), so long dot products keep their precision and both backends their bits.
 */
import type { View } from '../types';
import { ARENA_CAP, MR, NR, regions, type ArenaViews, type WasmRuntime } from './runtime';
import type { ThreadPool } from './threads';
import { hostData } from '../host';
import { K_BLOCK, sumBlocks } from '../js/matmul';

/** Products with fewer multiply-adds than this stay on one thread (waking a worker costs ~10 us). */
const THREAD_MIN_MACS = 1 << 20;

/** A [B, R, C] operand staged in the arena: where, and its element strides there. */
interface Staging {
  readonly dense: boolean;
  /** Floats the staging area needs. */
  readonly size: number;
  readonly strides: [number, number, number];
}

function planStage(v: View): Staging {
  const [B, R, C] = v.shape as [number, number, number];
  const s = v.strides as [number, number, number];
  const span = (B - 1) * s[0] + (R - 1) * s[1] + (C - 1) * s[2] + 1;
  const count = (s[0] === 0 ? 1 : B) * R * C;
  if (span <= 2 * count + 16) return { dense: true, size: span, strides: s };
  return { dense: false, size: count, strides: [s[0] === 0 ? 0 : R * C, C, 1] };
}

function stage(f: Float32Array, at: number, v: View, st: Staging): void {
  const data = hostData(v);
  if (st.dense) {
    f.set(data.subarray(v.offset, v.offset + st.size), at);
    return;
  }
  const [B, R, C] = v.shape as [number, number, number];
  const [s0, s1, s2] = v.strides as [number, number, number];
  let o = at;
  for (let b = 0; b < (s0 === 0 ? 1 : B); b++) {
    for (let i = 0; i < R; i++) {
      const row = v.offset + b * s0 + i * s1;
      for (let j = 0; j < C; j++) f[o++] = data[row + j * s2]!;
    }
  }
}

type Args15 = [number, number, number, number, number, number, number, number, number, number, number, number, number, number, number];
type Args17 = [...Args15, number, number];

/**
 * out[B,M,N] = a[B,M,K] @ b[B,K,N] for float32 views with non-negative strides. Returns false
 * (and does nothing) when the arena cannot hold the operands; the caller then uses the js kernel.
 */
export function wasmMatmul(rt: WasmRuntime, pool: ThreadPool | null, a: View, b: View, out: Float32Array): boolean {
  const [B, M, K] = a.shape as [number, number, number];
  const N = b.shape[2]!;
  if (B * M * N === 0 || K === 0) return matmulInArena(rt, pool, a, b, out);
  return planBytes(a, b, pool ? pool.size + 1 : 1) <= ARENA_CAP ? matmulInArena(rt, pool, a, b, out) : matmulInPieces(rt, pool, a, b, out);
}

/** Arena bytes a product needs with up to `threads` threads (an upper bound: regions() align each). */
function planBytes(a: View, b: View, threads: number): number {
  const [B, M, K] = a.shape as [number, number, number];
  const N = b.shape[2]!;
  const Kb = Math.min(K, K_BLOCK), Mp = Math.ceil(M / MR) * MR, Np = Math.ceil(N / NR) * NR;
  const scratch = 4 * (Mp * Kb + Kb * Np + Mp * Np) + 3 * 64;
  return 4 * (planStage(a).size + planStage(b).size + B * M * N) + 3 * 64 + Math.min(B, threads) * scratch;
}

/** `v` restricted to batch i, or to rows/columns [from, from + count) of its 2nd/3rd dim. */
function slice(v: View, dim: 0 | 1 | 2, from: number, count: number): View {
  const shape = v.shape.slice() as [number, number, number];
  shape[dim] = count;
  return { storage: v.storage, shape, strides: v.strides, offset: v.offset + from * v.strides[dim]!, dtype: v.dtype };
}

/**
 * A product too large for the arena, in pieces that fit: batch by batch, then blocks of A's rows
 * (B's columns first when B alone does not fit). Each output element is summed exactly as in one
 * piece, so the bits do not change. False when not even one row block fits.
 */
function matmulInPieces(rt: WasmRuntime, pool: ThreadPool | null, a: View, b: View, out: Float32Array): boolean {
  const [B, M] = a.shape as [number, number, number];
  const N = b.shape[2]!, threads = pool ? pool.size + 1 : 1;
  if (B > 1) {
    for (let i = 0; i < B; i++) {
      if (!wasmMatmul(rt, pool, slice(a, 0, i, 1), slice(b, 0, i, 1), out.subarray(i * M * N, (i + 1) * M * N))) return false;
    }
    return true;
  }
  let rows = M;
  while (rows > MR && planBytes(slice(a, 1, 0, rows), b, threads) > ARENA_CAP) rows = Math.ceil(rows / 2 / MR) * MR;
  if (planBytes(slice(a, 1, 0, rows), b, threads) <= ARENA_CAP) {
    for (let m0 = 0; m0 < M; m0 += rows) {
      const h = Math.min(rows, M - m0);
      if (!matmulInArena(rt, pool, slice(a, 1, m0, h), b, out.subarray(m0 * N, (m0 + h) * N))) return false;
    }
    return true;
  }
  // B alone is too large: blocks of its columns, each product then split by rows as above.
  let cols = N;
  while (cols > NR && planBytes(slice(a, 1, 0, MR), slice(b, 2, 0, cols), threads) > ARENA_CAP / 2) cols = Math.ceil(cols / 2 / NR) * NR;
  if (planBytes(slice(a, 1, 0, MR), slice(b, 2, 0, cols), threads) > ARENA_CAP / 2) return false;
  const part = new Float32Array(M * cols);
  for (let n0 = 0; n0 < N; n0 += cols) {
    const w = Math.min(cols, N - n0);
    if (!wasmMatmul(rt, pool, a, slice(b, 2, n0, w), part.subarray(0, M * w))) return false;
    for (let i = 0; i < M; i++) out.set(part.subarray(i * w, (i + 1) * w), i * N + n0);
  }
  return true;
}

/** One product staged whole in the arena; false (nothing written) when it does not fit. */
function matmulInArena(rt: WasmRuntime, pool: ThreadPool | null, a: View, b: View, out: Float32Array): boolean {
  const [B, M, K] = a.shape as [number, number, number];
  const N = b.shape[2]!;
  if (B * M * N === 0) return true;
  if (K === 0) { out.fill(0); return true; }
  const Kb = Math.min(K, K_BLOCK), nb = Math.ceil(K / Kb);
  const Mp = Math.ceil(M / MR) * MR, Np = Math.ceil(N / NR) * NR;
  const sa = planStage(a), sb = planStage(b);
  const workers = pool && B * M * N * K >= THREAD_MIN_MACS ? pool.ready() : [];
  const T = Math.min(workers.length + 1, Math.max(B, Math.ceil(Np / NR)));
  const scratch = [4 * Mp * Kb, 4 * Kb * Np, 4 * Mp * Np];
  const byBatch = B >= T;
  const perThread = byBatch ? T : 1;
  const r = regions(rt, [4 * sa.size, 4 * sb.size, 4 * B * M * N, ...Array.from({ length: perThread }, () => scratch).flat()]);
  if (!r) return false;
  const [pA, pB, pOut] = r.at as [number, number, number];
  stage(r.f32, pA / 4, a, sa);
  stage(r.f32, pB / 4, b, sb);
  const size = B * M * N, result = r.f32.subarray(pOut / 4, pOut / 4 + size);
  const parts = nb > 1 ? new Float32Array(nb * size) : null;
  for (let kb = 0; kb < nb; kb++) {
    const k0 = kb * Kb, k = Math.min(Kb, K - k0);
    // Block kb of A's columns and B's rows: the same staged data, pointers moved along K.
    const pAk = pA + 4 * k0 * sa.strides[2], pBk = pB + 4 * k0 * sb.strides[1];
    if (byBatch) {
      const args = (t: number): Args17 => {
        const [pa, pb, c] = r.at.slice(3 + 3 * t, 6 + 3 * t) as [number, number, number];
        return [pAk, ...sa.strides, pBk, ...sb.strides, M, N, k, Math.floor(t * B / T), Math.floor((t + 1) * B / T), pa, pb, c, pOut];
      };
      for (let t = 1; t < T; t++) pool!.start(workers[t - 1]!, 2, args(t));
      rt.kernels.matmulBatch(...args(0));
      for (let t = 1; t < T; t++) pool!.join(workers[t - 1]!);
    } else {
      splitProducts(rt, pool!, workers.slice(0, T - 1), r, pAk, pBk, sa, sb, B, M, N, k);
    }
    parts?.set(result, kb * size);
  }
  if (parts) sumBlocks(parts, nb, size);
  out.set(parts ? parts.subarray(0, size) : result);
  return true;
}

/** Fewer batches than threads: each product's column panels (or rows) are split over threads. */
function splitProducts(rt: WasmRuntime, pool: ThreadPool, workers: number[], r: ArenaViews, pA: number, pB: number,
  sa: Staging, sb: Staging, B: number, M: number, N: number, K: number): void {
  const [pOut, pa, pb, c] = r.at.slice(2) as [number, number, number, number];
  const Mp = Math.ceil(M / MR) * MR, Np = Math.ceil(N / NR) * NR, P = Np / NR, T = workers.length + 1;
  const splitCols = P >= 2 * T || P >= Mp / MR;
  for (let bi = 0; bi < B; bi++) {
    if (bi === 0 || sa.strides[0] !== 0) rt.kernels.packA(pA + 4 * bi * sa.strides[0], sa.strides[1], sa.strides[2], M, K, pa);
    const packB = bi === 0 || sb.strides[0] !== 0;
    const bsrc = pB + 4 * bi * sb.strides[0];
    const task = (p0: number, p1: number, r0: number, r1: number, pk: boolean): Args15 =>
      [pa, bsrc, sb.strides[1], sb.strides[2], pb, c, Np, M, N, K, p0, p1, r0, r1, pk ? 1 : 0];
    if (splitCols) {
      // Each thread packs and computes its own column panels.
      for (let t = 1; t < T; t++) pool.start(workers[t - 1]!, 1, task(Math.floor(t * P / T), Math.floor((t + 1) * P / T), 0, M, packB));
      rt.kernels.matmulTask(...task(0, Math.floor(P / T), 0, M, packB));
    } else {
      // Few columns: pack B here, then split the rows in MR multiples.
      if (packB) rt.kernels.matmulTask(...task(0, P, 0, 0, true));
      const tiles = Mp / MR;
      const row = (t: number): number => Math.floor(t * tiles / T) * MR;
      for (let t = 1; t < T; t++) pool.start(workers[t - 1]!, 1, task(0, P, row(t), row(t + 1), false));
      rt.kernels.matmulTask(...task(0, P, 0, row(1), false));
    }
    for (const w of workers) pool.join(w);
    const o = pOut / 4 + bi * M * N, c4 = c / 4;
    if (Np === N) r.f32.copyWithin(o, c4, c4 + M * N);
    else for (let i = 0; i < M; i++) r.f32.copyWithin(o + i * N, c4 + i * Np, c4 + i * Np + N);
  }
}
