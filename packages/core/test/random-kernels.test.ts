/**
 * The bulk random paths give the per-value TypeScript path's values and engine position exactly:
 * the engine's batch draws, the multi-block normal transform, and every registered kernel (the
 * WebAssembly fills: with hardware fmas where the engine fuses relaxed_madd; without, uniforms
 * emulate their fma and normals decline to TypeScript)
 * across seeds, sizes, generators and interleavings; plus PyTorch's own values
 * (fixtures/rng-extra.json) through each kernel.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import { manualSeed, rand, randn, getRngState, zeros } from '../src/index';
import {
  Generator, RANDOM_KERNEL_MIN, activeRandomKernels, normalF32, randperm, runOnEngine, setRandomKernels, uniformF32,
  type RandomKernels,
} from '../src/random/index';
import { normalFill16F32, normalFillBlocksF32 } from '../src/random/cephes';
import { MT19937 } from '../src/random/mt19937';
import { setWasmRandomEmulated, wasmRandomFused, wasmRandomKernels } from '../src/backend/wasm/random';

const SIZES = [0, 1, 15, 16, 17, 255, 256, 257, 623, 624, 625, 1249, 65536 + 17, 100_003];
const SEEDS = [0, 1, 42, 2 ** 32 - 1];

const bitsOf = (a: Float32Array): Uint32Array => new Uint32Array(a.buffer, a.byteOffset, a.length);

function expectSameBits(a: Float32Array[], b: Float32Array[]): void {
  expect(b.length).toBe(a.length);
  for (let k = 0; k < a.length; k++) {
    const x = bitsOf(a[k]!), y = bitsOf(b[k]!);
    let first = -1;
    for (let i = 0; i < x.length && first < 0; i++) if (x[i] !== y[i]) first = i;
    expect([k, x.length, first]).toEqual([k, y.length, -1]);
  }
}

/** `draw` from a fresh generator with no kernels (the reference), then with `kernels`. */
function both(kernels: RandomKernels, seed: number, draw: (g: Generator) => Float32Array[]): void {
  const previous = setRandomKernels(null);
  try {
    const g1 = new Generator(seed);
    const a = draw(g1);
    setRandomKernels(kernels);
    const g2 = new Generator(seed);
    const b = draw(g2);
    expectSameBits(a, b);
    expect(Array.from(g2.getState())).toEqual(Array.from(g1.getState()));
  } finally {
    setRandomKernels(previous);
  }
}

/** Draw a few (the cached Box-Muller path, raw words), fill big ones, draw again. */
function interleaved(n: number, mean: number, std: number, lo: number, hi: number) {
  return (g: Generator): Float32Array[] => {
    const small = new Float32Array(3);
    normalF32(g, small);
    const words = new Float32Array([g.random(), g.random()]);
    const big = new Float32Array(n);
    normalF32(g, big, mean, std);
    const uni = new Float32Array(n);
    uniformF32(g, uni, lo, hi);
    const after = new Float32Array(17);
    normalF32(g, after);
    return [small, words, big, uni, after];
  };
}

describe('the engine and the TypeScript bulk paths', () => {
  test('fillUniform24 and fillRaw equal nextUint32 from every position of the engine', () => {
    for (const skip of [0, 1, 2, 300, 622, 623, 624, 625]) {
      for (const n of [0, 1, 5, 623, 624, 625, 2000]) {
        const a = new MT19937(99), b = new MT19937(99), c = new MT19937(99);
        for (let i = 0; i < skip; i++) { a.nextUint32(); b.nextUint32(); c.nextUint32(); }
        const want = Array.from({ length: n }, () => a.nextUint32());
        const u = new Float32Array(n);
        b.fillUniform24(u, 0, n);
        const raw = new Uint32Array(n);
        c.fillRaw(raw, 0, n);
        expect(Array.from(raw)).toEqual(want);
        expect(Array.from(u)).toEqual(want.map((y) => (y & 0xffffff) * 2 ** -24));
        expect([b.left, b.next, c.left, c.next]).toEqual([a.left, a.next, a.left, a.next]);
        expect(a.nextUint32()).toBe(b.nextUint32());
      }
    }
  });

  test('normalFillBlocksF32 equals normalFill16F32 block by block (past one 512-lane pass)', () => {
    const g = new Generator(5);
    const u = new Float32Array(16 * 70);
    uniformF32(g, u);
    for (const [mean, std] of [[0, 1], [Math.fround(0.3), Math.fround(1.7)]] as const) {
      const a = u.slice(), b = u.slice();
      for (let o = 0; o < a.length; o += 16) normalFill16F32(a, o, mean, std);
      normalFillBlocksF32(b, 0, 70, mean, std);
      expectSameBits([a], [b]);
    }
  });

  test('randperm with batched draws keeps PyTorch\'s swaps (a few sizes against nextUint32)', () => {
    for (const n of [1, 2, 3, 624, 625, 5000]) {
      const g = new Generator(11), ref = new MT19937(11);
      const r = Array.from({ length: n }, (_, i) => i);
      for (let i = 0; i < n - 1; i++) {
        const z = i + (ref.nextUint32() % (n - i));
        [r[i], r[z]] = [r[z]!, r[i]!];
      }
      expect(Array.from(randperm(g, n))).toEqual(r);
      expect(g.random()).toBe(ref.nextUint32());
    }
  });

  test('a registered kernel gets the state and position, and may decline', () => {
    const calls: number[][] = [];
    const declining: RandomKernels = {
      name: 'test',
      uniformF32: (state, left, next, out) => { calls.push([state.length, left, next, out.length]); return -1; },
      normalF32: (state, left, next, out) => { calls.push([state.length, left, next, out.length]); return -1; },
    };
    both(declining, 3, interleaved(RANDOM_KERNEL_MIN, 0, 1, 0, 1));
    // 3 cached normals (2 Box-Muller pairs, 2 U53 of 2 words each: 8 words) + 2 words = 10 draws
    // before the big normal (which the kernel declines, so the TypeScript path ran it).
    expect(calls[0]).toEqual([624, 624 + 1 - 10, 10, RANDOM_KERNEL_MIN]);
    expect(calls).toHaveLength(2);
    const seen: number[] = [];
    const shortFill: RandomKernels = { ...declining, normalF32: (_s, _l, _nx, out) => { seen.push(out.length); return -1; } };
    const previous = setRandomKernels(shortFill);
    try {
      normalF32(new Generator(0), new Float32Array(RANDOM_KERNEL_MIN - 1));
    } finally {
      setRandomKernels(previous);
    }
    expect(seen).toEqual([]); // below RANDOM_KERNEL_MIN the TypeScript loops run
  });
});

