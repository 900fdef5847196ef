/**
 * Views share storage (shape, strides and offset only): every view op against PyTorch's values,
 * strides and gradients (fixtures/indexing-views.json), writes through views, slicing with
 * index(), split/chunk/unbind, float64 gradchecks and PyTorch's error messages.
 */
import {
  Tensor, arange, gradcheck, randn, tensor, zeros, slice, manualSeed, split, chunk, unbind, noGrad,
} from '@torchlet/core';
import { checkCase, errorOf, loadFixture, type ErrorCase, type OpCase } from './indexing-fixtures';

const VIEW_OPS = new Set([
  'reshape', 'view', 'transpose', 'permute', 'T', 't', 'squeeze', 'unsqueeze', 'expand', 'flatten', 'unflatten',
  'narrow', 'select', 'movedim', 'index', 'split', 'chunk', 'unbind',
]);

describe('view ops against PyTorch (values, strides, shared storage, gradients)', () => {
  const cases = loadFixture<OpCase>('indexing-views.json');
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => checkCase(c));
});

describe('view errors in PyTorch words', () => {
  const cases = loadFixture<ErrorCase>('indexing-errors.json').filter((c) => VIEW_OPS.has(c.op));
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    expect(errorOf(c)).toBe(c.error);
  });
});

describe('writes through views reach the base', () => {
  it('transpose, select, narrow, slicing and expand alias the same storage', () => {
    const base = zeros(3, 4);
    base.t().select(0, 1).fill_(5); // column 1
    base.narrow(0, 2, 1).fill_(7); // row 2
    base.index(slice(0, 2), slice(2, null, 1)).add_(1);
    expect(base.tolist()).toEqual([[0, 5, 1, 1], [0, 5, 1, 1], [7, 7, 7, 7]]);
    const e = base.index(0).unsqueeze(0).expand(2, 4);
    expect(e.stride()).toEqual([0, 1]);
    expect(e.storage).toBe(base.storage);
  });

  it('a view sees later writes to the base, and versions are shared', () => {
    const base = arange(6).float();
    const v = base.view(2, 3).T;
    const before = base.storage.version;
    base.mul_(2);
    expect(v.tolist()).toEqual([[0, 6], [2, 8], [4, 10]]);
    expect(v.storage.version).toBe(before + 1);
  });

  it('setIndex writes in place through strided views and bumps the version', () => {
    const base = arange(12).float().view(3, 4);
    const v = base.T; // non-contiguous
    const version = base.storage.version;
    v.setIndex([slice(1, 3), 0], tensor([-1, -2]).float());
    expect(base.tolist()).toEqual([[0, -1, -2, 3], [4, 5, 6, 7], [8, 9, 10, 11]]);
    expect(base.storage.version).toBe(version + 1);
  });

  it('split, chunk and unbind return views of the input', () => {
    const x = arange(10).float().view(2, 5);
    const parts = split(x, [2, 3], 1);
    parts[1]!.fill_(0);
    expect(x.tolist()).toEqual([[0, 1, 0, 0, 0], [5, 6, 0, 0, 0]]);
    expect(chunk(x, 2, 0).map((p) => p.storage === x.storage)).toEqual([true, true]);
    expect(unbind(x, 1).map((p) => p.shape)).toEqual([[2], [2], [2], [2], [2]]);
  });
});

describe('index(): a documented Python-like scheme', () => {
  const x = arange(24).view(2, 3, 4);
  it('accepts slice objects, slice strings, ellipsis, null/None and integers', () => {
    expect(x.index(1, slice(0, 2), '::2').tolist()).toEqual([[12, 14], [16, 18]]);
    expect(x.index('1, 0:2, ::2').tolist()).toEqual([[12, 14], [16, 18]]);
    expect(x.index('...', -1).tolist()).toEqual([[3, 7, 11], [15, 19, 23]]);
    expect(x.index(null, 0, 'None').shape).toEqual([1, 1, 3, 4]);
    expect(x.index(slice(2)).shape).toEqual([2, 3, 4]); // slice(stop)
    expect(x.index(slice(-1, null)).shape).toEqual([1, 3, 4]);
  });
  it('an integer removes the dim; slicing keeps a view with the sliced strides', () => {
    const v = x.index(':', 1, slice(1, null, 2));
    expect(v.shape).toEqual([2, 2]);
    expect(v.stride()).toEqual([12, 2]);
    expect(v.storage).toBe(x.storage);
  });
  it('rejects bad items with PyTorch messages', () => {
    expect(() => x.index(0.5)).toThrow('only integers, slices (`:`), ellipsis (`...`), None and long or byte Variables are valid indices (got float)');
    expect(() => x.index('...', '...')).toThrow("an index can only have a single ellipsis ('...')");
    expect(() => x.index('1:x')).toThrow("invalid index '1:x'");
    expect(() => x.index(tensor([0.5]))).toThrow('tensors used as indices must be long, byte or bool tensors');
  });
  it('full slices return an alias, not the same object', () => {
    const a = x.index(':');
    expect(a).not.toBe(x);
    expect(a.storage).toBe(x.storage);
  });
});

