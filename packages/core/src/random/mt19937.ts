/**
 * The 32-bit Mersenne Twister (MT19937) exactly as PyTorch's `at::mt19937` runs it.
 *
 * The bookkeeping (`left`, `next`) follows PyTorch's engine rather than the textbook one, so that
 * a generator state can be exchanged byte for byte with `torch.get_rng_state()`:
 * after seeding `left = 1, next = 0`; each draw decrements `left` and regenerates the 624 words
 * in one batch when it reaches 0, then reads `state[next++]`.
 */

/** Number of 32-bit words in the state. */
export const MT_N = 624;
const MT_M = 397;
const MATRIX_A = 0x9908b0df;
const UPPER_MASK = 0x80000000;
const LOWER_MASK = 0x7fffffff;
// The tempering masks as int32, so the bulk loops stay in small integers.
const TEMPER_B = 0x9d2c5680 | 0;
const TEMPER_C = 0xefc60000 | 0;
const TWO_POW_MINUS_24 = 5.9604644775390625e-8;
const { min } = Math; // a module constant: `Math.x` is a slow global lookup under Jest's vm

/** MT19937 engine; all arithmetic is uint32 through `Math.imul` and `>>> 0`. */
export class MT19937 {
  /** The 624 state words. */
  readonly state = new Uint32Array(MT_N);
  /** Draws left before the next regeneration (PyTorch's `left_`, 1..624). */
  left = 1;
  /** Index of the next word to temper (PyTorch's `next_`, 0..624). */
  next = 0;

  /** Seeds with the low 32 bits of `seed` (`seed` must already be a uint32). */
  constructor(seed = 5489) {
    this.seed(seed);
  }

  /** PyTorch's `init_with_uint32`: Knuth's multiplier, then a regeneration before the first output. */
  seed(seed: number): void {
    const mt = this.state;
    let prev = seed >>> 0;
    mt[0] = prev;
    for (let j = 1; j < MT_N; j++) {
      prev = (Math.imul(1812433253, prev ^ (prev >>> 30)) + j) >>> 0;
      mt[j] = prev;
    }
    this.left = 1;
    this.next = 0;
  }

  /** Next tempered 32-bit output, as a number in [0, 2^32). */
  nextUint32(): number {
    if (--this.left === 0) this.regenerate();
    let y = this.state[this.next++]!;
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /**
   * Draws `end - start` outputs into `out[start..end)` as float32 uniforms `(y & 0xffffff) * 2^-24`:
   * the same values and engine position as that many {@link nextUint32} calls, without a call per value.
   */
  fillUniform24(out: Float32Array, start: number, end: number): void {
    const mt = this.state;
    let left = this.left;
    let next = this.next;
    let i = start;
    while (i < end) {
      if (left === 1) {
        this.regenerate();
        left = MT_N + 1; // 624 words ready; `left - 1` of them may be read before the next twist
        next = 0;
      }
      const take = min(end - i, left - 1);
      const stop = i + take;
      for (let j = next; i < stop; i++, j++) {
        let y = mt[j]!;
        y ^= y >>> 11;
        y ^= (y << 7) & TEMPER_B;
        y ^= (y << 15) & TEMPER_C;
        y ^= y >>> 18;
        out[i] = (y & 0xffffff) * TWO_POW_MINUS_24;
      }
      next += take;
      left -= take;
    }
    this.left = left;
    this.next = next;
  }

  /** Draws `end - start` tempered outputs into `out[start..end)` (as int32 bit patterns: `>>> 0` reads the uint32). */
  fillRaw(out: Int32Array | Uint32Array, start: number, end: number): void {
    const mt = this.state;
    let left = this.left;
    let next = this.next;
    let i = start;
    while (i < end) {
      if (left === 1) {
        this.regenerate();
        left = MT_N + 1;
        next = 0;
      }
      const take = min(end - i, left - 1);
      const stop = i + take;
      for (let j = next; i < stop; i++, j++) {
        let y = mt[j]!;
        y ^= y >>> 11;
        y ^= (y << 7) & TEMPER_B;
        y ^= (y << 15) & TEMPER_C;
        y ^= y >>> 18;
        out[i] = y;
      }
      next += take;
      left -= take;
    }
    this.left = left;
    this.next = next;
  }

  /** Regenerates all 624 words in one pass (no allocation). */
  private regenerate(): void {
    const mt = this.state;
    let k = 0;
    for (; k < MT_N - MT_M; k++) {
      const y = (mt[k]! & UPPER_MASK) | (mt[k + 1]! & LOWER_MASK);
      mt[k] = mt[k + MT_M]! ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
    }
    for (; k < MT_N - 1; k++) {
      const y = (mt[k]! & UPPER_MASK) | (mt[k + 1]! & LOWER_MASK);
      mt[k] = mt[k + MT_M - MT_N]! ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
    }
    const y = (mt[MT_N - 1]! & UPPER_MASK) | (mt[0]! & LOWER_MASK);
    mt[MT_N - 1] = mt[MT_M - 1]! ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
    this.left = MT_N;
    this.next = 0;
  }

  /** Copies state and position from another engine (no allocation). */
  copyFrom(other: MT19937): void {
    this.state.set(other.state);
    this.left = other.left;
    this.next = other.next;
  }
}
