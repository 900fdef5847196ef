/**
 * InstanceNorm1d/2d/3d, BatchNorm3d, LocalResponseNorm, RMSNorm and the channel / alpha dropouts
 * against PyTorch (fixtures from tools/parity/nn_norm_extra.py): repr, state-dict keys and
 * initial values, forward, gradients, running statistics, eval outputs, dropout masks drawn as
 * PyTorch draws them after manualSeed; plus non-contiguous, zero-size inputs, in-place forms,
 * errors and float64 gradchecks.
 */
import { Tensor, cat, manualSeed, tensor, zeros } from '@torchlet/core';
import * as nn from '@torchlet/nn';
import fixture from './fixtures/norm_extra.json';
import { camel, expectClose, expectExact, float64Gradcheck, fromJson, values, type TensorJson } from './helpers';

const F = nn.functional;

interface NormCase {
  name: string;
  layer: string;
  args: unknown[];
  kwargs: Record<string, unknown>;
  seed: number;
  train: boolean;
  forwards: number;
  repr: string;
  init: Record<string, TensorJson>;
  node: string | null;
  input: TensorJson;
  output: TensorJson;
  gout: TensorJson;
  inputGrad: TensorJson;
  paramGrads: Record<string, TensorJson>;
  after: Record<string, TensorJson>;
  evalOutput?: TensorJson;
}

interface Float64Case { seed: number; p: number; input: TensorJson; output: TensorJson }

const { cases, float64, errors } = fixture as unknown as {
  cases: NormCase[];
  float64: { alphaDropout: Float64Case; dropout2d: Float64Case };
  errors: { name: string; message: string }[];
};

const n = (v: unknown): number => v as number;
const FACTORIES: Record<string, (a: unknown[], kw: Record<string, unknown>) => nn.TensorModule> = {
  InstanceNorm1d: (a, kw) => new nn.InstanceNorm1d(n(a[0]), camel(kw)),
  InstanceNorm2d: (a, kw) => new nn.InstanceNorm2d(n(a[0]), camel(kw)),
  InstanceNorm3d: (a, kw) => new nn.InstanceNorm3d(n(a[0]), camel(kw)),
  BatchNorm3d: (a, kw) => new nn.BatchNorm3d(n(a[0]), camel(kw)),
  LocalResponseNorm: (a) => new nn.LocalResponseNorm(a[0] as number, ...(a.slice(1) as [])),
  RMSNorm: (a, kw) => new nn.RMSNorm(a[0] as number | number[], camel(kw)),
  Dropout1d: (a) => new nn.Dropout1d(n(a[0])),
  Dropout2d: (a) => new nn.Dropout2d(n(a[0])),
  Dropout3d: (a) => new nn.Dropout3d(n(a[0])),
  AlphaDropout: (a) => new nn.AlphaDropout(n(a[0])),
  FeatureAlphaDropout: (a) => new nn.FeatureAlphaDropout(n(a[0])),
};
const RANDOM = new Set(['Dropout1d', 'Dropout2d', 'Dropout3d', 'AlphaDropout', 'FeatureAlphaDropout']);

/** The same values in a non-contiguous view (the first half of a tensor twice as wide). */
function strided(t: Tensor): Tensor {
  const last = t.shape.length - 1;
  const v = cat([t, t], last).narrow(last, 0, t.shape[last]!);
  expect(v.isContiguous()).toBe(false);
  return v;
}

