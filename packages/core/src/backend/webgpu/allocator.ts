/**
 * The caching allocator (PyTorch's CUDA allocator in miniature): GPU buffers are reused by size
 * class, never freed by user code. A storage's buffer goes back to its pool when the storage is
 * garbage-collected (FinalizationRegistry), which is safe at any time: every later use of the
 * buffer is a queue operation ordered after the work already submitted that reads it. The GC
 * does not see GPU memory and runs finalizers only when the event loop turns, so a budget bounds
 * the live bytes with an error that says what to do (see `reserve`).
 */
import { BufferUsage, type GpuBuffer } from './gpu-types';
import { gpu, isAvailable } from './context';

/** Storage buffers: bound to kernels, copied from and to. */
const STORAGE_USAGE = BufferUsage.STORAGE | BufferUsage.COPY_SRC | BufferUsage.COPY_DST;

/**
 * The size class of a request: 2^k, 1.25*2^k, 1.5*2^k or 1.75*2^k bytes (at most 25% unused),
 * at least 64 bytes.
 */
export function sizeClass(bytes: number): number {
  if (bytes <= 64) return 64;
  const p = 2 ** Math.floor(Math.log2(bytes));
  const quarter = p / 4;
  return Math.ceil(bytes / quarter) * quarter;
}

const pools = new Map<number, GpuBuffer[]>();
const stats = { allocated: 0, peak: 0, reserved: 0 };
/** Live bytes past which allocation raises (null: the default from the device's limits). */
let budget: number | null = null;

/** A buffer the registry returns to its pool: its size class. */
interface Held { readonly buffer: GpuBuffer; readonly size: number }

const registry = new FinalizationRegistry<Held>((h) => release(h.buffer, h.size));

/** The budget in force: the set one, else 4x the largest buffer the device allows (at least 1 GiB). */
export function memoryBudget(): number {
  if (budget !== null) return budget;
  return Math.max(2 ** 30, 4 * gpu().limits.maxBufferSize);
}

export function setMemoryBudget(bytes: number | null): void {
  if (bytes !== null && !(bytes > 0)) throw new RangeError(`setMemoryBudget(): expected a positive number of bytes or null, got ${bytes}`);
  budget = bytes;
}

/**
 * A buffer of at least `bytes` for a storage `owner`: from the pool when one of its class is
 * free (not zeroed: `fresh` says whether it is), else new. Raises past the budget, after first
 * returning the pools' idle buffers to the driver.
 */
export function obtain(owner: object, bytes: number): { buffer: GpuBuffer; size: number; fresh: boolean } {
  const size = sizeClass(bytes);
  if (stats.allocated + size > memoryBudget()) overBudget(size);
  const reused = pools.get(size)?.pop();
  let buffer: GpuBuffer;
  if (reused !== undefined) {
    buffer = reused;
  } else {
    buffer = gpu().createBuffer({ size, usage: STORAGE_USAGE });
    stats.reserved += size;
  }
  stats.allocated += size;
  if (stats.allocated > stats.peak) stats.peak = stats.allocated;
  registry.register(owner, { buffer, size }, owner);
  return { buffer, size, fresh: reused === undefined };
}

function overBudget(size: number): never {
  const mb = (b: number): string => (b / 2 ** 20).toFixed(1);
  throw new Error(
    `webgpu out of memory budget: tried to allocate ${mb(size)} MiB with ${mb(stats.allocated)} MiB held by live tensors ` +
    `(budget ${mb(memoryBudget())} MiB). JavaScript frees a tensor's GPU buffer only after the garbage collector has ` +
    'collected it and the event loop has turned: in a training loop, await once per step (e.g. `await loss.itemAsync()` ' +
    'or `await torch.webgpu.synchronize()`), keep fewer tensors alive, or raise the budget with torch.webgpu.setMemoryBudget(bytes).',
  );
}

/** Returns a storage's buffer to its pool (its storage is gone). */
function release(buffer: GpuBuffer, size: number): void {
  stats.allocated -= size;
  if (!isAvailable()) return; // the device is gone: its buffers with it
  let pool = pools.get(size);
  if (pool === undefined) pools.set(size, pool = []);
  pool.push(buffer);
}

/**
 * Kernel parameter buffers, pooled apart from storages: a storage buffer may have a clear pending
 * (dispatch.ts) that must not land on parameters written after it.
 */
const paramPools = new Map<number, GpuBuffer[]>();

/**
 * A parameter buffer for one dispatch: from its pool, handed back with `recycle` right after the
 * work using it is submitted (a later writeBuffer queues after that work).
 */
export function scratch(bytes: number): { buffer: GpuBuffer; size: number } {
  const size = sizeClass(bytes);
  const reused = paramPools.get(size)?.pop();
  if (reused !== undefined) return { buffer: reused, size };
  stats.reserved += size;
  return { buffer: gpu().createBuffer({ size, usage: STORAGE_USAGE }), size };
}

export function recycle(buffer: GpuBuffer, size: number): void {
  let pool = paramPools.get(size);
  if (pool === undefined) paramPools.set(size, pool = []);
  pool.push(buffer);
}

/** torch.cuda.empty_cache(): destroys the idle pooled buffers (live tensors keep theirs). */
export function emptyCache(): void {
  for (const [size, pool] of pools) {
    for (const b of pool) {
      b.destroy();
      stats.reserved -= size;
    }
  }
  pools.clear();
}

/** Forgets every pooled buffer without touching it (the device is gone). */
export function forgetPools(): void {
  pools.clear();
  paramPools.clear();
  stats.reserved = stats.allocated;
}

/** Bytes held by live tensors (their size classes). */
export function memoryAllocated(): number {
  return stats.allocated;
}

/** The most memoryAllocated() has been since the start or the last resetPeakMemoryStats(). */
export function maxMemoryAllocated(): number {
  return stats.peak;
}

export function resetPeakMemoryStats(): void {
  stats.peak = stats.allocated;
}

/** Bytes of GPU buffers the allocator holds: live ones plus the idle pools. */
export function memoryReserved(): number {
  return stats.reserved;
}
