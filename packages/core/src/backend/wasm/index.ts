/**
 * The WebAssembly SIMD backend ('wasm') and the default router ('auto'). Kernels not written in
 * WebAssembly delegate to the TypeScript backend; 'auto' sends each call where bench/ measured
 * it fastest for its size, so tiny tensors never pay for copies into linear memory.
 */
import type { TypedArray } from '../../dtype';
import { jsBackend } from '../js/index';
import { isContiguous, numelOf } from '../../shape';
import { denseOut, settleOut } from '../host';
import type { Backend, View } from '../types';
import { wasmAddScaled, wasmBinary, wasmUnary, wasmWhere } from './elementwise';
import { wasmArgReduce, wasmSum } from './reduce';
import { wasmCol2im, wasmIm2col } from './window';
import { wasmConv2d, wasmConv2dInputGrad, wasmConv2dWeightGrad, wasmMaxPool2d } from './conv';
import { wasmMatmul } from './matmul';
import { usesSmallTn } from '../js/matmul-small-tn';
import { wasmRuntime, type WasmRuntime } from './runtime';
import { ThreadPool } from './threads';
import { wasmRandomKernels } from './random';
import { activeRandomKernels, setRandomKernels } from '../../random/kernels';

/** Below this many multiply-adds the js kernel wins (the copies and the call cost more). */
const AUTO_MATMUL_MIN_MACS = 32 * 32 * 32;
/** Below this many elements the js elementwise kernels win (measured: bench/README.md). */
const AUTO_ELEMENTWISE_MIN = 4096;

let numThreads = defaultThreads();
let pool: ThreadPool | null = null;
const threadHooks = new Set<(n: number) => void>();

/**
 * The machine's logical cores (availableParallelism in Node, hardwareConcurrency in a browser);
 * 1 where there is no SharedArrayBuffer (a page that is not cross-origin isolated), since workers
 * cannot share the kernels' memory there: getNumThreads() then reports the one thread used.
 */
function coreCount(): number {
  if (typeof SharedArrayBuffer === 'undefined') return 1;
  const nav = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator;
  const proc = (globalThis as { process?: { getBuiltinModule?(id: string): unknown } }).process;
  const os = proc?.getBuiltinModule?.('node:os') as { availableParallelism?: () => number } | undefined;
  return Math.max(1, os?.availableParallelism?.() ?? nav?.hardwareConcurrency ?? 1);
}

/** Up to 8 by default: every wasm worker reserves its own code space and memory. */
function defaultThreads(): number {
  return Math.min(coreCount(), 8);
}

/**
 * A thread count checked as torch.set_num_threads checks it (PyTorch's words), then clamped to
 * the core count: more threads than cores only add workers that wait for a core.
 * @example
 * checkNumThreads(1000); // the core count, e.g. 2
 */
export function checkNumThreads(n: number): number {
  if (typeof n !== 'number') throw new TypeError(`set_num_threads expects an int, but got ${typeof n}`);
  if (!Number.isInteger(n)) throw new TypeError('set_num_threads expects an int, but got float');
  if (n < 1) throw new Error('set_num_threads expects a positive integer');
  return Math.min(n, coreCount());
}

/**
 * Sets how many threads large kernels use (the caller's thread plus n - 1 workers), as
 * torch.set_num_threads: the one count of the process, which sizes the wasm worker pool and
 * every pool registered with onNumThreads (the native backend's). n must be a positive integer
 * (a TypeError for a non-integer, PyTorch's "set_num_threads expects a positive integer" below
 * 1); a value above the machine's core count is clamped to it, so getNumThreads() reports what
 * is used. Workers start on the next large product and need shared memory.
 * @example
 * setNumThreads(1); // everything on the calling thread
 * setNumThreads(1000); getNumThreads(); // the core count, e.g. 2
 */
export function setNumThreads(n: number): void {
  numThreads = checkNumThreads(n);
  if (pool && pool.size !== numThreads - 1) {
    pool.terminate();
    pool = null;
  }
  for (const hook of threadHooks) hook(numThreads);
}

/**
 * The number of threads large kernels use, as torch.get_num_threads (by default the core count,
 * at most 8).
 * @example
 * getNumThreads(); // e.g. 2 on a 2-core machine
 */
export function getNumThreads(): number {
  return numThreads;
}

/**
 * Registers a backend's own thread pool with the process's thread count: `hook` runs now with
 * the current count and again on every setNumThreads (with the checked, clamped count). Returns
 * a function that unregisters it.
 * @example
 * const off = onNumThreads((n) => myPool.resize(n));
 */
