/**
 * Faster hosts for the bulk float32 samplers (WebAssembly, the native addon), registered at load
 * the way backends register, so that `random/` never imports a backend. Random numbers are made
 * on the host whatever the device, so these are not `Backend` methods.
 *
 * The generator's state stays the single source of truth: a kernel is handed the 624 MT19937
 * words (which it advances in place) and the position `(left, next)`, and returns the new `next`
 * (after at least one draw PyTorch's engine always has `left + next = 625`), or -1 to decline
 * having drawn nothing (the TypeScript path then runs: wasm that failed to load). A kernel must give
 * exactly the values and engine position of the TypeScript path; the tests compare them across
 * seeds, sizes and interleavings.
 */
import { MT_N, type MT19937 } from './mt19937';

/** Bulk samplers that replace the TypeScript loops of `distributions.ts` for fills of at least {@link RANDOM_KERNEL_MIN}. */
export interface RandomKernels {
  /** Who provides them ('wasm', 'native'), for tests and benchmarks. */
  readonly name: string;
  /**
   * `uniform_` on float32 (section 2 of the RNG notes): `out[i] = fma_f32((y & 0xffffff) * 2^-24, range, lo)`
   * for every i, one draw each, `lo` and `range` already float32. Returns the new `next`.
   */
  uniformF32(state: Uint32Array, left: number, next: number, out: Float32Array, lo: number, range: number): number;
  /**
   * `normal_` on float32 with `out.length >= 16` (PyTorch's AVX2 `normal_fill`: all uniforms, blocks
   * of 16, the tail redone from 16 fresh draws), `mean` and `std` already float32. Returns the new `next`.
   */
  normalF32(state: Uint32Array, left: number, next: number, out: Float32Array, mean: number, std: number): number;
}

/** Below this many elements the TypeScript loops run (a kernel call costs more than it saves). */
export const RANDOM_KERNEL_MIN = 256;

let active: RandomKernels | null = null;

/**
 * Installs bulk samplers (null removes them); returns the ones they replace.
 * @example
 * const previous = setRandomKernels(null); // force the TypeScript path
 * setRandomKernels(previous);
 */
export function setRandomKernels(kernels: RandomKernels | null): RandomKernels | null {
  const previous = active;
  active = kernels;
  return previous;
}

/** The installed bulk samplers, or null. */
export function activeRandomKernels(): RandomKernels | null {
  return active;
}

/** Hands `engine`'s state to a kernel call and takes the new position back; false when the kernel declined. */
export function runOnEngine(engine: MT19937, call: (state: Uint32Array, left: number, next: number) => number): boolean {
  const next = call(engine.state, engine.left, engine.next);
  if (next < 0) return false;
  engine.next = next;
  engine.left = MT_N + 1 - next;
  return true;
}
