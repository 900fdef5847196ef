/**
 * Every loss against PyTorch (fixtures from tools/parity/nn_losses.py): value, grad_fn name and
 * gradients for each reduction, error messages; the fused cross-entropy against its composed
 * oracle (logSoftmax + nllLoss); the loss modules.
 */
import { Tensor, tensor, randn, manualSeed } from '@torchlet/core';
import * as nn from '@torchlet/nn';
import fixture from './fixtures/losses.json';
import { camel, expectClose, float64Gradcheck, fromJson, type TensorJson } from './helpers';

const F = nn.functional;

interface Run {
  reduction: string;
  output: TensorJson;
  gradFn: string;
  gout: TensorJson;
  inputGrad: TensorJson;
  targetGrad: TensorJson | null;
}
interface LossCase {
  name: string;
  fn: string;
  input: TensorJson;
  target: TensorJson;
  options: Record<string, unknown>;
  runs: Run[];
}
interface ErrorCase {
  name: string;
  fn: string;
  input: TensorJson;
  target: TensorJson;
  options: Record<string, unknown>;
  message: string;
}

type LossFn = (input: Tensor, target: Tensor, opts: Record<string, unknown>) => Tensor;
const FNS: Record<string, LossFn> = {
  crossEntropy: (x, t, o) => F.crossEntropy(x, t, o),
  nllLoss: (x, t, o) => F.nllLoss(x, t, o),
  mseLoss: (x, t, o) => F.mseLoss(x, t, o),
  l1Loss: (x, t, o) => F.l1Loss(x, t, o),
  smoothL1Loss: (x, t, o) => F.smoothL1Loss(x, t, o),
  huberLoss: (x, t, o) => F.huberLoss(x, t, o),
  binaryCrossEntropy: (x, t, o) => F.binaryCrossEntropy(x, t, o),
  binaryCrossEntropyWithLogits: (x, t, o) => F.binaryCrossEntropyWithLogits(x, t, o),
  klDiv: (x, t, o) => F.klDiv(x, t, o),
};

/** Options with fixture tensors decoded, keys camelCased. */
function options(raw: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(camel(raw))) {
    out[k] = typeof v === 'object' && v !== null && 'data' in v ? fromJson(v as TensorJson) : v;
  }
  return out;
}

/** Node names we reproduce (PyTorch's DivBackward1 for a scalar divisor is DivBackward0 here). */
function expectedNode(c: LossCase, r: Run): string {
  return r.gradFn === 'DivBackward1' ? 'DivBackward0' : r.gradFn;
}

const { cases, errors } = fixture as { cases: LossCase[]; errors: ErrorCase[] };

describe.each(cases.map((c) => [c.name, c] as const))('%s', (_n, c) => {
  it.each(c.runs.map((r) => [r.reduction, r] as const))('reduction %s', (_r, r) => {
    const x = fromJson(c.input).requiresGrad_();
    const target = fromJson(c.target);
    if (r.targetGrad !== null) target.requiresGrad_();
    const y = FNS[c.fn]!(x, target, { ...options(c.options), reduction: r.reduction });
    expectClose(y, r.output);
    expect(y.gradFn?.name).toBe(expectedNode(c, r));
    y.backward(fromJson(r.gout));
    expectClose(x.grad!, r.inputGrad);
    if (r.targetGrad !== null) expectClose(target.grad!, r.targetGrad);
  });
});

describe('loss errors in PyTorch words', () => {
  it.each(errors.map((e) => [e.name, e] as const))('%s', (_n, e) => {
    const call = (): Tensor => FNS[e.fn]!(fromJson(e.input), fromJson(e.target), options(e.options));
    expect(call).toThrow(e.message);
  });
});

