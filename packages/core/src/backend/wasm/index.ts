/**
 * The WebAssembly SIMD backend ('wasm') and the default router ('auto'). Kernels not written in
 * WebAssembly delegate to the TypeScript backend; 'auto' sends each call where bench/ measured
 * it fastest for its size, so tiny tensors never pay for copies into linear memory.
 */
import type { TypedArray } from '../../dtype';
import { jsBackend } from '../js/index';
import type { Backend, BinaryOp, FusedOp, ReduceOp, UnaryOp, View, WindowGeometry } from '../types';
import { wasmAddScaled, wasmBinary, wasmUnary, wasmWhere } from './elementwise';
import { wasmArgReduce, wasmSum } from './reduce';
import { wasmCol2im, wasmIm2col } from './window';
import { wasmMatmul } from './matmul';
import { wasmRuntime } from './runtime';
import { ThreadPool } from './threads';

/** Below this many multiply-adds the js kernel wins (the copies and the call cost more). */
const AUTO_MATMUL_MIN_MACS = 32 * 32 * 32;
/** Below this many elements the js elementwise kernels win (measured: bench/README.md). */
const AUTO_ELEMENTWISE_MIN = 4096;

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

/** Workers started and ready to take a share of a product (for tests and the bench). */
export function readyWorkers(): number {
  return pool?.ready().length ?? 0;
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

function numel(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** The WebAssembly kernels with the TypeScript ones behind them; `minSize` elements to go to wasm. */
function makeBackend(name: string, minSize: number, minMacs: number): Backend {
  const big = (n: number): boolean => n >= minSize;
  return {
    ...jsBackend,
    name,
    matmul(a: View, b: View, out: TypedArray, plain?: boolean): void {
      if (!plain && a.shape[0]! * a.shape[1]! * a.shape[2]! * b.shape[2]! >= minMacs) matmul(a, b, out);
      else jsBackend.matmul(a, b, out, plain);
    },
    unary(op: UnaryOp, x: View, out: TypedArray, p0?: number, p1?: number): void {
      const rt = big(out.length) ? wasmRuntime() : null;
      if (!rt || !wasmUnary(rt, op, x, out)) jsBackend.unary(op, x, out, p0, p1);
    },
    binary(op: BinaryOp, a: View, b: View | number, out: TypedArray, outShape: readonly number[]): void {
      const rt = big(out.length) ? wasmRuntime() : null;
      if (!rt || !wasmBinary(rt, op, a, b, out, outShape)) jsBackend.binary(op, a, b, out, outShape);
    },
    where(cond: View, a: View, b: View, out: TypedArray, outShape: readonly number[]): void {
      const rt = big(out.length) ? wasmRuntime() : null;
      if (!rt || !wasmWhere(rt, cond, a, b, out, outShape)) jsBackend.where(cond, a, b, out, outShape);
    },
    fused(op: FusedOp, a: View, b: View, c: View | null, s: number, out: TypedArray, outShape: readonly number[]): void {
      const rt = op === 'addScaled' && big(out.length) ? wasmRuntime() : null;
      if (!rt || !wasmAddScaled(rt, a, b, s, out, outShape)) jsBackend.fused(op, a, b, c, s, out, outShape);
    },
    reduce(op: ReduceOp, x: View, dims: readonly number[], out: TypedArray, indices?: Int32Array): void {
      const rt = big(numel(x.shape)) ? wasmRuntime() : null;
      const done = rt !== null && (op === 'sum' ? wasmSum(rt, x, dims, out) : wasmArgReduce(rt, op, x, dims, out, indices));
      if (!done) jsBackend.reduce(op, x, dims, out, indices);
    },
    im2col(x: View, g: WindowGeometry, padValue: number, out: TypedArray): void {
      const rt = big(out.length) ? wasmRuntime() : null;
      if (!rt || !wasmIm2col(rt, x, g, padValue, out)) jsBackend.im2col(x, g, padValue, out);
    },
    col2im(cols: View, g: WindowGeometry, inSize: readonly [number, number], out: TypedArray): void {
      const rt = big(out.length) ? wasmRuntime() : null;
      if (!rt || !wasmCol2im(rt, cols, g, inSize, out)) jsBackend.col2im(cols, g, inSize, out);
    },
  };
}

/** WebAssembly SIMD kernels for float32 whatever the size; other dtypes and ops run the js kernels. */
export const wasmBackend: Backend = makeBackend('wasm', 0, 0);

/** The default: each call goes to the backend bench/ shows fastest for its dtype and size. */
export const autoBackend: Backend = makeBackend('auto', AUTO_ELEMENTWISE_MIN, AUTO_MATMUL_MIN_MACS);
