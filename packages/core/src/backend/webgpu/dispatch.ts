/**
 * Running a compute kernel: the pipeline cache (one compiled pipeline per kernel key), binding
 * each distinct storage once (WebGPU rejects one buffer bound twice when a binding writes, as an
 * in-place op would), the parameter array, and one submit per op. Every binding is a read_write
 * storage buffer of the storage's WGSL type, named b0, b1, ... in slot order; the parameter array
 * is `prm` (the meta array; `meta` is a WGSL keyword), bound last. A kernel author writes:
 *
 *   const k = new Bindings();
 *   const x = k.slot(xView), o = k.slot(outView);         // slot numbers (same storage: same slot)
 *   const { meta, rank } = walkMeta(out.shape, [expandTo(xView, out.shape), own(outView)]);
 *   run(`neg:${rank}:${k.key}`, () => `${k.wgsl()}${entry(`${offsetsWgsl(rank, 2)}\n b${o}[o1] = -b${x}[o0];`)}`,
 *       k, meta, n);
 */
import type { View } from '../types';
import { COMPUTE_STAGE, type GpuBindGroupLayout, type GpuBuffer, type GpuCommandEncoder, type GpuComputePipeline, type GpuPipelineLayout } from './gpu-types';
import { gpu } from './context';
import { recycle, scratch } from './allocator';
import { gpuStorage, wgslType, type WebGpuStorage } from './storage';

/** Threads per workgroup of the elementwise kernels (WebGPU's guaranteed maximum). */
export const WG = 256;

/** The distinct storages one dispatch binds, in slot order. */
export class Bindings {
  readonly storages: WebGpuStorage[] = [];

  /** The slot of v's storage (an already bound storage keeps its slot). */
  slot(v: View): number {
    const s = gpuStorage(v.storage);
    const i = this.storages.indexOf(s);
    if (i >= 0) return i;
    this.storages.push(s);
    return this.storages.length - 1;
  }

  /** A raw storage (a kernel's own temporary). */
  slotOf(s: WebGpuStorage): number {
    const i = this.storages.indexOf(s);
    if (i >= 0) return i;
    this.storages.push(s);
    return this.storages.length - 1;
  }

  /** The WGSL type of a slot's elements. */
  type(slot: number): 'f32' | 'i32' | 'u32' {
    return wgslType(this.storages[slot]!.dtype);
  }

  /** Part of a pipeline key: each slot's element type. */
  get key(): string {
    return this.storages.map((s) => wgslType(s.dtype)).join('');
  }

  /** The binding declarations: b0..b{n-1}, then the parameter array `prm` (meta; `meta` is a WGSL keyword). */
  wgsl(): string {
    const lines = this.storages.map((s, i) => `@group(0) @binding(${i}) var<storage, read_write> b${i}: array<${wgslType(s.dtype)}>;`);
    lines.push(`@group(0) @binding(${this.storages.length}) var<storage, read> prm: array<i32>;`);
    return lines.join('\n') + '\n';
  }
}

/**
 * A one-thread-per-element entry point: `i` (i32) is the thread's index, threads past meta[0]
 * return at once. Dispatch it with `run(..., threads)`.
 */
export function entry(body: string): string {
  return `
@compute @workgroup_size(${WG})
fn main(@builtin(workgroup_id) wg: vec3u, @builtin(num_workgroups) nw: vec3u, @builtin(local_invocation_index) li: u32) {
  let i = i32((wg.y * nw.x + wg.x) * ${WG}u + li);
  if (i >= prm[0]) { return; }
${body}
}
`;
}

const pipelines = new Map<string, GpuComputePipeline>();
const layouts = new Map<number, { group: GpuBindGroupLayout; pipeline: GpuPipelineLayout }>();
/** Pooled buffers handed out unzeroed that must read as zero: cleared before the next dispatch. */
const pendingClears: GpuBuffer[] = [];

function layoutFor(n: number): { group: GpuBindGroupLayout; pipeline: GpuPipelineLayout } {
  let l = layouts.get(n);
  if (l === undefined) {
    const d = gpu();
    const entries = Array.from({ length: n + 1 }, (_, i) => ({
      binding: i, visibility: COMPUTE_STAGE, buffer: { type: i === n ? 'read-only-storage' as const : 'storage' as const },
    }));
    const group = d.createBindGroupLayout({ entries });
    layouts.set(n, l = { group, pipeline: d.createPipelineLayout({ bindGroupLayouts: [group] }) });
  }
  return l;
}

