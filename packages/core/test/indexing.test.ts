/**
 * gather, scatter (value, src, add, reduce), indexSelect, indexAdd, maskedFill/Select/Scatter and
 * advanced index()/setIndex() against PyTorch (fixtures/indexing-ops.json, incl. zero-size and
 * non-contiguous inputs), float64 gradchecks, in-place semantics and PyTorch's error messages.
 */
import {
  Tensor, arange, gather, gradcheck, indexSelect, manualSeed, maskedFill, randn, scatter, scatterAdd, tensor, zeros,
  autograd,
} from '@torchlet/core';
import { checkCase, errorOf, loadFixture, type ErrorCase, type OpCase } from './indexing-fixtures';

const OPS = new Set([
  'gather', 'scatter', 'scatterWithReduce', 'scatterReduce', 'scatterAdd', 'indexSelect', 'indexAdd', 'maskedFill', 'maskedSelect',
  'maskedScatter', 'index', 'setIndex',
]);

describe('index ops against PyTorch (values and gradients)', () => {
  const cases = loadFixture<OpCase>('indexing-ops.json').filter((c) => OPS.has(c.op));
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => checkCase(c));
});

describe('index op errors in PyTorch words', () => {
  const cases = loadFixture<ErrorCase>('indexing-errors.json').filter((c) => OPS.has(c.op));
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    expect(errorOf(c)).toBe(c.error);
  });

  it('index dtype: int32 is our int64', () => {
    const x = zeros(2, 3);
    expect(() => x.gather(1, tensor([[0.5]]))).toThrow('gather(): Expected dtype int32 for index');
    expect(() => x.scatter(1, tensor([[0.5]]), 1)).toThrow('scatter(): Expected dtype int32 for index');
    expect(() => x.indexSelect(0, tensor([0.5]))).toThrow('index_select(): Expected dtype int32 or int64 for index');
  });

  it('masks must be bool (PyTorch 2 wording; 1.13 still accepted uint8)', () => {
    const x = zeros(2, 3);
    expect(() => x.maskedFill(zeros(2, 3), 1)).toThrow('masked_fill_ only supports boolean masks, but got mask with dtype float');
    expect(() => x.maskedSelect(zeros(2, 3))).toThrow('masked_select: expected BoolTensor for mask');
  });

  it('scatter reduce names must be add or multiply', () => {
    const opts = JSON.parse('{"reduce":"max"}') as { reduce: 'add' };
    expect(() => zeros(3).scatter(0, tensor([0]), tensor([1.5]), opts)).toThrow('reduce argument must be either add or multiply.');
  });
});

describe('in-place forms', () => {
  it('scatter_, scatterAdd_, indexAdd_, maskedFill_, maskedScatter_ write into self and bump the version', () => {
    const x = zeros(2, 4);
    x.scatter_(1, tensor([[3], [0]]), 1);
    x.scatterAdd_(1, tensor([[3, 3]]), tensor([[2.0, 0.5]]));
    x.indexAdd_(0, tensor([1]), tensor([[1, 1, 1, 1]]).float(), { alpha: 10 });
    x.maskedFill_(tensor([true, false, false, false]), -1);
    x.maskedScatter_(tensor([[false, true, false, false], [false, false, false, false]]), tensor([9.5]));
    expect(x.tolist()).toEqual([[-1, 9.5, 0, 3.5], [-1, 10, 10, 10]]);
    expect(x.storage.version).toBe(5);
  });

  it('in-place ops on a strided view write through to the base', () => {
    const base = zeros(3, 2);
    base.t().scatter_(1, tensor([[2], [0]]), 4);
    base.t().maskedFill_(tensor([[true, false, false], [false, false, true]]), 1);
    expect(base.tolist()).toEqual([[1, 4], [0, 0], [4, 1]]);
  });

  it('a bad index throws before anything is written', () => {
    const x = arange(6).float().view(2, 3);
    expect(() => x.scatter_(1, tensor([[0, 1, 9]]), 5)).toThrow('index 9 is out of bounds for dimension 1 with size 3');
    expect(() => x.scatterAdd_(1, tensor([[0, -1]]), tensor([[1.5, 1.5]]))).toThrow('index -1 is out of bounds for dimension 1 with size 3');
    expect(() => x.indexAdd_(0, tensor([0, 2]), zeros(2, 3))).toThrow('index out of range in self');
    expect(() => x.maskedScatter_(tensor([true, true, true]), tensor([1.5]))).toThrow('Number of elements of source < number of ones in mask');
    expect(x.tolist()).toEqual([[0, 1, 2], [3, 4, 5]]);
    expect(x.storage.version).toBe(0);
  });

  it('in-place ops record gradients on non-leaf tensors', () => {
    const w = tensor([1, 2, 3], { dtype: 'float64', requiresGrad: true });
    const y = w.mul(2);
    y.maskedFill_(tensor([false, true, false]), 0);
    y.scatter_(0, tensor([2]), 7);
    y.sum().backward();
    expect(w.grad?.tolist()).toEqual([2, 0, 0]);
  });

  it('in-place on a leaf that requires grad is refused', () => {
    const w = zeros(3, { requiresGrad: true });
    expect(() => w.scatter_(0, tensor([0]), 1)).toThrow('a leaf Variable that requires grad is being used in an in-place operation.');
    expect(() => w.maskedFill_(tensor([true, false, false]), 1)).toThrow('a leaf Variable that requires grad');
  });
});

