/** Matrix products against PyTorch (fixtures/core-ops.json from tools/parity/core_ops.py). */
import { bmm, dot, manualSeed, matmul, mm, outer, tensor, zeros } from '@torchlet/core';
import { describeFixtureCases } from './core-ops-fixture';
import { checkGrads, x64 } from './check-helpers';

describe('matrix products match PyTorch', () => {
  describeFixtureCases(['matmul', 'mm', 'mv', 'bmm', 'dot', 'outer']);
});

describe('matrix product gradients (float64 gradcheck and gradgradcheck)', () => {
  beforeAll(() => manualSeed(2));
  const pairs: [number[], number[]][] = [
    [[3], [3]], [[2, 3], [3]], [[3], [3, 2]], [[2, 3], [3, 4]], [[2, 2, 3], [3, 2]], [[3, 2], [2, 2, 4]],
    [[2, 2, 3], [2, 3, 2]], [[2, 1, 2, 3], [3, 3, 2]], [[3], [2, 3, 2]], [[2, 2, 3], [3]],
  ];
  it.each(pairs.map(([a, b]) => [`matmul [${a.join(',')}] @ [${b.join(',')}]`, a, b] as const))('%s', (_n, a, b) => {
    checkGrads((x, y) => x.matmul(y), [x64([...a]), x64([...b])]);
  });
  it('mm of transposed operands', () => checkGrads((x, y) => x.t().mm(y.t()), [x64([3, 2]), x64([4, 3])]));
  it('mm with one operand constant', () => {
    const w = x64([3, 2]).detach();
    checkGrads((x) => x.mm(w), [x64([2, 3])]);
  });
  it('mv', () => checkGrads((a, v) => a.mv(v), [x64([3, 4]), x64([4])]));
  it('bmm', () => checkGrads((a, b) => a.bmm(b), [x64([2, 3, 4]), x64([2, 4, 2])]));
  it('bmm of a transposed batch', () => checkGrads((a, b) => a.transpose(1, 2).bmm(b), [x64([2, 4, 3]), x64([2, 4, 2])]));
  it('dot', () => checkGrads((a, b) => a.dot(b), [x64([5]), x64([5])]));
  it('outer', () => checkGrads((a, b) => a.outer(b), [x64([3]), x64([2])]));
});

describe('matmul shape rules and errors (as torch.matmul)', () => {
  it.each([
    [[3], [3], []], [[2, 3], [3], [2]], [[3], [3, 4], [4]], [[2, 3], [3, 4], [2, 4]], [[5, 2, 3], [3, 4], [5, 2, 4]],
    [[3, 4], [5, 4, 2], [5, 3, 2]], [[4], [5, 4, 2], [5, 2]], [[5, 2, 4], [4], [5, 2]], [[2, 1, 3, 4], [5, 4, 2], [2, 5, 3, 2]],
    [[0, 3], [3, 2], [0, 2]], [[2, 0], [0, 3], [2, 3]],
  ])('[%p] @ [%p] -> [%p]', (a, b, out) => {
    expect(matmul(zeros(a), zeros(b)).shape).toEqual(out);
  });
  it('[2,0] @ [0,3] is zeros', () => {
    expect(matmul(zeros(2, 0), zeros(0, 3)).tolist()).toEqual([[0, 0, 0], [0, 0, 0]]);
  });
  it.each([
    [[6, 2], [5, 3], 'mat1 and mat2 shapes cannot be multiplied (6x2 and 5x3)'],
    [[3], [4, 5], 'mat1 and mat2 shapes cannot be multiplied (1x3 and 4x5)'],
    [[4, 5], [3], 'size mismatch, got 4, 4x5,3'],
    [[4], [3], 'inconsistent tensor size, expected tensor [4] and src [3] to have the same number of elements, but got 4 and 3 elements respectively'],
    [[], [3], 'both arguments to matmul need to be at least 1D, but they are 0D and 1D'],
    [[2, 3, 4], [2, 5, 6], 'Expected size for first two dimensions of batch2 tensor to be: [2, 4] but got: [2, 5].'],
    [[2, 3, 4], [5, 6], 'mat1 and mat2 shapes cannot be multiplied (6x4 and 5x6)'],
    [[3, 4], [2, 5, 6], 'mat1 and mat2 shapes cannot be multiplied (12x5 and 4x3)'],
    [[4], [2, 5, 6], 'size mismatch, got 12, 12x5,4'],
    [[2, 3, 4], [5], 'size mismatch, got 6, 6x4,5'],
    [[2, 3, 4], [3, 4, 6], 'The size of tensor a (2) must match the size of tensor b (3) at non-singleton dimension 0'],
  ])('[%p] @ [%p] throws %p', (a, b, msg) => {
    expect(() => matmul(zeros(a), zeros(b))).toThrow(msg);
  });
  it('mm, bmm, dot and outer check their arguments', () => {
    expect(() => mm(zeros(6), zeros(5, 3))).toThrow('self must be a matrix');
    expect(() => mm(zeros(2, 3), zeros(3, 2, { dtype: 'float64' }))).toThrow('expected scalar type Float but found Double');
    expect(() => bmm(zeros(2, 3), zeros(1, 3, 2))).toThrow('batch1 must be a 3D tensor');
    expect(() => bmm(zeros(2, 2, 3), zeros(3, 3, 2))).toThrow('Expected size for first two dimensions of batch2 tensor to be: [2, 3] but got: [3, 3].');
    expect(() => dot(zeros(2, 2), zeros(2))).toThrow('1D tensors expected, but got 2D and 1D tensors');
    expect(() => dot(zeros(2), zeros(2, { dtype: 'float64' }))).toThrow('dot : expected both vectors to have same dtype, but found Float and Double');
    expect(() => outer(zeros(2, 2), zeros(2))).toThrow('outer: Expected 1-D argument self, but got 2-D');
  });
  it('int32 matrices multiply exactly', () => {
    expect(mm(tensor([[1, 2]]), tensor([[3], [4]])).tolist()).toEqual([[11]]);
  });
});
