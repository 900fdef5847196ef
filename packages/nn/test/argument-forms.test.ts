/**
 * PyTorch's argument forms for nn layers and nn.functional: the positional form equals the options
 * form (same parameters after the same manualSeed, same output), unknown option keys raise with the
 * nearest known key, and wrong argument types give PyTorch's TypeErrors (texts from real PyTorch:
 * tools/parity/nn_argument_forms.py).
 */
import { Tensor, manualSeed, randn, rand, tensor, type DType } from '@torchlet/core';
import * as nn from '@torchlet/nn';
import fixture from './fixtures/nn_argument_forms.json';

const F = nn.functional;
const pytorch = fixture as Record<string, string>;

function same(a: Tensor, b: Tensor): void {
  expect(a.shape).toEqual(b.shape);
  expect(Array.from(a.toTypedArray())).toEqual(Array.from(b.toTypedArray()));
}

/** Builds both forms after the same seed: equal parameters (names and values) and equal outputs on `input`. */
function sameLayer(positional: () => nn.TensorModule, options: () => nn.TensorModule, input: () => Tensor): void {
  manualSeed(7);
  const a = positional();
  manualSeed(7);
  const b = options();
  const pa = a.namedParameters(), pb = b.namedParameters();
  expect(pa.map(([n]) => n)).toEqual(pb.map(([n]) => n));
  pa.forEach(([, p], i) => same(p, pb[i]![1]));
  expect(a.toString()).toBe(b.toString());
  const x = input();
  same(a(x), b(x));
}