describe('uses by nn', () => {
  it('one-hot rows by scatter of a value', () => {
    const target = tensor([2, 0, 1]);
    expect(zeros(3, 4).scatter(1, target.unsqueeze(1), 1).tolist()).toEqual([[0, 0, 1, 0], [1, 0, 0, 0], [0, 1, 0, 0]]);
  });
  it('an embedding lookup (indexSelect) accumulates repeated rows in backward', () => {
    const weight = arange(8).float().view(4, 2).requiresGrad_();
    const out = indexSelect(weight, 0, tensor([3, 1, 3]));
    expect(out.tolist()).toEqual([[6, 7], [2, 3], [6, 7]]);
    out.sum().backward();
    expect(weight.grad?.tolist()).toEqual([[0, 0], [1, 1], [0, 0], [2, 2]]);
  });
  it('NLL-style gather of target log-probabilities', () => {
    const logp = tensor([[-0.5, -1.5], [-2.0, -0.1]], { requiresGrad: true });
    const picked = gather(logp, 1, tensor([[1], [0]]));
    picked.sum().neg().backward();
    expect(picked.tolist()).toEqual([[-1.5], [-2]]);
    expect(logp.grad?.tolist()).toEqual([[0, -1], [-1, 0]]);
  });
  it('attention masking with -Infinity', () => {
    const scores = zeros(2, 2);
    const masked = maskedFill(scores, tensor([[false, true], [false, false]]), -Infinity);
    expect(masked.tolist()).toEqual([[0, -Infinity], [0, 0]]);
  });
});

