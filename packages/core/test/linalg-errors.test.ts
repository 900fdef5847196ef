/**
 * torch.linalg's errors in PyTorch 1.13's words, zero-size and 0-d inputs, result dtypes and
 * grad_fn names (the texts were read off /usr/bin/python3 with torch 1.13).
 */
import * as T from '@torchlet/core';
import { eye, linalg, manualSeed, randn, tensor, zeros, type Tensor } from '@torchlet/core';

beforeAll(() => manualSeed(7));

const int2 = (): Tensor => tensor([[1, 2], [3, 4]], { dtype: 'int32' });
const singular = (): Tensor => tensor([[1, 2], [2, 4]], { dtype: 'float64' });

describe('integer input', () => {
  it.each([
    ['inv', () => linalg.inv(int2()), 'linalg.inv: Expected a floating point or complex tensor as input. Got Long'],
    ['det', () => linalg.det(int2()), 'linalg.det: Expected a floating point or complex tensor as input. Got Long'],
    ['slogdet', () => linalg.slogdet(int2()), 'linalg.slogdet: Expected a floating point or complex tensor as input. Got Long'],
    ['cholesky', () => linalg.cholesky(int2()), 'linalg.cholesky: Expected a floating point or complex tensor as input. Got Long'],
    ['qr', () => linalg.qr(int2()), 'linalg.qr: Expected a floating point or complex tensor as input. Got Long'],
    ['svd', () => linalg.svd(int2()), 'linalg.svd: Expected a floating point or complex tensor as input. Got Long'],
    ['svdvals', () => linalg.svdvals(int2()), 'linalg.svd: Expected a floating point or complex tensor as input. Got Long'],
    ['solve', () => linalg.solve(int2(), int2()), 'linalg.solve: Expected a floating point or complex tensor as input. Got Long'],
    ['vectorNorm', () => linalg.vectorNorm(int2()), 'linalg.vector_norm: Expected a floating point or complex tensor as input. Got Long'],
    ['matrixNorm', () => linalg.matrixNorm(int2()), 'linalg.matrix_norm: Expected a floating point or complex tensor as input. Got Long'],
    ['norm', () => linalg.norm(int2()), 'linalg.vector_norm: Expected a floating point or complex tensor as input. Got Long'],
    ['pinv', () => linalg.pinv(int2()), 'linalg.pinv(Long{[2, 2]}): expected a tensor with 2 or more dimensions of float, double, cfloat or cdouble types'],
    ['matrixRank', () => linalg.matrixRank(int2()), "This function doesn't handle types other than float and double"],
    ['lstsq', () => linalg.lstsq(int2(), int2()), "This function doesn't handle types other than float and double"],
    ['matrixPower -1', () => linalg.matrixPower(int2(), -1), 'linalg.inv: Expected a floating point or complex tensor as input. Got Long'],
  ])('%s', (_n, f, msg) => expect(f).toThrow(msg));
});