describe('layers: positional form = options form', () => {
  const img = (): Tensor => randn([2, 3, 8, 8]);
  it('Linear / Bilinear bias', () => {
    sameLayer(() => new nn.Linear(4, 3, false), () => new nn.Linear(4, 3, { bias: false }), () => randn([2, 4]));
    expect(new nn.Linear(4, 3, false).bias).toBeNull();
    manualSeed(1);
    const a = new nn.Bilinear(2, 3, 4, false);
    manualSeed(1);
    const b = new nn.Bilinear(2, 3, 4, { bias: false });
    expect(a.bias).toBeNull();
    same(a.weight, b.weight);
  });
  it('Conv1d/2d/3d and ConvTranspose2d in PyTorch order', () => {
    sameLayer(() => new nn.Conv2d(3, 4, 3, 2), () => new nn.Conv2d(3, 4, 3, { stride: 2 }), img);
    sameLayer(() => new nn.Conv2d(3, 6, 3, 1, 2, 2, 3, false, 'reflect'),
      () => new nn.Conv2d(3, 6, 3, { padding: 2, dilation: 2, groups: 3, bias: false, paddingMode: 'reflect' }), img);
    sameLayer(() => new nn.Conv1d(3, 2, 2, 1, 'same'), () => new nn.Conv1d(3, 2, 2, { padding: 'same' }), () => randn([1, 3, 6]));
    sameLayer(() => new nn.Conv3d(1, 2, 2, 1, 1), () => new nn.Conv3d(1, 2, 2, { padding: 1 }), () => randn([1, 1, 3, 3, 3]));
    sameLayer(() => new nn.ConvTranspose2d(3, 2, 3, 2, 1, 1), () => new nn.ConvTranspose2d(3, 2, 3, { stride: 2, padding: 1, outputPadding: 1 }), img);
    const c = new nn.Conv2d(1, 32, 3, 1);
    expect(c.stride).toEqual([1, 1]);
  });
  it('pools: MaxPool2d (stride, padding, dilation, returnIndices, ceilMode), AvgPool2d, 1-D and 3-D', () => {
    sameLayer(() => new nn.MaxPool2d(3, 1), () => new nn.MaxPool2d(3, { stride: 1 }), img);
    sameLayer(() => new nn.MaxPool2d(3, 2, 1, 1, false, true), () => new nn.MaxPool2d(3, { stride: 2, padding: 1, ceilMode: true }), img);
    const [v, i] = new nn.MaxPool2d(2, 2, 0, 1, true)(img());
    expect(v.shape).toEqual([2, 3, 4, 4]);
    expect(i.dtype).toBe('int32');
    sameLayer(() => new nn.AvgPool2d(3, 2, 1, false, false), () => new nn.AvgPool2d(3, { stride: 2, padding: 1, countIncludePad: false }), img);
    sameLayer(() => new nn.AvgPool2d(2, 2, 0, false, true, 3), () => new nn.AvgPool2d(2, { divisorOverride: 3 }), img);
    sameLayer(() => new nn.MaxPool1d(2, 1), () => new nn.MaxPool1d(2, { stride: 1 }), () => randn([1, 2, 6]));
    sameLayer(() => new nn.AvgPool1d(3, 1, 1), () => new nn.AvgPool1d(3, { stride: 1, padding: 1 }), () => randn([1, 2, 6]));
    sameLayer(() => new nn.AvgPool3d(2, 1), () => new nn.AvgPool3d(2, { stride: 1 }), () => randn([1, 1, 3, 3, 3]));
    sameLayer(() => new nn.LPPool2d(2, 2, 1, true), () => new nn.LPPool2d(2, 2, { stride: 1, ceilMode: true }), img);
    expect(new nn.MaxUnpool2d(2, 1, 0).toString()).toBe(new nn.MaxUnpool2d(2, { stride: 1, padding: 0 }).toString());
    expect(new nn.MaxUnpool2d(2, 1).toString()).toBe('MaxUnpool2d(kernel_size=(2, 2), stride=(1, 1), padding=(0, 0))');
  });
  it('Dropout(p) and Dropout({ p }) are the same layer', () => {
    const x = rand([4, 5]);
    manualSeed(3);
    const a = new nn.Dropout(0.9)(x);
    manualSeed(3);
    const b = new nn.Dropout({ p: 0.9 })(x);
    same(a, b);
    expect(new nn.Dropout({ p: 0.9 }).p).toBe(0.9);
    expect(new nn.Dropout(0.2, true).inplace).toBe(true);
    expect(new nn.Dropout2d({ p: 0.3 }).p).toBe(0.3);
  });
  it('norms in PyTorch order', () => {
    sameLayer(() => new nn.BatchNorm2d(3, 1e-3, 0.2, false, false), () => new nn.BatchNorm2d(3, { eps: 1e-3, momentum: 0.2, affine: false, trackRunningStats: false }), img);
    const bn = new nn.BatchNorm1d(4, 1e-3, null);
    expect([bn.eps, bn.momentum]).toEqual([1e-3, null]);
    sameLayer(() => new nn.InstanceNorm2d(3, 1e-3, 0.1, true), () => new nn.InstanceNorm2d(3, { eps: 1e-3, affine: true }), img);
    sameLayer(() => new nn.LayerNorm([8], 1e-3, false), () => new nn.LayerNorm(8, { eps: 1e-3, elementwiseAffine: false }), img);
    expect(new nn.LayerNorm(8, 1e-5, true, false).bias).toBeNull();
    sameLayer(() => new nn.GroupNorm(3, 3, 1e-3, false), () => new nn.GroupNorm(3, 3, { eps: 1e-3, affine: false }), img);
    sameLayer(() => new nn.LocalResponseNorm(2, 1e-3), () => new nn.LocalResponseNorm(2, { alpha: 1e-3 }), img);
  });
  it('Embedding(n, d, paddingIdx, maxNorm, normType)', () => {
    const idx = tensor([[1, 2], [0, 3]]);
    sameLayer(() => new nn.Embedding(5, 3, 0), () => new nn.Embedding(5, 3, { paddingIdx: 0 }), () => idx);
    // maxNorm renormalises the looked-up rows in place (PyTorch's embedding_renorm_).
    manualSeed(0);
    const e = new nn.Embedding(5, 3, null, 1.0);
    const y = e(idx);
    const norms = Array.from(y.norm(2, -1).toTypedArray());
    for (const n of norms) expect(n).toBeLessThanOrEqual(1.0 + 1e-6);
    expect(e.toString()).toBe('Embedding(5, 3, max_norm=1.0)');
  });
  it('activations take positionals and the options object', () => {
    const x = randn([3, 4]);
    sameLayer(() => new nn.LeakyReLU(0.2), () => new nn.LeakyReLU({ negativeSlope: 0.2 }), () => x);
    sameLayer(() => new nn.ELU(0.5), () => new nn.ELU({ alpha: 0.5 }), () => x);
    sameLayer(() => new nn.Softmax(1), () => new nn.Softmax({ dim: 1 }), () => x);
    sameLayer(() => new nn.LogSoftmax(0), () => new nn.LogSoftmax({ dim: 0 }), () => x);
    sameLayer(() => new nn.Softplus(2, 10), () => new nn.Softplus({ beta: 2, threshold: 10 }), () => x);
    sameLayer(() => new nn.GELU('tanh'), () => new nn.GELU({ approximate: 'tanh' }), () => x);
    sameLayer(() => new nn.Hardtanh(-2, 2), () => new nn.Hardtanh({ minVal: -2, maxVal: 2 }), () => x);
    sameLayer(() => new nn.CELU(2), () => new nn.CELU({ alpha: 2 }), () => x);
    sameLayer(() => new nn.Threshold(0.1, 20), () => new nn.Threshold({ threshold: 0.1, value: 20 }), () => x);
    sameLayer(() => new nn.Softmin(1), () => new nn.Softmin({ dim: 1 }), () => x);
    sameLayer(() => new nn.PReLU(4, 0.1), () => new nn.PReLU({ numParameters: 4, init: 0.1 }), () => x);
    sameLayer(() => new nn.Flatten(0, 1), () => new nn.Flatten({ startDim: 0, endDim: 1 }), () => x);
    const y = randn([2, 3]);
    sameLayer(() => new nn.ReLU(false), () => new nn.ReLU({ inplace: false }), () => y);
    const lr = new nn.LeakyReLU(0.2, true);
    const z = tensor([-1, 2], { dtype: 'float32' });
    lr(z);
    expect(Array.from(z.toTypedArray())).toEqual([Math.fround(-0.2), 2]);
  });
  it('losses: a Tensor first argument is the class weight', () => {
    const logits = randn([4, 3]), y = tensor([0, 2, 1, 2]), w = tensor([1, 2, 3], { dtype: 'float32' as DType });
    same(new nn.CrossEntropyLoss(w)(logits, y), new nn.CrossEntropyLoss({ weight: w })(logits, y));
    same(new nn.CrossEntropyLoss(w, { labelSmoothing: 0.1 })(logits, y), F.crossEntropy(logits, y, { weight: w, labelSmoothing: 0.1 }));
    same(F.crossEntropy(logits, y, w), F.crossEntropy(logits, y, { weight: w }));
    const logp = F.logSoftmax(logits, 1);
    same(new nn.NLLLoss(w)(logp, y), F.nllLoss(logp, y, w));
    const p = rand([4]), t = rand([4]);
    same(new nn.BCELoss(w.sum().expand([4]).contiguous())(p, t), F.binaryCrossEntropy(p, t, { weight: w.sum().expand([4]).contiguous() }));
    same(F.huberLoss(p, t, 'sum', 0.5), F.huberLoss(p, t, { reduction: 'sum', delta: 0.5 }));
  });
});

