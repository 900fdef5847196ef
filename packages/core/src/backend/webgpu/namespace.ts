/**
 * torch.webgpu: the GPU device's controls, named as torch.cuda's (PyTorch has no WebGPU device;
 * this is torchlet's). Getting a GPU is asynchronous in JavaScript, so `await init()` comes first.
 * @example
 * if (await torch.webgpu.init()) model.to('webgpu');
 */
import { init as initContext, isAvailable as available } from './context';
import {
  emptyCache as empty, maxMemoryAllocated as maxAllocated, memoryAllocated as allocated, memoryBudget, memoryReserved as reserved,
  resetPeakMemoryStats as resetPeak, setMemoryBudget as setBudget,
} from './allocator';
import { synchronize as sync } from './index';
import { flush } from './dispatch';
import type { Gpu } from './gpu-types';
import { checkOptions } from '../../options';

/** init()'s options. */
export interface WebGpuInitOptions {
  /**
   * The GPU object to use instead of `navigator.gpu`: in Node, a WebGPU provider's (e.g. the
   * `webgpu` package's `create([])`).
   */
  gpu?: object;
}

/**
 * Obtains the WebGPU device (once; later calls resolve at once). Resolves true when there is
 * one, false when this runtime has no WebGPU or no adapter (then 'webgpu' raises, saying why).
 * @example
 * if (await torch.webgpu.init()) model.to('webgpu');
 */
export function init(opts: WebGpuInitOptions = {}): Promise<boolean> {
  checkOptions('webgpu.init', opts, ['gpu']);
  const gpu = opts.gpu;
  if (gpu !== undefined && typeof (gpu as Partial<Gpu>).requestAdapter !== 'function') {
    return Promise.reject(new TypeError('webgpu.init(): `gpu` must be a GPU object (with requestAdapter), as navigator.gpu is'));
  }
  return initContext(gpu as Gpu | undefined);
}

/** Whether init() obtained a device (torch.cuda.is_available()). */
export function isAvailable(): boolean {
  return available();
}

/** Waits until every kernel submitted so far has run (torch.cuda.synchronize()). */
export function synchronize(): Promise<void> {
  return sync();
}

/** Returns the allocator's idle cached buffers to the driver (torch.cuda.empty_cache()). */
export function emptyCache(): void {
  if (!available()) return;
  flush(); // recorded work may still use pooled buffers
  empty();
}

/** Bytes of GPU memory held by live tensors (torch.cuda.memory_allocated()). */
export function memoryAllocated(): number {
  return allocated();
}

/** The peak of memoryAllocated() (torch.cuda.max_memory_allocated()). */
export function maxMemoryAllocated(): number {
  return maxAllocated();
}

/** Resets maxMemoryAllocated() to the current value (torch.cuda.reset_peak_memory_stats()). */
export function resetPeakMemoryStats(): void {
  resetPeak();
}

/** Bytes of GPU memory the caching allocator holds, live and cached (torch.cuda.memory_reserved()). */
export function memoryReserved(): number {
  return reserved();
}

/**
 * The most bytes live tensors may hold before an allocation raises (default: 4x the device's
 * largest buffer, at least 1 GiB); null restores the default.
 */
export function setMemoryBudget(bytes: number | null): void {
  setBudget(bytes);
}

/** The budget in force (after init()). */
export function getMemoryBudget(): number {
  return memoryBudget();
}
