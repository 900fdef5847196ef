/**
 * @torchlet/native: an optional native CPU backend for Node (C++ built from source at install).
 * Importing it registers the 'native' backend and makes it current when the addon loaded; if the
 * build failed or was skipped, nothing changes and torchlet runs on its other backends.
 * @example
 * import { backendName } from '@torchlet/core';
 * import { isNativeAvailable } from '@torchlet/native';
 * console.log(isNativeAvailable(), backendName()); // true 'native' (or false 'auto')
 */
import {
  backend, checkNumThreads, getBackend, onNumThreads, registerBackend, setBackend, setNumThreads as setProcessThreads,
  type Backend,
} from '@torchlet/core/backend';
import { randomKernels } from '@torchlet/core/internal';
import { nativeAddon, nativeLoadError, type NativeAddon } from './addon';
import { nativeCopy } from './copy';
import { nativeKernels } from './kernels';
import { nativeConvKernels } from './conv-kernels';

export { NATIVE_ELEMENTWISE_MIN, NATIVE_MATMUL_MIN_MACS } from './kernels';
export { nativeLoadError };
export type { NativeAddon };

/** The native backend's registry name. */
export const NATIVE_BACKEND_NAME = 'native';

let nativeBackend: Backend | null = null;
let poolHooked = false;

/** Options of {@link registerNativeBackend}. */
export interface RegisterNativeOptions {
  /** Make 'native' the current backend (default true). */
  readonly activate?: boolean;
  /** Backend that runs whatever native does not (default: the current one, or 'js'). */
  readonly fallback?: string;
}

/** CPU memory is one host memory for every CPU backend: native keeps the js backend's (large float32 copies in C++). */
function hostMemory(addon: NativeAddon): Pick<Backend, 'alloc' | 'fromHost' | 'read' | 'item' | 'write' | 'copy' | 'fill'> {
  const js = getBackend('js');
  return {
    alloc: (dtype, n) => js.alloc(dtype, n), fromHost: (data) => js.fromHost(data), read: (x) => js.read(x), item: (x) => js.item(x),
    write: (dst, src) => js.write(dst, src), fill: (dst, value) => js.fill(dst, value),
    copy: (src, dst) => {
      if (!nativeCopy(addon, src, dst)) js.copy(src, dst);
    },
  };
}

/**
 * Registers the 'native' backend (float32 sgemm, large elementwise ops and sums in C++; the
 * rest delegates to the fallback) and by default makes it current. Returns false, changing
 * nothing, when the addon is not available.
 * @example
 * if (!registerNativeBackend({ activate: false })) console.warn(nativeLoadError());
 */
export function registerNativeBackend(options: RegisterNativeOptions = {}): boolean {
  const addon = nativeAddon();
  if (!addon) return false;
  // Random fills run on the host whatever the backend: register the bulk samplers once.
  if (!poolHooked) {
    randomKernels.setRandomKernels({
      name: 'native',
      uniformF32: (state, left, next, out, lo, range) => addon.randomUniformF32(state, left, next, out, lo, range),
      normalF32: (state, left, next, out, mean, std) => addon.randomNormalF32(state, left, next, out, mean, std),
    });
  }
  // The native pool follows the process's one thread count (core's setNumThreads), now and later.
  if (!poolHooked) onNumThreads((n) => addon.setNumThreads(n));
  poolHooked = true;
  if (!nativeBackend || options.fallback !== undefined) {
    const current = backend();
    const fallback = options.fallback !== undefined ? getBackend(options.fallback)
      : current.name === NATIVE_BACKEND_NAME ? getBackend('js') : current;
    const created: Backend = { ...fallback, ...hostMemory(addon), name: NATIVE_BACKEND_NAME, ...nativeKernels(addon, fallback),
      ...nativeConvKernels(addon, fallback) };
    nativeBackend = created;
    registerBackend(created);
  }
  if (options.activate ?? true) setBackend(NATIVE_BACKEND_NAME);
  return true;
}

/**
 * Whether the compiled addon loaded (see {@link nativeLoadError} for why not).
 * @example
 * isNativeAvailable(); // true after a successful `npm ci`
 */
export function isNativeAvailable(): boolean {
  return nativeAddon() !== null;
}

function requireAddon(what: string): NativeAddon {
  const addon = nativeAddon();
  if (!addon) throw new Error(`${what}: the native backend is not available (${nativeLoadError() ?? 'unknown reason'})`);
  return addon;
}

/**
 * Sets the process's thread count, as @torchlet/core's setNumThreads (torch.set_num_threads):
 * the native pool (the calling thread plus n - 1 workers) and the wasm pool both follow it. n
 * must be a positive integer; values above the core count are clamped to it.
 * @example
 * setNumThreads(1); // native kernels run on the calling thread only
 */
export function setNumThreads(n: number): void {
  checkNumThreads(n);
  requireAddon('setNumThreads');
  setProcessThreads(n);
}

/**
 * The native thread pool's size (core's getNumThreads once the backend is registered).
 * @example
 * getNumThreads(); // 2 on a 2-core machine
 */
export function getNumThreads(): number {
  return requireAddon('getNumThreads').getNumThreads();
}

/**
 * The sgemm micro-kernel in use: 'avx512' (8x32), 'avx2' (6x16) or 'generic', picked at load
 * from what the CPU supports.
 * @example
 * nativeGemmKernel(); // 'avx2' on an AMD Zen 3
 */
export function nativeGemmKernel(): string {
  return requireAddon('nativeGemmKernel').gemmKernel();
}

/**
 * Every sgemm kernel this CPU can run, best first ('layout8x32' is the AVX-512 tiling compiled
 * for any CPU, kept for tests).
 * @example
 * nativeGemmKernels(); // ['avx2', 'generic', 'layout8x32']
 */
export function nativeGemmKernels(): string[] {
  return requireAddon('nativeGemmKernels').gemmKernels();
}

/**
 * Forces an sgemm kernel by name, for tests and benchmarks; returns false if this CPU lacks it.
 * @example
 * setNativeGemmKernel('generic');
 */
export function setNativeGemmKernel(name: string): boolean {
  return requireAddon('setNativeGemmKernel').setGemmKernel(name);
}

registerNativeBackend();