describe('functional: positional form = options form', () => {
  const x = randn([1, 2, 6, 6]);
  it('pools and convolutions', () => {
    same(F.maxPool2d(x, 2, 1), F.maxPool2d(x, 2, { stride: 1 }));
    same(F.maxPool2d(x, 3, 2, 1, 1, true), F.maxPool2d(x, 3, { stride: 2, padding: 1, ceilMode: true }));
    const [v, i] = F.maxPool2d(x, 2, null, 0, 1, false, true);
    const [v2, i2] = F.maxPool2d(x, 2, { returnIndices: true });
    same(v, v2);
    same(i, i2);
    same(F.avgPool2d(x, 3, 1, 1), F.avgPool2d(x, 3, { stride: 1, padding: 1 }));
    same(F.maxPool1d(x.view([1, 2, 36]), 3, 2), F.maxPool1d(x.view([1, 2, 36]), 3, { stride: 2 }));
    same(F.avgPool1d(x.view([1, 2, 36]), 3, 2), F.avgPool1d(x.view([1, 2, 36]), 3, { stride: 2 }));
    const w = randn([4, 1, 3, 3]), b = randn([4]);
    same(F.conv2d(x, w, b, 2, 1, 1, 2), F.conv2d(x, w, b, { stride: 2, padding: 1, groups: 2 }));
    const wt = randn([2, 3, 3, 3]);
    same(F.convTranspose2d(x, wt, null, 2, 1, 1), F.convTranspose2d(x, wt, null, { stride: 2, padding: 1, outputPadding: 1 }));
  });
  it('dropout, softmax, activations, interpolate, embedding, normalize', () => {
    manualSeed(5);
    const a = F.dropout(x, 0.3, true);
    manualSeed(5);
    same(a, F.dropout(x, { p: 0.3, training: true }));
    same(F.dropout(x, 0.3, false), x);
    same(F.softmax(x, 1), F.softmax(x, { dim: 1 }));
    same(F.logSoftmax(x, { dim: 1 }), F.logSoftmax(x, 1));
    same(F.logSoftmax(x, 1, { dtype: 'float64' }), F.logSoftmax(x, { dim: 1, dtype: 'float64' }));
    same(F.leakyRelu(x, 0.2), F.leakyRelu(x, { negativeSlope: 0.2 }));
    same(F.softplus(x, 2), F.softplus(x, { beta: 2 }));
    same(F.gelu(x, 'tanh'), F.gelu(x, { approximate: 'tanh' }));
    same(F.interpolate(x, null, 2, 'bilinear', false), F.interpolate(x, { scaleFactor: 2, mode: 'bilinear', alignCorners: false }));
    same(F.interpolate(x, [3, 4]), F.interpolate(x, { size: [3, 4] }));
    const wE = randn([5, 3]), idx = tensor([0, 4, 2]);
    same(F.embedding(idx, wE, 0), F.embedding(idx, wE, { paddingIdx: 0 }));
    same(F.normalize(x, 2, 0), F.normalize(x, { p: 2, dim: 0 }));
  });
  it('norms and unfold/fold in PyTorch order', () => {
    const w = randn([6]), b = randn([6]);
    same(F.layerNorm(x, [6], w, b, 1e-3), F.layerNorm(x, [6], { weight: w, bias: b, eps: 1e-3 }));
    const gw = randn([2]), gb = randn([2]);
    same(F.groupNorm(x, 2, gw, gb), F.groupNorm(x, 2, { weight: gw, bias: gb }));
    same(F.batchNorm(x, null, null, gw, gb, true, 0.1, 1e-3), F.batchNorm(x, null, null, { weight: gw, bias: gb, training: true, eps: 1e-3 }));
    same(F.unfold(x, 3, 1, 1, 2), F.unfold(x, 3, { padding: 1, stride: 2 }));
    const cols = F.unfold(x, 2, 1, 0, 2);
    same(F.fold(cols, [6, 6], 2, 1, 0, 2), F.fold(cols, [6, 6], 2, { stride: 2 }));
  });
});

