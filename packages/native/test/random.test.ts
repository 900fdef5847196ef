/**
 * The native random fills (csrc/random.cc) give the TypeScript samplers' values and leave the
 * generator exactly where they leave it: across seeds, sizes around the 16-lane blocks and the
 * 624-word twist, interleaved with small draws, with the AVX2 and the generic forms.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import { manualSeed, rand, randn, getRngState, zeros } from '@torchlet/core';
import { randomKernels as rk } from '@torchlet/core/internal';
import { isNativeAvailable } from '@torchlet/native';
import { nativeAddon } from '../src/addon';

const available = isNativeAvailable();
const describeNative = available ? describe : describe.skip;

const SIZES = [0, 1, 15, 16, 17, 255, 256, 257, 623, 624, 625, 1249, 100_003];
const SEEDS = [0, 1, 42, 2 ** 32 - 1];

/** Runs `draw` twice from the same generator state, TypeScript first, then with `kernels`. */
function both<T>(kernels: rk.RandomKernels, seed: number, draw: (g: rk.Generator) => T): [T, T, Uint8Array, Uint8Array] {
  const previous = rk.setRandomKernels(null);
  try {
    const g1 = new rk.Generator(seed);
    const a = draw(g1);
    rk.setRandomKernels(kernels);
    const g2 = new rk.Generator(seed);
    const b = draw(g2);
    return [a, b, g1.getState(), g2.getState()];
  } finally {
    rk.setRandomKernels(previous);
  }
}

/** Draw a few, fill a big one, draw again: every value and the final state. */
function interleaved(n: number, mean: number, std: number, lo: number, hi: number) {
  return (g: rk.Generator): Float32Array[] => {
    const small = new Float32Array(3);
    rk.normalF32(g, small); // the cached Box-Muller path
    const bits = new Float32Array([g.random(), g.random()]);
    const big = new Float32Array(n);
    rk.normalF32(g, big, mean, std);
    const uni = new Float32Array(n);
    rk.uniformF32(g, uni, lo, hi);
    const after = new Float32Array(17);
    rk.normalF32(g, after);
    return [small, bits, big, uni, after];
  };
}

function expectSameBits(a: Float32Array[], b: Float32Array[]): void {
  expect(b.length).toBe(a.length);
  for (let k = 0; k < a.length; k++) {
    const x = new Uint32Array(a[k]!.buffer), y = new Uint32Array(b[k]!.buffer);
    let first = -1;
    for (let i = 0; i < x.length && first < 0; i++) if (x[i] !== y[i]) first = i;
    expect([k, first]).toEqual([k, -1]);
  }
}

describeNative('native random kernels', () => {
  const addon = nativeAddon()!;
  const native = (): rk.RandomKernels => {
    const k = rk.activeRandomKernels();
    if (k === null) throw new Error('no random kernels registered');
    return k;
  };

  test('the native addon registered its samplers', () => {
    expect(native().name).toBe('native');
  });

  for (const generic of [false, true]) {
    const form = generic ? 'generic' : 'AVX2 (where present)';
    test(`normal and uniform fills equal the TypeScript path bit for bit (${form})`, () => {
      addon.setExactGeneric(generic);
      try {
        for (const seed of SEEDS) {
          for (const n of SIZES) {
            for (const [mean, std, lo, hi] of [[0, 1, 0, 1], [0.5, 2.5, -3, 7], [-1e-3, 1e-4, -0.125, 0.25]] as const) {
              const [a, b, sa, sb] = both(native(), seed, interleaved(n, mean, std, lo, hi));
              expectSameBits(a, b);
              expect(Buffer.from(sb).equals(Buffer.from(sa))).toBe(true);
            }
          }
        }
      } finally {
        addon.setExactGeneric(false);
      }
    });
  }

  test('the kernels called directly: every position of the engine, any length from 16', () => {
    for (const start of [0, 1, 300, 622, 623, 624]) {
      for (const n of [16, 17, 31, 33, 624, 625, 1000]) {
        const [a, b, sa, sb] = both(native(), 7, (g) => {
          for (let i = 0; i < start; i++) g.random();
          const out = new Float32Array(n);
          // Below RANDOM_KERNEL_MIN the samplers stay in TypeScript: call the active kernels directly.
          const k = rk.activeRandomKernels();
          if (k === null) rk.normalF32(g, out, 1, 2);
          else rk.runOnEngine(g.mt, (state, left, next) => k.normalF32(state, left, next, out, 1, 2));
          return [out, new Float32Array([g.random()])];
        });
        expectSameBits(a, b);
        expect(Buffer.from(sb).equals(Buffer.from(sa))).toBe(true);
      }
    }
  });

  test('torch.randn / rand / normal_ / uniform_ through the public API, with getRngState', () => {
    const run = (): [Float32Array[], Uint8Array] => {
      manualSeed(3);
      const x = zeros(100_003);
      const outs = [randn(2, 5), randn(1000), rand(4097), x.normal_(2, 3), x.clone().uniform_(-1, 1), randn(5)];
      return [outs.map((t) => t.toTypedArray() as Float32Array), getRngState()];
    };
    const previous = rk.setRandomKernels(null);
    const [a, sa] = run();
    rk.setRandomKernels(previous);
    const [b, sb] = run();
    expectSameBits(a, b);
    expect(Buffer.from(sb).equals(Buffer.from(sa))).toBe(true);
  });

  test('PyTorch\'s randn(100000) for five seeds (core fixtures/rng-extra.json)', () => {
    const extra = JSON.parse(readFileSync(join(__dirname, '../../core/test/fixtures/rng-extra.json'), 'utf8')) as {
      seeds: string[]; cases: Record<string, { n: number; every: number; bits: number[]; sum: number }>;
    };
    expect(extra.seeds.length).toBe(5);
    for (const generic of [false, true]) {
      addon.setExactGeneric(generic);
      try {
        for (const s of extra.seeds) {
          const big = extra.cases[`randn_big/${s}`]!;
          const a = new Float32Array(big.n);
          rk.normalF32(new rk.Generator(BigInt(s)), a);
          const bits = Array.from(new Uint32Array(a.buffer));
          let sum = 0;
          for (const v of bits) sum = (sum + v) >>> 0;
          expect({ bits: bits.filter((_, i) => i % big.every === 0), sum }).toEqual({ bits: big.bits, sum: big.sum });
        }
      } finally {
        addon.setExactGeneric(false);
      }
    }
  });

  test('bad states are refused before anything is written', () => {
    const out = new Float32Array(32).fill(5);
    const state = new Uint32Array(624);
    expect(() => addon.randomNormalF32(new Uint32Array(10), 1, 0, out, 0, 1)).toThrow('invalid mt19937 state');
    expect(() => addon.randomNormalF32(state, 0, 0, out, 0, 1)).toThrow('invalid mt19937 state');
    expect(() => addon.randomNormalF32(state, 1, 0, out.subarray(0, 15), 0, 1)).toThrow('at least 16');
    expect(out.every((v) => v === 5)).toBe(true);
  });
});
