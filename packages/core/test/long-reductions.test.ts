/**
 * Long float32 reductions keep their precision on every CPU backend (issue 14, item 3): a product
 * with K over K_BLOCK sums its blocks pairwise instead of growing one float accumulator (which
 * stops at 2^24 = 16777216 for a dot of ones), as PyTorch's BLAS keeps many partial sums. Short
 * products keep the single-accumulator order the PyTorch fixtures pin bit for bit.
 */
import { manualSeed, ones, rand, setBackend, setNumThreads, Tensor } from '@torchlet/core';
import { K_BLOCK } from '../src/backend/js/matmul';
import { fmaF32 } from '../src/numeric';

const BACKENDS = ['js', 'wasm', 'auto'] as const;

afterAll(() => setBackend('auto'));
beforeAll(() => setNumThreads(1));

/** The float64 dot of two float32 vectors (each product exact in double). */
function dot64(a: Tensor, b: Tensor): number {
  const x = a.toTypedArray(), y = b.toTypedArray();
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i]! * y[i]!;
  return s;
}

describe.each(BACKENDS)('%s backend', (name) => {
  beforeEach(() => setBackend(name));

  // 2e7 > 2^24: one float accumulator gave 16777216 (PyTorch and native: 2e7).
  test('dot, mv and mm of ones(2e7) are exactly 2e7', () => {
    const o = ones(2e7);
    expect(o.dot(o).item()).toBe(2e7);
    expect(o.reshape([1, 2e7]).mv(o).tolist()).toEqual([2e7]);
    expect(o.reshape([1, 2e7]).mm(o.reshape([2e7, 1])).tolist()).toEqual([[2e7]]);
  });

  // One accumulator was 3.7% low at 2e7 and 1.4e-3 low here.
  test('a random long dot is within 1e-5 of the float64 dot', () => {
    manualSeed(14);
    const a = rand(3_000_001), b = rand(3_000_001);
    const want = dot64(a, b);
    expect(Math.abs(a.dot(b).item() - want)).toBeLessThanOrEqual(1e-5 * want);
  });

  test('sum and mean of ones(2e7) are exact (cascade sum)', () => {
    const o = ones(2e7);
    expect(o.sum().item()).toBe(2e7);
    expect(o.mean().item()).toBe(1);
  });
});

test('the blocked product carries the same bits on js and wasm (rows, columns, a partial last block)', () => {
  manualSeed(3);
  const K = 2 * K_BLOCK + 77;
  const a = rand(5, K).sub(0.5), b = rand(K, 9).sub(0.5), bt = rand(9, K).sub(0.5);
  const run = (be: string): number[][] => {
    setBackend(be);
    return [Array.from(a.mm(b).toTypedArray()), Array.from(a.mm(bt.t()).toTypedArray())];
  };
  expect(run('wasm')).toEqual(run('js'));
});

test('a product with K = K_BLOCK keeps the single-accumulator order', () => {
  // Summed from 0 in order in float32 with one fused multiply-add per term.
  manualSeed(5);
  const a = rand(K_BLOCK), b = rand(K_BLOCK);
  const x = a.toTypedArray(), y = b.toTypedArray();
  let acc = 0;
  for (let k = 0; k < K_BLOCK; k++) acc = fmaF32(x[k]!, y[k]!, acc);
  for (const be of BACKENDS) {
    setBackend(be);
    expect(a.dot(b).item()).toBe(acc);
  }
});