describe('unknown option keys name the nearest known key', () => {
  const cases: [string, () => unknown, string][] = [
    ['Conv2d', () => new nn.Conv2d(1, 2, 3, { padding_mode: 'zeros' } as never), "Conv2d.__init__() got an unexpected keyword argument 'padding_mode' (did you mean 'paddingMode'?)"],
    ['Linear', () => new nn.Linear(1, 2, { biass: false } as never), "Linear() got an unexpected keyword argument 'biass' (did you mean 'bias'?)"],
    ['MaxPool2d', () => new nn.MaxPool2d(2, { ceil_mode: true } as never), "MaxPool2d() got an unexpected keyword argument 'ceil_mode' (did you mean 'ceilMode'?)"],
    ['AvgPool2d', () => new nn.AvgPool2d(2, { count_include_pad: true } as never), "AvgPool2d() got an unexpected keyword argument 'count_include_pad' (did you mean 'countIncludePad'?)"],
    ['Dropout', () => new nn.Dropout({ prob: 0.5 } as never), "Dropout() got an unexpected keyword argument 'prob'"],
    ['BatchNorm2d', () => new nn.BatchNorm2d(3, { track_running_stats: false } as never), "BatchNorm2d() got an unexpected keyword argument 'track_running_stats' (did you mean 'trackRunningStats'?)"],
    ['LayerNorm', () => new nn.LayerNorm(3, { elementwise_affine: false } as never), "LayerNorm() got an unexpected keyword argument 'elementwise_affine' (did you mean 'elementwiseAffine'?)"],
    ['Embedding', () => new nn.Embedding(3, 2, { padding_idx: 0 } as never), "Embedding() got an unexpected keyword argument 'padding_idx' (did you mean 'paddingIdx'?)"],
    ['CrossEntropyLoss', () => new nn.CrossEntropyLoss({ ignore_index: 0 } as never), "CrossEntropyLoss() got an unexpected keyword argument 'ignore_index' (did you mean 'ignoreIndex'?)"],
    ['MSELoss', () => new nn.MSELoss({ reductoin: 'sum' } as never), "MSELoss() got an unexpected keyword argument 'reductoin' (did you mean 'reduction'?)"],
    ['max_pool2d', () => F.maxPool2d(randn([1, 1, 4, 4]), 2, { strides: 1 } as never), "max_pool2d() got an unexpected keyword argument 'strides' (did you mean 'stride'?)"],
    ['conv2d', () => F.conv2d(randn([1, 1, 4, 4]), randn([1, 1, 3, 3]), null, { dilations: 1 } as never), "conv2d() got an unexpected keyword argument 'dilations' (did you mean 'dilation'?)"],
    ['dropout', () => F.dropout(randn([2]), { trainig: false } as never), "dropout() got an unexpected keyword argument 'trainig' (did you mean 'training'?)"],
    ['softmax', () => F.softmax(randn([2]), { dims: 0 } as never), "softmax() got an unexpected keyword argument 'dims' (did you mean 'dim'?)"],
    ['cross_entropy', () => F.crossEntropy(randn([2, 3]), tensor([0, 1]), { label_smoothing: 0.1 } as never), "cross_entropy() got an unexpected keyword argument 'label_smoothing' (did you mean 'labelSmoothing'?)"],
    ['mse_loss', () => F.mseLoss(randn([2]), randn([2]), { reductions: 'sum' } as never), "mse_loss() got an unexpected keyword argument 'reductions' (did you mean 'reduction'?)"],
    ['interpolate', () => F.interpolate(randn([1, 1, 2]), null, 2, { align_corners: true } as never), "interpolate() got an unexpected keyword argument 'align_corners' (did you mean 'alignCorners'?)"],
    ['embedding', () => F.embedding(tensor([0]), randn([2, 2]), { max_norm: 1 } as never), "embedding() got an unexpected keyword argument 'max_norm' (did you mean 'maxNorm'?)"],
  ];
  it.each(cases)('%s', (_name, fn, message) => {
    expect(fn).toThrow(message);
  });
  it('a name given positionally and by keyword, or too many positionals, is an error', () => {
    expect(() => new nn.Conv2d(1, 2, 3, 2, { stride: 1 })).toThrow("Conv2d.__init__() got multiple values for argument 'stride'");
    const sixPositionals: unknown[] = [true, 'cpu', 'float32', 1];
    expect(() => new nn.Linear(1, 2, ...(sixPositionals as []))).toThrow('Linear() takes from 2 to 5 positional arguments but 6 were given');
    expect(() => new nn.MSELoss('sum' as never)).toThrow('MSELoss() takes 0 positional arguments but 1 were given');
  });
});

