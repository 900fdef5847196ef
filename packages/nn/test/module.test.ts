/**
 * nn.Module against PyTorch (fixtures from tools/parity/nn_module.py): registration on
 * assignment in order, printing, traversal orders, state dicts and loadStateDict's messages;
 * plus modes, zeroGrad, requiresGrad_, apply, to(dtype) and callability.
 */
import { Tensor, manualSeed, ones, tensor, zeros, randn } from '@torchlet/core';
import * as nn from '@torchlet/nn';
import fixture from './fixtures/module.json';
import { expectClose } from './helpers';

const F = nn.functional;

class ModelWithHiddenLayer extends nn.Module {
  linear1: nn.Linear;
  linear2: nn.Linear;
  constructor(inputSize: number, hiddenSize: number, outputSize: number) {
    super();
    this.linear1 = new nn.Linear(inputSize, hiddenSize);
    this.linear2 = new nn.Linear(hiddenSize, outputSize);
  }
  forward(x: Tensor): Tensor {
    return this.linear2(F.relu(this.linear1(x)));
  }
}

class Net extends nn.Module {
  scale = new nn.Parameter(ones(3));
  features = new nn.Sequential(new nn.Conv2d(1, 4, 3, { padding: 1 }), new nn.BatchNorm2d(4), new nn.ReLU(), new nn.MaxPool2d(2));
  heads: nn.ModuleDict;
  blocks: nn.ModuleList;
  embed: nn.Embedding;
  declare step: Tensor;
  constructor() {
    super();
    this.registerBuffer('step', zeros(1));
    this.registerBuffer('cache', zeros(2), { persistent: false });
    this.heads = new nn.ModuleDict({ cls: new nn.Linear(16, 3), aux: new nn.Sequential(new nn.Dropout(0.1), new nn.Linear(16, 2, { bias: false })) });
    this.blocks = new nn.ModuleList([new nn.LayerNorm(16), new nn.GELU({ approximate: 'tanh' })]);
    this.embed = new nn.Embedding(5, 2, { paddingIdx: 0 });
  }
  forward(x: Tensor): Tensor {
    return x.mul(this.scale.sum());
  }
}

interface Description {
  repr: string;
  parameters: [string, number[]][];
  buffers: [string, number[]][];
  modules: string[];
  children: string[];
  stateDict: string[];
}

function describe_(m: nn.AnyModule): Description {
  return {
    repr: m.toString(),
    parameters: m.namedParameters().map(([k, p]) => [k, p.shape]),
    buffers: m.namedBuffers().map(([k, b]) => [k, b.shape]),
    modules: m.namedModules().map(([k]) => k),
    children: m.namedChildren().map(([k]) => k),
    stateDict: Object.keys(m.stateDict()),
  };
}

describe('registration, printing and traversal match PyTorch', () => {
  it.each([
    ['tutorial', () => new ModelWithHiddenLayer(2, 5, 3)],
    ['net', () => new Net()],
    ['sequential', () => new nn.Sequential(new nn.Linear(2, 5), new nn.ReLU(), new nn.Linear(5, 3))],
  ] as const)('%s', (key, make) => {
    manualSeed(0);
    expect(describe_(make())).toEqual(fixture[key]);
  });

  it('registers on assignment (class fields and constructor assignments) and reads values live', () => {
    const net = new Net();
    const w = new nn.Parameter(zeros(2));
    Object.assign(net, { extra: w });
    // A module's own parameters come before its children's, in assignment order.
    expect(net.namedParameters().map(([k]) => k).slice(0, 2)).toEqual(['scale', 'extra']);
    Reflect.deleteProperty(net, 'extra');
    expect(net.namedParameters().map(([k]) => k)).not.toContain('extra');
    net.step = ones(1);
    expect(net.stateDict().step!.tolist()).toEqual([1]);
  });

  it('rejects assignments PyTorch rejects, and bad names', () => {
    const m = new ModelWithHiddenLayer(2, 5, 3);
    Object.assign(m.linear1, { weight: zeros(5, 2) });
    expect(() => m.parameters()).toThrow("cannot assign 'torch.FloatTensor' as parameter 'weight' (torch.nn.Parameter or None expected)");
    const n = new ModelWithHiddenLayer(2, 5, 3);
    expect(() => n.registerBuffer('a.b', zeros(1))).toThrow('buffer name can\'t contain "."');
    expect(() => n.registerParameter('train', null)).toThrow("attribute 'train' already exists");
    expect(() => n.addModule('', new nn.ReLU())).toThrow('module name can\'t be empty string ""');
    expect(() => n.registerParameter('p', zeros(1).requiresGrad_().mul(2))).toThrow(
      "cannot assign 'torch.FloatTensor' object to parameter 'p' (torch.nn.Parameter or None required)");
  });

  it('is callable: model(x) runs forward', () => {
    manualSeed(0);
    const m = new ModelWithHiddenLayer(2, 5, 3);
    const x = randn(4, 2);
    expect(typeof m).toBe('function');
    expect(m instanceof nn.Module && m instanceof ModelWithHiddenLayer).toBe(true);
    expectClose(m(x), m.forward(x));
  });

  it('prints Parameters like PyTorch', () => {
    expect(String(new nn.Parameter(tensor([1.5, -2])))).toBe('Parameter containing:\ntensor([ 1.5000, -2.0000], requires_grad=True)');
  });

  it('finds members by dotted path', () => {
    const net = new Net();
    expect(net.getSubmodule('heads.aux.1')).toBeInstanceOf(nn.Linear);
    expect(net.getParameter('features.0.weight').shape).toEqual([4, 1, 3, 3]);
    expect(net.getBuffer('features.1.running_var').tolist()).toEqual([1, 1, 1, 1]);
    expect(() => net.getSubmodule('heads.nope')).toThrow('ModuleDict has no attribute `nope`');
    expect(() => net.getParameter('step')).toThrow('`step` is not an nn.Parameter');
    expect(() => net.getBuffer('scale')).toThrow('`scale` is not a buffer');
  });
});

