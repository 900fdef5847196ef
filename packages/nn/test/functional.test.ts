/**
 * nn.functional ops and nn.utils against PyTorch (fixtures from tools/parity/nn_functional.py):
 * pad, normalize, oneHot, unfold/fold, activations, dropout bit for bit after manualSeed,
 * gradient clipping; and PyTorch's error messages for bad layer inputs.
 */
import { Tensor, manualSeed, randn, tensor, zeros } from '@torchlet/core';
import * as nn from '@torchlet/nn';
import fixture from './fixtures/functional.json';
import { camel, expectClose, expectExact, fromJson, type TensorJson } from './helpers';

const F = nn.functional;

interface OpCase {
  name: string;
  fn: string;
  input: TensorJson;
  args: unknown[];
  kwargs: Record<string, unknown>;
  output: TensorJson;
  gout?: TensorJson;
  inputGrad?: TensorJson;
}

type Op = (x: Tensor, a: unknown[], kw: Record<string, unknown>) => Tensor;
const OPS: Record<string, Op> = {
  pad: (x, a, kw) => F.pad(x, a[0] as number[], (kw.mode as nn.functional.PadMode | undefined) ?? 'constant', (kw.value as number | undefined) ?? 0),
  normalize: (x, _a, kw) => F.normalize(x, kw),
  one_hot: (x, a) => F.oneHot(x, a[0] as number | undefined),
  unfold: (x, a, kw) => F.unfold(x, a[0] as number, camel(kw)),
  fold: (x, a, kw) => F.fold(x, a[0] as number[], a[1] as number, camel(kw)),
  relu6: (x) => F.relu6(x),
  hardtanh: (x, a) => F.hardtanh(x, a[0] as number, a[1] as number),
  logsigmoid: (x) => F.logsigmoid(x),
  softmin: (x, a) => F.softmin(x, a[0] as number),
};

const { ops, dropout, clip, errors } = fixture as unknown as {
  ops: OpCase[];
  dropout: { seed: number; p: number; input: TensorJson; output: TensorJson; seed64: number; p64: number; input64: TensorJson; output64: TensorJson };
  clip: {
    params: TensorJson[]; grads: (TensorJson | null)[];
    norm: { normType: number | string; maxNorm: number; total: TensorJson; grads: (TensorJson | null)[] }[];
    value: { clipValue: number; grads: (TensorJson | null)[] };
    vector: TensorJson;
  };
  errors: { name: string; message: string }[];
};

describe('functional ops match PyTorch', () => {
  it.each(ops.map((c) => [c.name, c] as const))('%s', (_n, c) => {
    const x = fromJson(c.input);
    if (x.dtype === 'float32') x.requiresGrad_();
    const y = OPS[c.fn]!(x, c.args, c.kwargs);
    if (y.dtype === 'int32') expectExact(y, c.output);
    else expectClose(y, c.output);
    if (c.gout && c.inputGrad) {
      y.backward(fromJson(c.gout));
      expectClose(x.grad!, c.inputGrad);
    }
  });
});

describe('dropout', () => {
  it('draws the same mask as PyTorch after manualSeed (float32 and float64)', () => {
    manualSeed(dropout.seed);
    expectExact(F.dropout(fromJson(dropout.input), dropout.p), dropout.output);
    manualSeed(dropout.seed64);
    expectExact(F.dropout(fromJson(dropout.input64), dropout.p64), dropout.output64);
  });

  it('is the identity (the same tensor) when not training or p = 0', () => {
    const x = randn(3, 4);
    expect(F.dropout(x, 0.5, false)).toBe(x);
    expect(F.dropout(x, 0)).toBe(x);
    expect(F.dropout(x, 1).abs().sum().item()).toBe(0);
  });

  it('Dropout differs between train and eval: masks in training, identity in eval', () => {
    const drop = new nn.Dropout(0.5);
    const x = randn(200);
    const y = drop(x);
    const zeros_ = y.eq(0).sum().item();
    expect(zeros_).toBeGreaterThan(50);
    expectClose(y.ne(0).float().mul(x).mul(2), y);
    drop.eval();
    expect(drop(x)).toBe(x);
  });
});

