/**
 * PyTorch's CPU random numbers, bit for bit: the MT19937 `Generator`, the sampling kernels over
 * typed arrays, and the process-wide default generator behind `torch.manual_seed`.
 *
 * @example
 * import { manualSeed, defaultGenerator, normalF32 } from './random/index';
 * manualSeed(0);
 * const w = new Float32Array(10);
 * normalF32(defaultGenerator, w); // the values of torch.manual_seed(0); torch.randn(10)
 */
import { Generator } from './generator';

export { Generator, DEFAULT_RNG_SEED, RNG_STATE_BYTES, generatorOption } from './generator';
export { setRandomKernels, activeRandomKernels, runOnEngine, RANDOM_KERNEL_MIN, type RandomKernels } from './kernels';
export {
  uniformF32,
  uniformF64,
  normalF32,
  normalF64,
  normalPerElement,
  randperm,
  randint,
  bernoulli,
  bernoulliF32,
  iteratorBaseSeed,
  samplerPermutation,
  kaimingUniformBounds,
  RANDPERM_RANDOM64_THRESHOLD,
} from './distributions';

/**
 * The generator used when none is passed (`torch.default_generator`). Seeded from a
 * non-deterministic source at start-up, like PyTorch: only {@link manualSeed} makes runs
 * reproducible.
 */
export const defaultGenerator: Generator = new Generator();
defaultGenerator.seed();

/** `torch.manual_seed(seed)`: seeds the default generator and returns it. */
export function manualSeed(seed: number | bigint): Generator {
  return defaultGenerator.manualSeed(seed);
}

/** `torch.seed()`: re-seeds the default generator non-deterministically; returns the seed. */
export function seed(): number {
  return defaultGenerator.seed();
}

/** `torch.initial_seed()`: the default generator's seed (see {@link Generator.initialSeed}). */
export function initialSeed(): number {
  return defaultGenerator.initialSeed();
}

/** `torch.get_rng_state()`: the default generator's state, in PyTorch's 5056-byte layout. */
export function getRngState(): Uint8Array {
  return defaultGenerator.getState();
}

/** `torch.set_rng_state(state)`: restores the default generator (validated first). */
export function setRngState(state: Uint8Array): void {
  defaultGenerator.setState(state);
}
