/**
 * In-place ops on views (PyTorch's CopySlices): the base's history takes the write, so gradients
 * match PyTorch (fixtures/core-inplace-views.json from tools/parity/core_inplace_views.py); plus a
 * float64 gradcheck, the view-of-a-leaf and overlap errors, and the version counter through views.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Tensor, gradcheck, gradgradcheck, noGrad, slice, tensor, zeros } from '@torchlet/core';
import { closeTo } from './core-ops-fixture';

interface Case {
  name: string; a: number[]; aShape: number[]; w: number[] | null; wShape: number[] | null; c: number[];
  x: number[]; xShape: number[]; gradFn: string; aGrad: number[] | null; wGrad: number[] | null;
}
const FIX = JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures', 'core-inplace-views.json'), 'utf8')) as { cases: Case[] };

const leaf = (vals: number[], shape: number[]): Tensor => Tensor.fromData(Float32Array.from(vals), shape, 'float32').requiresGrad_();
const near = (t: Tensor | null, expected: number[]): void => {
  expect(t).not.toBeNull();
  expect(closeTo(t!.toTypedArray(), expected, 1e-5, 1e-6)).toBeNull();
};

/** The same steps as the Python script, by case name. */
const STEPS: Record<string, (a: Tensor, w: Tensor | null) => Tensor> = {
  narrow_mul: (a) => { const x = a.mul(1); x.narrow(0, 0, 2).mul_(2); return x; },
  slice_step_sigmoid: (a) => { const x = a.mul(1.5); x.index(slice(1, null, 2)).sigmoid_(); return x; },
  select_exp: (a) => { const x = a.mul(2); x.select(1, 2).exp_(); return x; },
  transpose_add: (a, w) => { const x = a.add(0); x.t().add_(w!); return x; },
  two_views: (a) => { const x = a.mul(1); x.narrow(0, 0, 2).mul_(3); x.narrow(0, 1, 2).pow_(2); return x; },
  narrow_add_w: (a, w) => { const x = a.mul(1); x.narrow(0, 1, 2).add_(w!); return x; },
  nested_mul_w: (a, w) => { const x = a.sin(); x.view(3, 4).select(0, 1).narrow(0, 1, 2).mul_(w!); return x; },
  base_no_grad: (_a, w) => { const x = zeros(5); x.narrow(0, 1, 2).add_(w!); x.narrow(0, 2, 2).mul_(w!); return x; },
  addcmul_view: (a, w) => { const x = a.mul(1); x.narrow(1, 1, 2).addcmul_(w!, w!, { value: 0.5 }); return x; },
  fill_copy_views: (a, w) => {
    const x = a.mul(1);
    x.narrow(0, 1, 2).fill_(0.5);
    x.select(1, 0).copy_(w!);
    x.select(0, 3).zero_();
    return x;
  },
  masked_fill_view: (a) => {
    const x = a.mul(1);
    const v = x.narrow(0, 0, 2);
    v.maskedFill_(v.gt(0), 0.25);
    return x;
  },
};

describe('in-place ops on views of non-leaves match PyTorch', () => {
  it.each(FIX.cases.map((c) => [c.name, c] as const))('%s', (name, c) => {
    const a = leaf(c.a, c.aShape);
    const w = c.w !== null && c.wShape !== null ? leaf(c.w, c.wShape) : null;
    const x = STEPS[name]!(a, w);
    near(x, c.x);
    expect(x.gradFn?.name).toBe(c.gradFn);
    x.mul(Tensor.fromData(Float32Array.from(c.c), c.xShape, 'float32')).sum().backward();
    if (c.aGrad !== null) near(a.grad, c.aGrad);
    if (c.wGrad !== null) near(w!.grad, c.wGrad);
  });

  it('the example from the bug: sum after narrow().mul_(2) gives [2, 2, 1]', () => {
    const a = tensor([1, 1, 1], { dtype: 'float32', requiresGrad: true });
    const x = a.mul(1);
    x.narrow(0, 0, 2).mul_(2);
    x.sum().backward();
    expect(a.grad!.tolist()).toEqual([2, 2, 1]);
  });

  it('the view keeps viewing the base after the write (grads through later uses of the view)', () => {
    const a = tensor([1, 2, 3, 4], { dtype: 'float32', requiresGrad: true });
    const x = a.mul(1);
    const v = x.narrow(0, 1, 2);
    v.mul_(3);
    v.sum().backward();
    expect(a.grad!.tolist()).toEqual([0, 3, 3, 0]);
  });
});