describe.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
  const build = (): nn.TensorModule => {
    manualSeed(c.seed);
    const m = FACTORIES[c.layer]!(c.args, c.kwargs);
    m.train(c.train);
    return m;
  };

  it('prints, names its state and initialises as PyTorch', () => {
    const m = build();
    expect(m.toString()).toBe(c.repr);
    const sd = m.stateDict();
    expect(Object.keys(sd)).toEqual(Object.keys(c.init));
    for (const [k, v] of Object.entries(c.init)) expectExact(sd[k]!, v);
  });

  it('matches forward, gradients, state after and eval output', () => {
    const m = build();
    const x = fromJson(c.input).requiresGrad_();
    manualSeed(c.seed);
    let out = m(x);
    for (let i = 1; i < c.forwards; i++) out = m(x);
    if (RANDOM.has(c.layer)) expectExact(out.detach(), fromJson(c.output));
    else expectClose(out, c.output);
    if (c.node !== null) expect(out.gradFn?.name).toBe(c.node);
    out.backward(fromJson(c.gout));
    expectClose(x.grad!, c.inputGrad);
    const params = new Map(m.namedParameters());
    for (const [k, g] of Object.entries(c.paramGrads)) expectClose(params.get(k)!.grad!, g);
    expect([...params.values()].filter((p) => p.grad !== null).length).toBe(Object.keys(c.paramGrads).length);
    const sd = m.stateDict();
    for (const [k, v] of Object.entries(c.after)) {
      if (v.dtype === 'int32') expectExact(sd[k]!, v);
      else expectClose(sd[k]!, v);
    }
    if (c.evalOutput) {
      m.eval();
      expectClose(m(fromJson(c.input)), c.evalOutput);
    }
  });

  it('gives the same on a non-contiguous input', () => {
    const m = build();
    manualSeed(c.seed);
    let out = m(strided(fromJson(c.input)));
    for (let i = 1; i < c.forwards; i++) out = m(strided(fromJson(c.input)));
    expectClose(out, c.output);
  });
});

describe('float64 dropout masks', () => {
  it('alphaDropout', () => {
    const c = float64.alphaDropout;
    manualSeed(c.seed);
    expectExact(F.alphaDropout(fromJson(c.input), c.p, true), c.output);
  });
  it('dropout2d', () => {
    const c = float64.dropout2d;
    manualSeed(c.seed);
    expectExact(F.dropout2d(fromJson(c.input), c.p, true), c.output);
  });
});

describe('in place and edge cases', () => {
  it.each([
    ['dropout1d', (x: Tensor, inplace: boolean) => F.dropout1d(x, 0.5, true, { inplace })],
    ['dropout1d unbatched', (x: Tensor, inplace: boolean) => F.dropout1d(x.select(0, 0), 0.5, true, { inplace })],
    ['dropout2d', (x: Tensor, inplace: boolean) => F.dropout2d(x, 0.5, true, { inplace })],
    ['dropout3d unbatched', (x: Tensor, inplace: boolean) => F.dropout3d(x.unsqueeze(-1), 0.5, true, { inplace })],
    ['alphaDropout', (x: Tensor, inplace: boolean) => F.alphaDropout(x, 0.5, true, { inplace })],
    ['featureAlphaDropout', (x: Tensor, inplace: boolean) => F.featureAlphaDropout(x, 0.5, true, { inplace })],
  ] as const)('%s in place: same values and gradient as out of place', (_name, fn) => {
    const base = tensor([[[1, -2, 3], [4, 5, -6]], [[0.5, 1.5, 2.5], [-1, -3, 2]]]);
    const a = base.clone().requiresGrad_(), b = base.clone().requiresGrad_();
    manualSeed(3);
    const ya = fn(a.mul(1), false);
    ya.sum().backward();
    manualSeed(3);
    const hb = b.mul(1);
    const yb = fn(hb, true);
    expectExact(yb.detach(), ya.detach());
    yb.sum().backward();
    expectExact(b.grad!, a.grad!);
  });

  it('dropouts pass through in eval mode, with p = 0 and on empty inputs', () => {
    const x = tensor([[[1, 2]]], { dtype: 'float32' });
    expect(F.dropout2d(x, 0.5, false)).toBe(x);
    expect(F.alphaDropout(x, 0)).toBe(x);
    const e = zeros([0, 3, 2]);
    expect(F.dropout1d(e, 0.5, true)).toBe(e);
    expect(values(F.dropout2d(x, 1, true))).toEqual([0, 0]);
  });

  it('instance and RMS norms of zero-size batches are empty', () => {
    expect(F.instanceNorm(zeros([0, 3, 4])).shape).toEqual([0, 3, 4]);
    expect(F.rmsNorm(zeros([0, 4]), [4]).shape).toEqual([0, 4]);
    expect(F.localResponseNorm(zeros([0, 3, 4]), 2).shape).toEqual([0, 3, 4]);
  });

  it('InstanceNorm state-dict keys with affine and tracking', () => {
    expect(Object.keys(new nn.InstanceNorm2d(3).stateDict())).toEqual([]);
    expect(Object.keys(new nn.InstanceNorm2d(3, { affine: true, trackRunningStats: true }).stateDict()))
      .toEqual(['weight', 'bias', 'running_mean', 'running_var', 'num_batches_tracked']);
  });

  it('RMSNorm prints eps as Python does', () => {
    expect(new nn.RMSNorm([2, 3], { eps: 1e-6, elementwiseAffine: false }).toString())
      .toBe('RMSNorm((2, 3), eps=1e-06, elementwise_affine=False)');
  });
});

