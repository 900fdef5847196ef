/**
 * cat, stack, hstack, vstack, dstack against PyTorch (fixtures/indexing-ops.json: non-contiguous,
 * zero-size and legacy empty inputs, dtype promotion), gradients, gradchecks and errors.
 */
import { Tensor, arange, cat, dstack, gradcheck, manualSeed, randn, stack, tensor, zeros } from '@torchlet/core';
import { checkCase, errorOf, loadFixture, type ErrorCase, type OpCase } from './indexing-fixtures';

const OPS = new Set(['cat', 'stack', 'hstack', 'vstack']);

describe('joins against PyTorch (values and gradients)', () => {
  const cases = loadFixture<OpCase>('indexing-ops.json').filter((c) => OPS.has(c.op));
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => checkCase(c));
});

describe('join errors in PyTorch words', () => {
  const cases = loadFixture<ErrorCase>('indexing-errors.json').filter((c) => OPS.has(c.op));
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    expect(errorOf(c)).toBe(c.error);
  });
  it('empty lists', () => {
    expect(() => cat([])).toThrow('torch.cat(): expected a non-empty list of Tensors');
    expect(() => stack([])).toThrow('stack expects a non-empty TensorList');
  });
});

describe('join behaviour', () => {
  it('results are new contiguous storage', () => {
    const a = arange(4).float().view(2, 2);
    const c = cat([a, a.t()], 1);
    expect(c.isContiguous()).toBe(true);
    expect(c.storage).not.toBe(a.storage);
    expect(c.tolist()).toEqual([[0, 1, 0, 2], [2, 3, 1, 3]]);
  });
  it('dstack makes inputs 3-D', () => {
    expect(dstack([tensor([1, 2]), tensor([3, 4])]).tolist()).toEqual([[[1, 3], [2, 4]]]);
  });
  it('gradients return in each input dtype and shape, including skipped empty vectors', () => {
    const a = zeros(2, 3, { requiresGrad: true });
    const e = zeros(0, { requiresGrad: true });
    const b = zeros(1, 3, { dtype: 'float64', requiresGrad: true });
    const out = cat([a, e, b]);
    expect(out.dtype).toBe('float64');
    out.mul(arange(9).view(3, 3)).sum().backward();
    expect(a.grad?.dtype).toBe('float32');
    expect(a.grad?.tolist()).toEqual([[0, 1, 2], [3, 4, 5]]);
    expect(e.grad?.shape).toEqual([0]);
    expect(b.grad?.tolist()).toEqual([[6, 7, 8]]);
  });
  it('grad_fn names follow PyTorch', () => {
    const a = zeros(2, { requiresGrad: true });
    expect(cat([a, a]).gradFn?.name).toBe('CatBackward0');
    expect(stack([a, a]).gradFn?.name).toBe('StackBackward0');
  });
});

describe('float64 gradcheck', () => {
  manualSeed(5);
  const a = randn(3, 4, { dtype: 'float64', requiresGrad: true });
  const b = randn(2, 4, { dtype: 'float64', requiresGrad: true });
  const cases: [string, (...t: Tensor[]) => Tensor, Tensor[]][] = [
    ['cat dim 0', (p, q) => cat([p, q.mul(2), p]), [a, b]],
    ['cat dim 1 non-contiguous', (p, q) => cat([p.t(), q.t()], 1), [a, b]],
    ['stack', (p, q) => stack([p.narrow(0, 0, 2), q], 2), [a, b]],
    ['stack dim 0', (p) => stack([p, p.mul(p)]), [a]],
  ];
  it.each(cases)('%s', (_n, f, inputs) => {
    expect(gradcheck(f, inputs)).toBe(true);
  });
});
