import { MT19937, MT_N } from './mt19937';

/** The seed of a fresh `torch.Generator()` (PyTorch's `default_rng_seed_val`). */
export const DEFAULT_RNG_SEED = 67280421310721;

/**
 * Size in bytes of a CPU generator state: PyTorch's `CPUGeneratorImplState` on x86-64 Linux,
 * so `getState()` bytes equal `torch.get_rng_state().numpy().tobytes()` and vice versa.
 */
export const RNG_STATE_BYTES = 5056;

// Byte offsets inside the state (little-endian, natural alignment, zero padding).
const OFF_SEED = 0; // uint64 the_initial_seed
const OFF_LEFT = 8; // int32 left
const OFF_SEEDED = 12; // int32 seeded
const OFF_NEXT = 16; // uint64 next
const OFF_WORDS = 24; // uint64 state[624], each holding a uint32
const OFF_NORMAL_Y = 5024; // double normal_y: the cached double normal
const OFF_NORMAL_VALID = 5040; // int32 normal_is_valid
const OFF_FLOAT_NORMAL = 5048; // float next_float_normal_sample
const OFF_FLOAT_VALID = 5052; // bool is_next_float_normal_sample_valid

const TWO_POW_32 = 4294967296;
const TWO_POW_MINUS_53 = 1.1102230246251565e-16;
const INT64_MIN = -(2n ** 63n);
const UINT64_MAX = 2n ** 64n - 1n;

/**
 * PyTorch's seed to the uint64 it stores: integers in [-2^63, 2^64) are accepted, negatives in
 * two's complement (so -1 is 2^64 - 1, whose low 32 bits seed the engine like 0xffffffff).
 */
function seedToUint64(seed: number | bigint): bigint {
  let big: bigint;
  if (typeof seed === 'bigint') big = seed;
  else if (Number.isInteger(seed)) big = BigInt(seed);
  else throw new TypeError(`manualSeed expected an integer seed, but got ${String(seed)}`);
  if (big < INT64_MIN || big > UINT64_MAX) throw new RangeError('Overflow when unpacking long');
  return BigInt.asUintN(64, big);
}

interface RandomSource {
  getRandomValues(array: Uint32Array): Uint32Array;
}

/** 53 unpredictable bits (crypto when present), the stand-in for PyTorch's /dev/urandom read. */
function nonDeterministicSeed(): number {
  const source: RandomSource | undefined = (globalThis as { crypto?: RandomSource }).crypto;
  let hi: number;
  let lo: number;
  if (source !== undefined) {
    const words = source.getRandomValues(new Uint32Array(2));
    hi = words[0]!;
    lo = words[1]!;
  } else {
    hi = Math.floor(Math.random() * TWO_POW_32) ^ Date.now();
    lo = Math.floor(Math.random() * TWO_POW_32);
  }
  return (hi & 0x1fffff) * TWO_POW_32 + (lo >>> 0);
}

/**
 * A CPU random number generator that reproduces `torch.Generator` (MT19937) bit for bit.
 *
 * @example
 * const g = new Generator().manualSeed(42);
 * const u = g.random(); // the same uint32 as torch's first draw after manual_seed(42)
 */
export class Generator {
  private readonly engine = new MT19937();
  /** The 64-bit initial seed, as PyTorch keeps it (high and low words). */
  private seedHi = 0;
  private seedLo = 0;
  /** Box-Muller's second value (PyTorch's `next_double_normal_sample`). */
  private hasDoubleNormal = false;
  private doubleNormal = 0;
  /** PyTorch's `next_float_normal_sample`: unused by CPU kernels, kept so states round-trip. */
  private hasFloatNormal = false;
  private floatNormal = 0;

  /** Seeded with 67280421310721 like `torch.Generator()`, or with `seed` when given. */
  constructor(seed: number | bigint = DEFAULT_RNG_SEED) {
    this.manualSeed(seed);
  }