const EXTRA = JSON.parse(readFileSync(join(__dirname, 'fixtures', 'rng-extra.json'), 'utf8')) as {
  seeds: string[]; cases: Record<string, { n: number; every: number; bits: number[]; sum: number }>;
};

for (const emulated of [false, true]) {
  const form = emulated || !wasmRandomFused() ? 'no fused relaxed_madd (normals decline to TypeScript)' : 'hardware fmas';
  describe(`WebAssembly fills, ${form}`, () => {
    beforeAll(() => setWasmRandomEmulated(emulated));
    afterAll(() => setWasmRandomEmulated(false));

    test('the wasm kernels are the ones registered by default; normals decline only without fused fmas', () => {
      expect(activeRandomKernels()?.name).toBe('wasm');
      const g = new Generator(1);
      const before = Array.from(g.getState());
      const out = new Float32Array(64);
      const ran = runOnEngine(g.mt, (s, l, nx) => wasmRandomKernels.normalF32(s, l, nx, out, 0, 1));
      expect(ran).toBe(!emulated && wasmRandomFused());
      if (!ran) expect(Array.from(g.getState())).toEqual(before);
    });

    test('normal and uniform fills equal the TypeScript path across seeds, sizes, interleavings', () => {
      for (const seed of SEEDS) {
        for (const n of SIZES) {
          for (const [mean, std, lo, hi] of [[0, 1, 0, 1], [0.5, 2.5, -3, 7]] as const) {
            both(wasmRandomKernels, seed, interleaved(n, mean, std, lo, hi));
          }
        }
      }
    });

    test('every engine position, called directly from 16 elements', () => {
      for (const skip of [0, 1, 300, 622, 623, 624]) {
        for (const n of [16, 17, 31, 33, 624, 625, 1000]) {
          both(wasmRandomKernels, 7, (g) => {
            for (let i = 0; i < skip; i++) g.random();
            const out = new Float32Array(n);
            const k = activeRandomKernels();
            // Without a fused relaxed_madd the wasm normal declines, drawing nothing, and TypeScript runs.
            if (k === null || !runOnEngine(g.mt, (s, l, nx) => k.normalF32(s, l, nx, out, 1, 2))) normalF32(g, out, 1, 2);
            return [out, new Float32Array([g.random()])];
          });
        }
      }
    });

    test('PyTorch\'s randn(100000) for five seeds (rng-extra.json)', () => {
      for (const s of EXTRA.seeds) {
        const big = EXTRA.cases[`randn_big/${s}`]!;
        const a = new Float32Array(big.n);
        normalF32(new Generator(BigInt(s)), a);
        const b = Array.from(bitsOf(a));
        let sum = 0;
        for (const v of b) sum = (sum + v) >>> 0;
        expect({ bits: b.filter((_, i) => i % big.every === 0), sum }).toEqual({ bits: big.bits, sum: big.sum });
      }
    });

    test('torch.randn / rand / normal_ / uniform_ and getRngState', () => {
      const run = (): [Float32Array[], Uint8Array] => {
        manualSeed(3);
        const x = zeros(100_003);
        const outs = [randn(2, 5), randn(1000), rand(4097), x.normal_(2, 3), x.clone().uniform_(-1, 1), randn(5)];
        return [outs.map((t) => t.toTypedArray() as Float32Array), getRngState()];
      };
      const previous = setRandomKernels(null);
      const [a, sa] = run();
      setRandomKernels(previous);
      const [b, sb] = run();
      expectSameBits(a, b);
      expect(Array.from(sb)).toEqual(Array.from(sa));
    });
  });
}
