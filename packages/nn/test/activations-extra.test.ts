/**
 * The added activations against PyTorch (fixtures from tools/parity/nn_activations_extra.py):
 * reprs, PReLU's weight, forward and gradients on inputs holding the kink points (where each
 * op's boundary rule decides the gradient), RReLU's slopes drawn as PyTorch draws them, node
 * names, non-contiguous / zero-size / 0-d inputs, in-place forms, errors and float64 gradchecks.
 */
import { Tensor, cat, manualSeed, tensor, zeros } from '@torchlet/core';
import * as nn from '@torchlet/nn';
import fixture from './fixtures/activations_extra.json';
import { expectClose, expectExact, float64Gradcheck, fromJson, values, type TensorJson } from './helpers';

const F = nn.functional;

interface ActCase {
  name: string;
  layer: string;
  args: number[];
  seed: number;
  train: boolean;
  repr: string;
  init: Record<string, TensorJson>;
  node: string;
  input: TensorJson;
  output: TensorJson;
  gout: TensorJson;
  inputGrad: TensorJson;
  paramGrads: Record<string, TensorJson>;
}

const { cases, reprs, errors } = fixture as unknown as {
  cases: ActCase[];
  reprs: Record<string, string>;
  errors: { name: string; message: string }[];
};

type Factory = (a: number[]) => nn.TensorModule;
const FACTORIES: Record<string, Factory> = {
  CELU: (a) => new nn.CELU(...(a as [])),
  SELU: () => new nn.SELU(),
  Hardswish: () => new nn.Hardswish(),
  Hardsigmoid: () => new nn.Hardsigmoid(),
  Hardtanh: (a) => new nn.Hardtanh(...(a as [])),
  ReLU6: () => new nn.ReLU6(),
  PReLU: (a) => new nn.PReLU(...(a as [])),
  RReLU: (a) => new nn.RReLU(...(a as [])),
  Mish: () => new nn.Mish(),
  Softsign: () => new nn.Softsign(),
  Softmin: (a) => new nn.Softmin(a[0] ?? null),
  Tanhshrink: () => new nn.Tanhshrink(),
  Softshrink: (a) => new nn.Softshrink(...(a as [])),
  Hardshrink: (a) => new nn.Hardshrink(...(a as [])),
  Threshold: (a) => new nn.Threshold(Number(a[0]), Number(a[1])),
  GLU: (a) => new nn.GLU(...(a as [])),
  LogSigmoid: () => new nn.LogSigmoid(),
  Softmax2d: () => new nn.Softmax2d(),
};

/** The same values in a non-contiguous view (the first half of a tensor twice as wide). */
function strided(t: Tensor): Tensor {
  const last = t.shape.length - 1;
  const v = cat([t, t], last).narrow(last, 0, t.shape[last]!);
  expect(v.isContiguous()).toBe(false);
  return v;
}

describe.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
  const dtype = c.input.dtype;
  const tol = dtype === 'float64' ? 1e-10 : 1e-5;
  const build = (): nn.TensorModule => {
    manualSeed(c.seed);
    const m = FACTORIES[c.layer]!(c.args);
    m.train(c.train);
    return m;
  };

  it('prints and initialises as PyTorch', () => {
    const m = build();
    expect(m.toString()).toBe(c.repr);
    const sd = m.stateDict();
    expect(Object.keys(sd)).toEqual(Object.keys(c.init));
    for (const [k, v] of Object.entries(c.init)) expectExact(sd[k]!, v);
  });

  it('matches forward, node name and gradients', () => {
    const m = build();
    if (dtype === 'float64') m.double();
    const x = fromJson(c.input).requiresGrad_();
    manualSeed(c.seed);
    const out = m(x);
    expectClose(out, c.output, tol, tol / 10);
    expect(out.gradFn?.name).toBe(c.node);
    out.backward(fromJson(c.gout));
    expectClose(x.grad!, c.inputGrad, tol, tol / 10);
    const params = new Map(m.namedParameters());
    for (const [k, g] of Object.entries(c.paramGrads)) expectClose(params.get(k)!.grad!, g, tol, tol / 10);
    expect([...params.values()].filter((p) => p.grad !== null).length).toBe(Object.keys(c.paramGrads).length);
  });

  it('gives the same on a non-contiguous input', () => {
    const m = build();
    if (dtype === 'float64') m.double();
    manualSeed(c.seed);
    expectClose(m(strided(fromJson(c.input))), c.output, tol, tol / 10);
  });

  if (c.layer === 'RReLU' && c.train) {
    it('draws the slopes PyTorch draws after manualSeed, bit for bit', () => {
      const m = build();
      manualSeed(c.seed);
      expectExact(m(fromJson(c.input)), c.output);
    });
  }
});