  /**
   * Seeds the engine with the low 32 bits of `seed` and clears the cached normal, like
   * `Generator.manual_seed`. Accepts integers in [-2^63, 2^64); returns `this` for chaining.
   */
  manualSeed(seed: number | bigint): this {
    const u = seedToUint64(seed);
    const hi = Number(u >> 32n);
    const lo = Number(u & 0xffffffffn);
    this.seedHi = hi;
    this.seedLo = lo;
    this.engine.seed(lo);
    this.hasDoubleNormal = false;
    this.hasFloatNormal = false;
    return this;
  }

  /**
   * The seed last given, as PyTorch reports it (a uint64: -1 reads back as 2^64 - 1).
   * A number is exact below 2^53, which covers every seed this library picks itself;
   * use {@link initialSeedBigInt} for the exact value of larger seeds.
   */
  initialSeed(): number {
    return this.seedHi * TWO_POW_32 + this.seedLo;
  }

  /** The seed last given, exactly, as the uint64 that `torch.initial_seed()` returns. */
  initialSeedBigInt(): bigint {
    return (BigInt(this.seedHi) << 32n) | BigInt(this.seedLo);
  }

  /**
   * Re-seeds from a non-deterministic source (crypto.getRandomValues) and returns the seed.
   * PyTorch draws 64 bits; this draws 53 so that the returned number is exact.
   */
  seed(): number {
    const s = nonDeterministicSeed();
    this.manualSeed(s);
    return s;
  }

  /** Next 32-bit output of the engine (PyTorch's `random()`), in [0, 2^32). */
  random(): number {
    return this.engine.nextUint32();
  }

  /**
   * PyTorch's `random64()`: `(first << 32) | second`. Allocates a BigInt: hot paths call
   * {@link random} twice or {@link randomU53} instead.
   */
  random64(): bigint {
    const hi = this.engine.nextUint32();
    const lo = this.engine.nextUint32();
    return (BigInt(hi) << 32n) | BigInt(lo);
  }

  /**
   * `(random64() & (2^53 - 1)) * 2^-53`, PyTorch's float64 uniform in [0, 1), without BigInt:
   * the first output gives the high 21 bits, the second the low 32.
   */
  randomU53(): number {
    const hi = this.engine.nextUint32();
    const lo = this.engine.nextUint32();
    return ((hi & 0x1fffff) * TWO_POW_32 + lo) * TWO_POW_MINUS_53;
  }

  /**
   * The MT19937 engine itself, for bulk kernels that advance its state and position directly.
   * @internal used by the sampling kernels
   */
  get mt(): MT19937 {
    return this.engine;
  }

  /**
   * Returns and clears the cached second Box-Muller value, or `undefined` when none.
   * @internal used by the normal kernels
   */
  takeCachedNormal(): number | undefined {
    if (!this.hasDoubleNormal) return undefined;
    this.hasDoubleNormal = false;
    return this.doubleNormal;
  }

  /**
   * Caches a Box-Muller value for the next small normal draw.
   * @internal used by the normal kernels
   */
  cacheNormal(value: number): void {
    this.doubleNormal = value;
    this.hasDoubleNormal = true;
  }

  /**
   * The full state (engine words and position, initial seed, cached normals) in PyTorch's
   * 5056-byte layout: a checkpoint that `setState` resumes exactly, and that
   * `torch.set_rng_state(torch.frombuffer(bytes, dtype=torch.uint8))` accepts too.
   */
  getState(): Uint8Array {
    const bytes = new Uint8Array(RNG_STATE_BYTES);
    const view = new DataView(bytes.buffer);
    view.setUint32(OFF_SEED, this.seedLo, true);
    view.setUint32(OFF_SEED + 4, this.seedHi, true);
    view.setInt32(OFF_LEFT, this.engine.left, true);
    view.setInt32(OFF_SEEDED, 1, true);
    view.setUint32(OFF_NEXT, this.engine.next, true);
    const words = this.engine.state;
    for (let i = 0; i < MT_N; i++) view.setUint32(OFF_WORDS + 8 * i, words[i]!, true);
    if (this.hasDoubleNormal) {
      view.setFloat64(OFF_NORMAL_Y, this.doubleNormal, true);
      view.setInt32(OFF_NORMAL_VALID, 1, true);
    }
    if (this.hasFloatNormal) {
      view.setFloat32(OFF_FLOAT_NORMAL, this.floatNormal, true);
      view.setUint8(OFF_FLOAT_VALID, 1);
    }
    return bytes;
  }

