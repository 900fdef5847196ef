/**
 * Loads the WebAssembly kernels once, picking the best variant the engine accepts (relaxed SIMD
 * fused multiply-add over plain SIMD, shared memory over private), and owns their linear memory:
 * one arena that grows to the largest call seen and is reused by every call, never freed by users.
 * Browser-safe: no Node APIs here (threads.ts reaches worker_threads only when asked to).
 */
import { relaxedSharedWasm, relaxedWasm, simdSharedWasm, simdWasm } from './binary.generated';

type Fn = (...args: number[]) => number | undefined;

/** The slice of the WebAssembly JS API used here, typed locally (no DOM lib needed). */
export interface WasmMemory {
  readonly buffer: ArrayBufferLike;
  grow(pages: number): number;
}
/** An opaque compiled module: only handed to workers. */
export type WasmModule = object;
interface WasmApi {
  validate(bytes: Uint8Array<ArrayBuffer>): boolean;
  Memory: new (d: { initial: number; maximum: number; shared: boolean }) => WasmMemory;
  Module: new (bytes: Uint8Array<ArrayBuffer>) => WasmModule;
  Instance: new (m: WasmModule, imports: { env: { memory: WasmMemory } }) => { exports: Record<string, unknown> };
}
const WA = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;

/** The kernel exports, by name (arguments are byte offsets into memory and plain integers). */
export interface Kernels {
  heapBase(): number;
  packA(src: number, rs: number, cs: number, m: number, k: number, dst: number): void;
  matmulTask(
    pa: number, bsrc: number, brs: number, bcs: number, pb: number, c: number, ldc: number,
    m: number, n: number, k: number, p0: number, p1: number, r0: number, r1: number, packB: number,
  ): void;
}

export interface WasmRuntime {
  readonly kernels: Kernels;
  readonly module: WasmModule;
  readonly memory: WasmMemory;
  /** True when memory is a SharedArrayBuffer, so worker threads can run kernels on it. */
  readonly shared: boolean;
  /** True when the fused multiply-add (relaxed SIMD) variant loaded. */
  readonly relaxed: boolean;
  /** Byte offset where the arena starts (64-byte aligned). */
  readonly base: number;
}

/** Register tile of the GEMM (assembly/tile.ts). */
export const MR = 4;
export const NR = 8;
const PAGE = 65536;
const MAX_PAGES = 32768;

let runtime: WasmRuntime | null | undefined;
let f32View: Float32Array = new Float32Array(0);

function decode(b64: string): Uint8Array<ArrayBuffer> {
  const s = atob(b64);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

function fn(exports: Record<string, unknown>, name: string): Fn {
  const f = exports[name];
  if (typeof f !== 'function') throw new Error(`wasm kernel '${name}' is missing`);
  return f as Fn;
}

function bind(exports: Record<string, unknown>): Kernels {
  const heapBase = fn(exports, 'heapBase'), packA = fn(exports, 'packA'), matmulTask = fn(exports, 'matmulTask');
  return {
    heapBase: () => heapBase() ?? 0,
    packA: (...a) => { packA(...a); },
    matmulTask: (...a) => { matmulTask(...a); },
  };
}

function tryLoad(api: WasmApi, b64: string, shared: boolean, relaxed: boolean): WasmRuntime | null {
  const bytes = decode(b64);
  if (!api.validate(bytes)) return null;
  try {
    const memory = new api.Memory({ initial: 1, maximum: MAX_PAGES, shared });
    const module = new api.Module(bytes);
    const instance = new api.Instance(module, { env: { memory } });
    const kernels = bind(instance.exports);
    const base = Math.ceil(kernels.heapBase() / 64) * 64;
    return { kernels, module, memory, shared, relaxed, base };
  } catch {
    return null; // no shared memory here (browser without cross-origin isolation), or sync compile refused
  }
}

/** The loaded kernels, or null when this engine has no WebAssembly SIMD. Loaded on first use. */
export function wasmRuntime(): WasmRuntime | null {
  if (runtime !== undefined) return runtime;
  runtime = null;
  if (!WA) return runtime;
  const shareable = typeof SharedArrayBuffer === 'function';
  runtime = (shareable ? tryLoad(WA, relaxedSharedWasm, true, true) ?? tryLoad(WA, simdSharedWasm, true, false) : null)
    ?? tryLoad(WA, relaxedWasm, false, true) ?? tryLoad(WA, simdWasm, false, false);
  return runtime;
}

/**
 * Makes the arena at least `bytes` long and returns a Float32Array over all of memory (valid
 * until the next call: growing replaces the buffer, so views are never cached elsewhere).
 * Returns null when the request exceeds the memory ceiling.
 */
export function arena(rt: WasmRuntime, bytes: number): Float32Array | null {
  const need = rt.base + bytes;
  const have = rt.memory.buffer.byteLength;
  if (need > have) {
    const pages = Math.ceil((need - have) / PAGE);
    if (have / PAGE + pages > MAX_PAGES) return null;
    rt.memory.grow(pages);
  }
  if (f32View.buffer !== rt.memory.buffer || f32View.length * 4 !== rt.memory.buffer.byteLength) {
    f32View = new Float32Array(rt.memory.buffer);
  }
  return f32View;
}

/** Rounds a byte count up to a 64-byte boundary (cache-line aligned regions). */
export function align64(bytes: number): number {
  return Math.ceil(bytes / 64) * 64;
}
