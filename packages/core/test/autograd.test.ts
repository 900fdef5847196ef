/**
 * Autograd behaviour: accumulation, broadcasting, grad modes, retainGrad, backward options,
 * autograd.grad with createGraph (Hessian-vector products, a gradient penalty, third order,
 * against PyTorch: fixtures/core-autograd.json from tools/parity/core_autograd.py), and
 * PyTorch's errors.
 */
import * as fs from 'fs';
import * as path from 'path';
import {
  Tensor, autograd, arange, enableGrad, isGradEnabled, matmul, noGrad, ones, randn, setGradEnabled, tensor, where, zeros,
  manualSeed,
} from '@torchlet/core';
import { closeTo } from './core-ops-fixture';

interface SecondOrder { name: string; x: number[]; v: number[]; y: number[]; g: number[]; hv: number[] }
interface Fixture {
  hvp: { x: number[]; w: number[]; v: number[]; xShape: number[]; wShape: number[]; f: number[]; gx: number[]; hv: number[] };
  penalty: { x: number[]; w1: number[]; w2: number[]; gp: number[]; gx: number[]; w1grad: number[]; w2grad: number[]; xgrad: number[] };
  secondOrder: SecondOrder[];
  thirdOrder: { x: number[]; g1: number[]; g2: number[]; g3: number[] };
}
const FIX = JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures', 'core-autograd.json'), 'utf8')) as Fixture;

const leaf = (vals: number[], shape: number[]): Tensor => Tensor.fromData(Float32Array.from(vals), shape, 'float32').requiresGrad_();
const konst = (vals: number[], shape: number[]): Tensor => Tensor.fromData(Float32Array.from(vals), shape, 'float32');
const near = (t: Tensor | null, expected: number[], rtol = 1e-5): void => {
  expect(t).not.toBeNull();
  expect(closeTo(t!.toTypedArray(), expected, rtol, 1e-5)).toBeNull();
};
const grad1 = (y: Tensor, x: Tensor, createGraph = false): Tensor => autograd.grad([y], [x], { createGraph })[0]!;

describe('gradients accumulate and reduce', () => {
  it('accumulates into leaf .grad across backward calls', () => {
    const x = tensor([1, 2, 3], { dtype: 'float32', requiresGrad: true });
    x.mul(x).sum().backward();
    const first = x.grad!;
    expect(first.tolist()).toEqual([2, 4, 6]);
    x.mul(3).sum().backward();
    expect(x.grad).toBe(first); // accumulated in place, as PyTorch
    expect(x.grad!.tolist()).toEqual([5, 7, 9]);
  });

  it('reduces gradients of broadcast inputs to their shapes', () => {
    const a = randn([2, 1, 3], { requiresGrad: true });
    const b = randn([4, 1], { requiresGrad: true });
    const c = randn([], { requiresGrad: true });
    a.mul(b).add(c).sum().backward();
    expect(a.grad!.shape).toEqual([2, 1, 3]);
    expect(b.grad!.shape).toEqual([4, 1]);
    expect(c.grad!.shape).toEqual([]);
    expect(c.grad!.item()).toBe(24);
    near(a.grad, Array.from(a.detach().mul(0).add(b.detach().sum()).toTypedArray()));
  });

  it('gives a float64 leaf a float64 gradient through a float32 computation', () => {
    const s = tensor(2, { dtype: 'float64', requiresGrad: true });
    const x = tensor([1.5, 2.5]);
    const y = x.mul(s);
    expect(y.dtype).toBe('float32');
    y.sum().backward();
    expect(s.grad!.dtype).toBe('float64');
    expect(s.grad!.item()).toBe(4);
  });

  it('keeps .grad of non-leaves only after retainGrad()', () => {
    const x = tensor([1, 2], { dtype: 'float32', requiresGrad: true });
    const y = x.mul(2);
    const z = x.mul(3);
    y.retainGrad();
    y.mul(y).add(z).sum().backward();
    expect(y.grad!.tolist()).toEqual([4, 8]);
    expect(z.grad).toBeNull();
    expect(x.grad!.tolist()).toEqual([11, 19]);
  });

  it('retains the gradient of the root itself', () => {
    const x = tensor([1, 2], { dtype: 'float32', requiresGrad: true });
    const loss = x.sum();
    loss.retainGrad();
    loss.backward();
    expect(loss.grad!.item()).toBe(1);
  });
});