describe('shapes', () => {
  const r = (): Tensor => randn([2, 3], { dtype: 'float64' });
  it.each([
    [() => linalg.inv(r()), 'linalg.inv: A must be batches of square matrices, but they are 2 by 3 matrices'],
    [() => linalg.det(r()), 'linalg.det: A must be batches of square matrices, but they are 2 by 3 matrices'],
    [() => linalg.slogdet(r()), 'linalg.slogdet: A must be batches of square matrices, but they are 2 by 3 matrices'],
    [() => linalg.cholesky(r()), 'linalg.cholesky: A must be batches of square matrices, but they are 2 by 3 matrices'],
    [() => linalg.eigh(r()), 'linalg.eigh: A must be batches of square matrices, but they are 2 by 3 matrices'],
    [() => linalg.eigvalsh(r()), 'linalg.eigh: A must be batches of square matrices, but they are 2 by 3 matrices'],
    [() => linalg.matrixPower(r(), 2), 'linalg.matrix_power: A must be batches of square matrices, but they are 2 by 3 matrices'],
    [() => linalg.solve(r(), r()), 'linalg.solve: A must be batches of square matrices, but they are 2 by 3 matrices'],
    [() => linalg.inv(zeros(3)), 'linalg.inv: The input tensor A must have at least 2 dimensions.'],
    [() => linalg.det(zeros(3)), 'linalg.det: The input tensor A must have at least 2 dimensions.'],
    [() => linalg.svd(zeros(3)), 'linalg.svd: The input tensor A must have at least 2 dimensions.'],
    [() => linalg.qr(zeros(3)), 'linalg.qr: The input tensor A must have at least 2 dimensions.'],
    [() => linalg.matrixNorm(zeros(3)), 'linalg.matrix_norm: The input tensor A must have at least 2 dimensions.'],
    [() => linalg.matrixRank(zeros(3)), 'torch.linalg.matrix_rank: The input tensor input must have at least 2 dimensions.'],
    [() => linalg.pinv(zeros([3], { dtype: 'float64' })), 'linalg.pinv(Double{[3]}): expected a tensor with 2 or more dimensions of float, double, cfloat or cdouble types'],
    [() => linalg.solve(eye(3, { dtype: 'float64' }), zeros([2, 2], { dtype: 'float64' })), 'linalg.solve: Incompatible shapes of A and B for the equation AX = B (3x3 and 2x2)'],
    [() => linalg.solve(zeros([2, 3, 3]), zeros([4, 3])), 'linalg.solve: Incompatible shapes of A and B for the equation AX = B (3x3 and 4x3)'],
    [() => linalg.solve(eye(3), zeros([3], { dtype: 'float64' })), 'linalg.solve: Expected A and B to have the same dtype, but found A of type Float and B of type Double instead'],
    [() => linalg.lstsq(zeros(3), zeros(3)), 'torch.linalg.lstsq: input must have at least 2 dimensions.'],
    [() => linalg.lstsq(zeros(4, 3), zeros(5, 2)), 'torch.linalg.lstsq: input.size(-2) should match other.size(-2)'],
    [() => linalg.lstsq(zeros(4, 3), zeros(5)), 'torch.linalg.lstsq: input.size(-2) should match other.size(-1)'],
    [() => linalg.lstsq(zeros(5, 3), zeros(2, 5, 2)), 'torch.linalg.lstsq: input.dim() must be greater or equal to other.dim() and (input.dim() - other.dim()) <= 1'],
    [() => linalg.lstsq(zeros(4, 3), zeros([4, 2], { dtype: 'float64' })), "torch.linalg.lstsq: Expected input and other to have the same dtype, but got input's dtype Float and other's dtype Double"],
    [() => linalg.cross(zeros(3, 4), zeros(3, 4)), 'linalg.cross: inputs dimension -1 must have length 3. Got 4 and 4'],
    [() => linalg.cross(zeros(3), zeros(2, 3)), 'linalg.cross: inputs must have the same number of dimensions.'],
    [() => linalg.cross(zeros(2, 3), zeros(4, 3)), 'The size of tensor a (2) must match the size of tensor b (4) at non-singleton dimension 0'],
    [() => linalg.cross(zeros(2, 3), zeros([2, 3], { dtype: 'float64' })), 'expected scalar type Float but found Double'],
  ])('%#: %p', (f, msg) => expect(f).toThrow(msg));
});

