/**
 * Host side of the WebAssembly random fills (assembly/random.ts), registered with
 * `random/kernels.ts`: the 624 MT19937 words go into the arena once per call, the output is
 * filled in chunks (so a huge tensor never grows the arena past a chunk) and copied out, and the
 * advanced words and position go back to the generator. Chunks give the same values as one pass:
 * the draws stay in order and normal_fill transforms each block of 16 on its own.
 */
import type { RandomKernels } from '../../random/kernels';
import { regions, wasmRuntime, type WasmRuntime } from './runtime';

const MT_WORDS = 624;
/** Elements per chunk: a multiple of 16 (256 KiB of float32). */
const CHUNK = 65536;

/** Runs `body` with the state in the arena and a chunk buffer; -1 when wasm is unavailable. */
function withArena(state: Uint32Array, n: number, body: (call: WasmCall) => number): number {
  const rt = wasmRuntime();
  const r = rt ? regions(rt, [4 * MT_WORDS, 4 * Math.min(Math.max(n, 16), CHUNK)]) : null;
  if (!rt || !r) return -1;
  const [pm, po] = r.at as [number, number];
  r.i32.set(state, pm / 4);
  const next = body({ fused: fused(rt), kernels: rt.kernels, mt: pm, out: po, f32: r.f32 });
  state.set(r.i32.subarray(pm / 4, pm / 4 + MT_WORDS));
  return next;
}

let fusedFlag: number | undefined;

/**
 * 1 when the loaded variant's relaxed_madd rounds once (x86 with FMA, Arm): the fills then run
 * 4 lanes of hardware fmas; else normals decline and uniform_ emulates its fma in double.
 * (1 + 2^-23)^2 - (1 + 2^-22) is 2^-46 fused, 0 when the product is rounded first.
 */
function fused(rt: WasmRuntime): number {
  fusedFlag ??= rt.relaxed && rt.kernels.fusedMaddProbe(1 + 2 ** -23, 1 + 2 ** -23, -(1 + 2 ** -22)) === 2 ** -46 ? 1 : 0;
  return fusedFlag;
}

/** Tests: act as if relaxed_madd were not fused (true), or go back to the probe's answer (false). */
export function setWasmRandomEmulated(on: boolean): void {
  fusedFlag = on ? 0 : undefined;
}

/** Whether the wasm fills run on hardware fmas here (the probe's answer; else normals run in TypeScript). */
export function wasmRandomFused(): boolean {
  const rt = wasmRuntime();
  return rt !== null && fused(rt) === 1;
}

interface WasmCall {
  readonly fused: number;
  readonly kernels: WasmRuntime['kernels'];
  readonly mt: number;
  readonly out: number;
  readonly f32: Float32Array;
}

/** Position after a call: (left, next) with left + next = 625 once anything was drawn. */
function leftOf(next: number): number {
  return MT_WORDS + 1 - next;
}

function uniformF32(state: Uint32Array, left: number, next: number, out: Float32Array, lo: number, range: number): number {
  const n = out.length;
  return withArena(state, n, (w) => {
    let l = left, nx = next;
    for (let i = 0; i < n; i += CHUNK) {
      const m = Math.min(CHUNK, n - i);
      nx = w.kernels.randomUniformF32(w.mt, l, nx, w.out, m, lo, range, w.fused);
      l = leftOf(nx);
      out.set(w.f32.subarray(w.out / 4, w.out / 4 + m), i);
    }
    return nx;
  });
}

/**
 * PyTorch's normal_fill: n uniforms, blocks of 16, the tail redone from 16 fresh draws. Declines
 * (-1) where relaxed_madd is not fused: the TypeScript replay is as fast as fmas emulated here.
 */
function normalF32(state: Uint32Array, left: number, next: number, out: Float32Array, mean: number, std: number): number {
  const n = out.length;
  const rt = wasmRuntime();
  if (n < 16 || rt === null || fused(rt) === 0) return -1;
  return withArena(state, n, (w) => {
    let l = left, nx = next;
    const full = n - (n % 16);
    for (let i = 0; i < full; i += CHUNK) {
      const m = Math.min(CHUNK, full - i);
      nx = w.kernels.randomNormalBlocksF32(w.mt, l, nx, w.out, m / 16, mean, std);
      l = leftOf(nx);
      out.set(w.f32.subarray(w.out / 4, w.out / 4 + m), i);
    }
    if (full < n) {
      // The last n % 16 uniforms are drawn (and overwritten), then 16 fresh ones make the tail.
      nx = w.kernels.randomUniformF32(w.mt, l, nx, w.out, n - full, 0, 1, 0);
      nx = w.kernels.randomNormalBlocksF32(w.mt, leftOf(nx), nx, w.out, 1, mean, std);
      out.set(w.f32.subarray(w.out / 4, w.out / 4 + 16), n - 16);
    }
    return nx;
  });
}

/** The WebAssembly samplers (each declines, drawing nothing, where it does not run: see above). */
export const wasmRandomKernels: RandomKernels = { name: 'wasm', uniformF32, normalF32 };
