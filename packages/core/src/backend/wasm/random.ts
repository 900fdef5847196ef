/**
 * Host side of the WebAssembly random fills (assembly/random.ts), registered with
 * `random/kernels.ts`: the 624 MT19937 words go into the arena once per call, the output is
 * filled in chunks (so a huge tensor never grows the arena past a chunk) and copied out, and the
 * advanced words and position go back to the generator. Chunks give the same values as one pass:
 * the draws stay in order and normal_fill transforms each block of 16 on its own.
 */
import type { RandomKernels } from '../../random/kernels';
import { regions, wasmRuntime } from './runtime';

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
  const next = body({ kernels: rt.kernels, mt: pm, out: po, f32: r.f32 });
  state.set(r.i32.subarray(pm / 4, pm / 4 + MT_WORDS));
  return next;
}

interface WasmCall {
  readonly kernels: NonNullable<ReturnType<typeof wasmRuntime>>['kernels'];
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
      nx = w.kernels.randomUniformF32(w.mt, l, nx, w.out, m, lo, range);
      l = leftOf(nx);
      out.set(w.f32.subarray(w.out / 4, w.out / 4 + m), i);
    }
    return nx;
  });
}

/** PyTorch's normal_fill: n uniforms, blocks of 16, the tail redone from 16 fresh draws. */
function normalF32(state: Uint32Array, left: number, next: number, out: Float32Array, mean: number, std: number): number {
  const n = out.length;
  if (n < 16) return -1;
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
      nx = w.kernels.randomUniformF32(w.mt, l, nx, w.out, n - full, 0, 1);
      nx = w.kernels.randomNormalBlocksF32(w.mt, leftOf(nx), nx, w.out, 1, mean, std);
      out.set(w.f32.subarray(w.out / 4, w.out / 4 + 16), n - 16);
    }
    return nx;
  });
}

/** The WebAssembly samplers (each declines, drawing nothing, where WebAssembly SIMD is unavailable). */
export const wasmRandomKernels: RandomKernels = { name: 'wasm', uniformF32, normalF32 };