describe('singular and indefinite input', () => {
  it('inv names the zero pivot (and the batch element)', () => {
    expect(() => linalg.inv(singular())).toThrow('linalg.inv: The diagonal element 2 is zero, the inversion could not be completed because the input matrix is singular.');
    const mixed = tensor([[[1, 0], [0, 1]], [[1, 2], [2, 4]]], { dtype: 'float64' });
    expect(() => linalg.inv(mixed)).toThrow('linalg.inv: (Batch element 1): The diagonal element 2 is zero, the inversion could not be completed because the input matrix is singular.');
    expect(() => linalg.solve(mixed, randn([2, 2], { dtype: 'float64' }))).toThrow('torch.linalg.solve: (Batch element 1): The solver failed because the input matrix is singular.');
    expect(() => linalg.solve(singular(), randn([2], { dtype: 'float64' }))).toThrow('torch.linalg.solve: The solver failed because the input matrix is singular.');
  });
  it('cholesky names the leading minor', () => {
    expect(() => linalg.cholesky(singular())).toThrow('linalg.cholesky: The factorization could not be completed because the input is not positive-definite (the leading minor of order 2 is not positive-definite).');
    expect(() => linalg.cholesky(tensor([[-1.5, 0], [0, 1]]))).toThrow('(the leading minor of order 1 is not positive-definite)');
    const batch = tensor([[[1, 0], [0, 1]], [[1, 2], [2, 4]]], { dtype: 'float64' });
    expect(() => linalg.cholesky(batch)).toThrow('linalg.cholesky: (Batch element 1): The factorization could not be completed');
  });
  it('det and slogdet of a singular matrix', () => {
    // PyTorch: det -0 and sign -0 (one row swap times a zero pivot).
    expect(Object.is(linalg.det(singular()).item(), -0)).toBe(true);
    const [sign, logabs] = linalg.slogdet(singular());
    expect(Object.is(sign.item(), -0)).toBe(true);
    expect(logabs.item()).toBe(-Infinity);
  });
});

describe('options and modes', () => {
  const a = (): Tensor => randn([3, 3], { dtype: 'float64' });
  it('unknown keys', () => {
    expect(() => linalg.cholesky(a(), { uper: true } as { upper?: boolean })).toThrow("linalg_cholesky() got an unexpected keyword argument 'uper' (did you mean 'upper'?)");
    expect(() => linalg.vectorNorm(a(), 2, null, { keepdims: true } as { keepdim?: boolean })).toThrow("linalg_vector_norm() got an unexpected keyword argument 'keepdims' (did you mean 'keepdim'?)");
    expect(() => linalg.lstsq(a(), a(), null, { drivr: 'gelsd' } as { driver?: string })).toThrow("linalg_lstsq() got an unexpected keyword argument 'drivr' (did you mean 'driver'?)");
    expect(() => linalg.svd(a(), { fullMatrix: false } as { fullMatrices?: boolean })).toThrow("linalg_svd() got an unexpected keyword argument 'fullMatrix' (did you mean 'fullMatrices'?)");
    expect(linalg.svd(randn(4, 2), { fullMatrices: false })[0].shape).toEqual([4, 2]);
  });
  it('enum-like arguments', () => {
    expect(() => linalg.qr(a(), 'foo' as linalg.QrMode)).toThrow("qr received unrecognized mode 'foo' but expected one of 'reduced' (default), 'r', or 'complete'");
    expect(() => linalg.eigh(a(), 'X')).toThrow("Expected UPLO argument to be 'L' or 'U', but got X");
    expect(linalg.eigh(a().add(a().mT), 'u')[0].shape).toEqual([3]);
    expect(() => linalg.lstsq(a(), a(), null, { driver: 'foo' })).toThrow('torch.linalg.lstsq: parameter `driver` should be one of (gels, gelsy, gelsd, gelss)');
    expect(() => linalg.matrixPower(a(), 2.5)).toThrow("linalg_matrix_power(): argument 'n' (position 2) must be int, not float");
  });
  it('norm orders, dims and dtypes', () => {
    expect(() => linalg.matrixNorm(a(), 'foo' as linalg.MatrixOrd)).toThrow('linalg.matrix_norm: Order foo not supported.');
    expect(() => linalg.matrixNorm(a(), 3)).toThrow('linalg.matrix_norm: Order 3 not supported.');
    expect(() => linalg.matrixNorm(a(), 'fro', [1])).toThrow('linalg.matrix_norm: dim must be a 2-tuple. Got 1');
    expect(() => linalg.matrixNorm(a(), 'fro', [1, 1])).toThrow('linalg.matrix_norm: dims must be different. Got (1, 1)');
    expect(() => linalg.norm(a(), 'fro', 0)).toThrow('linalg.matrix_norm: dim must be a 2-tuple. Got 0');
    expect(() => linalg.norm(a().unsqueeze(0), 2)).toThrow('linalg.norm: If dim is not specified but ord is, the input must be 1D or 2D. Got 3D.');
    expect(() => linalg.norm(a().unsqueeze(0), null, [0, 1, 2])).toThrow('linalg.norm: If dim is specified, it must be of length 1 or 2. Got [0, 1, 2]');
    expect(() => linalg.norm(zeros(3), 'fro')).toThrow('linalg.matrix_norm: The input tensor A must have at least 2 dimensions.');
    expect(() => linalg.vectorNorm(a(), 2, null, { dtype: 'float32' })).toThrow('linalg.vector_norm: the dtype of the input (Double) should be convertible without narrowing to the specified dtype (Float)');
    expect(() => linalg.vectorNorm(a(), 2, null, { dtype: 'int32' })).toThrow('linalg.vector_norm: dtype should be floating point or complex, but got Long');
    expect(linalg.vectorNorm(randn(3), 2, null, { dtype: 'float64' }).dtype).toBe('float64');
  });
  it('inf norms of empty tensors', () => {
    expect(() => linalg.vectorNorm(zeros(0, 3), Infinity)).toThrow('linalg.vector_norm cannot compute the inf norm on an empty tensor because the operation does not have an identity');
    expect(() => linalg.vectorNorm(zeros(0, 3), -Infinity, 0)).toThrow('linalg.vector_norm cannot compute the -inf norm on the dimension 0because this dimension is empty and the operation does not have an identity');
    expect(linalg.vectorNorm(zeros(0, 3), Infinity, 1).shape).toEqual([0]);
  });
  it('qr gradients that PyTorch refuses', () => {
    const x = randn([4, 3], { requiresGrad: true });
    expect(() => linalg.qr(x, 'r')[1].sum().backward()).toThrow("The derivative of linalg.qr depends on Q, which is not computed when mode='r'. Please use linalg.qr(A, mode='reduced') if you are going to differentiate through linalg.qr.");
    expect(() => linalg.qr(x, 'complete')[1].sum().backward()).toThrow("The QR decomposition is not differentiable when mode='complete' and nrows > ncols.");
  });
});