describe('grad mode', () => {
  it('records nothing under noGrad and restores the mode after', () => {
    const w = ones(2, { requiresGrad: true });
    const y = noGrad(() => {
      expect(isGradEnabled()).toBe(false);
      return w.mul(2);
    });
    expect(isGradEnabled()).toBe(true);
    expect(y.requiresGrad).toBe(false);
    expect(y.gradFn).toBeNull();
  });

  it('enableGrad records inside noGrad', () => {
    const w = ones(2, { requiresGrad: true });
    const y = noGrad(() => enableGrad(() => w.mul(2)));
    expect(y.gradFn?.name).toBe('MulBackward0');
  });

  it('restores the mode when the body throws', () => {
    expect(() => noGrad(() => { throw new Error('boom'); })).toThrow('boom');
    expect(isGradEnabled()).toBe(true);
  });

  it('setGradEnabled switches recording globally', () => {
    const w = ones(2, { requiresGrad: true });
    setGradEnabled(false);
    try {
      expect(w.exp().requiresGrad).toBe(false);
    } finally {
      setGradEnabled(true);
    }
    expect(w.exp().requiresGrad).toBe(true);
  });

  it('allows in-place updates of leaves under noGrad and bumps their version', () => {
    const w = tensor([1, 2], { dtype: 'float32', requiresGrad: true });
    const v0 = w.storage.version;
    noGrad(() => w.sub_(tensor([0.5, 0.5]), { alpha: 2 }));
    expect(w.tolist()).toEqual([0, 1]);
    expect(w.storage.version).toBe(v0 + 1);
    expect(w.requiresGrad).toBe(true);
    expect(w.gradFn).toBeNull();
  });
});

describe('backward options', () => {
  it('takes a gradient for non-scalar outputs', () => {
    const x = tensor([1, 2, 3], { dtype: 'float32', requiresGrad: true });
    x.mul(x).backward(tensor([1, 0.5, 2]));
    expect(x.grad!.tolist()).toEqual([2, 2, 12]);
  });

  it('walks a graph twice with retainGraph', () => {
    const x = tensor(2, { dtype: 'float32', requiresGrad: true });
    const y = x.mul(x);
    y.backward(undefined, { retainGraph: true });
    y.backward();
    expect(x.grad!.item()).toBe(8);
  });

  it('can run again through nodes that saved nothing', () => {
    const x = tensor([1, 2], { dtype: 'float32', requiresGrad: true });
    const y = x.add(2).sum();
    y.backward();
    y.backward();
    expect(x.grad!.tolist()).toEqual([2, 2]);
  });

  it('createGraph makes .grad differentiable', () => {
    const x = tensor([1, 2], { dtype: 'float32', requiresGrad: true });
    x.pow(3).sum().backward(undefined, { createGraph: true });
    const g = x.grad!;
    expect(g.requiresGrad).toBe(true);
    expect(g.tolist()).toEqual([3, 12]);
    const [h] = autograd.grad([g.sum()], [x]);
    expect(h!.tolist()).toEqual([6, 12]);
  });

  it('autograd.grad leaves .grad alone and returns null for unused inputs when allowed', () => {
    const x = tensor([1, 2], { dtype: 'float32', requiresGrad: true });
    const unused = tensor([1], { dtype: 'float32', requiresGrad: true });
    const [gx, gu] = autograd.grad([x.mul(x).sum()], [x, unused], { allowUnused: true });
    expect(gx!.tolist()).toEqual([2, 4]);
    expect(gu).toBeNull();
    expect(x.grad).toBeNull();
  });

  it('autograd.grad with respect to an intermediate tensor', () => {
    const x = tensor([1, 2], { dtype: 'float32', requiresGrad: true });
    const h = x.mul(3);
    const y = h.mul(h).sum();
    const [gh] = autograd.grad([y], [h]);
    expect(gh!.tolist()).toEqual([6, 12]);
  });

  it('autograd.grad does not run nodes that do not lead to the inputs', () => {
    const x = tensor([1, 2], { dtype: 'float32', requiresGrad: true });
    const other = tensor([3], { dtype: 'float32', requiresGrad: true });
    const branch = other.exp();
    const y = x.sum().add(branch.sum());
    branch.gradFn!.release(); // a freed node that autograd.grad([y], [x]) must not touch
    expect(autograd.grad([y], [x])[0]!.tolist()).toEqual([1, 1]);
  });
});

