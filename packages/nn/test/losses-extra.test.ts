/**
 * The losses of functional/loss-extra.ts against PyTorch (fixtures from
 * tools/parity/nn_losses_extra.py): value, grad_fn name and the gradient of every differentiable
 * argument for each reduction, on transposed, broadcast, empty and 0-d inputs; PyTorch's errors;
 * float64 gradchecks; the modules (options, reprs, buffers).
 */
import { Tensor, cosineSimilarity, pairwiseDistance, tensor } from '@torchlet/core';
import * as nn from '@torchlet/nn';
import fixture from './fixtures/nn_losses_extra.json';
import { expectClose, float64Gradcheck, fromJson, type TensorJson } from './helpers';

const F = nn.functional;

interface Run {
  reduction: string;
  output: TensorJson;
  gradFn: string;
  gout: TensorJson;
  grads: (TensorJson | null)[];
}
interface LossCase {
  name: string;
  fn: string;
  args: TensorJson[];
  options: Record<string, unknown>;
  grads: number[];
  transposed: number[];
  runs: Run[];
}
interface ErrorCase {
  name: string;
  fn: string;
  args: TensorJson[];
  options: Record<string, unknown>;
  message: string;
}

const DISTANCES: Record<string, (a: Tensor, b: Tensor) => Tensor> = {
  cosine: (a, b) => cosineSimilarity(a, b).neg().add(1),
  l1: (a, b) => pairwiseDistance(a, b, { p: 1 }),
};

type Opts = Record<string, unknown>;
const FNS: Record<string, (args: Tensor[], o: Opts) => Tensor> = {
  margin_ranking_loss: ([a, b, y], o) => F.marginRankingLoss(a!, b!, y!, o),
  triplet_margin_loss: ([a, p, n], o) => F.tripletMarginLoss(a!, p!, n!, o),
  triplet_margin_with_distance_loss: ([a, p, n], o) => F.tripletMarginWithDistanceLoss(a!, p!, n!, o),
  cosine_embedding_loss: ([a, b, y], o) => F.cosineEmbeddingLoss(a!, b!, y!, o),
  hinge_embedding_loss: ([x, y], o) => F.hingeEmbeddingLoss(x!, y!, o),
  soft_margin_loss: ([x, y], o) => F.softMarginLoss(x!, y!, o),
  multilabel_soft_margin_loss: ([x, y], o) => F.multilabelSoftMarginLoss(x!, y!, o),
  multilabel_margin_loss: ([x, y], o) => F.multilabelMarginLoss(x!, y!, o),
  multi_margin_loss: ([x, y], o) => F.multiMarginLoss(x!, y!, o),
  poisson_nll_loss: ([x, y], o) => F.poissonNllLoss(x!, y!, o),
  gaussian_nll_loss: ([x, y, v], o) => F.gaussianNllLoss(x!, y!, v!, o),
};

function options(raw: Opts): Opts {
  const out: Opts = {};
  for (const [k, v] of Object.entries(raw)) {
    if (k === 'distanceFunction') out[k] = DISTANCES[v as string];
    else out[k] = typeof v === 'object' && v !== null && 'data' in v ? fromJson(v as TensorJson) : v;
  }
  return out;
}

/** Our node where PyTorch's differs only by overload (DivBackward1: a Python-number divisor). */
const node = (name: string): string => (name === 'DivBackward1' ? 'DivBackward0' : name);

const { cases, errors } = fixture as unknown as { cases: LossCase[]; errors: ErrorCase[] };

describe.each(cases.map((c) => [c.name, c] as const))('%s', (_n, c) => {
  it.each(c.runs.map((r) => [r.reduction, r] as const))('reduction %s: value, node, gradients', (_r, r) => {
    const args = c.args.map((j, i) => {
      const t = c.transposed.includes(i) ? fromJson(j).t() : fromJson(j);
      return c.grads.includes(i) ? t.detach().requiresGrad_() : t;
    });
    c.transposed.forEach((i) => expect(args[i]!.isContiguous()).toBe(false));
    const y = FNS[c.fn]!(args, { ...options(c.options), reduction: r.reduction });
    expectClose(y, r.output, 1e-5, 1e-6);
    expect(y.gradFn?.name).toBe(node(r.gradFn));
    y.backward(fromJson(r.gout));
    c.grads.forEach((i, k) => {
      const want = r.grads[k] ?? null;
      if (want === null) expect(args[i]!.grad).toBeNull();
      else expectClose(args[i]!.grad!, want, 1e-5, 1e-6);
    });
  });
});