describe('zero-size and 0-d inputs', () => {
  it('empty matrices', () => {
    expect(linalg.det(zeros(0, 0)).item()).toBe(1);
    const [sign, logabs] = linalg.slogdet(zeros(2, 0, 0));
    expect(sign.tolist()).toEqual([1, 1]);
    expect(logabs.tolist()).toEqual([0, 0]);
    expect(linalg.inv(zeros(0, 3, 3)).shape).toEqual([0, 3, 3]);
    expect(linalg.cholesky(zeros(0, 0)).shape).toEqual([0, 0]);
    const [q, r] = linalg.qr(zeros(0, 3));
    expect([q.shape, r.shape]).toEqual([[0, 0], [0, 3]]);
    const [u, s, vh] = linalg.svd(zeros(3, 0));
    expect(u.tolist()).toEqual([[1, 0, 0], [0, 1, 0], [0, 0, 1]]);
    expect([s.shape, vh.shape]).toEqual([[0], [0, 0]]);
    const [l, v] = linalg.eigh(zeros(0, 0));
    expect([l.shape, v.shape]).toEqual([[0], [0, 0]]);
    expect(linalg.matrixRank(zeros(2, 0, 3)).tolist()).toEqual([0, 0]);
    expect(linalg.vectorNorm(zeros(2, 3), 2, []).item()).toBe(0);
  });
  it('0-d vector norm', () => {
    expect(linalg.vectorNorm(tensor(-3, { dtype: 'float32' }), 2, 0).item()).toBe(3);
  });
});