describe('higher-order gradients match PyTorch', () => {
  it('Hessian-vector product', () => {
    const c = FIX.hvp;
    const x = leaf(c.x, c.xShape), w = leaf(c.w, c.wShape);
    const f = matmul(x, w).sigmoid().pow(2).sum();
    near(f, c.f);
    const gx = grad1(f, x, true);
    near(gx, c.gx);
    near(grad1(gx.mul(konst(c.v, c.xShape)).sum(), x), c.hv);
  });

  it('gradient penalty (WGAN-GP) backpropagates into the weights', () => {
    const c = FIX.penalty;
    const x = leaf(c.x, [5, 3]), w1 = leaf(c.w1, [3, 4]), w2 = leaf(c.w2, [4, 1]);
    const d = x.matmul(w1).tanh().matmul(w2);
    const gx = grad1(d.sum(), x, true);
    near(gx, c.gx);
    const gp = gx.norm(2, 1).sub(1).pow(2).mean();
    near(gp, c.gp);
    gp.backward();
    near(w1.grad, c.w1grad, 1e-4);
    near(w2.grad, c.w2grad, 1e-4);
    near(x.grad, c.xgrad, 1e-4);
  });

  it('third derivative', () => {
    const c = FIX.thirdOrder;
    const x = leaf(c.x, [4]);
    const g1 = grad1(x.sin().mul(x.exp()).sum(), x, true);
    const g2 = grad1(g1.sum(), x, true);
    const g3 = grad1(g2.sum(), x);
    near(g1, c.g1);
    near(g2, c.g2);
    near(g3, c.g3, 1e-4);
  });

  const F: Record<string, (x: Tensor) => Tensor> = {
    'exp*sin': (x) => x.exp().mul(x.sin()).sum(),
    'tanh^3': (x) => x.tanh().pow(3).sum(),
    'sigmoid/(1+x^2)': (x) => x.sigmoid().div(x.mul(x).add(1)).sum(),
    logsumexp: (x) => x.logsumexp(1).sum(),
    'softmax*w': (x) => x.softmax(1).mul(arange(4).float()).sum(),
    'logSoftmax^2': (x) => x.logSoftmax(1).pow(2).sum(),
    var: (x) => x.var(1).sum(),
    std: (x) => x.std(0).sum(),
    'mean^2': (x) => x.mean(0).pow(2).sum(),
    max: (x) => x.max(1).values.pow(2).sum(),
    'amax*x': (x) => x.amax(0).mul(x.sum(0)).sum(),
    prod: (x) => x.prod(1).sum(),
    norm: (x) => x.norm(2, 1).sum(),
    'matmul xxT': (x) => x.matmul(x.t()).pow(2).sum(),
    'relu*x': (x) => x.relu().mul(x).sum(),
    gelu: (x) => x.gelu().sum(),
    silu: (x) => x.silu().sum(),
    softplus: (x) => x.softplus().pow(2).sum(),
    elu: (x) => x.elu().pow(2).sum(),
    'sqrt(abs+1)': (x) => x.abs().add(1).sqrt().sum(),
    'rsqrt(x^2+1)': (x) => x.mul(x).add(1).rsqrt().sum(),
    'log1p(x^2)': (x) => x.mul(x).log1p().sum(),
    div: (x) => x.div(x.exp().add(1)).sum(),
    maximum: (x) => x.maximum(x.flip(1).mul(0.5)).pow(2).sum(),
    addcmul: (x) => x.addcmul(x, x.sin(), { value: 0.5 }).pow(2).sum(),
    addcdiv: (x) => x.addcdiv(x, x.exp(), { value: 0.5 }).pow(2).sum(),
    lerp: (x) => x.lerp(x.cos(), 0.3).pow(2).sum(),
    'lerp tensor weight': (x) => x.lerp(x.cos(), x.sigmoid()).pow(2).sum(),
    'pow tensor': (x) => x.abs().add(0.5).pow(x.cos()).sum(),
    'clamp*x': (x) => x.clamp(-0.5, 0.5).mul(x).sum(),
    where: (x) => where(x.gt(0), x.mul(x), x.exp()).sum(),
  };
  it('covers every fixture function', () => {
    expect(FIX.secondOrder.map((c) => c.name).sort()).toEqual(Object.keys(F).sort());
  });
  it.each(FIX.secondOrder.map((c) => [c.name, c] as const))('d/dx (grad . v) of %s', (name, c) => {
    const x = leaf(c.x, [3, 4]);
    const y = F[name]!(x);
    near(y, c.y, 1e-5);
    const g = grad1(y, x, true);
    near(g, c.g, 1e-5);
    near(grad1(g.mul(konst(c.v, [3, 4])).sum(), x), c.hv, 1e-4);
  });
});