describe('float64 gradchecks', () => {
  const x = (shape: number[]): Tensor => {
    const k = shape.reduce((a, b) => a * b, 1);
    return tensor(Array.from({ length: k }, (_, i) => Math.sin(1.3 * i + 0.4) * 2), { dtype: 'float64' }).reshape(shape).requiresGrad_();
  };
  const w = (k: number): Tensor => tensor(Array.from({ length: k }, (_, i) => 0.5 + 0.3 * i), { dtype: 'float64' }).requiresGrad_();
  it('instanceNorm with affine', () => {
    float64Gradcheck((a, b, c) => F.instanceNorm(a, null, null, { weight: b, bias: c }), [x([2, 3, 4]), w(3), w(3)], true);
  });
  it('rmsNorm with weight', () => {
    float64Gradcheck((a, b) => F.rmsNorm(a, [4], { weight: b, eps: 1e-6 }), [x([3, 4]), w(4)], true);
  });
  it('localResponseNorm', () => {
    float64Gradcheck((a) => F.localResponseNorm(a, 3, { alpha: 0.1, beta: 0.75, k: 1 }), [x([2, 4, 3])], true);
  });
  it('dropout2d and featureAlphaDropout with a fixed mask', () => {
    float64Gradcheck((a) => { manualSeed(1); return F.dropout2d(a, 0.5, true); }, [x([2, 3, 2])]);
    float64Gradcheck((a) => { manualSeed(1); return F.featureAlphaDropout(a, 0.5, true); }, [x([2, 3, 2])]);
  });
});

describe('errors as PyTorch raises them', () => {
  const r = (...shape: number[]): Tensor => zeros(shape).add(1);
  const CALLS: Record<string, () => unknown> = {
    'instance spatial 1': () => new nn.InstanceNorm1d(3)(r(2, 3, 1)),
    'instance1d 4-D': () => new nn.InstanceNorm1d(3)(r(2, 3, 4, 5)),
    'instance2d 2-D': () => new nn.InstanceNorm2d(3)(r(2, 3)),
    'instance weight size': () => new nn.InstanceNorm1d(4, { affine: true })(r(2, 3, 5)),
    'batchnorm3d 4-D': () => new nn.BatchNorm3d(3)(r(2, 3, 4, 4)),
    'lrn 2-D': () => F.localResponseNorm(r(2, 3), 2),
    'dropout1d 4-D': () => F.dropout1d(r(2, 3, 4, 5)),
    'dropout1d p': () => F.dropout1d(r(2, 3), 1.5),
    'feature alpha 1-D': () => F.featureAlphaDropout(r(2), 0.5, true),
    'alpha p': () => F.alphaDropout(r(2), 1.5, true),
    'Dropout2d p': () => new nn.Dropout2d(1.5),
    'AlphaDropout p': () => new nn.AlphaDropout(-0.1),
  };
  it.each(errors.map((e) => [e.name, e.message] as const))('%s', (name, message) => {
    // PyTorch's lrn message has a run of spaces from a continued string literal.
    expect(CALLS[name]!).toThrow(message.replace(/\s+/g, ' '));
  });
  it('rmsNorm shape errors (PyTorch 2.4 words)', () => {
    expect(() => F.rmsNorm(r(2, 3), [4])).toThrow('Given normalized_shape=[4], expected input with shape [*, 4], but got input of size[2, 3]');
    expect(() => F.rmsNorm(r(2, 4), [4], { weight: r(3) })).toThrow('Expected weight to be of same shape as normalized_shape');
    expect(() => F.rmsNorm(r(2, 4), [4], { epsilon: 1 } as never)).toThrow("rms_norm() got an unexpected keyword argument 'epsilon'");
  });
  it('a bad dropout call leaves the input as it was', () => {
    const x = r(2, 3, 4, 5);
    expect(() => F.dropout1d(x, 0.5, true, { inplace: true })).toThrow();
    expect(values(x).every((v) => v === 1)).toBe(true);
  });
});
