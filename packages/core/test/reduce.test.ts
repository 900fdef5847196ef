/** Reductions against PyTorch (fixtures/core-ops.json from tools/parity/core_ops.py). */
import { manualSeed, tensor, zeros, type Tensor } from '@torchlet/core';
import { describeFixtureCases } from './core-ops-fixture';
import { checkGrads, x64 } from './check-helpers';

describe('reductions match PyTorch', () => {
  describeFixtureCases([
    'sum', 'mean', 'prod', 'max', 'min', 'amax', 'amin', 'argmax', 'argmin', 'var', 'std', 'logsumexp', 'norm',
    'all', 'any',
  ]);
});

describe('reduction gradients (float64 gradcheck and gradgradcheck)', () => {
  beforeAll(() => manualSeed(1));
  const cases: [string, (x: Tensor) => Tensor, number[], { away?: number; positive?: boolean }?][] = [
    ['sum', (x) => x.sum(), [2, 3]],
    ['sum dim keepdim', (x) => x.sum(1, { keepdim: true }), [2, 3]],
    ['sum dims', (x) => x.sum([0, 2]), [2, 3, 2]],
    ['sum negative dim', (x) => x.sum(-1), [3, 2]],
    ['sum 0-d', (x) => x.sum(), []],
    ['mean', (x) => x.mean(), [2, 3]],
    ['mean dims keepdim', (x) => x.mean([0, 1], { keepdim: true }), [2, 3, 2]],
    ['prod', (x) => x.prod(), [2, 3]],
    ['prod dim', (x) => x.prod(1), [3, 3]],
    ['max', (x) => x.max(), [2, 3]],
    ['max dim values', (x) => x.max(1).values, [2, 3]],
    ['min dim keepdim', (x) => x.min(0, { keepdim: true }).values, [3, 2]],
    ['amax dims', (x) => x.amax([0, 2]), [2, 3, 2]],
    ['amin', (x) => x.amin(-1), [3, 4]],
    ['var', (x) => x.var(), [2, 3]],
    ['var dim correction 0', (x) => x.var(1, { correction: 0 }), [2, 3]],
    ['var dims keepdim', (x) => x.var([0, 2], { keepdim: true }), [2, 3, 2]],
    ['std', (x) => x.std(), [2, 3]],
    ['std dim', (x) => x.std(0, { unbiased: false }), [3, 2]],
    ['logsumexp', (x) => x.logsumexp(1), [2, 3]],
    ['logsumexp dims keepdim', (x) => x.logsumexp([0, 1], { keepdim: true }), [2, 3]],
    ['norm', (x) => x.norm(), [2, 3]],
    ['norm dim', (x) => x.norm(2, 1), [2, 3]],
    ['norm p=1', (x) => x.norm(1, 0), [3, 2], { away: 0.1 }],
    ['norm p=3', (x) => x.norm(3, [0, 1], { keepdim: true }), [2, 3]],
    ['norm p=1.5', (x) => x.norm(1.5), [4], { away: 0.1 }],
    ['norm inf', (x) => x.norm(Infinity, 1), [2, 3]],
  ];
  it.each(cases.map(([n, f, s, o]) => [n, f, s, o ?? {}] as const))('%s', (_n, f, shape, o) => {
    checkGrads(f, [x64([...shape], o)]);
  });
  it.each(cases.map(([n, f, s, o]) => [n, f, s, o ?? {}] as const))('%s on a transposed view', (_n, f, shape, o) => {
    if (shape.length !== 2) return;
    checkGrads((x) => f(x.t()), [x64([shape[1]!, shape[0]!], o)]);
  });
});

describe('max/min with a dim return values and indices', () => {
  it('destructures as a pair and reads as .values / .indices', () => {
    const x = tensor([[1, 5, 3], [7, 2, 7]]).float();
    const [values, indices] = x.max(1);
    expect(values.tolist()).toEqual([5, 7]);
    expect(indices.tolist()).toEqual([1, 0]);
    const r = x.min(0, { keepdim: true });
    expect(r.values.tolist()).toEqual([[1, 2, 3]]);
    expect(r.indices.tolist()).toEqual([[0, 1, 0]]);
    expect(r.indices.dtype).toBe('int32');
  });
  it('raises PyTorch errors for empty inputs and bad dims', () => {
    expect(() => zeros(0).max()).toThrow("max(): Expected reduction dim to be specified for input.numel() == 0. Specify the reduction dim with the 'dim' argument.");
    expect(() => zeros(0, 3).max(0)).toThrow('max(): Expected reduction dim 0 to have non-zero size.');
    expect(() => zeros(0).argmax()).toThrow('argmax(): Expected reduction dim to be specified for input.numel() == 0.');
    expect(() => zeros(2, 3).sum(2)).toThrow('Dimension out of range (expected to be in range of [-2, 1], but got 2)');
    expect(() => zeros(2, 3).sum([0, 0])).toThrow('dim 0 appears multiple times in the list of dims');
    expect(() => tensor([1, 2]).mean()).toThrow('mean(): could not infer output dtype. Input dtype must be either a floating point or complex dtype. Got: Int');
    expect(() => tensor([1, 2]).std()).toThrow('std and var only support floating point and complex dtypes');
  });
  it('keeps PyTorch dtypes: sums of ints and bools are integers, means are floats', () => {
    expect(tensor([true, true, false]).sum().item()).toBe(2);
    expect(tensor([true, true, false]).sum().dtype).toBe('int32');
    expect(tensor([2, 3]).prod().item()).toBe(6);
    expect(tensor([2, 3]).logsumexp(0).dtype).toBe('float32');
    expect(zeros(2, 0).sum(1).tolist()).toEqual([0, 0]);
    expect(Number.isNaN(zeros(0).mean().item())).toBe(true);
    expect(Number.isNaN(tensor([2.5]).var().item())).toBe(true);
  });
});
