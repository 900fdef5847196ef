/** softmax and logSoftmax against PyTorch (fixtures/core-ops.json from tools/parity/core_ops.py). */
import { manualSeed, tensor, zeros } from '@torchlet/core';
import { closeTo, describeFixtureCases } from './core-ops-fixture';
import { checkGrads, x64 } from './check-helpers';

describe('softmax matches PyTorch', () => {
  describeFixtureCases(['softmax', 'logSoftmax']);
});

describe('softmax gradients (float64 gradcheck and gradgradcheck)', () => {
  beforeAll(() => manualSeed(3));
  it.each([[[2, 3], 1], [[2, 3], 0], [[2, 3, 4], -2], [[4], 0], [[], 0]] as const)('softmax %p dim %p', (shape, dim) => {
    checkGrads((x) => x.softmax(dim), [x64([...shape])]);
  });
  it.each([[[2, 3], 1], [[2, 3], 0], [[2, 3, 4], -2], [[4], 0], [[], 0]] as const)('logSoftmax %p dim %p', (shape, dim) => {
    checkGrads((x) => x.logSoftmax(dim), [x64([...shape])]);
  });
  it('on a transposed view', () => {
    checkGrads((x) => x.t().logSoftmax(1), [x64([3, 2])]);
  });
});

describe('softmax behaviour', () => {
  it('is stable for large logits', () => {
    const x = tensor([[1000, 1001, 1002], [-1000, -1000, -1000]]).float();
    const y = x.softmax(1);
    expect(y.isfinite().all().item()).toBe(true);
    expect(closeTo(y.toTypedArray(), [0.09003057, 0.24472847, 0.66524096, 1 / 3, 1 / 3, 1 / 3], 1e-5, 1e-7)).toBeNull();
    expect(closeTo(x.logSoftmax(1).toTypedArray(), [-2.40760596, -1.40760596, -0.40760596, -1.09861229, -1.09861229, -1.09861229], 1e-5, 1e-6)).toBeNull();
  });
  it('rejects integral tensors and bad dims as PyTorch does', () => {
    expect(() => tensor([2, 3]).softmax(0)).toThrow(`"softmax_lastdim_kernel_impl" not implemented for 'Long'`);
    expect(() => zeros(2, 3).softmax(2)).toThrow('Dimension out of range (expected to be in range of [-2, 1], but got 2)');
  });
  it('casts first with dtype', () => {
    expect(tensor([2, 3]).softmax(0, { dtype: 'float64' }).dtype).toBe('float64');
  });
  it('keeps empty tensors empty', () => {
    expect(zeros(2, 0).softmax(1).shape).toEqual([2, 0]);
  });
});