describe("wrong argument types give PyTorch's errors", () => {
  const x = randn([1, 1, 5, 5]);
  const fromPyTorch: [string, () => unknown][] = [
    ['Linear(2.5, 3)', () => new nn.Linear(2.5, 3)],
    ['Linear(-1, 3)', () => new nn.Linear(-1, 3)],
    ['Conv2d(1, 2, 2.5)', () => new nn.Conv2d(1, 2, 2.5)],
    ['Conv2d(1, 2, 3, stride=0)(x)', () => new nn.Conv2d(1, 2, 3, { stride: 0 })(x)],
    ['Conv2d(1, 2, 3, 1, -1)(x)', () => new nn.Conv2d(1, 2, 3, 1, -1)(x)],
    ['Conv2d(1, 2, 3, groups=0)', () => new nn.Conv2d(1, 2, 3, { groups: 0 })],
    ['max_pool2d(x, 2.5)', () => F.maxPool2d(x, 2.5)],
    ['MaxPool2d(2.5)(x)', () => new nn.MaxPool2d(2.5)(x)],
    ['Dropout(1.5)', () => new nn.Dropout(1.5)],
    ['dropout(x, nan)', () => F.dropout(x, NaN)],
    ["dropout(x, 0.5, 'a')", () => F.dropout(x, 0.5, 'a' as never)],
    ['linear(x, 3)', () => F.linear(x, 3 as never)],
    ['linear(x, w, 5)', () => F.linear(x.view([25]), randn([3, 25]), 5 as never)],
    ['cross_entropy(ignore_index=1.5)', () => F.crossEntropy(randn([2, 3]), tensor([0, 1]), { ignoreIndex: 1.5 })],
    ['CrossEntropyLoss(label_smoothing=2.0)', () => new nn.CrossEntropyLoss({ labelSmoothing: 2.0 })(randn([2, 3]), tensor([0, 1]))],
    ["CrossEntropyLoss(reduction='x')", () => new nn.CrossEntropyLoss({ reduction: 'x' as never })(randn([2, 3]), tensor([0, 1]))],
    ['Embedding(10, 3, 20)', () => new nn.Embedding(10, 3, 20)],
    ['GroupNorm(3, 4)', () => new nn.GroupNorm(3, 4)],
    ['softmax(x, 1.5)', () => F.softmax(x, 1.5)],
  ];
  it.each(fromPyTorch)('%s', (key, fn) => {
    const message = pytorch[key];
    expect(message).toBeDefined();
    expect(fn).toThrow(message);
  });
  it('the stride check keeps PyTorch timing: construction succeeds, forward raises', () => {
    const conv = new nn.Conv2d(1, 2, 3, { stride: 0 });
    expect(conv.stride).toEqual([0, 0]);
  });
  it('non-numbers and NaN where numbers belong', () => {
    expect(() => new nn.Dropout('a' as never)).toThrow("Dropout(): argument 'p' must be float, not str");
    expect(() => new nn.Dropout(NaN)).toThrow('dropout probability has to be between 0 and 1, but got nan');
    expect(() => new nn.Linear(2, 3, 'x' as never)).toThrow("Linear(): argument 'bias' must be bool, not str");
    expect(() => new nn.LeakyReLU('a' as never)).toThrow("leaky_relu(): argument 'negative_slope' must be float, not str");
    expect(() => new nn.Softmax(1.5)).toThrow('softmax() received an invalid combination of arguments - got (float)');
    expect(() => new nn.Flatten(1.5)).toThrow("flatten(): argument 'start_dim' must be int, not float");
    expect(() => new nn.BatchNorm2d(3, 'a' as never)).toThrow("BatchNorm2d(): argument 'eps' must be float, not str");
    expect(() => new nn.CrossEntropyLoss(3 as never)).toThrow("CrossEntropyLoss: argument 'weight' must be Tensor, not int");
    expect(() => F.embedding(tensor([0]), randn([2, 2]), 0.5)).toThrow("embedding(): argument 'padding_idx' must be int, not float");
  });
});