  /**
   * Restores a state from {@link getState} (or from `torch.get_rng_state()` bytes).
   * Everything is validated first: a corrupt state throws and leaves the generator unchanged.
   */
  setState(state: Uint8Array): void {
    if (!(state instanceof Uint8Array)) {
      throw new TypeError('setState expects the Uint8Array returned by getState()');
    }
    if (state.length !== RNG_STATE_BYTES) {
      throw new RangeError(
        `Expected a CPUGeneratorImplState of size ${RNG_STATE_BYTES} but found the input RNG state size to be ${state.length}`,
      );
    }
    const view = new DataView(state.buffer, state.byteOffset, state.byteLength);
    const invalid = (why: string): Error => new RangeError(`Invalid mt19937 state: ${why}`);
    const left = view.getInt32(OFF_LEFT, true);
    const next = view.getUint32(OFF_NEXT, true);
    if (view.getInt32(OFF_SEEDED, true) !== 1) throw invalid('the seeded flag is not set');
    if (view.getUint32(OFF_NEXT + 4, true) !== 0 || next > MT_N) throw invalid(`next = ${next}`);
    if (left < 1 || left > MT_N) throw invalid(`left = ${left}`);
    if (left !== 1 && left + next !== MT_N + 1) throw invalid(`left = ${left} does not match next = ${next}`);
    for (let i = 0; i < MT_N; i++) {
      if (view.getUint32(OFF_WORDS + 8 * i + 4, true) !== 0) throw invalid(`word ${i} exceeds 32 bits`);
    }
    const normalValid = view.getInt32(OFF_NORMAL_VALID, true);
    const floatValid = view.getUint8(OFF_FLOAT_VALID);
    const normal = view.getFloat64(OFF_NORMAL_Y, true);
    const floatNormal = view.getFloat32(OFF_FLOAT_NORMAL, true);
    if (normalValid !== 0 && normalValid !== 1) throw invalid(`normal_is_valid = ${normalValid}`);
    if (floatValid !== 0 && floatValid !== 1) throw invalid(`float normal flag = ${floatValid}`);
    if (normalValid === 1 && !Number.isFinite(normal)) throw invalid('the cached normal is not finite');
    if (floatValid === 1 && !Number.isFinite(floatNormal)) throw invalid('the cached float normal is not finite');
    // Valid: commit.
    const words = this.engine.state;
    for (let i = 0; i < MT_N; i++) words[i] = view.getUint32(OFF_WORDS + 8 * i, true);
    this.engine.left = left;
    this.engine.next = next;
    this.seedLo = view.getUint32(OFF_SEED, true);
    this.seedHi = view.getUint32(OFF_SEED + 4, true);
    this.hasDoubleNormal = normalValid === 1;
    this.doubleNormal = normalValid === 1 ? normal : 0;
    this.hasFloatNormal = floatValid === 1;
    this.floatNormal = floatValid === 1 ? floatNormal : 0;
  }
}

/**
 * A `generator` option as given, checked: undefined means `fallback` (the default generator);
 * anything but a Generator raises a TypeError naming the option and the function.
 */
export function generatorOption(gen: unknown, fallback: Generator, fn: string): Generator {
  if (gen === undefined) return fallback;
  if (gen instanceof Generator) return gen;
  const what = gen === null ? 'null' : Array.isArray(gen) ? 'an array' : typeof gen === 'object' ? 'a plain object' : `a ${typeof gen}`;
  throw new TypeError(`${fn}(): generator must be a torch.Generator, got ${what}`);
}
