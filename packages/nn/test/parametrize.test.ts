/**
 * nn.utils.parametrize, parametrizations.weightNorm / spectralNorm and the legacy hook-style
 * weightNorm / spectralNorm against PyTorch (fixtures from tools/parity/nn_parametrize.py):
 * state-dict keys and values, repr, the parametrized tensor, outputs and gradients over a few
 * SGD steps (spectral norm's buffers step by step), eval mode, removal, errors, float64 gradchecks.
 */
import { Tensor, manualSeed, noGrad, outer, randn } from '@torchlet/core';
import * as nn from '@torchlet/nn';
import fixture from './fixtures/nn_parametrize.json';
import { camel, expectClose, float64Gradcheck, fromJson, type TensorJson } from './helpers';

const P = nn.utils.parametrize;
const PZ = nn.utils.parametrizations;
type AnyModule = nn.AnyModule;

class Symmetric extends nn.Module {
  forward(x: Tensor): Tensor {
    return x.triu().add(x.triu(1).transpose(-1, -2));
  }
}

class Scale extends nn.Module {
  forward(x: Tensor): Tensor {
    return x.mul(2);
  }

  rightInverse(x: Tensor): Tensor {
    return x.div(2);
  }
}

class RankOne extends nn.Module<[Tensor, Tensor], Tensor> {
  forward(x: Tensor, y: Tensor): Tensor {
    return outer(x, y);
  }

  rightInverse(z: Tensor): Tensor[] {
    return [z.select(1, 0).clone(), z.select(0, 0).div(z.select(0, 0).select(0, 0))];
  }
}

interface StepJson {
  out: TensorJson;
  weight: TensorJson;
  grads: Record<string, TensorJson>;
  state: Record<string, TensorJson>;
}

function call(m: AnyModule, x: Tensor): Tensor {
  const out: unknown = Reflect.apply(m as unknown as (x: Tensor) => unknown, undefined, [x]);
  if (!(out instanceof Tensor)) throw new Error('module did not return a tensor');
  return out;
}

function attr(m: AnyModule, name: string): Tensor {
  const t: unknown = Reflect.get(m, name);
  if (!(t instanceof Tensor)) throw new Error(`no tensor ${name}`);
  return t;
}

function expectState(m: AnyModule, expected: Record<string, TensorJson>, rtol = 1e-5): void {
  const sd = m.stateDict();
  expect(Object.keys(sd)).toEqual(Object.keys(expected));
  for (const [k, v] of Object.entries(expected)) expectClose(sd[k]!, v, rtol, 1e-6);
}

/** One forward/backward/SGD step, compared with PyTorch's at every stage. */
function expectStep(m: AnyModule, x: Tensor, g: Tensor, step: StepJson, weightName = 'weight', rtol = 1e-5): void {
  const out = call(m, x);
  expectClose(out, step.out, rtol, 1e-6);
  expectClose(attr(m, weightName), step.weight, rtol, 1e-6);
  out.mul(g).sum().backward();
  const grads = m.namedParameters().filter(([, p]) => p.grad !== null);
  expect(grads.map(([n]) => n)).toEqual(Object.keys(step.grads));
  for (const [n, p] of grads) expectClose(p.grad!, step.grads[n]!, rtol, 1e-6);
  noGrad(() => {
    for (const p of m.parameters()) { p.sub_(p.grad!.mul(0.1)); p.grad = null; }
  });
  expectState(m, step.state, rtol);
}

