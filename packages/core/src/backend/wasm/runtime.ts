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
const WA = (globalThis as { WebAssembly?: unknown }).WebAssembly as WasmApi | undefined;

/** The kernel exports, by name (arguments are byte offsets into memory and plain integers). */
export interface Kernels {
  heapBase(): number;
  packA(src: number, rs: number, cs: number, m: number, k: number, dst: number): void;
  matmulTask(
    pa: number, bsrc: number, brs: number, bcs: number, pb: number, c: number, ldc: number,
    m: number, n: number, k: number, p0: number, p1: number, r0: number, r1: number, packB: number,
  ): void;
  matmulBatch(
    a: number, sab: number, sam: number, sak: number, b: number, sbb: number, sbk: number, sbn: number,
    m: number, n: number, k: number, b0: number, b1: number, pa: number, pb: number, c: number, out: number,
  ): void;
  binaryF32(op: number, a: number, b: number, strides: number, out: number, n0: number, n1: number, n2: number, n3: number): void;
  unaryF32(op: number, x: number, strides: number, out: number, n0: number, n1: number, n2: number, n3: number): void;
  whereF32(c: number, a: number, b: number, strides: number, out: number, n0: number, n1: number, n2: number, n3: number): void;
  addScaledF32(a: number, b: number, s: number, out: number, n: number): void;
  argReduceF32(isMax: number, x: number, desc: number, out: number, idx: number): void;
  sumBlockF32(x: number, out: number, inBase: number, outBase: number, i0: number, i1: number, o0: number, o1: number,
    size0: number, size1: number, acc: number): void;
  im2colF32(x: number, n: number, c: number, sN: number, sC: number, sH: number, sW: number, geom: number, pad: number, out: number): void;
  col2imF32(cols: number, n: number, c: number, sN: number, sK: number, sL: number, geom: number, out: number): void;
  conv2dF32(x: number, w: number, b: number, hasBias: number, out: number, n: number, c: number, o: number, geom: number): void;
  conv2dRowsF32(x: number, w: number, b: number, hasBias: number, out: number, n: number, c: number, o: number, geom: number, pad: number): void;
  conv2dInputGradF32(gy: number, w: number, out: number, n: number, c: number, o: number, geom: number, col: number): void;
  conv2dWeightGradF32(gy: number, x: number, out: number, n: number, c: number, o: number, geom: number, scratch: number): void;
  maxPool2dF32(x: number, out: number, idx: number, b: number, geom: number): void;
  randomUniformF32(mt: number, left: number, next: number, out: number, n: number, lo: number, range: number, fused: number): number;
  randomNormalBlocksF32(mt: number, left: number, next: number, out: number, blocks: number, mean: number, std: number): number;
  fusedMaddProbe(a: number, b: number, c: number): number;
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
/**
 * The most one call may stage in linear memory. WebAssembly memory never shrinks, so a call
 * that grew it past this would keep that size for the rest of the process: larger products run
 * in pieces that fit (matmul.ts), other kernels fall back to the js loops (memory-bound anyway).
 */
export const ARENA_CAP = 64 * 2 ** 20;

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
  const heapBase = fn(exports, 'heapBase');
  const f = (name: string): Fn => fn(exports, name);
  return {
    heapBase: () => heapBase() ?? 0,
    packA: f('packA'), matmulTask: f('matmulTask'), matmulBatch: f('matmulBatch'), binaryF32: f('binaryF32'), unaryF32: f('unaryF32'),
    whereF32: f('whereF32'), addScaledF32: f('addScaledF32'), argReduceF32: f('argReduceF32'), sumBlockF32: f('sumBlockF32'),
    im2colF32: f('im2colF32'), col2imF32: f('col2imF32'),
    conv2dF32: f('conv2dF32'), conv2dRowsF32: f('conv2dRowsF32'), conv2dInputGradF32: f('conv2dInputGradF32'), conv2dWeightGradF32: f('conv2dWeightGradF32'),
    maxPool2dF32: f('maxPool2dF32'),
    randomUniformF32: f('randomUniformF32') as Kernels['randomUniformF32'],
    randomNormalBlocksF32: f('randomNormalBlocksF32') as Kernels['randomNormalBlocksF32'],
    fusedMaddProbe: f('fusedMaddProbe') as Kernels['fusedMaddProbe'],
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

/**
 * Node 20's V8 has relaxed SIMD (standard, on by default from Node 22) behind a flag; turning it
 * on before the first compile gives the fused multiply-add kernels, whose float32 products carry
 * the same bits as the TypeScript kernels. Elsewhere this does nothing.
 */
function enableRelaxedSimdFlag(): void {
  const proc = (globalThis as { process?: { getBuiltinModule?(id: string): unknown } }).process;
  const v8 = proc?.getBuiltinModule?.('node:v8') as { setFlagsFromString?: (flags: string) => void } | undefined;
  v8?.setFlagsFromString?.('--experimental-wasm-relaxed-simd');
}

/** The loaded kernels, or null when this engine has no WebAssembly SIMD. Loaded on first use. */
export function wasmRuntime(): WasmRuntime | null {
  if (runtime !== undefined) return runtime;
  runtime = null;
  if (!WA) return runtime;
  if (!WA.validate(decode(relaxedWasm))) enableRelaxedSimdFlag();
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
  if (bytes > ARENA_CAP) return null;
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

/** Views over the whole arena after `regions`: byte offsets of each region, 64-byte aligned. */
export interface ArenaViews {
  readonly at: number[];
  readonly f32: Float32Array;
  readonly u8: Uint8Array;
  readonly i32: Int32Array;
}

let u8View: Uint8Array = new Uint8Array(0), i32View: Int32Array = new Int32Array(0);

/** Lays out regions of the given byte sizes in the arena (growing it once); null past the ceiling. */
export function regions(rt: WasmRuntime, sizes: readonly number[]): ArenaViews | null {
  const at: number[] = [];
  let end = rt.base;
  for (const s of sizes) {
    at.push(end);
    end += align64(s);
  }
  const f32 = arena(rt, end - rt.base);
  if (!f32) return null;
  if (u8View.buffer !== f32.buffer) {
    u8View = new Uint8Array(f32.buffer);
    i32View = new Int32Array(f32.buffer);
  }
  return { at, f32, u8: u8View, i32: i32View };
}
