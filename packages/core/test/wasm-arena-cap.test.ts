/**
 * WebAssembly memory never shrinks, so no call may grow it past ARENA_CAP (issue 13: one large
 * product used to leave +360 MB for the rest of the process). A product too large for the arena
 * runs in pieces that fit, with the bits of the product done whole.
 */
import { manualSeed, randn, setBackend, setNumThreads } from '@torchlet/core';
import { ARENA_CAP, wasmRuntime } from '../src/backend/wasm/runtime';

afterAll(() => {
  setBackend('auto');
  setNumThreads(1);
});

function f32Bits(a: ArrayLike<number>): number[] {
  return Array.from(new Uint32Array(Float32Array.from(a).buffer));
}

describe.each([1, 2])('a product larger than the arena, %i thread(s)', (threads) => {
  it('runs in pieces within ARENA_CAP, each row equal to the same rows done whole', () => {
    setBackend('wasm');
    setNumThreads(threads);
    manualSeed(threads);
    // 3072 x 256 @ 256 x 3072: staging whole would take ~84 MB (A, B, the result, packed panels).
    const a = randn(3072, 256), b = randn(256, 3072);
    const rt = wasmRuntime()!;
    const y = a.mm(b);
    expect(rt.memory.buffer.byteLength).toBeLessThanOrEqual(rt.base + ARENA_CAP + 65536);
    const out = y.toTypedArray();
    for (const r of [0, 1, 1535, 1536, 3071]) {
      const row = a.narrow(0, r, 1).mm(b).toTypedArray(); // small: staged whole
      expect(f32Bits(out.subarray(r * 3072, (r + 1) * 3072))).toEqual(f32Bits(row));
    }
    // And against float64 arithmetic, on a few entries.
    const A = a.toTypedArray(), B = b.toTypedArray();
    for (const [i, j] of [[0, 0], [17, 3000], [3071, 3071]] as const) {
      let s = 0;
      for (let k = 0; k < 256; k++) s += A[i * 256 + k]! * B[k * 3072 + j]!;
      expect(out[i * 3072 + j]).toBeCloseTo(s, 3);
    }
  });

  it('batched products with a broadcast operand, and a B too large for half the arena', () => {
    setBackend('wasm');
    setNumThreads(threads);
    manualSeed(10 + threads);
    const a = randn(2, 40, 64), b = randn(64, 140000); // B: 36 MB, more than ARENA_CAP / 2
    const y = a.matmul(b).toTypedArray();
    for (const [bi, r] of [[0, 0], [1, 39]] as const) {
      const row = a.narrow(0, bi, 1).narrow(1, r, 1).reshape([1, 64]).mm(b.narrow(1, 0, 4000)).toTypedArray();
      expect(f32Bits(y.subarray((bi * 40 + r) * 140000, (bi * 40 + r) * 140000 + 4000))).toEqual(f32Bits(row));
    }
    const rt = wasmRuntime()!;
    expect(rt.memory.buffer.byteLength).toBeLessThanOrEqual(rt.base + ARENA_CAP + 65536);
  });
});