describe('parametrize.registerParametrization', () => {
  const c = fixture.custom;

  test('a chain Symmetric -> Scale: repr, keys, values, gradients to original', () => {
    manualSeed(0);
    const m = new nn.Linear(3, 3);
    expectClose(m.weight, c.chain.w0);
    const weightParam = m.weight;
    const pm = P.registerParametrization(m, 'weight', new Symmetric());
    P.registerParametrization(m, 'weight', new Scale());
    expect(pm.toString()).toBe(c.chain.repr);
    expect(Object.keys(m.stateDict())).toEqual(c.chain.keys);
    // no rightInverse on the first: the original is the weight Parameter itself
    expect(pm.parametrizations.get('weight').original).toBe(weightParam);
    expect(P.isParametrized(m)).toBe(true);
    expect(P.isParametrized(m, 'weight')).toBe(true);
    expect(P.isParametrized(m, 'bias')).toBe(false);
    expect(P.typeBeforeParametrizations(m).name).toBe('Linear');
    expect(m instanceof nn.Linear).toBe(true);
    expectStep(m, fromJson(c.chain.x), fromJson(c.chain.g), c.chain);
    expect(() => { Reflect.set(m, 'weight', Tensor.fromData(new Float32Array(9).fill(1), [3, 3], 'float32')); }).toThrow(c.chain.setError);
  });

  test('rightInverse initialises the original, the setter writes through it, removal both ways', () => {
    const s = c.scale;
    manualSeed(1);
    const m = new nn.Linear(3, 2);
    expectClose(m.weight, s.w0);
    const weightParam = m.weight;
    const pm = P.registerParametrization(m, 'weight', new Scale());
    const list = pm.parametrizations.get('weight');
    expectClose(list.original, s.original);
    expect(list.original).toBe(weightParam); // set_ keeps the Parameter (optimizers still hold it)
    const target = randn([2, 3]);
    expectClose(target, s.target);
    Reflect.set(m, 'weight', target);
    expectClose(list.original, s.afterSet);
    expectClose(m.weight, s.target);
    const m2 = new nn.Linear(3, 2);
    P.registerParametrization(m2, 'weight', new Scale());
    Reflect.set(m2, 'weight', target);
    P.removeParametrizations(m, 'weight', { leaveParametrized: true });
    P.removeParametrizations(m2, 'weight', { leaveParametrized: false });
    expectClose(m.weight, s.leftParametrized);
    expectClose(m2.weight, s.leftOriginal);
    expect(m.weight).toBe(weightParam);
    expect(m.weight).toBeInstanceOf(nn.Parameter);
    expect(Object.keys(m.stateDict())).toEqual(s.keysAfterRemove);
    expect(m.toString()).toBe(s.reprAfterRemove);
    expect(P.isParametrized(m)).toBe(false);
    expect(Reflect.get(m, 'parametrizations')).toBeUndefined();
  });

  test('a rightInverse returning several tensors: original0, original1', () => {
    const r = c.rankOne;
    manualSeed(2);
    const m = new nn.Linear(3, 4);
    expectClose(m.weight, r.w0);
    const pm = P.registerParametrization(m, 'weight', new RankOne());
    expect(Object.keys(m.stateDict())).toEqual(r.keys);
    const list = pm.parametrizations.get('weight');
    expect(list.isTensor).toBe(false);
    expectClose(attr(list, 'original0'), r.original0);
    expectClose(attr(list, 'original1'), r.original1);
    expectStep(m, fromJson(r.x), fromJson(r.g), r);
    expect(() => P.removeParametrizations(m, 'weight', { leaveParametrized: false })).toThrow(r.removeError);
    expect(P.isParametrized(m, 'weight')).toBe(true);
    P.removeParametrizations(m, 'weight');
    expectClose(m.weight, r.removed);
    expect(m.weight).toBeInstanceOf(nn.Parameter);
    expect(m.weight.requiresGrad).toBe(true);
  });

  test('cached computes a parametrized tensor once inside, afresh outside', () => {
    const m = P.registerParametrization(new nn.Linear(3, 3), 'weight', new Symmetric());
    expect(m.weight).not.toBe(m.weight);
    P.cached(() => {
      const a = m.weight;
      expect(P.cached(() => m.weight)).toBe(a);
      expect(m.weight).toBe(a);
    });
    expect(m.weight).not.toBe(m.weight);
  });

  test('bad input raises PyTorch\'s errors before anything changes', () => {
    class Half extends nn.Module {
      forward(x: Tensor): Tensor { return x.narrow(0, 0, 2); }
    }
    const m = new nn.Linear(3, 4);
    const w = m.weight;
    expect(() => P.registerParametrization(m, 'weight', new Half())).toThrow(
      'Registering a parametrization may not change the shape of the tensor, unless `unsafe` flag is enabled.\n' +
      'unparametrized shape: torch.Size([4, 3])\nparametrized shape: torch.Size([2, 3])');
    expect(m.weight).toBe(w);
    expect(P.isParametrized(m)).toBe(false);
    expect(m.toString()).toBe('Linear(in_features=3, out_features=4, bias=True)');
    expect(() => P.registerParametrization(m, 'foo', new Scale())).toThrow(
      "Module 'Linear(in_features=3, out_features=4, bias=True)' does not have a parameter, a buffer, or a parametrized element with name 'foo'");
    expect(() => P.removeParametrizations(m, 'weight')).toThrow(
      'Module Linear(in_features=3, out_features=4, bias=True) does not have a parametrization on weight');
    P.registerParametrization(m, 'weight', new nn.Identity());
    expect(() => P.registerParametrization(m, 'weight', new Half())).toThrow(
      'Registering a parametrization may not change the shape of the tensor, unless the `unsafe` flag is enabled.\n' +
      'module.weight.shape: torch.Size([4, 3])\nparametrization(module.weight).shape: torch.Size([2, 3])');
    expect(() => { m.weight = w; }).toThrow('parametrization Identity does not implement right_inverse.');
    expect(() => m.registerParameter('weight', null)).toThrow("attribute 'weight' already exists");
    expect(() => P.registerParametrization(m, 'bias', new Scale(), { unsafee: true } as { unsafe?: boolean })).toThrow(/unexpected keyword argument 'unsafee'/);
    // unsafe: shape may change
    P.registerParametrization(m, 'weight', new Half(), { unsafe: true });
    expect(m.weight.shape).toEqual([2, 3]);
  });

  test('a parametrized buffer, to(float64) and loadStateDict round trip', () => {
    const bn = new nn.BatchNorm1d(3);
    P.registerParametrization(bn, 'running_var', new Scale());
    expect(Object.keys(bn.stateDict())).toContain('parametrizations.running_var.original');
    expect(bn.namedBuffers().map(([n]) => n)).toContain('parametrizations.running_var.original');
    const m = PZ.spectralNorm(new nn.Linear(3, 2));
    const copy = PZ.spectralNorm(new nn.Linear(3, 2));
    copy.loadStateDict(m.stateDict());
    copy.eval();
    m.eval();
    expectClose(copy.weight, m.weight);
    m.to('float64');
    expect(m.weight.dtype).toBe('float64');
  });

  test('a right inverse returning a view of the original; the training mode follows the module', () => {
    class Transpose extends nn.Module {
      forward(x: Tensor): Tensor { return x.t(); }
      rightInverse(x: Tensor): Tensor { return x.t(); }
    }
    const m = new nn.Linear(3, 3);
    const w0 = m.weight.detach().clone();
    const pm = P.registerParametrization(m, 'weight', new Transpose());
    expectClose(pm.parametrizations.get('weight').original, w0.t());
    expectClose(m.weight, w0);
    const e = new nn.Linear(3, 2);
    e.eval();
    const sn = PZ.spectralNorm(e).parametrizations.get('weight').at(0);
    expect(sn.training).toBe(false);
  });

  test('float64 gradcheck through a chain and a several-originals parametrization', () => {
    const x = randn([3, 3], { dtype: 'float64', requiresGrad: true });
    const chain = P.registerParametrization(new nn.Linear(3, 3, { dtype: 'float64' }), 'weight', new Symmetric());
    P.registerParametrization(chain, 'weight', new Scale());
    const mods = chain.parametrizations.get('weight').chain();
    expect(mods.length).toBe(2);
    float64Gradcheck((o) => mods.reduce((t, mod) => mod.forward(t), o), [x], true);
    const rank = new RankOne();
    float64Gradcheck((a, b) => rank.forward(a, b), [randn([4], { dtype: 'float64', requiresGrad: true }), randn([3], { dtype: 'float64', requiresGrad: true })], true);
  });
});