describe('pointwise losses warn when target and input sizes differ', () => {
  it('once per call site, with PyTorch words', () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      const input = randn([3, 1]), target = randn([3]);
      for (let i = 0; i < 3; i++) F.mseLoss(input, target); // one site: one warning
      expect(warn).toHaveBeenCalledTimes(1);
      expect(String(warn.mock.calls[0]![0])).toContain(pytorch['mse_loss size warning']!);
      F.l1Loss(input, target);
      F.smoothL1Loss(input, target);
      F.huberLoss(input, target);
      expect(warn).toHaveBeenCalledTimes(4);
      F.mseLoss(input, input); // same sizes: silent
      expect(warn).toHaveBeenCalledTimes(4);
    } finally {
      warn.mockRestore();
    }
  });
});

describe('losses-extra modules: PyTorch 1.13 positional first arguments (those before size_average)', () => {
  /** Same attributes and the same loss, positional form vs options form. */
  function sameLoss<A extends Tensor[]>(a: nn.Module<A>, b: nn.Module<A>, inputs: A): void {
    expect(a.toString()).toBe(b.toString());
    same(a.forward(...inputs), b.forward(...inputs));
  }
  it('positional equals the options object', () => {
    manualSeed(3);
    const x1 = randn([4]), x2 = randn([4]), y = tensor([1, -1, 1, -1], { dtype: 'float32' });
    const a = randn([3, 5]), p = randn([3, 5]), n = randn([3, 5]);
    const x = randn([3, 4]), cls = tensor([0, 3, 1]), w = rand([4]);
    const r = new nn.MarginRankingLoss(0.5);
    expect(r.margin).toBe(0.5);
    sameLoss(r, new nn.MarginRankingLoss({ margin: 0.5 }), [x1, x2, y]);
    sameLoss(new nn.MarginRankingLoss(0.5, { reduction: 'sum' }), new nn.MarginRankingLoss({ margin: 0.5, reduction: 'sum' }), [x1, x2, y]);
    const t = new nn.TripletMarginLoss(0.7, 1.0, 1e-4, true);
    expect([t.margin, t.p, t.eps, t.swap]).toEqual([0.7, 1.0, 1e-4, true]);
    sameLoss(t, new nn.TripletMarginLoss({ margin: 0.7, p: 1.0, eps: 1e-4, swap: true }), [a, p, n]);
    sameLoss(new nn.TripletMarginLoss(1.0, 2.0), new nn.TripletMarginLoss({ margin: 1.0, p: 2.0 }), [a, p, n]);
    sameLoss(new nn.CosineEmbeddingLoss(0.2), new nn.CosineEmbeddingLoss({ margin: 0.2 }), [a, p, tensor([1, -1, 1])]);
    expect(new nn.HingeEmbeddingLoss(2).margin).toBe(2);
    sameLoss(new nn.HingeEmbeddingLoss(2), new nn.HingeEmbeddingLoss({ margin: 2 }), [x1, y]);
    const mls = new nn.MultiLabelSoftMarginLoss(w);
    expect(mls.weight).toBe(w);
    sameLoss(mls, new nn.MultiLabelSoftMarginLoss({ weight: w }), [x, tensor([[1, 0, 0, 1], [0, 1, 0, 0], [1, 1, 1, 0]], { dtype: 'float32' })]);
    const mm = new nn.MultiMarginLoss(2, 0.5, w);
    expect([mm.p, mm.margin, mm.weight]).toEqual([2, 0.5, w]);
    sameLoss(mm, new nn.MultiMarginLoss({ p: 2, margin: 0.5, weight: w }), [x, cls]);
    const pn = new nn.PoissonNLLLoss(false, true, { eps: 1e-6 });
    expect([pn.logInput, pn.full, pn.eps]).toEqual([false, true, 1e-6]);
    sameLoss(pn, new nn.PoissonNLLLoss({ logInput: false, full: true, eps: 1e-6 }), [x.abs(), x.abs().add(1)]);
    const ctc = new nn.CTCLoss(1, 'sum', true);
    expect([ctc.blank, ctc.reduction, ctc.zeroInfinity]).toEqual([1, 'sum', true]);
    expect(ctc.toString()).toBe(new nn.CTCLoss({ blank: 1, reduction: 'sum', zeroInfinity: true }).toString());
    // Keyword-only in PyTorch: the options object alone.
    expect(new nn.GaussianNLLLoss({ full: true }).full).toBe(true);
    expect(new nn.TripletMarginWithDistanceLoss({ margin: 2 }).margin).toBe(2);
  });

  it('unknown keys name the nearest one; too many positionals or a wrong type raise', () => {
    const L = (C: unknown): new (...a: unknown[]) => unknown => C as new (...a: unknown[]) => unknown;
    expect(() => new (L(nn.MarginRankingLoss))(0.5, { reductoin: 'sum' })).toThrow(new TypeError("MarginRankingLoss() got an unexpected keyword argument 'reductoin' (did you mean 'reduction'?)"));
    expect(() => new (L(nn.TripletMarginLoss))(1.0, { margn: 1 })).toThrow("TripletMarginLoss() got an unexpected keyword argument 'margn' (did you mean 'margin'?)");
    expect(() => new (L(nn.PoissonNLLLoss))({ log_input: false })).toThrow("PoissonNLLLoss() got an unexpected keyword argument 'log_input' (did you mean 'logInput'?)");
    expect(() => new (L(nn.CTCLoss))(0, { zero_infinity: true })).toThrow("CTCLoss() got an unexpected keyword argument 'zero_infinity' (did you mean 'zeroInfinity'?)");
    expect(() => new (L(nn.GaussianNLLLoss))({ epss: 1e-3 })).toThrow("GaussianNLLLoss() got an unexpected keyword argument 'epss' (did you mean 'eps'?)");
    expect(() => new (L(nn.MarginRankingLoss))(0.5, { margin: 1 })).toThrow("MarginRankingLoss() got multiple values for argument 'margin'");
    expect(() => new (L(nn.MarginRankingLoss))(0.5, 1)).toThrow('MarginRankingLoss() takes 1 positional argument but 2 were given');
    expect(() => new (L(nn.GaussianNLLLoss))(true)).toThrow('GaussianNLLLoss() takes 0 positional arguments but 1 were given');
    expect(() => new (L(nn.MarginRankingLoss))('0.5')).toThrow(new TypeError("MarginRankingLoss(): argument 'margin' must be float, not str"));
    expect(() => new (L(nn.MultiLabelSoftMarginLoss))(2)).toThrow(new TypeError("MultiLabelSoftMarginLoss(): argument 'weight' (position 1) must be Tensor, not int"));
  });
});
