/**
 * Ordering and rearranging copies against PyTorch (fixtures/indexing-ops.json): sort (stable,
 * descending, NaN), argsort, topk, kthvalue, cumsum/cumprod/cummax/cummin, flip, roll,
 * repeat/tile, tril/triu, nonzero; gradchecks and errors.
 */
import {
  Tensor, arange, argsort, autograd, cumprod, cumsum, gradcheck, manualSeed, nonzero, randn, sort, tensor, topk,
} from '@torchlet/core';
import { checkCase, errorOf, loadFixture, type ErrorCase, type OpCase } from './indexing-fixtures';

const OPS = new Set([
  'sort', 'argsort', 'topk', 'kthvalue', 'cumsum', 'cumprod', 'cummax', 'cummin', 'flip', 'roll', 'repeat', 'tile',
  'tril', 'triu', 'nonzero',
]);

describe('ordering and rearranging ops against PyTorch', () => {
  const cases = loadFixture<OpCase>('indexing-ops.json').filter((c) => OPS.has(c.op));
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => checkCase(c));
});

describe('errors in PyTorch words', () => {
  const cases = loadFixture<ErrorCase>('indexing-errors.json').filter((c) => OPS.has(c.op));
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    expect(errorOf(c)).toBe(c.error);
  });
});

describe('behaviour', () => {
  it('sort returns [values, indices] that also read as .values / .indices', () => {
    const r = sort(tensor([3, 1, 2]));
    const [v, i] = r;
    expect(v.tolist()).toEqual([1, 2, 3]);
    expect(i.dtype).toBe('int32');
    expect(r.indices.tolist()).toEqual([1, 2, 0]);
  });
  it('argsort is stable and never records a graph', () => {
    const x = tensor([2, 1, 2, 1], { dtype: 'float32', requiresGrad: true });
    const idx = argsort(x, 0, { descending: true });
    expect(idx.tolist()).toEqual([0, 2, 1, 3]);
    expect(idx.requiresGrad).toBe(false);
  });
  it('topk of 0-dim and k = size', () => {
    expect(topk(tensor(4.5), 1).values.tolist()).toEqual(4.5);
    expect(topk(tensor([1, 3, 2]), 3).indices.tolist()).toEqual([1, 2, 0]);
  });
  it('cumsum of ints and bools gives int32 (our int64)', () => {
    expect(cumsum(tensor([true, false, true]), 0).tolist()).toEqual([1, 1, 2]);
    expect(cumsum(tensor([1, 2, 3]), 0).dtype).toBe('int32');
    expect(cumsum(tensor([1, 2, 3]), 0, { dtype: 'float64' }).dtype).toBe('float64');
  });
  it('nonzero asTuple gives one index vector per dim', () => {
    const [r, c] = nonzero(tensor([[0, 1], [1, 1]]), { asTuple: true });
    expect(r!.tolist()).toEqual([0, 1, 1]);
    expect(c!.tolist()).toEqual([1, 0, 1]);
    expect(nonzero(tensor(3)).shape).toEqual([1, 0]);
    expect(nonzero(tensor(0)).shape).toEqual([0, 0]);
  });
  it('flip of 0-dim and flip([]) copy', () => {
    const x = arange(3).float();
    const f = x.flip([]);
    expect(f.storage).not.toBe(x.storage);
    expect(tensor(2).flip(0).tolist()).toEqual(2);
  });
  it('repeat with more sizes than dims adds leading dims; tile pads sizes', () => {
    expect(tensor([1, 2]).repeat(2, 1, 2).shape).toEqual([2, 1, 4]);
    expect(tensor([[1, 2]]).tile(2).tolist()).toEqual([[1, 2, 1, 2]]);
  });
  it('the cumprod gradient is exact with zeros (no division by zero)', () => {
    const x = tensor([2, 0, 3, 0, 5], { dtype: 'float64', requiresGrad: true });
    cumprod(x, 0).sum().backward();
    // d/dx_i sum_k prod_{j<=k} x_j: x0 -> 1 + x1 + ... = 1; x1 -> x0 + x0 x2 + ... = 2 + 6 = 8; later zeros cut.
    expect(x.grad?.tolist()).toEqual([1, 8, 0, 0, 0]);
  });
});

describe('float64 gradcheck', () => {
  manualSeed(7);
  const a = randn(3, 5, { dtype: 'float64', requiresGrad: true });
  const b = randn(2, 3, 4, { dtype: 'float64', requiresGrad: true });
  const z = tensor([[1, 0, 2, 0], [0, 3, 4, 5], [0.5, -1, 0, 2]], { dtype: 'float64', requiresGrad: true });
  const cases: [string, (t: Tensor) => Tensor, Tensor][] = [
    ['sort', (p) => p.sort(1)[0], a],
    ['sort descending dim 0', (p) => p.sort(0, { descending: true })[0], a],
    ['topk', (p) => p.topk(2, 1)[0], a],
    ['topk smallest non-contiguous', (p) => p.t().topk(2, 0, { largest: false })[0], a],
    ['kthvalue', (p) => p.kthvalue(2, 1)[0], a],
    ['msort', (p) => p.msort(), a],
    ['cumsum', (p) => p.cumsum(1), a],
    ['cumsum 3d', (p) => p.cumsum(-2), b],
    ['cumprod', (p) => p.cumprod(1), a],
    ['cumprod zeros dim 1', (p) => p.cumprod(1), z],
    ['cumprod zeros dim 0', (p) => p.cumprod(0), z],
    ['cummax', (p) => p.cummax(1)[0], a],
    ['cummin', (p) => p.cummin(0)[0], a],
    ['flip', (p) => p.flip(0, 2), b],
    ['fliplr', (p) => p.fliplr(), a],
    ['roll', (p) => p.roll([1, -2], [0, 1]), a],
    ['roll flat', (p) => p.roll(4), a],
    ['repeat', (p) => p.repeat(2, 1, 3), a],
    ['tile', (p) => p.tile(2), b],
    ['tril', (p) => p.tril(), a],
    ['triu batched', (p) => p.triu(1), b],
  ];
  it.each(cases)('%s', (_n, f, input) => {
    expect(gradcheck(f, [input])).toBe(true);
  });

  it('cumsum double backward', () => {
    const x = tensor([1, 2, 3], { dtype: 'float64', requiresGrad: true });
    const [g] = autograd.grad([x.cumsum(0).pow(2).sum()], [x], { createGraph: true });
    expect(g!.tolist()).toEqual([20, 18, 12]);
    const [h] = autograd.grad([g!.sum()], [x]);
    expect(h!.tolist()).toEqual([12, 10, 6]);
  });
});
