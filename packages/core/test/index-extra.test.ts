/**
 * Issue 12's indexing, diagonal and shape ops against PyTorch (tools/parity/core_index_extra.py ->
 * fixtures/core-index-extra.json): outputs, gradients of sum(out * w), grad_fn names and errors;
 * then float64 gradchecks, view semantics and the in-place forms.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as T from '@torchlet/core';
import type { DType, Tensor } from '@torchlet/core';
import { closeTo } from './core-ops-fixture';
import { checkGrads, x64 } from './check-helpers';

type Num = number | boolean | string;
interface Spec { dtype: DType; shape: number[]; data: Num[] }
interface InSpec extends Spec { t: boolean; grad: boolean }
interface Row { id: string; inputs: InSpec[]; out?: Spec; error?: string; gradFn?: string; grads?: (Spec | null)[] }
const ROWS = (JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures', 'core-index-extra.json'), 'utf8')) as { cases: Row[] }).cases;

type Fn = (x: Tensor[]) => Tensor;
const a = (x: Tensor[], i: number): Tensor => x[i]!;
const OPS: Record<string, Fn> = {
  'diagonal/3x4': (x) => a(x, 0).diagonal(),
  'diagonal/3x4,1': (x) => a(x, 0).diagonal(1),
  'diagonal/3x4,-2': (x) => T.diagonal(a(x, 0), -2),
  'diagonal/3x4,9': (x) => a(x, 0).diagonal(9),
  'diagonal/2x3x4T,0,2': (x) => a(x, 0).diagonal(0, 0, 2),
  'diagonal/2x3x4,-1,-1,0': (x) => a(x, 0).diagonal(-1, -1, 0),
  'diagonal/0x3': (x) => a(x, 0).diagonal(),
  'diagonal/same': (x) => a(x, 0).diagonal(0, 1, 1),
  'diagonal/0d': (x) => a(x, 0).diagonal(),
  'diag/3': (x) => a(x, 0).diag(),
  'diag/3,-1': (x) => T.diag(a(x, 0), -1),
  'diag/3x4T,1': (x) => a(x, 0).diag(1),
  'diag/0': (x) => a(x, 0).diag(2),
  'diag/3d': (x) => a(x, 0).diag(),
  'diag/0d': (x) => a(x, 0).diag(),
  'diagEmbed/2x3': (x) => T.diagEmbed(a(x, 0)),
  'diagEmbed/2x3,1,0,2': (x) => a(x, 0).diagEmbed(1, 0, 2),
  'diagEmbed/3x2T,-1,2,0': (x) => a(x, 0).diagEmbed(-1, 2, 0),
  'diagEmbed/same': (x) => a(x, 0).diagEmbed(0, 1, 1),
  'diagEmbed/0d': (x) => a(x, 0).diagEmbed(),
  'trace/3x4': (x) => a(x, 0).trace(),
  'trace/4x3T': (x) => T.trace(a(x, 0)),
  'trace/0x3': (x) => a(x, 0).trace(),
  'trace/3d': (x) => a(x, 0).trace(),
  'trilIndices/4,3': () => T.trilIndices(4, 3),
  'trilIndices/3,5,1': () => T.trilIndices(3, 5, 1),
  'trilIndices/3,3,-1': () => T.trilIndices(3, 3, -1),
  'trilIndices/0,3': () => T.trilIndices(0, 3),
  'trilIndices/neg': () => T.trilIndices(-1, 3),
  'triuIndices/4,3': () => T.triuIndices(4, 3),
  'triuIndices/3,5,-1': () => T.triuIndices(3, 5, -1),
  'triuIndices/3,3,4': () => T.triuIndices(3, 3, 4),
  'triuIndices/neg': () => T.triuIndices(3, -2),
  'unfold/7,0,3,2': (x) => a(x, 0).unfold(0, 3, 2),
  'unfold/7,0,3,1': (x) => a(x, 0).unfold(0, 3, 1),
  'unfold/3x5T,0,2,3': (x) => a(x, 0).unfold(0, 2, 3),
  'unfold/2x3x4,-1,4,1': (x) => a(x, 0).unfold(-1, 4, 1),
  'unfold/2x3,1,0,1': (x) => a(x, 0).unfold(1, 0, 1),
  'unfold/0d': (x) => a(x, 0).unfold(0, 1, 1),
  'unfold/0x3': (x) => a(x, 0).unfold(1, 2, 1),
  'unfold/toobig': (x) => a(x, 0).unfold(1, 5, 1),
  'unfold/step0': (x) => a(x, 0).unfold(1, 2, 0),
  'repeatInterleave/2x3,2': (x) => a(x, 0).repeatInterleave(2),
  'repeatInterleave/2x3T,t,0': (x) => a(x, 0).repeatInterleave(a(x, 1), 0),
  'repeatInterleave/2x3,t1,1': (x) => T.repeatInterleave(a(x, 0), a(x, 1), 1),
  'repeatInterleave/2x3,0d,1': (x) => a(x, 0).repeatInterleave(a(x, 1), 1),
  'repeatInterleave/0d': (x) => a(x, 0).repeatInterleave(a(x, 1)),
  'repeatInterleave/out': (x) => a(x, 0).repeatInterleave(a(x, 1), 1, { outputSize: 3 }),
  'repeatInterleave/badout': (x) => a(x, 0).repeatInterleave(a(x, 1), 1, { outputSize: 4 }),
  'repeatInterleave/neg': (x) => a(x, 0).repeatInterleave(a(x, 1), 1),
  'repeatInterleave/negint': (x) => a(x, 0).repeatInterleave(-1),
  'repeatInterleave/size': (x) => a(x, 0).repeatInterleave(a(x, 1), 1),
  'repeatInterleave/2d': (x) => a(x, 0).repeatInterleave(a(x, 1), 1),
  'repeatInterleave/only': (x) => T.repeatInterleave(a(x, 0)),
  'repeatInterleave/only2d': (x) => a(x, 0).repeatInterleave(),
  'take/3x4T': (x) => T.take(a(x, 0), a(x, 1)),
  'take/0d': (x) => a(x, 0).take(a(x, 1)),
  'take/range': (x) => a(x, 0).take(a(x, 1)),
  'take/rangeneg': (x) => a(x, 0).take(a(x, 1)),
  'take/empty': (x) => a(x, 0).take(a(x, 1)),
  'takeAlongDim/3x4,1': (x) => T.takeAlongDim(a(x, 0), a(x, 1), 1),
  'takeAlongDim/bcast': (x) => a(x, 0).takeAlongDim(a(x, 1), 0),
  'takeAlongDim/bcast2': (x) => a(x, 0).takeAlongDim(a(x, 1), 1),
  'takeAlongDim/flat': (x) => a(x, 0).takeAlongDim(a(x, 1)),
  'takeAlongDim/ndim': (x) => a(x, 0).takeAlongDim(a(x, 1), 0),
  'takeAlongDim/range': (x) => a(x, 0).takeAlongDim(a(x, 1), 0),
  'narrowCopy/3x4T': (x) => T.narrowCopy(a(x, 0), 1, 1, 2),
  'narrowCopy/range': (x) => a(x, 0).narrowCopy(1, 3, 2),
  'indexCopy/3x4,0': (x) => T.indexCopy(a(x, 0), 0, a(x, 1), a(x, 2)),
  'indexCopy/4x3T,1': (x) => a(x, 0).indexCopy(1, a(x, 1), a(x, 2)),
  'indexCopy/0dindex': (x) => a(x, 0).indexCopy(0, a(x, 1), a(x, 2).unsqueeze(0)),
  'indexCopy/0d': (x) => a(x, 0).indexCopy(0, a(x, 1), a(x, 2)),
  'indexCopy/neg': (x) => a(x, 0).indexCopy(0, a(x, 1), a(x, 2)),
  'indexCopy/dim2': (x) => a(x, 0).indexCopy(0, a(x, 1), a(x, 2)),
  'indexCopy/count': (x) => a(x, 0).indexCopy(0, a(x, 1), a(x, 2)),
  'indexCopy/slice': (x) => a(x, 0).indexCopy(0, a(x, 1), a(x, 2)),
  'indexCopy/ndim': (x) => a(x, 0).indexCopy(0, a(x, 1), a(x, 2)),
  'indexCopy_/3x4,1': (x) => a(x, 0).clone().indexCopy_(1, a(x, 1), a(x, 2)),
  'indexFill/3x4,1': (x) => T.indexFill(a(x, 0), 1, a(x, 1), 2.5),
  'indexFill/4x3T,0,t': (x) => a(x, 0).indexFill(0, a(x, 1), a(x, 2).reshape([])),
  'indexFill/0d': (x) => a(x, 0).indexFill(0, a(x, 1), -1),
  'indexFill/range': (x) => a(x, 0).indexFill(1, a(x, 1), 2),
  'indexFill/dim2': (x) => a(x, 0).indexFill(1, a(x, 1), 2),
  'indexFill/vec': (x) => a(x, 0).indexFill(1, a(x, 1), a(x, 2)),
  'indexFill_/3x4,1': (x) => a(x, 0).clone().indexFill_(1, a(x, 1), 7),
  'indexPut/acc': (x) => T.indexPut(a(x, 0), [a(x, 1), a(x, 2)], a(x, 3), { accumulate: true }),
  'indexPut/set': (x) => a(x, 0).indexPut([a(x, 1), a(x, 2)], a(x, 3)),
  'indexPut/bcast': (x) => a(x, 0).indexPut([a(x, 1), a(x, 2)], a(x, 3), { accumulate: true }),
  'indexPut/rows': (x) => a(x, 0).indexPut([a(x, 1)], a(x, 2), { accumulate: true }),
  'indexPut/bool': (x) => a(x, 0).indexPut([a(x, 1)], a(x, 2)),
  'indexPut_/acc': (x) => a(x, 0).clone().indexPut_([a(x, 1)], a(x, 2), { accumulate: true }),
  'indexPut/range': (x) => a(x, 0).indexPut([a(x, 1)], a(x, 2)),
  'indexPut/many': (x) => a(x, 0).indexPut([a(x, 1), a(x, 2), a(x, 3)], a(x, 4)),
  'indexPut/shape': (x) => a(x, 0).indexPut([a(x, 1)], a(x, 2)),
  'indexPut/dtype': (x) => a(x, 0).indexPut([a(x, 1)], T.ones([2, 4], { dtype: 'float64' })),
  'asStrided/6,3x2': (x) => a(x, 0).asStrided([3, 2], [2, 1]),
  'asStrided/6,overlap': (x) => T.asStrided(a(x, 0), [3, 3], [1, 1], 1),
  'asStrided/3x4T': (x) => a(x, 0).asStrided([2, 2], [4, 1], 1),
  'asStrided/oob': (x) => a(x, 0).asStrided([3, 3], [2, 1], 1),
  'asStrided/negstride': (x) => a(x, 0).asStrided([3], [-1], 2),
  'asStrided/negoffset': (x) => a(x, 0).asStrided([3], [1], -1),
  'asStrided/len': (x) => a(x, 0).asStrided([3, 2], [1]),
  'maskedScatter/bcast': (x) => a(x, 0).maskedScatter(a(x, 1), a(x, 2)),
  'maskedScatter/short': (x) => T.maskedScatter(a(x, 0), a(x, 1), a(x, 2)),
};

function build(s: InSpec): [Tensor, Tensor] {
  const base = T.tensor(s.data.map(Number), { dtype: s.dtype }).reshape(s.shape);
  if (s.grad) base.requiresGrad_();
  return [base, s.t ? base.transpose(0, 1) : base];
}
const weights = (n: number): Tensor => T.tensor(Array.from({ length: n }, (_, k) => ((k % 7) - 3) / 4));

function expectLike(t: Tensor, s: Spec): void {
  expect(t.shape).toEqual(s.shape);
  expect(t.dtype).toBe(s.dtype);
  expect(closeTo(Array.from(t.toTypedArray()), s.data, 1e-5, 1e-6)).toBeNull();
}

describe('issue 12 index, diagonal and shape ops match PyTorch', () => {
  for (const row of ROWS) {
    it(row.id, () => {
      const fn = OPS[row.id];
      if (fn === undefined) throw new Error(`no op for ${row.id}`);
      const built = row.inputs.map(build);
      const xs = built.map((b) => b[1]);
      if (row.error !== undefined) {
        expect(() => fn(xs)).toThrow(row.error);
        return;
      }
      const out = fn(xs);
      expectLike(out, row.out!);
      if (row.grads === undefined) return;
      expect(out.gradFn?.name).toBe(row.gradFn);
      const leaves = built.map((b) => b[0]).filter((b) => b.requiresGrad);
      const loss = out.mul(weights(out.numel()).reshape(out.shape)).sum();
      const gs = T.autograd.grad(loss, leaves, { allowUnused: true });
      gs.forEach((g, i) => {
        const want = row.grads![i];
        if (want === null || want === undefined) expect(g).toBeNull();
        else expectLike(g!, want);
      });
    });
  }
});

describe('float64 gradcheck and gradgradcheck', () => {
  beforeAll(() => T.manualSeed(12));
  it('diagonal, diag, diagEmbed, trace', () => {
    checkGrads((x) => x.diagonal(1, 0, 2), [x64([3, 2, 4])]);
    checkGrads((x) => x.diag(-1), [x64([4])]);
    checkGrads((x) => x.diag(1), [x64([3, 4])]);
    checkGrads((x) => x.diagEmbed(1, 0, 2), [x64([2, 3])]);
    checkGrads((x) => x.trace(), [x64([3, 4])]);
  });
  it('unfold with overlapping windows, asStrided with overlapping output', () => {
    checkGrads((x) => x.unfold(1, 3, 1), [x64([2, 5])]);
    checkGrads((x) => x.asStrided([3, 3], [1, 1], 1), [x64([6])]);
    checkGrads((x) => x.expand(2, 3).asStrided([2, 2], [1, 1]), [x64([3])]);
  });
  it('repeatInterleave, take, takeAlongDim, narrowCopy', () => {
    checkGrads((x) => x.repeatInterleave(T.tensor([2, 0, 1], { dtype: 'int32' }), 1), [x64([2, 3])]);
    checkGrads((x) => x.take(T.tensor([0, 0, -1, 3], { dtype: 'int32' })), [x64([2, 3])]);
    checkGrads((x) => x.takeAlongDim(T.tensor([[0, 2], [1, 1]], { dtype: 'int32' }), 1), [x64([2, 3])]);
    checkGrads((x) => x.narrowCopy(1, 1, 2), [x64([2, 3])]);
  });
  it('indexCopy, indexFill (tensor value), indexPut with accumulate', () => {
    const i = T.tensor([2, 0], { dtype: 'int32' });
    checkGrads((x, s) => x.indexCopy(0, i, s), [x64([3, 2]), x64([2, 2])]);
    checkGrads((x, v) => x.indexFill(1, i, v), [x64([2, 3]), x64([])]);
    checkGrads((x, v) => x.indexPut([T.tensor([0, 0, 1], { dtype: 'int32' })], v, { accumulate: true }), [x64([2, 3]), x64([3, 3])]);
  });
});

describe('views and in-place forms', () => {
  it('diagonal, unfold and asStrided share storage with their input', () => {
    const x = T.zeros([3, 3]);
    x.diagonal().fill_(1);
    expect(x.tolist()).toEqual([[1, 0, 0], [0, 1, 0], [0, 0, 1]]);
    const v = T.arange(5, { dtype: 'float32' });
    v.unfold(0, 2, 2).select(1, 0).fill_(-1);
    expect(v.tolist()).toEqual([-1, 1, -1, 3, 4]);
    v.asStrided([2], [2], 1).fill_(9);
    expect(v.tolist()).toEqual([-1, 9, -1, 9, 4]);
  });
  it('in-place forms write self and validate before writing', () => {
    const x = T.zeros([2, 3]);
    expect(() => x.indexFill_(1, T.tensor([5], { dtype: 'int32' }), 1)).toThrow('index 5 is out of bounds for dimension 1 with size 3');
    expect(() => x.indexCopy_(0, T.tensor([0, 2], { dtype: 'int32' }), T.ones([2, 3]))).toThrow('index_copy_(): index 2 is out of bounds for dimension 0 with size 2');
    expect(x.tolist()).toEqual([[0, 0, 0], [0, 0, 0]]);
    x.indexFill_(1, T.tensor([-1], { dtype: 'int32' }), 2).indexCopy_(0, T.tensor([1], { dtype: 'int32' }), T.ones([1, 3]));
    x.indexPut_([T.tensor([0, 0], { dtype: 'int32' }), T.tensor([1, 1], { dtype: 'int32' })], T.tensor([3, 4], { dtype: 'float32' }), { accumulate: true });
    expect(x.tolist()).toEqual([[0, 7, 2], [1, 1, 1]]);
  });
  it('an in-place indexFill_ through a view reaches the base gradient', () => {
    const w = T.ones([2, 3], { requiresGrad: true });
    const y = w.mul(2);
    y.diagonal().indexFill_(0, T.tensor([1], { dtype: 'int32' }), 0);
    y.sum().backward();
    expect(w.grad!.tolist()).toEqual([[2, 2, 2], [2, 0, 2]]);
  });
  it('view(dtype) reinterprets float32 <-> int32 bits and raises PyTorch errors', () => {
    // Bit patterns of 1.0 and -2.0 (IEEE 754), as torch.tensor([1., -2.]).view(torch.int32).
    expect(T.tensor([1, -2], { dtype: 'float32' }).view('int32').tolist()).toEqual([1065353216, -1073741824]);
    expect(T.tensor([1065353216], { dtype: 'int32' }).view('float32').tolist()).toEqual([1]);
    expect(T.zeros([4], { dtype: 'bool' }).view('float32').shape).toEqual([1]);
    expect(() => T.zeros([3]).view('float64')).toThrow('self.size(-1) must be divisible by 2 to view Float as Double (different element sizes), but got 3');
    expect(() => T.zeros([]).view('float64')).toThrow('self.dim() cannot be 0 to view Float as Double (different element sizes)');
    expect(T.zeros([2, 3]).view(3, 2).shape).toEqual([3, 2]);
  });
  it('unknown options raise', () => {
    expect(() => T.indexPut(T.zeros(2), [T.tensor([0], { dtype: 'int32' })], T.tensor(1, { dtype: 'float32' }), { acumulate: true } as T.IndexPutOptions))
      .toThrow("index_put() got an unexpected keyword argument 'acumulate' (did you mean 'accumulate'?)");
  });
});