describe('dtypes and grad_fn names', () => {
  const x = (): Tensor => randn([3, 3], { dtype: 'float64' }).add(eye(3, { dtype: 'float64' }).mul(3)).requiresGrad_();
  it('names', () => {
    expect(linalg.det(x()).gradFn?.name).toBe('LinalgDetBackward0');
    expect(linalg.slogdet(x())[1].gradFn?.name).toBe('LinalgSlogdetBackward0');
    expect(linalg.inv(x()).gradFn?.name).toBe('LinalgInvExBackward0');
    expect(linalg.solve(x(), x()).gradFn?.name).toBe('LinalgSolveExBackward0');
    const y = x();
    expect(linalg.cholesky(y.matmul(y.mT)).gradFn?.name).toBe('LinalgCholeskyExBackward0');
    expect(linalg.qr(x()).map((t) => t.gradFn?.name)).toEqual(['LinalgQrBackward0', 'LinalgQrBackward0']);
    expect(linalg.eigh(x()).map((t) => t.gradFn?.name)).toEqual(['LinalgEighBackward0', 'LinalgEighBackward0']);
    expect(linalg.svd(x()).map((t) => t.gradFn?.name)).toEqual(['LinalgSvdBackward0', 'LinalgSvdBackward0', 'LinalgSvdBackward0']);
    expect(linalg.svdvals(x()).gradFn?.name).toBe('LinalgSvdBackward0');
    expect(linalg.pinv(x()).gradFn?.name).toBe('LinalgPinvBackward0');
    expect(linalg.vectorNorm(x()).gradFn?.name).toBe('LinalgVectorNormBackward0');
    expect(linalg.cross(x(), x()).gradFn?.name).toBe('LinalgCrossBackward0');
    expect(linalg.lstsq(x(), x()).solution.gradFn?.name).toBe('LinalgLstsqBackward0');
  });
  it('matrixPower keeps integer matrices integer (n >= 0), as PyTorch', () => {
    const a = tensor([[1, 2], [3, 4]], { dtype: 'int32' });
    expect(linalg.matrixPower(a, 5).tolist()).toEqual([[1069, 1558], [2337, 3406]]);
    expect(linalg.matrixPower(a, 0).dtype).toBe('int32');
  });
  it('matrixRank is int32 (torchlet stands in int32 for int64), lstsq.rank too', () => {
    expect(linalg.matrixRank(x()).dtype).toBe('int32');
    expect(linalg.lstsq(x(), x()).rank.dtype).toBe('int32');
  });
});

describe('Tensor methods', () => {
  it('det, slogdet, inverse, matrixPower, pinverse and cross call the linalg functions', () => {
    const a = tensor([[2, 1], [1, 3]], { dtype: 'float64' });
    expect(a.det().item()).toBeCloseTo(5, 14);
    expect(a.slogdet()[1].item()).toBeCloseTo(Math.log(5), 14);
    expect(a.inverse().tolist()).toEqual(linalg.inv(a).tolist());
    expect(a.matrixPower(2).tolist()).toEqual([[5, 5], [5, 10]]);
    expect(a.pinverse().tolist()).toEqual(linalg.pinv(a, { rtol: 1e-15 }).tolist());
    // Legacy torch.cross: the first dim of size 3 (here dim 0), not dim -1.
    const x = tensor([[1, 0], [0, 1], [0, 0]]), y = tensor([[0, 0], [1, 0], [0, 1]]);
    expect(x.cross(y).tolist()).toEqual([[0, 1], [0, 0], [1, 0]]);
    expect(() => zeros(2, 4).cross(zeros(2, 4))).toThrow('no dimension of size 3 in input');
  });
});

describe('top-level torch.det / inverse / cross / ... (PyTorch aliases of linalg)', () => {
  it('equal the linalg functions and the methods', () => {
    const a = T.tensor([[2, 1], [1, 3]]).double();
    expect(T.det(a).item()).toBeCloseTo(5, 12);
    expect(T.inverse(a).tolist()).toEqual(T.linalg.inv(a).tolist());
    expect(T.matrixPower(a, 2).tolist()).toEqual([[5, 5], [5, 10]]);
    const [sign, logabs] = T.slogdet(a);
    expect(sign.item()).toBe(1);
    expect(logabs.item()).toBeCloseTo(Math.log(5), 14);
    expect(T.pinverse(a).tolist()).toEqual(a.pinverse().tolist());
    const u = T.tensor([[1, 0, 0], [0, 1, 0]]).double(), v = T.tensor([[0, 1, 0], [0, 0, 1]]).double();
    expect(T.cross(u, v).tolist()).toEqual([[0, 0, 1], [1, 0, 0]]);
  });
});