/** The compiled pipeline for `key` (source made only on a miss); WGSL errors are logged with it. */
export function pipeline(key: string, slots: number, source: () => string): GpuComputePipeline {
  const full = `${key}/${slots}`;
  let p = pipelines.get(full);
  if (p === undefined) {
    const d = gpu();
    const code = source();
    d.pushErrorScope('validation');
    const module = d.createShaderModule({ code });
    p = d.createComputePipeline({ layout: layoutFor(slots).pipeline, compute: { module, entryPoint: 'main' } });
    void d.popErrorScope().then((e) => {
      if (e !== null) console.error(`torchlet webgpu: kernel ${key} failed to compile: ${e.message}\n${code}`);
    });
    pipelines.set(full, p);
  }
  return p;
}

/** Workgroup counts for `threads` threads: x up to the device's per-dimension limit, then y. */
export function groups(threads: number, perGroup = WG): [number, number] {
  const g = Math.max(1, Math.ceil(threads / perGroup));
  const max = gpu().limits.maxComputeWorkgroupsPerDimension;
  return g <= max ? [g, 1] : [max, Math.ceil(g / max)];
}

/** A storage's buffer must read as zero: clear it before the next submitted work. */
export function clearLater(buffer: GpuBuffer): void {
  pendingClears.push(buffer);
}

/**
 * Dispatches are recorded into one command encoder and submitted together (a submit per op costs
 * more than the op on small tensors): at MAX_BATCH dispatches, at the end of the current task
 * (a microtask), and before anything that must see their results (`flush`: uploads, reads,
 * synchronize). A parameter buffer goes back to its pool only once its batch is submitted.
 */
const MAX_BATCH = 64;
interface Batch { readonly enc: GpuCommandEncoder; count: number; readonly params: { buffer: GpuBuffer; size: number }[] }
let batch: Batch | null = null;

function current(): Batch {
  if (batch === null) {
    batch = { enc: gpu().createCommandEncoder(), count: 0, params: [] };
    queueMicrotask(flush);
  }
  return batch;
}

/**
 * Records one kernel: binds k's storages and `meta`, dispatches `threads` threads (or the given
 * workgroup grid), after any pending clears.
 */
export function run(key: string, source: () => string, k: Bindings, meta: Int32Array, threads: number, grid?: [number, number]): void {
  const d = gpu();
  const slots = k.storages.length;
  const p = pipeline(`${key}:${k.key}`, slots, source);
  const m = scratch(meta.byteLength);
  d.queue.writeBuffer(m.buffer, 0, meta); // lands before the batch is submitted: m is this dispatch's alone
  const entries = k.storages.map((s, i) => ({ binding: i, resource: { buffer: s.buffer } }));
  entries.push({ binding: slots, resource: { buffer: m.buffer } });
  const group = d.createBindGroup({ layout: layoutFor(slots).group, entries });
  const b = current();
  flushClears(b.enc);
  const pass = b.enc.beginComputePass();
  pass.setPipeline(p);
  pass.setBindGroup(0, group);
  const [x, y] = grid ?? groups(threads);
  pass.dispatchWorkgroups(x, y);
  pass.end();
  b.params.push(m);
  if (++b.count >= MAX_BATCH) flush();
}

function flushClears(enc: { clearBuffer(b: GpuBuffer): void }): void {
  for (const b of pendingClears) enc.clearBuffer(b);
  pendingClears.length = 0;
}

/** Submits recorded work and pending clears now (before a writeBuffer or read that must follow them). */
export function flush(): void {
  if (batch === null && pendingClears.length === 0) return;
  const b = batch ?? { enc: gpu().createCommandEncoder(), count: 0, params: [] };
  batch = null;
  flushClears(b.enc);
  gpu().queue.submit([b.enc.finish()]);
  for (const m of b.params) recycle(m.buffer, m.size);
}

/** Forgets compiled pipelines (a new device). */
export function resetPipelines(): void {
  pipelines.clear();
  layouts.clear();
  pendingClears.length = 0;
  batch = null;
}