describe('nn.utils', () => {
  const setup = (): nn.Parameter[] => clip.params.map((p, i) => {
    const param = new nn.Parameter(fromJson(p));
    const g = clip.grads[i];
    param.grad = g ? fromJson(g) : null;
    return param;
  });

  it.each(clip.norm.map((c) => [String(c.normType), c.maxNorm, c] as const))('clipGradNorm_ normType %s max %s', (_t, _m, c) => {
    const params = setup();
    const normType = c.normType === 'inf' ? Infinity : Number(c.normType);
    const total = nn.utils.clipGradNorm_(params, c.maxNorm, normType);
    expectClose(total, c.total);
    c.grads.forEach((g, i) => {
      if (g === null) expect(params[i]!.grad).toBeNull();
      else expectClose(params[i]!.grad!, g);
    });
  });

  it('clipGradValue_ clamps every gradient', () => {
    const params = setup();
    nn.utils.clipGradValue_(params, clip.value.clipValue);
    clip.value.grads.forEach((g, i) => { if (g) expectExact(params[i]!.grad!, g); });
  });

  it('parametersToVector and vectorToParameters', () => {
    const params = setup();
    const v = nn.utils.parametersToVector(params);
    expectExact(v, clip.vector);
    const fresh = params.map((p) => new nn.Parameter(zeros(p.shape)));
    nn.utils.vectorToParameters(v.mul(2), fresh);
    fresh.forEach((p, i) => expectClose(p, params[i]!.mul(2)));
    expect(() => nn.utils.vectorToParameters(v.narrow(0, 0, 3), fresh)).toThrow('vec has 3 elements but the parameters hold 12');
  });

  it('clipGradNorm_ with no gradients returns 0', () => {
    expect(nn.utils.clipGradNorm_([new nn.Parameter(zeros(2))], 1).item()).toBe(0);
  });
});

const ERRORS: Record<string, () => unknown> = {
  'linear shapes': () => new nn.Linear(5, 3)(randn(6, 2)),
  'linear dtype': () => new nn.Linear(5, 3)(randn(6, 5).double()),
  'conv channels': () => new nn.Conv2d(3, 4, 3)(randn(1, 2, 5, 5)),
  'conv input rank': () => F.conv2d(randn(2, 3), randn(4, 3, 3, 3)),
  'conv kernel too big': () => new nn.Conv2d(3, 4, 3)(randn(1, 3, 2, 2)),
  'conv weight rank': () => F.conv1d(randn(1, 3, 5), randn(4, 3, 3, 3)),
  'conv same strided': () => F.conv2d(randn(1, 3, 5, 5), randn(4, 3, 3, 3), null, { stride: 2, padding: 'same' }),
  'conv bias size': () => F.conv2d(randn(1, 3, 5, 5), randn(4, 3, 3, 3), randn(3)),
  'conv groups': () => new nn.Conv2d(3, 4, 3, { groups: 2 }),
  'pool pad': () => F.maxPool2d(randn(1, 3, 5, 5), 2, { padding: 2 }),
  'pool too small': () => F.maxPool2d(randn(1, 3, 1, 1), 2),
  'pool rank': () => F.maxPool2d(randn(3, 5), 2),
  'adaptive rank': () => F.adaptiveAvgPool2d(randn(5, 5), 2),
  'embedding index': () => F.embedding(tensor([5]), randn(5, 3)),
  'embedding padding_idx': () => new nn.Embedding(5, 3, { paddingIdx: 5 }),
  'batchnorm one value': () => F.batchNorm(randn(1, 3), zeros(3), zeros(3).add(1), { training: true }),
  'batchnorm1d rank': () => new nn.BatchNorm1d(3)(randn(2, 3, 4, 5)),
  'batchnorm2d rank': () => new nn.BatchNorm2d(3)(randn(2, 3, 4)),
  'batchnorm size': () => new nn.BatchNorm1d(3)(randn(2, 4)),
  'layernorm shape': () => F.layerNorm(randn(2, 3), [4]),
  'groupnorm divisible': () => F.groupNorm(randn(2, 6, 4), 4),
  'groupnorm module': () => new nn.GroupNorm(4, 6),
  'dropout p': () => F.dropout(randn(3), 1.5),
  'one_hot negative': () => F.oneHot(tensor([0, -1]), 3),
  'one_hot too big': () => F.oneHot(tensor([0, 3]), 3),
  'one_hot float': () => F.oneHot(tensor([0.5, 1.5]), 3),
  'pad odd': () => F.pad(randn(2, 3), [1]),
  'pad too long': () => F.pad(randn(2, 3), [1, 1, 1, 1, 1, 1]),
  'pad reflect size': () => F.pad(randn(1, 2, 3), [4, 4], 'reflect'),
  'pad circular wrap': () => F.pad(randn(1, 2, 3), [4, 4], 'circular'),
  'bilinear size': () => F.bilinear(randn(2, 3), randn(2, 4), randn(5, 3, 3)),
};

describe('errors in PyTorch\'s words', () => {
  it.each(errors.map((e) => [e.name, e.message] as const))('%s', (name, message) => {
    const thunk = ERRORS[name];
    expect(thunk).toBeDefined();
    expect(thunk!).toThrow(message);
  });
});