describe('fused cross-entropy', () => {
  type Opts = { weight?: Tensor; ignoreIndex?: number; reduction?: 'mean' | 'sum' | 'none' };
  const composed = (x: Tensor, t: Tensor, o: Opts): Tensor => F.nllLoss(x.logSoftmax(1), t, o);
  it.each([
    ['mean', {}], ['sum', { reduction: 'sum' as const }], ['none', { reduction: 'none' as const }],
    ['weight+ignore', { weight: tensor([0.5, 2, 1, 3]), ignoreIndex: 2 }],
  ])('matches logSoftmax + nllLoss (%s), value and gradient', (_n, o: Opts) => {
    manualSeed(3);
    const x1 = randn(5, 4).requiresGrad_();
    const x2 = x1.detach().clone().requiresGrad_();
    const t = tensor([0, 3, 2, 1, 2]);
    const a = F.crossEntropy(x1, t, o), b = composed(x2, t, o);
    expectClose(a, b);
    a.sum().backward();
    b.sum().backward();
    expectClose(x1.grad!, x2.grad!);
  });

  it('has a correct double backward (createGraph path) in float64', () => {
    manualSeed(4);
    const x = randn(3, 4, { dtype: 'float64' }).requiresGrad_();
    const t = tensor([1, 0, 3]);
    float64Gradcheck((z) => F.crossEntropy(z, t, { weight: tensor([1, 2, 0.5, 1], { dtype: 'float64' }) }), [x], true);
    float64Gradcheck((z) => F.crossEntropy(z, t, { reduction: 'none' }), [x], true);
  });

  it('gradchecks NLL, and spatial cross-entropy', () => {
    manualSeed(5);
    const lp = randn(4, 3, { dtype: 'float64' }).requiresGrad_();
    float64Gradcheck((z) => F.nllLoss(z, tensor([0, 2, 1, 1]), { weight: tensor([1, 2, 3], { dtype: 'float64' }) }), [lp], true);
    const x = randn(2, 3, 2, 2, { dtype: 'float64' }).requiresGrad_();
    float64Gradcheck((z) => F.crossEntropy(z, tensor([[[0, 1], [2, 2]], [[1, 1], [0, 2]]])), [x], true);
  });

  it('prints the tutorial loss like PyTorch', () => {
    const y = F.crossEntropy(tensor([[1.0, 2.0, 0.5]], { requiresGrad: true }), tensor([1]));
    expect(String(y)).toBe('tensor(0.4644, grad_fn=<NllLossBackward0>)');
  });
});

describe('pointwise losses gradcheck (float64, double backward)', () => {
  manualSeed(6);
  const x = (): Tensor => randn(3, 4, { dtype: 'float64' }).requiresGrad_();
  it.each([
    ['mse', (a: Tensor, b: Tensor) => F.mseLoss(a, b)],
    ['smoothL1', (a: Tensor, b: Tensor) => F.smoothL1Loss(a, b, { beta: 0.7 })],
    ['huber', (a: Tensor, b: Tensor) => F.huberLoss(a, b, { delta: 0.8, reduction: 'sum' })],
    ['bceWithLogits', (a: Tensor, b: Tensor) => F.binaryCrossEntropyWithLogits(a, b.sigmoid(), { posWeight: tensor([1, 2, 3, 0.5], { dtype: 'float64' }) })],
    ['bce', (a: Tensor, b: Tensor) => F.binaryCrossEntropy(a.sigmoid(), b.sigmoid(), { reduction: 'none' })],
    ['klDiv', (a: Tensor, b: Tensor) => F.klDiv(a.logSoftmax(1), b.softmax(1), { reduction: 'batchmean' })],
  ])('%s', (_n, f) => {
    float64Gradcheck(f, [x(), x()], true);
  });
});

describe('loss modules', () => {
  it('pass their options through and print like PyTorch', () => {
    const w = tensor([1, 2, 3]).float();
    const ce = new nn.CrossEntropyLoss({ weight: w, labelSmoothing: 0.1 });
    expect(String(ce)).toBe('CrossEntropyLoss()');
    expect(ce.weight).toBe(w);
    expect(Object.keys(ce.stateDict())).toEqual(['weight']);
    const x = tensor([[0.2, 0.3, 0.1], [1.0, -1.0, 0.5]]), t = tensor([2, 0]);
    expectClose(ce(x, t), F.crossEntropy(x, t, { weight: w, labelSmoothing: 0.1 }));
    const bce = new nn.BCEWithLogitsLoss({ posWeight: tensor([2]) });
    expect(Object.keys(bce.stateDict())).toEqual(['pos_weight']);
    expectClose(bce(tensor([0.5, -1]), tensor([1, 0]).float()), F.binaryCrossEntropyWithLogits(tensor([0.5, -1]), tensor([1, 0]).float(), { posWeight: tensor([2]) }));
    expectClose(new nn.MSELoss({ reduction: 'sum' })(x, x.mul(2)), F.mseLoss(x, x.mul(2), { reduction: 'sum' }));
    expectClose(new nn.L1Loss()(x, x.mul(2)), F.l1Loss(x, x.mul(2)));
    expectClose(new nn.SmoothL1Loss({ beta: 0.5 })(x, x.mul(2)), F.smoothL1Loss(x, x.mul(2), { beta: 0.5 }));
    expectClose(new nn.HuberLoss({ delta: 0.5 })(x, x.mul(2)), F.huberLoss(x, x.mul(2), { delta: 0.5 }));
    expectClose(new nn.NLLLoss({ ignoreIndex: 0 })(x.logSoftmax(1), t), F.nllLoss(x.logSoftmax(1), t, { ignoreIndex: 0 }));
    expectClose(new nn.BCELoss()(x.sigmoid(), x.sigmoid()), F.binaryCrossEntropy(x.sigmoid(), x.sigmoid()));
    expectClose(new nn.KLDivLoss({ reduction: 'batchmean' })(x.logSoftmax(1), x.softmax(1)), F.klDiv(x.logSoftmax(1), x.softmax(1), { reduction: 'batchmean' }));
  });
});
