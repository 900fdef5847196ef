/**
 * Every layer against PyTorch (fixtures from tools/parity/nn_layers.py): default initialisation
 * bit for bit after manualSeed, repr, forward, input and parameter gradients (1e-5 relative),
 * running statistics and eval-mode outputs.
 */
import { Tensor, manualSeed } from '@torchlet/core';
import * as nn from '@torchlet/nn';
import fixture from './fixtures/layers.json';
import { camel, expectClose, expectExact, fromJson, type TensorJson } from './helpers';

interface LayerCase {
  name: string;
  layer: string;
  args: unknown[];
  kwargs: Record<string, unknown>;
  seed: number;
  train: boolean;
  forwards: number;
  repr: string;
  init: Record<string, TensorJson>;
  inputs: TensorJson[];
  output: TensorJson;
  gout: TensorJson;
  inputGrads: (TensorJson | null)[];
  paramGrads: Record<string, TensorJson>;
  after: Record<string, TensorJson>;
  evalOutput?: TensorJson;
}

type Factory = (a: unknown[], kw: Record<string, unknown>) => nn.AnyModule;
const n = (v: unknown): number => v as number;
// never: the fixture's options fit whichever positional-or-options form the constructor takes.
const opt = (kw: Record<string, unknown>): never => camel(kw) as never;

const FACTORIES: Record<string, Factory> = {
  Linear: (a, kw) => new nn.Linear(n(a[0]), n(a[1]), opt(kw)),
  Bilinear: (a, kw) => new nn.Bilinear(n(a[0]), n(a[1]), n(a[2]), opt(kw)),
  Identity: () => new nn.Identity(),
  Flatten: (a) => new nn.Flatten(...(a as [])),
  Unflatten: (a) => new nn.Unflatten(n(a[0]), a[1] as number[]),
  ReLU: () => new nn.ReLU(),
  LeakyReLU: (a) => new nn.LeakyReLU(n(a[0])),
  ELU: (a) => new nn.ELU(n(a[0])),
  GELU: (_a, kw) => new nn.GELU(opt(kw)),
  SiLU: () => new nn.SiLU(),
  Sigmoid: () => new nn.Sigmoid(),
  Tanh: () => new nn.Tanh(),
  Softplus: (_a, kw) => new nn.Softplus(opt(kw)),
  Softmax: (a) => new nn.Softmax(n(a[0])),
  LogSoftmax: (a) => new nn.LogSoftmax(n(a[0])),
  Dropout: (a) => new nn.Dropout(n(a[0])),
  BatchNorm1d: (a, kw) => new nn.BatchNorm1d(n(a[0]), opt(kw)),
  BatchNorm2d: (a, kw) => new nn.BatchNorm2d(n(a[0]), opt(kw)),
  LayerNorm: (a, kw) => new nn.LayerNorm(a[0] as number | number[], opt(kw)),
  GroupNorm: (a, kw) => new nn.GroupNorm(n(a[0]), n(a[1]), opt(kw)),
  Embedding: (a, kw) => new nn.Embedding(n(a[0]), n(a[1]), opt(kw)),
  Conv1d: (a, kw) => new nn.Conv1d(n(a[0]), n(a[1]), a[2] as number, opt(kw)),
  Conv2d: (a, kw) => new nn.Conv2d(n(a[0]), n(a[1]), a[2] as number | number[], opt(kw)),
  MaxPool2d: (a, kw) => new nn.MaxPool2d(a[0] as number, opt(kw)),
  AvgPool2d: (a, kw) => new nn.AvgPool2d(a[0] as number, opt(kw)),
  AdaptiveAvgPool2d: (a) => new nn.AdaptiveAvgPool2d(a[0] as number),
  Sequential: () => new nn.Sequential(new nn.Linear(2, 5), new nn.ReLU(), new nn.Linear(5, 3)),
};

function run(m: nn.AnyModule, inputs: Tensor[]): Tensor {
  if (m instanceof nn.Bilinear) return m(inputs[0]!, inputs[1]!);
  return (m as nn.TensorModule)(inputs[0]!);
}

const cases = (fixture as { cases: LayerCase[] }).cases;

describe.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
  const build = (): nn.AnyModule => {
    manualSeed(c.seed);
    const make = FACTORIES[c.layer];
    if (!make) throw new Error(`no factory for ${c.layer}`);
    return make(c.args, c.kwargs);
  };

  it('initialises exactly like PyTorch after manualSeed and prints the same repr', () => {
    const m = build();
    expect(m.toString()).toBe(c.repr);
    const sd = m.stateDict();
    expect(Object.keys(sd)).toEqual(Object.keys(c.init));
    for (const [k, v] of Object.entries(c.init)) expectExact(sd[k]!, v);
  });

  it('matches forward, gradients and state after the forward passes', () => {
    const m = build();
    m.train(c.train);
    if (c.layer === 'Dropout') manualSeed(c.seed);
    const inputs = c.inputs.map((j) => {
      const t = fromJson(j);
      return t.dtype === 'float32' ? t.requiresGrad_() : t;
    });
    let out = run(m, inputs);
    for (let i = 1; i < c.forwards; i++) out = run(m, inputs);
    expectClose(out, c.output);
    out.backward(fromJson(c.gout));
    c.inputGrads.forEach((g, i) => { if (g !== null) expectClose(inputs[i]!.grad!, g); });
    const params = new Map(m.namedParameters());
    expect([...params.keys()].filter((k) => params.get(k)!.grad !== null).sort()).toEqual(Object.keys(c.paramGrads).sort());
    for (const [k, g] of Object.entries(c.paramGrads)) expectClose(params.get(k)!.grad!, g);
    const sd = m.stateDict();
    for (const [k, v] of Object.entries(c.after)) {
      if (v.dtype === 'int32') expectExact(sd[k]!, v);
      else expectClose(sd[k]!, v);
    }
    if (c.evalOutput) {
      m.eval();
      expectClose(run(m, inputs.map((t) => t.detach())), c.evalOutput);
    }
  });
});