describe('PyTorch errors', () => {
  it.each(errors.map((e) => [e.name, e] as const))('%s', (_n, e) => {
    expect(() => FNS[e.fn]!(e.args.map((j) => fromJson(j)), options(e.options))).toThrow(e.message);
  });

  it('unknown options name the nearest key', () => {
    const x = tensor([0.5, -1]);
    expect(() => F.marginRankingLoss(x, x, x, { margn: 1 } as Opts)).toThrow("margin_ranking_loss() got an unexpected keyword argument 'margn' (did you mean 'margin'?)");
    expect(() => new nn.TripletMarginLoss({ swapp: true } as Opts)).toThrow("TripletMarginLoss() got an unexpected keyword argument 'swapp'");
  });
});

describe('float64 gradchecks', () => {
  const t = (shape: number[], k: number, lo = 0): Tensor => {
    const n = shape.reduce((a, b) => a * b, 1);
    return tensor(Array.from({ length: n }, (_, i) => Math.sin(1.3 * i + k) * 1.5 + lo), { dtype: 'float64' }).reshape(shape).detach().requiresGrad_();
  };
  const signs = tensor([1, -1, -1, 1, 1, -1], { dtype: 'float64' });
  it('margin ranking (all three inputs)', () => {
    float64Gradcheck((a, b, y) => F.marginRankingLoss(a, b, y, { margin: 0.1 }), [t([6], 0), t([6], 1), signs.clone().requiresGrad_()], true);
  });
  it('triplet, with swap and p = 3', () => {
    float64Gradcheck((a, p, n) => F.tripletMarginLoss(a, p, n, { margin: 2 }), [t([3, 4], 0), t([3, 4], 1), t([3, 4], 2)], true);
    float64Gradcheck((a, p, n) => F.tripletMarginLoss(a, p, n, { p: 3, swap: true, margin: 3, reduction: 'none' }), [t([3, 4], 3), t([3, 4], 4), t([3, 4], 5)], true);
  });
  it('triplet with a distance function', () => {
    float64Gradcheck((a, p, n) => F.tripletMarginWithDistanceLoss(a, p, n, { distanceFunction: DISTANCES.cosine, margin: 1.5, swap: true }),
      [t([3, 4], 0), t([3, 4], 1), t([3, 4], 2)], true);
  });
  it('cosine and hinge embedding', () => {
    const y = signs.narrow(0, 0, 3);
    float64Gradcheck((a, b) => F.cosineEmbeddingLoss(a, b, y, { margin: -0.5 }), [t([3, 4], 0), t([3, 4], 1)], true);
    float64Gradcheck((x) => F.hingeEmbeddingLoss(x, signs.view([2, 3]), { margin: 0.7, reduction: 'sum' }), [t([2, 3], 2)], true);
  });
  it('soft margin and multilabel soft margin', () => {
    float64Gradcheck((x) => F.softMarginLoss(x, signs.view([2, 3])), [t([2, 3], 0)], true);
    float64Gradcheck((x, y) => F.multilabelSoftMarginLoss(x, y.sigmoid(), { weight: tensor([0.5, 2, 1], { dtype: 'float64' }) }), [t([2, 3], 1), t([2, 3], 2)], true);
  });
  it('multilabel margin and multi margin', () => {
    float64Gradcheck((x) => F.multilabelMarginLoss(x, tensor([[2, 0, -1, 1], [3, -1, 0, 0]])), [t([2, 4], 0)], true);
    float64Gradcheck((x) => F.multiMarginLoss(x, tensor([1, 3]), { margin: 2 }), [t([2, 4], 1)], true);
    float64Gradcheck((x) => F.multiMarginLoss(x, tensor([0, 2]), { p: 2, margin: 1.5, weight: tensor([1, 2, 0.5, 1], { dtype: 'float64' }), reduction: 'none' }),
      [t([2, 4], 2)], true);
  });
  it('Poisson and Gaussian NLL', () => {
    const counts = tensor([[0, 1, 2], [3, 5, 0.5]], { dtype: 'float64' });
    float64Gradcheck((x) => F.poissonNllLoss(x, counts, { full: true }), [t([2, 3], 0)], true);
    float64Gradcheck((x, y) => F.poissonNllLoss(x.exp(), y.exp(), { logInput: false }), [t([2, 3], 1), t([2, 3], 2)], true);
    float64Gradcheck((x, y, v) => F.gaussianNllLoss(x, y, v.exp(), { full: true }), [t([2, 3], 3), t([2, 3], 4), t([2], 5)], true);
  });
});