describe('gradcheck through in-place ops on views (float64)', () => {
  const f64 = (vals: number[], shape: number[]): Tensor => Tensor.fromData(Float64Array.from(vals), shape, 'float64').requiresGrad_();

  it('a function that writes into views of a non-leaf', () => {
    const a = f64([0.3, -1.2, 0.7, 2.1, -0.4, 0.9], [2, 3]);
    const w = f64([0.5, -1.5], [2]);
    expect(gradcheck((p: Tensor, q: Tensor) => {
      const x = p.sin();
      x.select(1, 1).mul_(q);
      x.t().narrow(0, 0, 2).add_(p.t().narrow(0, 1, 2));
      x.narrow(1, 2, 1).copy_(q.view(2, 1).mul(2));
      x.select(0, 0).narrow(0, 0, 1).fill_(0.25);
      x.narrow(0, 1, 1).exp_(); // last: it saves its output, so later writes would (rightly) break backward
      return x;
    }, [a, w])).toBe(true);
  });
});

describe('gradgradcheck through in-place ops on views (float64)', () => {
  it('second derivatives flow through CopySlices and the as_strided view nodes', () => {
    const a = Tensor.fromData(Float64Array.from([0.3, -1.2, 0.7, 2.1]), [4], 'float64').requiresGrad_();
    const w = Tensor.fromData(Float64Array.from([0.5, -1.5]), [2], 'float64').requiresGrad_();
    expect(gradgradcheck((p: Tensor, q: Tensor) => {
      const x = p.mul(p);
      x.narrow(0, 1, 2).mul_(q);
      x.index(slice(0, null, 2)).sin_();
      return x;
    }, [a, w])).toBe(true);
  });
});

describe('errors', () => {
  it('a view of a leaf that requires grad cannot be written in place (in grad mode)', () => {
    const a = tensor([1, 2, 3], { dtype: 'float32', requiresGrad: true });
    expect(() => a.narrow(0, 0, 2).mul_(2))
      .toThrow('a view of a leaf Variable that requires grad is being used in an in-place operation.');
    expect(() => a.select(0, 1).exp_()).toThrow('a view of a leaf Variable');
    expect(() => a.t().addcmul_(a, a)).toThrow('a view of a leaf Variable');
    expect(a.tolist()).toEqual([1, 2, 3]);
    noGrad(() => a.narrow(0, 0, 2).mul_(2));
    expect(a.tolist()).toEqual([2, 4, 3]);
    expect(a.isLeaf).toBe(true);
  });

  it('a view of such a leaf made under noGrad cannot be written in place in grad mode', () => {
    const a = tensor([1, 2, 3], { dtype: 'float32', requiresGrad: true });
    const v = noGrad(() => a.narrow(0, 0, 2));
    expect(() => v.mul_(2)).toThrow('A view was created in no_grad mode and is being modified inplace with grad mode enabled. ' +
      'Given that this use case is ambiguous and error-prone, it is forbidden.');
    expect(a.tolist()).toEqual([1, 2, 3]);
  });

  it('copying rows into a buffer that does not require grad sends gradients to the sources (as PyTorch)', () => {
    const w1 = tensor([1, 2], { dtype: 'float32', requiresGrad: true });
    const w2 = tensor([3, 4], { dtype: 'float32', requiresGrad: true });
    const buf = zeros(2, 2);
    buf.select(0, 0).copy_(w1);
    buf.select(0, 1).copy_(w2.mul(2));
    buf.mul(tensor([[1, 2], [3, 4]], { dtype: 'float32' })).sum().backward();
    expect(w1.grad!.tolist()).toEqual([1, 2]);
    expect(w2.grad!.tolist()).toEqual([6, 8]);
  });

  it('in-place writes into expanded tensors are refused', () => {
    const e = zeros(1).expand(3);
    expect(() => e.add_(1)).toThrow('unsupported operation: more than one element of the written-to tensor refers to a single memory location. Please clone() the tensor before performing the operation.');
    expect(e.tolist()).toEqual([0, 0, 0]);
  });

  it('modifying a saved tensor through a view still fails backward with the version error', () => {
    const a = tensor([0.1, 0.2, 0.3, 0.4], { dtype: 'float32', requiresGrad: true });
    const x = a.tanh();
    x.narrow(0, 1, 2).mul_(2);
    expect(() => x.sum().backward()).toThrow(
      'one of the variables needed for gradient computation has been modified by an inplace operation: [torch.FloatTensor [4]], which is output 0 of TanhBackward0, is at version 1; expected version 0 instead.');
  });

  it('a saved input modified through a view names its new CopySlices node, as PyTorch', () => {
    const a = tensor([0.1, 0.2, 0.3, 0.4], { dtype: 'float32', requiresGrad: true });
    const y = a.mul(1).exp();
    const z = y.mul(y).sum();
    y.narrow(0, 1, 2).mul_(2);
    expect(() => z.backward()).toThrow(
      '[torch.FloatTensor [4]], which is output 0 of torch::autograd::CopySlices, is at version 1; expected version 0 instead.');
  });
});
