/**
 * The WebAssembly SIMD backend ('wasm') and the default router ('auto'). Kernels not written in
 * WebAssembly delegate to the TypeScript backend; 'auto' sends each call where bench/ measured
 * it fastest for its size, so tiny tensors never pay for copies into linear memory.
 */
import type { TypedArray } from '../../dtype';
import { jsBackend } from '../js/index';
import type { Backend, View } from '../types';
import { wasmMatmul } from './matmul';
import { wasmRuntime } from './runtime';
import { ThreadPool } from './threads';

/** Below this many multiply-adds the js kernel wins (the copies and the call cost more). */
const AUTO_MATMUL_MIN_MACS = 32 * 32 * 32;

let numThreads = defaultThreads();
let pool: ThreadPool | null = null;

function defaultThreads(): number {
  const nav = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator;
  const proc = (globalThis as { process?: { getBuiltinModule?(id: string): unknown } }).process;
  const os = proc?.getBuiltinModule?.('node:os') as { availableParallelism?: () => number } | undefined;
  const n = os?.availableParallelism?.() ?? nav?.hardwareConcurrency ?? 1;
  return Math.max(1, Math.min(n, 8));
}

/**
 * Sets how many threads large kernels use (the caller's thread plus n - 1 workers), as
 * torch.set_num_threads. Workers start on the next large product and need shared memory.
 * @example
 * setNumThreads(1); // everything on the calling thread
 */
export function setNumThreads(n: number): void {
  if (!Number.isInteger(n) || n <= 0) throw new Error('set_num_threads expects a positive integer');
  numThreads = n;
  if (pool && pool.size !== n - 1) {
    pool.terminate();
    pool = null;
  }
}

/**
 * The number of threads large kernels use, as torch.get_num_threads.
 * @example
 * getNumThreads(); // e.g. 2 on a 2-core machine
 */
export function getNumThreads(): number {
  return numThreads;
}

function threadPool(): ThreadPool | null {
  if (numThreads <= 1) return null;
  const rt = wasmRuntime();
  if (!rt?.shared) return null;
  pool ??= new ThreadPool(rt, numThreads - 1);
  return pool;
}

function matmul(a: View, b: View, out: TypedArray): void {
  const rt = a.dtype === 'float32' && b.dtype === 'float32' ? wasmRuntime() : null;
  if (!rt || !(out instanceof Float32Array) || !nonNegative(a.strides) || !nonNegative(b.strides)
    || !wasmMatmul(rt, threadPool(), a, b, out)) {
    jsBackend.matmul(a, b, out);
  }
}

function nonNegative(s: readonly number[]): boolean {
  for (const v of s) if (v < 0) return false;
  return true;
}

/** WebAssembly SIMD kernels (float32 matmul so far); everything else runs the js kernels. */
export const wasmBackend: Backend = {
  ...jsBackend,
  name: 'wasm',
  matmul,
};

/** The default: each call goes to the backend bench/ shows fastest for its dtype and size. */
export const autoBackend: Backend = {
  ...jsBackend,
  name: 'auto',
  matmul(a: View, b: View, out: TypedArray): void {
    const macs = a.shape[0]! * a.shape[1]! * a.shape[2]! * b.shape[2]!;
    if (macs >= AUTO_MATMUL_MIN_MACS && a.dtype === 'float32') matmul(a, b, out);
    else jsBackend.matmul(a, b, out);
  },
};