describe('loss modules', () => {
  const x = tensor([[0.2, -0.4, 1.1], [0.7, 0.1, -0.9]]), z = tensor([[0.3, 0.5, -0.2], [-0.6, 0.4, 0.8]]);
  it('print as PyTorch prints them', () => {
    expect(String(new nn.MarginRankingLoss({ margin: 0.5 }))).toBe('MarginRankingLoss()');
    expect(String(new nn.TripletMarginWithDistanceLoss())).toBe('TripletMarginWithDistanceLoss(\n  (distance_function): PairwiseDistance()\n)');
    expect(String(new nn.TripletMarginWithDistanceLoss({ distanceFunction: DISTANCES.l1 }))).toBe('TripletMarginWithDistanceLoss()');
    expect(String(new nn.CTCLoss({ zeroInfinity: true }))).toBe('CTCLoss()');
    const w = tensor([1, 2, 3]);
    expect(Object.keys(new nn.MultiLabelSoftMarginLoss({ weight: w }).stateDict())).toEqual(['weight']);
    expect(Object.keys(new nn.MultiMarginLoss({ weight: w }).stateDict())).toEqual(['weight']);
    expect(Object.keys(new nn.MultiMarginLoss().stateDict())).toEqual([]);
  });
  it('compute their functional forms with their options', () => {
    const y = tensor([1, -1, 1]).float();
    expectClose(new nn.MarginRankingLoss({ margin: 0.5, reduction: 'sum' })(x.select(0, 0), x.select(0, 1), y),
      F.marginRankingLoss(x.select(0, 0), x.select(0, 1), y, { margin: 0.5, reduction: 'sum' }));
    expectClose(new nn.TripletMarginLoss({ p: 1, swap: true })(x, z, x.flip([0])), F.tripletMarginLoss(x, z, x.flip([0]), { p: 1, swap: true }));
    expectClose(new nn.TripletMarginWithDistanceLoss({ margin: 2 })(x, z, z.neg()), F.tripletMarginLoss(x, z, z.neg(), { margin: 2 }));
    expectClose(new nn.CosineEmbeddingLoss({ margin: 0.1 })(x, z, tensor([1, -1]).float()), F.cosineEmbeddingLoss(x, z, tensor([1, -1]).float(), { margin: 0.1 }));
    expectClose(new nn.HingeEmbeddingLoss({ margin: 2 })(x, z.sign()), F.hingeEmbeddingLoss(x, z.sign(), { margin: 2 }));
    expectClose(new nn.SoftMarginLoss({ reduction: 'none' })(x, z.sign()), F.softMarginLoss(x, z.sign(), { reduction: 'none' }));
    expectClose(new nn.MultiLabelSoftMarginLoss({ weight: tensor([1, 0.5, 2]) })(x, z.gt(0).float()),
      F.multilabelSoftMarginLoss(x, z.gt(0).float(), { weight: tensor([1, 0.5, 2]) }));
    expectClose(new nn.MultiLabelMarginLoss()(x, tensor([[1, -1, 0], [2, 0, -1]])), F.multilabelMarginLoss(x, tensor([[1, -1, 0], [2, 0, -1]])));
    expectClose(new nn.MultiMarginLoss({ p: 2, margin: 0.5 })(x, tensor([2, 0])), F.multiMarginLoss(x, tensor([2, 0]), { p: 2, margin: 0.5 }));
    expectClose(new nn.PoissonNLLLoss({ full: true })(x, z.abs().mul(4)), F.poissonNllLoss(x, z.abs().mul(4), { full: true }));
    expectClose(new nn.GaussianNLLLoss({ eps: 0.1 })(x, z, z.abs()), F.gaussianNllLoss(x, z, z.abs(), { eps: 0.1 }));
  });
  it('check reduction when they run, with PyTorch\'s words', () => {
    const m = new nn.SoftMarginLoss({ reduction: 'avg' as 'mean' });
    expect(() => m(x, z)).toThrow('avg is not a valid value for reduction');
    expect(() => new nn.PoissonNLLLoss({ reduction: 'avg' as 'mean' })(x, z)).toThrow('avg is not valid');
    expect(() => new nn.MultiMarginLoss({ p: 3 })).toThrow('only p == 1 and p == 2 supported');
  });
});