describe('view gradients', () => {
  manualSeed(1);
  const a = randn(3, 4, { dtype: 'float64', requiresGrad: true });
  const b = randn(2, 3, 4, { dtype: 'float64', requiresGrad: true });
  const fns: [string, (t: Tensor) => Tensor, Tensor][] = [
    ['reshape', (t) => t.reshape(4, 3), a],
    ['reshape of transpose (copy)', (t) => t.t().reshape(-1), a],
    ['view', (t) => t.view(2, 6), a],
    ['transpose', (t) => t.transpose(0, 2), b],
    ['permute', (t) => t.permute(1, 2, 0), b],
    ['T', (t) => t.T, b],
    ['t', (t) => t.t(), a],
    ['squeeze', (t) => t.unsqueeze(1).squeeze(), a],
    ['unsqueeze', (t) => t.unsqueeze(-1), a],
    ['expand', (t) => t.unsqueeze(0).expand(2, 3, 4), a],
    ['flatten', (t) => t.flatten(1), b],
    ['unflatten', (t) => t.unflatten(1, [2, 2]), a],
    ['narrow', (t) => t.narrow(1, 1, 2), a],
    ['select', (t) => t.select(2, -1), b],
    ['movedim', (t) => t.movedim(0, -1), b],
    ['index slicing', (t) => t.index(slice(1, null), '::3'), a],
    ['index ellipsis newaxis', (t) => t.index('...', null, 1), b],
    ['index advanced', (t) => t.index(tensor([1, 1, 0]), ':', tensor([3, 0, 3])), b],
    ['index mask', (t) => t.index(t.detach().gt(0)), a],
    ['split', (t) => split(t, [1, 3], 1)[1]!, a],
    ['chunk', (t) => chunk(t, 2, 1)[0]!, a],
    ['unbind', (t) => unbind(t, 0)[2]!.mul(unbind(t, 0)[0]!), a],
  ];
  it.each(fns)('%s passes float64 gradcheck', (_n, f, input) => {
    expect(gradcheck(f, [input])).toBe(true);
  });

  it('setIndex is differentiable in the base and in the value', () => {
    const v = randn(2, { dtype: 'float64', requiresGrad: true });
    expect(gradcheck((p, q) => {
      const y = p.mul(2);
      y.setIndex([slice(0, 2), 1], q.mul(q));
      return y;
    }, [a, v])).toBe(true);
    expect(gradcheck((p) => {
      const y = p.clone();
      y.setIndex(p.detach().lt(0), 0);
      return y.mul(p);
    }, [a])).toBe(true);
  });

  it('setIndex on a leaf that requires grad is refused before writing', () => {
    const leaf = zeros(2, 2, { requiresGrad: true });
    expect(() => leaf.setIndex(0, 1)).toThrow('a leaf Variable that requires grad is being used in an in-place operation.');
    expect(leaf.tolist()).toEqual([[0, 0], [0, 0]]);
    noGrad(() => leaf.setIndex(0, 1));
    expect(leaf.tolist()).toEqual([[1, 1], [0, 0]]);
  });

  it('a bad setIndex leaves the tensor untouched', () => {
    const y = arange(6).float().view(2, 3);
    expect(() => y.setIndex([tensor([0, 3])], 9)).toThrow('index 3 is out of bounds for dimension 0 with size 2');
    expect(() => y.setIndex(0, tensor([1, 2]).float())).toThrow('The expanded size of the tensor (3) must match the existing size (2) at non-singleton dimension 0.  Target sizes: [3].  Tensor sizes: [2]');
    expect(y.tolist()).toEqual([[0, 1, 2], [3, 4, 5]]);
    expect(y.storage.version).toBe(0);
  });

  it('setIndex accumulate sums repeated indices', () => {
    const y = zeros(4);
    y.setIndex([tensor([0, 0, 3])], tensor([1, 2, 5]).float(), { accumulate: true });
    expect(y.tolist()).toEqual([3, 0, 0, 5]);
  });
});