type Build = () => AnyModule;
const builders: Record<string, Build> = {
  linear: () => new nn.Linear(5, 4),
  linear3iters: () => new nn.Linear(4, 6),
  conv2d: () => new nn.Conv2d(2, 3, 3),
  convT2d: () => new nn.ConvTranspose2d(2, 3, 2),
  linearDim1: () => new nn.Linear(3, 5),
};

describe('parametrizations.spectralNorm', () => {
  for (const sc of fixture.spectral) {
    const build = builders[sc.name];
    if (build === undefined) continue;
    test(`${sc.name}: buffers after manualSeed, power iterations over SGD steps, eval`, () => {
      const s = sc as typeof sc & { kw: Record<string, number>; w0: TensorJson; init: Record<string, TensorJson>; afterProbe: Record<string, TensorJson>; x: TensorJson; g: TensorJson; steps: StepJson[]; repr: string; eval: { out: TensorJson; weight: TensorJson; state: Record<string, TensorJson> } };
      manualSeed(0);
      const m = build();
      expectClose(attr(m, 'weight'), s.w0);
      PZ.spectralNorm(m, camel(s.kw));
      expect(m.toString()).toBe(s.repr);
      expect(Object.keys(m.stateDict())).toEqual(s.keys);
      expectState(m, s.init);
      const x = fromJson(s.x), g = fromJson(s.g);
      call(m, x);
      expectState(m, s.afterProbe);
      for (const step of s.steps) expectStep(m, x, g, step);
      m.eval();
      expectClose(call(m, x), s.eval.out);
      expectClose(attr(m, 'weight'), s.eval.weight);
      expectState(m, s.eval.state);
    });
  }

  test('a 1-D tensor is normalized, without buffers; positional arguments', () => {
    const b = fixture.spectral.find((s) => s.name === 'bias1d')!;
    manualSeed(0);
    const m = new nn.Linear(3, 4);
    PZ.spectralNorm(m, 'bias');
    expect(Object.keys(m.stateDict())).toEqual(b.keys);
    expectClose(m.bias!, (b as { bias: TensorJson }).bias);
  });

  test('errors', () => {
    expect(() => PZ.spectralNorm(new nn.Linear(2, 2), 'weight', 0)).toThrow('Expected n_power_iterations to be positive, but got n_power_iterations=0');
    expect(() => PZ.spectralNorm(new nn.Linear(2, 2), { dim: 3 })).toThrow('Dimension out of range (expected to be in range of [-2, 1] but got 3)');
    expect(() => PZ.spectralNorm(new nn.Linear(2, 2), 'foo')).toThrow("Module 'Linear(in_features=2, out_features=2, bias=True)' has no parameter or buffer with name 'foo'");
  });

  test('float64 gradcheck of the normalized weight (eval: fixed u, v)', () => {
    const m = PZ.spectralNorm(new nn.Linear(4, 3, { dtype: 'float64' }));
    m.eval();
    const sn = m.parametrizations.get('weight').at(0);
    float64Gradcheck((w) => sn.forward(w), [randn([3, 4], { dtype: 'float64', requiresGrad: true })], true);
  });
});