describe('state dicts', () => {
  it('round-trip: loadStateDict copies values in place (parameters keep their identity)', () => {
    manualSeed(0);
    const a = new ModelWithHiddenLayer(2, 5, 3), b = new ModelWithHiddenLayer(2, 5, 3);
    const w = b.linear1.weight;
    expect(b.loadStateDict(a.stateDict())).toEqual({ missingKeys: [], unexpectedKeys: [] });
    expect(b.linear1.weight).toBe(w);
    expect(w.tolist()).toEqual(a.linear1.weight.tolist());
    expect(a.stateDict()['linear1.weight']!.storage).toBe(a.linear1.weight.storage);
  });

  it.each(['missing', 'unexpected', 'mismatch', 'everything'] as const)('raises PyTorch\'s message (%s) and changes nothing', (key) => {
    manualSeed(0);
    const src = new ModelWithHiddenLayer(2, 5, 3).stateDict();
    const sd: Record<string, Tensor> = { ...src };
    if (key === 'missing') delete sd['linear2.bias'];
    if (key === 'unexpected') Object.assign(sd, { 'linear3.weight': zeros(1), 'linear1.extra': zeros(1) });
    if (key === 'mismatch' || key === 'everything') sd['linear1.weight'] = zeros(5, 3);
    if (key === 'everything') { sd.foo = zeros(1); delete sd['linear1.bias']; }
    manualSeed(1);
    const m = new ModelWithHiddenLayer(2, 5, 3);
    const before = JSON.stringify(Object.values(m.stateDict()).map((t) => t.tolist()));
    expect(() => m.loadStateDict(sd)).toThrow(fixture.errors[key]);
    expect(JSON.stringify(Object.values(m.stateDict()).map((t) => t.tolist()))).toBe(before);
  });

  it('reports missing and unexpected keys with strict: false', () => {
    manualSeed(0);
    const m = new ModelWithHiddenLayer(2, 5, 3);
    const sd: Record<string, Tensor> = { ...m.stateDict(), foo: zeros(1) };
    delete sd['linear2.bias'];
    expect(m.loadStateDict(sd, { strict: false })).toEqual(fixture.relaxed);
  });

  it('fills a missing num_batches_tracked with 0 as PyTorch does', () => {
    const bn = new nn.BatchNorm1d(3);
    bn(randn(4, 3));
    const sd = { ...bn.stateDict() };
    delete sd.num_batches_tracked;
    bn.loadStateDict(sd);
    expect(bn.numBatchesTracked!.item()).toBe(0);
  });
});

