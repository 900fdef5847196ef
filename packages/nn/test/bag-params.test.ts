/**
 * EmbeddingBag, ParameterList and ParameterDict against PyTorch (fixtures from
 * tools/parity/nn_bag_params.py): weight drawn bit for bit after manualSeed, repr, forward,
 * weight and per-sample-weight gradients, max_norm's in-place renorm, errors; containers'
 * reprs and state-dict keys; float64 gradchecks.
 */
import { Tensor, manualSeed, tensor, zeros } from '@torchlet/core';
import * as nn from '@torchlet/nn';
import fixture from './fixtures/bag_params.json';
import { camel, expectClose, expectExact, float64Gradcheck, fromJson, type TensorJson } from './helpers';

const F = nn.functional;

interface BagCase {
  name: string;
  args: [number, number];
  kwargs: Record<string, unknown>;
  seed: number;
  repr: string;
  init: TensorJson;
  input: TensorJson;
  offsets: TensorJson | null;
  psw: TensorJson | null;
  node: string;
  output: TensorJson;
  gout: TensorJson;
  weightGrad: TensorJson;
  pswGrad: TensorJson | null;
  weightAfter: TensorJson;
}

const { bags, errors, containers } = fixture as unknown as {
  bags: BagCase[];
  errors: { name: string; message: string }[];
  containers: Record<'list' | 'dict' | 'holder', { repr: string; keys: string[] }> & { empty: { repr: string } };
};

describe.each(bags.map((c) => [c.name, c] as const))('EmbeddingBag %s', (_name, c) => {
  const build = (): nn.EmbeddingBag => {
    manualSeed(c.seed);
    const m = new nn.EmbeddingBag(c.args[0], c.args[1], camel(c.kwargs));
    return c.init.dtype === 'float64' ? m.double() : m;
  };
  const tol = c.init.dtype === 'float64' ? 1e-10 : 1e-5;

  it('draws its weight as PyTorch and prints the same repr', () => {
    const m = build();
    expect(m.toString()).toBe(c.repr);
    expect(Object.keys(m.stateDict())).toEqual(['weight']);
    if (c.init.dtype === 'float32') expectExact(m.weight, c.init);
  });

  it('matches forward, node, gradients and the weight after', () => {
    const m = build();
    const psw = c.psw === null ? null : fromJson(c.psw).requiresGrad_();
    const out = m(fromJson(c.input), c.offsets === null ? null : fromJson(c.offsets), psw);
    expectClose(out, c.output, tol, tol / 10);
    expect(out.gradFn?.name).toBe(c.node);
    out.backward(fromJson(c.gout));
    expectClose(m.weight.grad!, c.weightGrad, tol, tol / 10);
    if (c.pswGrad !== null) expectClose(psw!.grad!, c.pswGrad, tol, tol / 10);
    expectClose(m.weight.detach(), c.weightAfter, tol, tol / 10);
  });
});

describe('EmbeddingBag errors as PyTorch raises them', () => {
  manualSeed(0);
  const e = new nn.EmbeddingBag(10, 3);
  const inp = tensor([1, 2, 4, 5, 4, 3, 2, 9], { dtype: 'int32' });
  const I = (v: number[] | number[][]): Tensor => tensor(v, { dtype: 'int32' });
  const CALLS: Record<string, () => unknown> = {
    'offsets[0]': () => e(inp, I([1, 4])),
    'offsets[-1]': () => e(inp, I([0, 9])),
    '2-D with offsets': () => e(inp.view([2, 4]), I([0, 4])),
    '1-D without offsets': () => e(inp),
    'offsets 2-D': () => e(inp, I([[0, 4]])),
    'psw mean': () => e(inp, I([0, 4]), zeros([8])),
    'psw shape': () => new nn.EmbeddingBag(10, 3, { mode: 'sum' })(inp, I([0, 4]), zeros([7])),
    'float indices': () => e(inp.float(), I([0, 4])),
    '3-D input': () => e(inp.view([2, 2, 2])),
    'bad mode': () => F.embeddingBag(inp, e.weight, I([0]), { mode: 'bad' as never }),
    'padding_idx': () => F.embeddingBag(inp, e.weight, I([0]), { paddingIdx: 12 }),
  };
  it.each(errors.map((x) => [x.name, x.message] as const))('%s', (name, message) => {
    expect(CALLS[name]!).toThrow(message);
  });
  it('out-of-range indices and unknown options', () => {
    expect(() => e(I([1, 10]), I([0]))).toThrow('index out of range in self');
    expect(() => F.embeddingBag(inp, e.weight, I([0]), { mod: 'sum' } as never)).toThrow("embedding_bag() got an unexpected keyword argument 'mod' (did you mean 'mode'?)");
    expect(() => new nn.EmbeddingBag(10, 3, { paddingIdx: 10 })).toThrow('padding_idx must be within num_embeddings');
  });
});