describe("PyTorch's autograd errors", () => {
  it('backward of a non-scalar without a gradient', () => {
    const x = ones(3, { requiresGrad: true });
    expect(() => x.mul(2).backward()).toThrow('grad can be implicitly created only for scalar outputs');
  });

  it('backward of a tensor that does not require grad', () => {
    expect(() => ones(3).sum().backward()).toThrow('element 0 of tensors does not require grad and does not have a grad_fn');
  });

  it('a second backward through a freed graph', () => {
    const x = ones(3, { requiresGrad: true });
    const y = x.mul(x).sum();
    y.backward();
    expect(() => y.backward()).toThrow(/^Trying to backward through the graph a second time \(or directly access saved tensors after they have already been freed\)/);
  });

  it('a second backward through mul by a number (PyTorch saves the wrapped scalar)', () => {
    const x = ones(3, { requiresGrad: true });
    const y = x.mul(2).sum();
    y.backward();
    expect(() => y.backward()).toThrow('Trying to backward through the graph a second time');
  });

  it('an in-place change to a leaf that requires grad', () => {
    const x = ones(3, { requiresGrad: true });
    expect(() => x.add_(1)).toThrow('a leaf Variable that requires grad is being used in an in-place operation.');
    expect(() => x.mul_(2)).toThrow('a leaf Variable that requires grad is being used in an in-place operation.');
    expect(() => x.clamp_(0, 1)).toThrow('a leaf Variable that requires grad is being used in an in-place operation.');
    expect(() => x.addcmul_(x, x)).toThrow('a leaf Variable that requires grad is being used in an in-place operation.');
    expect(x.tolist()).toEqual([1, 1, 1]); // nothing was written
  });

  it('an in-place change to a tensor saved for backward (version counter)', () => {
    const x = ones(3, { requiresGrad: true });
    const y = x.exp();
    const z = y.mul(y).sum();
    y.add_(1);
    expect(() => z.backward()).toThrow(
      'one of the variables needed for gradient computation has been modified by an inplace operation: ' +
      '[torch.FloatTensor [3]], which is output 0 of AddBackward0, is at version 1; expected version 0 instead.',
    );
  });

  it('an in-place change to a saved leaf under noGrad', () => {
    const w = ones(2, 3, { requiresGrad: true });
    const y = w.mul(w);
    noGrad(() => w.add_(1));
    expect(() => y.sum().backward()).toThrow('[torch.FloatTensor [2, 3]] is at version 1; expected version 0 instead.');
  });

  it('exp_ saves its output: changing it afterwards breaks backward, as in PyTorch', () => {
    const a = ones(3, { requiresGrad: true });
    const x = a.mul(1);
    x.exp_();
    x.mul_(2);
    // PyTorch 1.13 names the node that saved its own output (ExpBackward0), not x's current node.
    expect(() => x.sum().backward()).toThrow('which is output 0 of ExpBackward0, is at version 2; expected version 1 instead.');
  });

  it('in-place ops on non-leaves are differentiable', () => {
    const a = tensor([1, 2, 3], { dtype: 'float32', requiresGrad: true });
    const y = tensor([2, 3, 4], { dtype: 'float32', requiresGrad: true });
    const x = a.mul(1);
    x.mul_(y);
    x.sin_();
    expect(x.gradFn?.name).toBe('SinBackward0');
    x.sum().backward();
    const cos = [2, 6, 12].map((v) => Math.cos(v));
    near(a.grad, [2, 3, 4].map((v, i) => v * cos[i]!));
    near(y.grad, [1, 2, 3].map((v, i) => v * cos[i]!));
  });

  it('mat1 and mat2 shapes cannot be multiplied', () => {
    expect(() => zeros(6, 2).matmul(zeros(5, 3))).toThrow('mat1 and mat2 shapes cannot be multiplied (6x2 and 5x3)');
  });

  it('broadcasting failures name both sizes', () => {
    expect(() => zeros(2, 3).add(zeros(4))).toThrow('The size of tensor a (3) must match the size of tensor b (4) at non-singleton dimension 1');
  });

  it('autograd.grad of an input that does not require grad', () => {
    const x = ones(2, { requiresGrad: true });
    expect(() => autograd.grad([x.sum()], [ones(2)])).toThrow('One of the differentiated Tensors does not require grad');
  });

  it('autograd.grad of an unused input', () => {
    const x = ones(2, { requiresGrad: true }), u = ones(2, { requiresGrad: true });
    expect(() => autograd.grad([x.sum()], [x, u])).toThrow('One of the differentiated Tensors appears to not have been used in the graph. Set allow_unused=True if this is the desired behavior.');
  });

  it('a gradient of the wrong shape', () => {
    const x = ones(3, { requiresGrad: true });
    expect(() => x.mul(2).backward(ones(2))).toThrow('Mismatch in shape: grad_output[0] has a shape of torch.Size([2]) and output[0] has a shape of torch.Size([3]).');
  });
});

describe('gradient memory', () => {
  it('frees saved tensors after backward', () => {
    manualSeed(1);
    const x = randn(3, { requiresGrad: true });
    const y = x.exp();
    const node = y.gradFn!;
    y.sum().backward();
    expect(node.saved).toBeNull();
  });
});