describe('modes and bulk operations', () => {
  it('train/eval recurse and Dropout/BatchNorm follow them', () => {
    const net = new Net();
    expect(net.training).toBe(true);
    net.eval();
    expect(net.modules().every((m) => !m.training)).toBe(true);
    const drop = new nn.Dropout(0.5).eval();
    const x = randn(3, 3);
    expect(drop(x)).toBe(x);
    net.train();
    expect(net.modules().every((m) => m.training)).toBe(true);
  });

  it('zeroGrad sets grads to null, or zeroes them in place', () => {
    const m = new ModelWithHiddenLayer(2, 5, 3);
    m(randn(3, 2)).sum().backward();
    const g = m.linear1.weight.grad!;
    m.zeroGrad(false);
    expect(m.linear1.weight.grad).toBe(g);
    expect(g.abs().sum().item()).toBe(0);
    m.zeroGrad();
    expect(m.parameters().every((p) => p.grad === null)).toBe(true);
  });

  it('requiresGrad_ freezes, apply visits children first, to() converts floating tensors', () => {
    const net = new Net();
    net.requiresGrad_(false);
    expect(net.parameters().every((p) => !p.requiresGrad)).toBe(true);
    const seen: string[] = [];
    new nn.Sequential(new nn.Linear(1, 1), new nn.Sequential(new nn.ReLU())).apply((m) => seen.push(m.constructor.name));
    expect(seen).toEqual(['Linear', 'ReLU', 'Sequential', 'Sequential']);
    net.requiresGrad_();
    net.double();
    expect(net.parameters().every((p) => p.dtype === 'float64' && p.requiresGrad)).toBe(true);
    expect(net.getBuffer('features.1.running_mean').dtype).toBe('float64');
    expect(net.getBuffer('features.1.num_batches_tracked').dtype).toBe('int64');
    expect(() => net.to('int32')).toThrow('nn.Module.to only accepts floating point or complex dtypes, but got desired dtype=torch.int32');
  });

  it('to() keeps a shared parameter shared', () => {
    const a = new nn.Linear(2, 2), b = new nn.Linear(2, 2);
    b.weight = a.weight;
    const seq = new nn.Sequential(a, b).double();
    expect(a.weight).toBe(b.weight);
    expect(seq.parameters()).toHaveLength(3);
  });
});

describe('containers', () => {
  it('Sequential: order, indexing, slicing, append, named construction', () => {
    const l1 = new nn.Linear(2, 3), r = new nn.ReLU(), l2 = new nn.Linear(3, 1);
    const seq = new nn.Sequential(l1, r);
    seq.append(l2);
    expect(seq.length).toBe(3);
    expect(seq.at(0)).toBe(l1);
    expect(seq.at(-1)).toBe(l2);
    expect(seq[1]).toBe(r);
    expect([...seq]).toEqual([l1, r, l2]);
    expect(seq.slice(1).toString()).toBe('Sequential(\n  (1): ReLU()\n  (2): Linear(in_features=3, out_features=1, bias=True)\n)');
    expect(() => seq.at(3)).toThrow('index 3 is out of range');
    const x = randn(4, 2);
    expectClose(seq(x), l2(r(l1(x))));
    const named = new nn.Sequential(new Map<string, nn.TensorModule>([['fc', new nn.Linear(1, 1)], ['act', new nn.Tanh()]]));
    expect(named.namedChildren().map(([k]) => k)).toEqual(['fc', 'act']);
    expect(named.at(1)).toBeInstanceOf(nn.Tanh);
  });

  it('ModuleList: append, insert, pop, set and iteration keep names 0..n-1', () => {
    const a = new nn.ReLU(), b = new nn.Tanh(), c = new nn.Sigmoid();
    const list = new nn.ModuleList<nn.TensorModule>([a, c]);
    list.insert(1, b);
    expect([...list]).toEqual([a, b, c]);
    expect(list.namedChildren().map(([k]) => k)).toEqual(['0', '1', '2']);
    expect(list.pop(0)).toBe(a);
    expect(list.length).toBe(2);
    expect(list[0]).toBe(b);
    list.set(-1, a);
    expect(list.at(1)).toBe(a);
    expect(() => list.forward()).toThrow('Module [ModuleList] is missing the required "forward" function');
  });

  it('ModuleDict: get, set, pop, keys in insertion order', () => {
    const d = new nn.ModuleDict({ b: new nn.ReLU(), a: new nn.Tanh() });
    d.set('c', new nn.Sigmoid());
    expect(d.keys()).toEqual(['b', 'a', 'c']);
    expect(d.get('a')).toBeInstanceOf(nn.Tanh);
    expect(d.pop('b')).toBeInstanceOf(nn.ReLU);
    expect([...d]).toEqual(['a', 'c']);
    expect(d.size).toBe(2);
    expect(() => new nn.ModuleDict({ train: new nn.ReLU() })).toThrow("attribute 'train' already exists");
  });
});