describe('float64 gradcheck of every differentiable index op', () => {
  manualSeed(3);
  const a = randn(3, 4, { dtype: 'float64', requiresGrad: true });
  const b = randn(2, 4, { dtype: 'float64', requiresGrad: true });
  const c = randn(3, 4, { dtype: 'float64', requiresGrad: true });
  const s = randn([], { dtype: 'float64', requiresGrad: true });
  const cases: [string, (...t: Tensor[]) => Tensor, Tensor[]][] = [
    ['gather', (p) => p.gather(1, tensor([[0, 0, 3], [1, 2, 2], [3, 3, 3]])), [a]],
    ['gather non-contiguous', (p) => p.t().gather(0, tensor([[2, 0, 1], [1, 1, 1]])), [a]],
    ['scatter src', (p, q) => p.scatter(0, tensor([[0, 1, 2, 0]]), q.narrow(0, 0, 1)), [a, b]],
    ['scatter value', (p) => p.scatter(1, tensor([[0], [3], [1]]), 2.5), [a]],
    ['scatter src larger than index', (p, q) => p.scatter(0, tensor([[2, 0]]), q), [a, b]],
    ['scatterAdd', (p, q) => p.scatterAdd(0, tensor([[0, 0, 1, 1], [0, 2, 2, 0]]), q), [a, b]],
    ...(['sum', 'prod', 'mean', 'amax', 'amin'] as const).flatMap((r) => [true, false].map((inc): [string, (...t: Tensor[]) => Tensor, Tensor[]] => [
      `scatterReduce ${r} includeSelf=${inc}`, (p, q) => p.scatterReduce(1, tensor([[0, 0, 3], [2, 2, 2]]), q, r, { includeSelf: inc }), [a, b],
    ])),
    ['indexSelect', (p) => p.indexSelect(1, tensor([0, 0, 3])), [a]],
    ['indexAdd', (p, q) => p.indexAdd(0, tensor([2, 0]), q, { alpha: -1.5 }), [a, b]],
    ['maskedFill', (p) => p.maskedFill(tensor([true, false, true, false]), 3), [a]],
    ['maskedFill tensor value', (p, v) => p.maskedFill(tensor([[true], [false], [true]]), v), [a, s]],
    ['maskedSelect broadcast', (p) => p.maskedSelect(tensor([[true, false, true, true]])), [a]],
    ['maskedScatter', (p, q) => p.maskedScatter(p.detach().gt(0), q), [a, c]],
    ['maskedScatter broadcast', (p, q) => p.maskedScatter(tensor([true, false, true, true]), q), [a, c]],
    ['index tensors', (p) => p.index(tensor([[0, 2], [1, 1]]), tensor([3, -1])), [a]],
    ['setIndex int tensor', (p, q) => { const y = p.clone(); y.setIndex([tensor([2, 0])], q); return y; }, [a, b]],
  ];
  it.each(cases)('%s', (_n, f, inputs) => {
    expect(gradcheck(f, inputs)).toBe(true);
  });

  it('double backward through gather (scatterAdd) and indexSelect (indexAdd)', () => {
    const x = tensor([[0.5, -1, 2, 3], [1.5, 2, -0.5, 1]], { dtype: 'float64', requiresGrad: true });
    const [g] = autograd.grad([x.gather(1, tensor([[0, 0], [1, 3]])).pow(3).sum()], [x], { createGraph: true });
    // d/dx of sum(x_sel^3) is 3 x^2 per selection; the second derivative 6 x per selection.
    expect(g!.tolist()).toEqual([[2 * 3 * 0.25, 0, 0, 0], [0, 3 * 4, 0, 3 * 1]]);
    const [h] = autograd.grad([g!.sum()], [x]);
    expect(h!.tolist()).toEqual([[2 * 6 * 0.5, 0, 0, 0], [0, 6 * 2, 0, 6 * 1]]);
    const w = tensor([[1, 2], [3, 4], [5, 6]], { dtype: 'float64', requiresGrad: true });
    const [gw] = autograd.grad([w.indexSelect(0, tensor([2, 2, 0])).pow(2).sum()], [w], { createGraph: true });
    expect(gw!.tolist()).toEqual([[2, 4], [0, 0], [20, 24]]);
    const [hw] = autograd.grad([gw!.sum()], [w]);
    expect(hw!.tolist()).toEqual([[2, 2], [0, 0], [4, 4]]);
  });
});

describe('zero-size and edge shapes', () => {
  it('0-dim inputs act as one-element vectors', () => {
    expect(gather(tensor(5.0), 0, tensor(0)).shape).toEqual([]);
    expect(gather(tensor(5.0), 0, tensor([0, 0])).tolist()).toEqual([5, 5]);
    expect(indexSelect(tensor(5.0), 0, tensor([0, 0])).shape).toEqual([]);
    expect(scatter(tensor(1.0), 0, tensor(0), 3).tolist()).toEqual(3);
  });
  it('empty indices leave the input as it is', () => {
    expect(scatterAdd(arange(3).float(), 0, tensor([]).int(), tensor([]).float()).tolist()).toEqual([0, 1, 2]);
    expect(gather(zeros(2, 3), 1, zeros(5, 0).int()).shape).toEqual([5, 0]);
  });
});