describe('parametrizations.weightNorm (PyTorch 2.1)', () => {
  const wnBuilders: Record<string, Build> = {
    linear: () => new nn.Linear(4, 3), linearDim1: () => new nn.Linear(4, 3), linearWhole: () => new nn.Linear(4, 3),
    conv1d: () => new nn.Conv1d(2, 3, 2), conv1dDim2: () => new nn.Conv1d(2, 3, 2),
  };
  for (const wc of fixture.weightNorm) {
    test(`${wc.name} (dim ${String(wc.dim)}): g and v, output, gradients, an SGD step`, () => {
      manualSeed(0);
      const m = wnBuilders[wc.name]!();
      expectClose(attr(m, 'weight'), wc.w0);
      PZ.weightNorm(m, 'weight', wc.dim);
      expect(m.toString()).toBe(wc.repr);
      expect(Object.keys(m.stateDict())).toEqual(wc.keys);
      expectState(m, wc.init);
      expectStep(m, fromJson(wc.x), fromJson(wc.g), wc);
    });
  }

  test('float64 gradcheck of g * v / ||v|| for each dim', () => {
    for (const dim of [0, 1, null]) {
      const wn = new PZ._WeightNorm(dim);
      const v = randn([3, 4], { dtype: 'float64' });
      const [g] = wn.rightInverse(v);
      float64Gradcheck((gg, vv) => wn.forward(gg, vv), [g!.clone().requiresGrad_(), v.requiresGrad_()], true);
    }
  });
});

describe('legacy nn.utils.weightNorm / spectralNorm (hooks)', () => {
  const L = fixture.legacy;

  test('weightNorm: weight_g, weight_v, the weight recomputed each forward, removal', () => {
    manualSeed(0);
    const m = new nn.Linear(4, 3);
    nn.utils.weightNorm(m);
    expect(Object.keys(m.stateDict())).toEqual(L.weightNorm.keys);
    expect(m.namedParameters().map(([n]) => n)).toEqual(L.weightNorm.names);
    expectState(m, L.weightNorm.init);
    expect(m.toString()).toBe('Linear(in_features=4, out_features=3, bias=True)');
    expectStep(m, fromJson(L.weightNorm.x), fromJson(L.weightNorm.g), L.weightNorm);
    expect(() => nn.utils.weightNorm(m)).toThrow('Cannot register two weight_norm hooks on the same parameter weight');
    nn.utils.removeWeightNorm(m);
    expect(Object.keys(m.stateDict())).toEqual(L.weightNorm.removed.keys);
    expectClose(m.weight, L.weightNorm.removed.weight);
    expect(m.weight).toBeInstanceOf(nn.Parameter);
    expect(() => nn.utils.removeWeightNorm(m)).toThrow("weight_norm of 'weight' not found in Linear(in_features=4, out_features=3, bias=True)");
  });

  test('spectralNorm: weight_orig, weight_u, weight_v over SGD steps, eval, removal', () => {
    const s = L.spectralNorm;
    manualSeed(0);
    const m = new nn.Linear(5, 4);
    expectClose(m.weight, s.w0);
    nn.utils.spectralNorm(m);
    expect(Object.keys(m.stateDict())).toEqual(s.keys);
    expectState(m, s.init);
    const x = fromJson(s.x), g = fromJson(s.g);
    for (const step of s.steps) expectStep(m, x, g, step);
    m.eval();
    expectClose(call(m, x), s.eval.out);
    expectClose(m.weight, s.eval.weight);
    expectState(m, s.eval.state);
    nn.utils.removeSpectralNorm(m);
    expect(Object.keys(m.stateDict())).toEqual(s.removed.keys);
    expectClose(m.weight, s.removed.weight);
    expect(() => nn.utils.removeSpectralNorm(m)).toThrow("spectral_norm of 'weight' not found in Linear(in_features=5, out_features=4, bias=True)");
  });
});
