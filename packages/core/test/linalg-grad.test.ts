/**
 * torch.linalg gradients: float64 gradcheck and gradgradcheck on well-conditioned inputs (our
 * backward formulas are built from differentiable ops, so double backward is checked too).
 * Eigen- and singular vectors enter squared, which does not depend on their signs.
 */
import { cat, eye, linalg, manualSeed, tensor, type Tensor } from '@torchlet/core';
import { checkGrads, x64 } from './check-helpers';

/** x + 3 I on the trailing square matrices: comfortably invertible. */
const wc = (x: Tensor): Tensor => x.add(eye(x.shape[x.ndim - 1]!, { dtype: 'float64' }).mul(3));
/** x x^T + n I: symmetric positive-definite. */
const spd = (x: Tensor): Tensor => x.matmul(x.mT).add(eye(x.shape[x.ndim - 1]!, { dtype: 'float64' }).mul(x.shape[x.ndim - 1]!));
const flat = (...ts: Tensor[]): Tensor => cat(ts.map((t) => t.flatten()));

beforeAll(() => manualSeed(12));

describe('LU family', () => {
  it('det', () => checkGrads((x) => linalg.det(wc(x)), [x64([3, 3])]));
  it('det, batched', () => checkGrads((x) => linalg.det(wc(x)), [x64([2, 3, 3])]));
  it('det at singular matrices: the cofactor matrix (PyTorch 1.13 returns zeros there)', () => {
    const a = tensor([[[1, 2], [2, 4]], [[2, 1], [1, 3]]], { dtype: 'float64', requiresGrad: true });
    linalg.det(a).sum().backward();
    const g = a.grad!.toTypedArray();
    [4, -2, -2, 1, 3, -1, -1, 2].forEach((v, i) => expect(g[i]).toBeCloseTo(v, 12));
    checkGrads((x) => linalg.det(x.matmul(tensor([[1, 1, 0], [0, 1, 1], [1, 2, 1]], { dtype: 'float64' }))), [x64([3, 3])]);
  });
  it('slogdet', () => checkGrads((x) => linalg.slogdet(wc(x))[1], [x64([2, 3, 3])]));
  it('inv', () => checkGrads((x) => linalg.inv(wc(x)), [x64([2, 3, 3])]));
  it('solve, matrix B with broadcast batch', () => checkGrads((a, b) => linalg.solve(wc(a), b), [x64([2, 3, 3]), x64([3, 2])]));
  it('solve, vector B', () => checkGrads((a, b) => linalg.solve(wc(a), b), [x64([3, 3]), x64([3])]));
  it('solve, batched vectors', () => checkGrads((a, b) => linalg.solve(wc(a), b), [x64([2, 3, 3]), x64([2, 3])]));
  it('solve, left=false', () => checkGrads((a, b) => linalg.solve(wc(a), b, { left: false }), [x64([3, 3]), x64([2, 3])]));
  it('matrixPower 3 and -2', () => {
    checkGrads((x) => linalg.matrixPower(x, 3), [x64([3, 3])]);
    checkGrads((x) => linalg.matrixPower(wc(x), -2), [x64([2, 3, 3])]);
  });
});

describe('norms and cross', () => {
  it.each([[2], [1], [3], [1.5], [0.5], [-1], [Infinity], [-Infinity]])('vectorNorm ord %p', (ord) => {
    checkGrads((x) => linalg.vectorNorm(x, ord, 1), [x64([3, 4], { away: 0.3 })]);
  });
  it('vectorNorm over all dims, keepdim', () => checkGrads((x) => linalg.vectorNorm(x, 2, null, { keepdim: true }), [x64([2, 3])]));
  it.each([['fro'], ['nuc'], [2], [-2], [1], [-1], [Infinity], [-Infinity]] as [linalg.MatrixOrd][])('matrixNorm ord %p', (ord) => {
    checkGrads((x) => linalg.matrixNorm(x, ord), [x64([2, 3, 4])]);
  });
  it('norm dispatch', () => checkGrads((x) => linalg.norm(x, 'nuc', [0, 2]), [x64([3, 2, 4])]));
  it('cross, broadcast', () => checkGrads((a, b) => linalg.cross(a, b), [x64([1, 3]), x64([4, 3])]));
  it('cross, dim 0', () => checkGrads((a, b) => linalg.cross(a, b, { dim: 0 }), [x64([3, 2]), x64([3, 2])]));
});

describe('factorizations', () => {
  it('cholesky', () => checkGrads((x) => linalg.cholesky(spd(x)), [x64([2, 3, 3])]));
  it('cholesky upper', () => checkGrads((x) => linalg.cholesky(spd(x), { upper: true }), [x64([3, 3])]));
  it.each([[[4, 3], 'reduced'], [[3, 3], 'reduced'], [[3, 5], 'reduced'], [[3, 5], 'complete'], [[2, 4, 2], 'reduced']] as [number[], linalg.QrMode][])(
    'qr %p %s', (shape, mode) => {
      checkGrads((x) => { const [q, r] = linalg.qr(x, mode); return flat(q, r); }, [x64(shape)]);
    });
  it('eigh (L and V^2)', () => {
    checkGrads((x) => { const [l, v] = linalg.eigh(x.add(x.mT)); return flat(l, v.mul(v)); }, [x64([2, 3, 3])]);
  });
  it('eigh reading the upper triangle', () => {
    // PyTorch's formula assumes a symmetric input (it ignores which triangle was read).
    checkGrads((x) => { const [l, v] = linalg.eigh(x.add(x.mT), 'U'); return flat(l, v.mul(v)); }, [x64([3, 3])]);
  });
  it('eigvalsh', () => checkGrads((x) => linalg.eigvalsh(x.add(x.mT)), [x64([4, 4])]));
  it.each([[[4, 3]], [[3, 3]], [[3, 5]], [[2, 3, 2]]])('svd %p (U^2, S, Vh^2)', (shape) => {
    checkGrads((x) => { const [u, s, vh] = linalg.svd(x, false); return flat(u.mul(u), s, vh.mul(vh)); }, [x64(shape)]);
  });
  it('svd with fullMatrices: S and the first k vectors', () => {
    checkGrads((x) => { const [u, s, vh] = linalg.svd(x); const k = s.shape[0]!; return flat(u.narrow(-1, 0, k).square(), s, vh.square()); }, [x64([4, 2])], true);
  });
  it('svdvals', () => checkGrads((x) => linalg.svdvals(x), [x64([3, 4])]));
});

describe('pseudo-inverse and least squares', () => {
  it.each([[[4, 3]], [[3, 5]], [[2, 3, 3]]])('pinv %p', (shape) => checkGrads((x) => linalg.pinv(x), [x64(shape)]));
  it('pinv hermitian', () => checkGrads((x) => linalg.pinv(spd(x), { hermitian: true }), [x64([3, 3])]));
  it('lstsq, matrix B', () => checkGrads((a, b) => linalg.lstsq(a, b).solution, [x64([5, 3]), x64([5, 2])]));
  it('lstsq, vector B, underdetermined', () => checkGrads((a, b) => linalg.lstsq(a, b).solution, [x64([3, 5]), x64([3])]));
});