describe('reprs of the constructor arguments', () => {
  const MODULES: Record<string, () => nn.AnyModule> = {
    'CELU(2.0, True)': () => new nn.CELU(2, true),
    'SELU(True)': () => new nn.SELU(true),
    'Hardswish(True)': () => new nn.Hardswish(true),
    'Hardsigmoid(True)': () => new nn.Hardsigmoid(true),
    'Hardtanh(-2.5, 3.5, True)': () => new nn.Hardtanh(-2.5, 3.5, true),
    'ReLU6(True)': () => new nn.ReLU6(true),
    'RReLU(0.1, 0.3, True)': () => new nn.RReLU(0.1, 0.3, true),
    'Mish(True)': () => new nn.Mish(true),
    'Threshold(0.1, 20, True)': () => new nn.Threshold(0.1, 20, true),
    'Threshold(0.5, 2.5)': () => new nn.Threshold(0.5, 2.5),
    'Softmin()': () => new nn.Softmin(),
    'GLU()': () => new nn.GLU(),
    'PReLU(5)': () => new nn.PReLU(5),
  };
  it.each(Object.entries(reprs))('%s', (key, repr) => {
    expect(MODULES[key]!().toString()).toBe(repr);
  });
});

/** Every functional form on one input (RReLU in training re-seeded so each call draws the same slopes). */
const FNS: Record<string, (x: Tensor) => Tensor> = {
  celu: (x) => F.celu(x, 1.5),
  selu: (x) => F.selu(x),
  hardswish: (x) => F.hardswish(x),
  hardsigmoid: (x) => F.hardsigmoid(x),
  hardtanh: (x) => F.hardtanh(x, -2, 2),
  relu6: (x) => F.relu6(x),
  mish: (x) => F.mish(x),
  softsign: (x) => F.softsign(x),
  tanhshrink: (x) => F.tanhshrink(x),
  softshrink: (x) => F.softshrink(x, 0.5),
  hardshrink: (x) => F.hardshrink(x, 0.5),
  threshold: (x) => F.threshold(x, 0.1, 2),
  logsigmoid: (x) => F.logsigmoid(x),
  glu: (x) => F.glu(x, -1),
  rreluEval: (x) => F.rrelu(x),
  rreluTrain: (x) => {
    manualSeed(11);
    return F.rrelu(x, 0.1, 0.4, true);
  },
};
const INPLACE: Record<string, (x: Tensor) => Tensor> = {
  celu: (x) => F.celu(x, 1.5, true),
  selu: (x) => F.selu(x, true),
  hardswish: (x) => F.hardswish(x, true),
  hardsigmoid: (x) => F.hardsigmoid(x, true),
  hardtanh: (x) => F.hardtanh(x, -2, 2, true),
  relu6: (x) => F.relu6(x, true),
  mish: (x) => F.mish(x, true),
  threshold: (x) => F.threshold(x, 0.1, 2, true),
  rreluEval: (x) => F.rrelu(x, 1 / 8, 1 / 3, false, true),
  rreluTrain: (x) => {
    manualSeed(11);
    return F.rrelu(x, 0.1, 0.4, true, true);
  },
};

// Away from every kink (0, +-0.1, +-0.5, +-1, +-2, +-3, 6) by more than gradcheck's step.
const SMOOTH = [-3.7, -2.6, -1.3, -0.7, -0.3, 0.2, 0.4, 0.8, 1.6, 2.4, 3.3, 5.1];

describe.each(Object.keys(FNS))('F.%s', (name) => {
  const fn = FNS[name]!;
  it('float64 gradcheck and gradgradcheck', () => {
    const x = tensor(SMOOTH, { dtype: 'float64' }).reshape([3, 4]).requiresGrad_();
    float64Gradcheck(fn, [x], true);
  });
  it('zero-size and 0-d inputs', () => {
    const e = zeros([0, 4]).requiresGrad_();
    const y = fn(e);
    expect(y.shape).toEqual(name === 'glu' ? [0, 2] : [0, 4]);
    y.sum().backward();
    expect(e.grad!.shape).toEqual([0, 4]);
    if (name === 'glu') return;
    const s = tensor(-0.7).requiresGrad_();
    const ys = fn(s);
    expect(ys.shape).toEqual([]);
    expect(ys.item()).toBeCloseTo(fn(tensor([-0.7])).item(), 6);
  });
  const inplace = INPLACE[name];
  if (inplace) {
    it('in place: writes the input, same values and gradients as out of place', () => {
      const base = tensor(SMOOTH).reshape([3, 4]);
      const leaf1 = base.clone().requiresGrad_(), leaf2 = base.clone().requiresGrad_();
      const expected = fn(leaf1.mul(1));
      expected.backward(tensor(SMOOTH).reshape([3, 4]));
      const h = leaf2.mul(1);
      const r = inplace(h);
      expect(r).toBe(h);
      expectExact(h.detach(), expected.detach());
      h.backward(tensor(SMOOTH).reshape([3, 4]));
      expectClose(leaf2.grad!, leaf1.grad!);
    });
  }
});