describe('EmbeddingBag float64 gradchecks', () => {
  const w = (): Tensor => tensor(Array.from({ length: 18 }, (_, i) => Math.sin(i * 1.7) * 2), { dtype: 'float64' }).reshape([6, 3]).requiresGrad_();
  const idx = tensor([1, 2, 4, 5, 4, 3, 0], { dtype: 'int32' }), off = tensor([0, 3, 3, 5], { dtype: 'int32' });
  it.each(['sum', 'mean', 'max'] as const)('%s', (mode) => {
    float64Gradcheck((x) => F.embeddingBag(idx, x, off, { mode, paddingIdx: 0 }), [w()], true);
  });
  it('sum with per-sample weights', () => {
    const psw = tensor([0.5, -1, 2, 0.3, 1.1, -0.7, 0.9], { dtype: 'float64' }).requiresGrad_();
    float64Gradcheck((x, p) => F.embeddingBag(idx, x, off, { mode: 'sum', perSampleWeights: p }), [w(), psw], true);
  });
  it('empty input gives zero bags', () => {
    const out = F.embeddingBag(tensor([], { dtype: 'int32' }), w(), tensor([0, 0], { dtype: 'int32' }), { mode: 'max' });
    expectExact(out.detach(), zeros([2, 3], { dtype: 'float64' }));
  });
});

describe('ParameterList and ParameterDict', () => {
  const z = (shape: number[], dtype: 'float32' | 'float64' = 'float32'): nn.Parameter => new nn.Parameter(zeros(shape, { dtype }));
  it('ParameterList prints and names its state as PyTorch', () => {
    const pl = new nn.ParameterList([z([2, 3]), z([3], 'float64'), z([])]);
    expect(pl.toString()).toBe(containers.list.repr);
    expect(Object.keys(pl.stateDict())).toEqual(containers.list.keys);
    expect(pl.length).toBe(3);
    expect(pl.at(-1).shape).toEqual([]);
    expect([...pl].length).toBe(3);
  });
  it('ParameterDict sorts a plain object as PyTorch sorts a dict', () => {
    const pd = new nn.ParameterDict({ b: z([2, 3]), a: z([3], 'float64') });
    expect(pd.toString()).toBe(containers.dict.repr);
    expect(Object.keys(pd.stateDict())).toEqual(containers.dict.keys);
    expect(pd.keys()).toEqual(['a', 'b']);
    expect(pd.get('b').shape).toEqual([2, 3]);
    expect(() => pd.get('c')).toThrow("KeyError: 'c'");
  });
  it('inside a module: nested repr, state-dict keys, parameters() and train/eval', () => {
    class Holder extends nn.Module {
      ps = new nn.ParameterList([new nn.Parameter(tensor([1, 1], { dtype: 'float32' }))]);
      pd = new nn.ParameterDict({ w: new nn.Parameter(zeros([2, 2]).add(1)) });
      lin = new nn.Linear(1, 1);
      forward(x: Tensor): Tensor {
        return this.lin(x);
      }
    }
    const h = new Holder();
    expect(h.toString()).toBe(containers.holder.repr);
    expect(Object.keys(h.stateDict())).toEqual(containers.holder.keys);
    expect(h.parameters().length).toBe(4);
  });
  it('empty containers', () => {
    expect(`${new nn.ParameterList().toString()} ${new nn.ParameterDict().toString()}`).toBe(containers.empty.repr);
  });
  it('wraps tensors, appends, replaces and pops', () => {
    const pl = new nn.ParameterList();
    pl.append(zeros([2])).append(z([1]));
    expect(pl.at(0)).toBeInstanceOf(nn.Parameter);
    pl.set(0, z([5]));
    expect(pl.at(0).shape).toEqual([5]);
    expect(() => pl.at(2)).toThrow('index 2 is out of range');
    const pd = new nn.ParameterDict(new Map([['y', z([1])], ['x', z([2])]]));
    expect(pd.keys()).toEqual(['y', 'x']);
    expect(pd.pop('y').shape).toEqual([1]);
    expect(pd.keys()).toEqual(['x']);
    expect(Object.keys(pd.stateDict())).toEqual(['x']);
  });
});