export function onNumThreads(hook: (n: number) => void): () => void {
  threadHooks.add(hook);
  hook(numThreads);
  return () => { threadHooks.delete(hook); };
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

function matmul(a: View, b: View, out: TypedArray): boolean {
  const rt = a.dtype === 'float32' && b.dtype === 'float32' ? wasmRuntime() : null;
  return rt !== null && out instanceof Float32Array && nonNegative(a.strides) && nonNegative(b.strides)
    && wasmMatmul(rt, threadPool(), a, b, out);
}

function nonNegative(s: readonly number[]): boolean {
  for (const v of s) if (v < 0) return false;
  return true;
}

/**
 * Runs a wasm kernel into out's dense array (see host.ts); when it does not apply (returns
 * false, having written nothing) the js kernel runs instead.
 */
function viaWasm(out: View, wasm: (o: TypedArray) => boolean, js: () => void): void {
  const o = denseOut(out);
  if (wasm(o)) settleOut(out, o);
  else js();
}

/** The WebAssembly kernels with the TypeScript ones behind them; `minSize` elements to go to wasm. */
function makeBackend(name: string, minSize: number, minMacs: number): Backend {
  const rtFor = (n: number): WasmRuntime | null => (n >= minSize ? wasmRuntime() : null);
  return {
    ...jsBackend,
    name,
    matmul(a, b, out, plain, bare) {
      // Small products, and the shapes PyTorch's BLAS sums in lanes (usesSmallTn), stay with js.
      if (plain || a.shape[0]! * a.shape[1]! * a.shape[2]! * b.shape[2]! < minMacs || (bare === true && usesSmallTn(a, b))) jsBackend.matmul(a, b, out, plain, bare);
      else viaWasm(out, (o) => matmul(a, b, o), () => jsBackend.matmul(a, b, out));
    },
    unary(op, x, out, p0, p1) {
      const rt = rtFor(numelOf(out.shape));
      if (!rt) jsBackend.unary(op, x, out, p0, p1);
      else viaWasm(out, (o) => wasmUnary(rt, op, x, o), () => jsBackend.unary(op, x, out, p0, p1));
    },
    binary(op, a, b, out) {
      const rt = rtFor(numelOf(out.shape));
      if (!rt) jsBackend.binary(op, a, b, out);
      else viaWasm(out, (o) => wasmBinary(rt, op, a, b, o, out.shape), () => jsBackend.binary(op, a, b, out));
    },
    where(cond, a, b, out) {
      const rt = rtFor(numelOf(out.shape));
      if (!rt) jsBackend.where(cond, a, b, out);
      else viaWasm(out, (o) => wasmWhere(rt, cond, a, b, o, out.shape), () => jsBackend.where(cond, a, b, out));
    },
    fused(op, a, b, c, s, out) {
      const rt = op === 'addScaled' ? rtFor(numelOf(out.shape)) : null;
      if (!rt) jsBackend.fused(op, a, b, c, s, out);
      else viaWasm(out, (o) => wasmAddScaled(rt, a, b, s, o, out.shape), () => jsBackend.fused(op, a, b, c, s, out));
    },
    reduce(op, x, dims, out, indices) {
      const rt = rtFor(numelOf(x.shape));
      if (!rt) {
        jsBackend.reduce(op, x, dims, out, indices);
        return;
      }
      const o = denseOut(out), i = indices && denseOut(indices) as Int32Array;
      if (op === 'sum' ? wasmSum(rt, x, dims, o) : wasmArgReduce(rt, op, x, dims, o, i)) {
        settleOut(out, o);
        if (indices !== undefined) settleOut(indices, i!);
      } else {
        jsBackend.reduce(op, x, dims, out, indices);
      }
    },
    im2col(x, g, padValue, out) {
      const rt = rtFor(numelOf(out.shape));
      if (!rt) jsBackend.im2col(x, g, padValue, out);
      else viaWasm(out, (o) => wasmIm2col(rt, x, g, padValue, o), () => jsBackend.im2col(x, g, padValue, out));
    },
    col2im(cols, g, inSize, out) {
      const rt = isContiguous(out.shape, out.strides) ? rtFor(numelOf(out.shape)) : null;
      if (!rt) jsBackend.col2im(cols, g, inSize, out);
      else viaWasm(out, (o) => wasmCol2im(rt, cols, g, inSize, o), () => jsBackend.col2im(cols, g, inSize, out));
    },
    // The one-pass conv and pool kernels at every size: the js loops round each fma in software.
    conv2d(x, w, b, g, out) {
      const rt = wasmRuntime();
      if (!rt) jsBackend.conv2d!(x, w, b, g, out);
      else viaWasm(out, (o) => wasmConv2d(rt, x, w, b, g, o), () => jsBackend.conv2d!(x, w, b, g, out));
    },
    conv2dInputGrad(gy, w, g, out) {
      const rt = wasmRuntime();
      if (!rt) jsBackend.conv2dInputGrad!(gy, w, g, out);
      else viaWasm(out, (o) => wasmConv2dInputGrad(rt, gy, w, g, out.shape, o), () => jsBackend.conv2dInputGrad!(gy, w, g, out));
    },
    conv2dWeightGrad(gy, x, g, out) {
      const rt = wasmRuntime();
      if (!rt) jsBackend.conv2dWeightGrad!(gy, x, g, out);
      else viaWasm(out, (o) => wasmConv2dWeightGrad(rt, gy, x, g, out.shape[0]!, o), () => jsBackend.conv2dWeightGrad!(gy, x, g, out));
    },
    maxPool2d(x, g, out, indices) {
      const rt = rtFor(numelOf(x.shape));
      const o = denseOut(out), i = denseOut(indices);
      if (rt && wasmMaxPool2d(rt, x, g, o, i)) {
        settleOut(out, o);
        settleOut(indices, i);
      } else {
        jsBackend.maxPool2d!(x, g, out, indices);
      }
    },
    // The scatter stays in js: staging out in linear memory and back costs more than the adds.
    maxPool2dBackward: (gy, indices, out) => jsBackend.maxPool2dBackward!(gy, indices, out),
  };
}

// Random numbers are made on the host whatever the backend: the wasm fills unless a faster host
// (the native addon) registered first.
if (activeRandomKernels() === null) setRandomKernels(wasmRandomKernels);

/** WebAssembly SIMD kernels for float32 whatever the size; other dtypes and ops run the js kernels. */
export const wasmBackend: Backend = makeBackend('wasm', 0, 0);

/** The default: each call goes to the backend bench/ shows fastest for its dtype and size. */
export const autoBackend: Backend = makeBackend('auto', AUTO_ELEMENTWISE_MIN, AUTO_MATMUL_MIN_MACS);