describe('RReLU', () => {
  it('training draws nothing for positive inputs and one slope per non-positive one, in [lower, upper)', () => {
    const x = tensor([1, -1, 2, -2, 0, 3], { dtype: 'float32' });
    manualSeed(0);
    const y = F.rrelu(x, 0.2, 0.3, true);
    const v = values(y);
    expect([v[0], v[2], v[4], v[5]]).toEqual([1, 2, 0, 3]);
    expect(-v[1]!).toBeGreaterThanOrEqual(0.2);
    expect(-v[1]!).toBeLessThan(0.3);
    expect(v[3]! / -2).toBeGreaterThanOrEqual(0.2);
    // The second draw follows the first: a fresh seed replays both.
    manualSeed(0);
    expectExact(F.rrelu(x, 0.2, 0.3, true), y);
  });
  it('eval uses the mean slope', () => {
    expectClose(new nn.RReLU(0.1, 0.3).eval()(tensor([-2, 1], { dtype: 'float32' })), tensor([-0.4, 1]));
  });
});

describe('PReLU', () => {
  it('weight is a Parameter named weight, filled with init', () => {
    const m = new nn.PReLU(3, 0.1);
    expect([...m.namedParameters()].map(([k]) => k)).toEqual(['weight']);
    expect(m.weight).toBeInstanceOf(nn.Parameter);
    expectExact(m.weight, tensor([0.1, 0.1, 0.1]));
  });
  it('float64 gradcheck through input and per-channel weight', () => {
    const x = tensor(SMOOTH, { dtype: 'float64' }).reshape([2, 3, 2]).requiresGrad_();
    const w = tensor([0.2, -0.4, 1.3], { dtype: 'float64' }).requiresGrad_();
    float64Gradcheck((a, b) => F.prelu(a, b), [x, w], true);
    const w1 = tensor([0.3], { dtype: 'float64' }).requiresGrad_();
    float64Gradcheck((a, b) => F.prelu(a, b), [x, w1], true);
  });
});

describe('errors as PyTorch raises them', () => {
  const x23 = tensor([[0.1, -0.2, 0.3], [1, -2, 3]]);
  const ints = tensor([1, 2], { dtype: 'int32' });
  const CALLS: Record<string, () => unknown> = {
    'celu alpha 0': () => F.celu(x23, 0),
    'celu int': () => F.celu(ints),
    'selu int': () => F.selu(ints),
    'hardswish int': () => F.hardswish(ints),
    'hardsigmoid int': () => F.hardsigmoid(ints),
    'mish int': () => F.mish(ints),
    'softshrink negative': () => F.softshrink(x23, -1),
    'softshrink int': () => F.softshrink(ints),
    'hardshrink int': () => F.hardshrink(ints),
    'logsigmoid int': () => F.logsigmoid(ints),
    'glu odd': () => F.glu(x23),
    'glu scalar': () => F.glu(tensor(1)),
    'glu dim': () => F.glu(x23, 3),
    'prelu mismatch': () => F.prelu(x23, tensor([1, 1])),
    'prelu weight 2-D': () => F.prelu(x23, tensor([[1, 1, 1]])),
    'prelu 1-D input': () => F.prelu(tensor([1, 2, 3], { dtype: 'float32' }), tensor([1, 1, 1], { dtype: 'float32' })),
    'prelu 0-d input': () => F.prelu(tensor(1, { dtype: 'float32' }), tensor([1, 1], { dtype: 'float32' })),
    'rrelu bounds': () => F.rrelu(x23, 0.5, 0.2),
    'rrelu bounds train': () => F.rrelu(x23, 0.5, 0.2, true),
    'rrelu int': () => F.rrelu(ints),
    'softmax2d 2-D': () => new nn.Softmax2d()(x23),
    'inplace leaf': () => F.hardtanh(tensor([1, 2], { dtype: 'float32' }).requiresGrad_(), -1, 1, true),
  };
  it.each(errors.map((e) => [e.name, e.message] as const))('%s', (name, message) => {
    const call = CALLS[name];
    if (!call) throw new Error(`no call for ${name}`);
    expect(call).toThrow(message);
  });
  it('a failed in-place call leaves the input as it was', () => {
    const x = tensor([-5, 5], { dtype: 'float32' });
    expect(() => F.rrelu(x, 0.5, 0.2, true, true)).toThrow();
    expectExact(x, tensor([-5, 5], { dtype: 'float32' }));
  });
});
