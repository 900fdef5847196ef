/**
 * The rest of torch.nn.functional's losses. Where PyTorch composes the loss from other ops (margin
 * ranking, triplet, cosine/hinge embedding, Poisson/Gaussian NLL, multilabel soft margin) so do we,
 * in PyTorch's order of operations, so values, gradients and node names follow. soft margin, multi
 * margin and multilabel margin are single nodes in PyTorch (with a hand-written backward): here too,
 * their gradients written beside the forward in differentiable ops.
 */
import { Tensor, arange, noGrad, pairwiseDistance, where, zerosLike } from '@torchlet/core';
import { checkOptions, nnOps } from '@torchlet/core/internal';
import type { Reduction, ReductionOptions } from './loss';
import { logsigmoid } from './activation-extra';

/** The reduction of an elementwise (or per-sample) loss. */
function reduce(t: Tensor, reduction: Reduction): Tensor {
  return reduction === 'mean' ? t.mean() : reduction === 'sum' ? t.sum() : t;
}

/** PyTorch's check of `reduction` in the ATen losses ("avg is not a valid value for reduction"). */
const checkReduction = (r: string | undefined): Reduction => nnOps.checkReduction(r ?? 'mean');

/** The Python-side check of poisson_nll_loss, gaussian_nll_loss and multilabel_soft_margin_loss (other words). */
function checkReductionPy(r: string | undefined): Reduction {
  const red = r ?? 'mean';
  if (red !== 'none' && red !== 'mean' && red !== 'sum') throw new Error(`${red} is not valid`);
  return red;
}

const torchSize = (s: readonly number[]): string => `torch.Size([${s.join(', ')}])`;

/** F.margin_ranking_loss's keyword arguments. */
export interface MarginRankingLossOptions extends ReductionOptions {
  /** The margin (default 0). */
  margin?: number;
}

/**
 * max(0, -target * (input1 - input2) + margin), composed as PyTorch's margin_ranking_loss.
 * @example marginRankingLoss(scoreA, scoreB, tensor([1, -1, 1]), { margin: 0.5 })
 */
export function marginRankingLoss(input1: Tensor, input2: Tensor, target: Tensor, opts: MarginRankingLossOptions = {}): Tensor {
  checkOptions('margin_ranking_loss', opts, ['margin', 'reduction']);
  const reduction = checkReduction(opts.reduction);
  const nd = input1.shape.length;
  if (input2.shape.length !== nd || target.shape.length !== nd) {
    throw new Error(`margin_ranking_loss : All input tensors should have same dimension but got sizes: input1: ${torchSize(input1.shape)}, ` +
      `input2: ${torchSize(input2.shape)}, target: ${torchSize(target.shape)} `);
  }
  return reduce(target.neg().mul(input1.sub(input2)).add(opts.margin ?? 0).clampMin(0), reduction);
}

/** F.triplet_margin_loss's keyword arguments. */
export interface TripletMarginLossOptions extends ReductionOptions {
  /** The margin (default 1). */
  margin?: number;
  /** The norm degree of the pairwise distance (default 2). */
  p?: number;
  /** Added inside the distance for numerical stability (default 1e-6). */
  eps?: number;
  /** Use the smaller of the anchor-negative and positive-negative distances (distance swap; default false). */
  swap?: boolean;
}

/**
 * max(0, margin + d(a, p) - d(a, n)) with d the p-norm pairwise distance (eps added to the
 * difference); `swap` takes min(d(a, n), d(p, n)) as the negative distance.
 * @example tripletMarginLoss(anchor, positive, negative, { margin: 1, p: 2 })
 */
export function tripletMarginLoss(anchor: Tensor, positive: Tensor, negative: Tensor, opts: TripletMarginLossOptions = {}): Tensor {
  checkOptions('triplet_margin_loss', opts, ['margin', 'p', 'eps', 'swap', 'reduction']);
  const reduction = checkReduction(opts.reduction);
  const p = opts.p ?? 2, eps = opts.eps ?? 1e-6;
  const distPos = pairwiseDistance(anchor, positive, { p, eps });
  let distNeg = pairwiseDistance(anchor, negative, { p, eps });
  if (opts.swap ?? false) distNeg = distNeg.minimum(pairwiseDistance(positive, negative, { p, eps }));
  return reduce(distPos.add(opts.margin ?? 1).sub(distNeg).clampMin(0), reduction);
}

/** A distance between two batches of vectors, per sample (pairwiseDistance by default). */
export type DistanceFunction = (x1: Tensor, x2: Tensor) => Tensor;
/** F.triplet_margin_with_distance_loss's keyword arguments. */
export interface TripletMarginWithDistanceLossOptions extends ReductionOptions {
  /** The distance (default pairwiseDistance, the Euclidean one). */
  distanceFunction?: DistanceFunction | null;
  /** The margin (default 1). */
  margin?: number;
  /** Use the smaller of the anchor-negative and positive-negative distances (default false). */
  swap?: boolean;
}

/**
 * The triplet loss with any distance (pairwiseDistance by default), as PyTorch's Python version.
 * @example tripletMarginWithDistanceLoss(a, p, n, { distanceFunction: (x, y) => cosineSimilarity(x, y).neg().add(1) })
 */
export function tripletMarginWithDistanceLoss(anchor: Tensor, positive: Tensor, negative: Tensor, opts: TripletMarginWithDistanceLossOptions = {}): Tensor {
  checkOptions('triplet_margin_with_distance_loss', opts, ['distanceFunction', 'margin', 'swap', 'reduction']);
  const reduction = checkReduction(opts.reduction);
  const dist: DistanceFunction = opts.distanceFunction ?? ((x1, x2) => pairwiseDistance(x1, x2));
  const distPos = dist(anchor, positive);
  let distNeg = dist(anchor, negative);
  if (opts.swap ?? false) distNeg = distNeg.minimum(dist(positive, negative));
  return reduce(distPos.sub(distNeg).add(opts.margin ?? 1).clamp(0), reduction);
}

/** F.cosine_embedding_loss and F.hinge_embedding_loss's keyword arguments. */
export interface MarginOptions extends ReductionOptions {
  /** The margin (default 0 for cosineEmbeddingLoss, 1 for hingeEmbeddingLoss). */
  margin?: number;
}

/**
 * 1 - cos(x1, x2) where target is 1, max(0, cos(x1, x2) - margin) where it is -1 (cos with 1e-12
 * added to each squared norm, as PyTorch's cosine_embedding_loss; not cosineSimilarity's clamp).
 * @example cosineEmbeddingLoss(a, b, tensor([1, -1]), { margin: 0.2 })
 */
export function cosineEmbeddingLoss(input1: Tensor, input2: Tensor, target: Tensor, opts: MarginOptions = {}): Tensor {
  checkOptions('cosine_embedding_loss', opts, ['margin', 'reduction']);
  const reduction = checkReduction(opts.reduction);
  const td = target.shape.length;
  if (td > 1) throw new Error('0D or 1D target tensor expected, multi-target not supported');
  const wanted = td === 1 ? 2 : 1;
  if (input1.shape.length !== wanted || input2.shape.length !== wanted) {
    throw new Error(`${td}D target tensor expects ${wanted}D input tensors, but found inputs with sizes [${input1.shape.join(', ')}] and [${input2.shape.join(', ')}].`);
  }
  const EPSILON = 1e-12;
  const prodSum = input1.mul(input2).sum(td);
  const mag1 = input1.mul(input1).sum(td).add(EPSILON), mag2 = input2.mul(input2).sum(td).add(EPSILON);
  const cos = prodSum.div(mag1.mul(mag2).sqrt());
  const pos = cos.neg().add(1), neg = cos.sub(opts.margin ?? 0).clampMin(0);
  const zeros = zerosLike(cos);
  return reduce(where(target.eq(1), pos, zeros).add(where(target.eq(-1), neg, zeros)), reduction);
}

/**
 * input where target is 1, max(0, margin - input) where it is -1 (PyTorch's hinge_embedding_loss:
 * a target that is neither counts both terms).
 * @example hingeEmbeddingLoss(distances, labels, { margin: 1 })
 */
export function hingeEmbeddingLoss(input: Tensor, target: Tensor, opts: MarginOptions = {}): Tensor {
  checkOptions('hinge_embedding_loss', opts, ['margin', 'reduction']);
  const reduction = checkReduction(opts.reduction);
  const zeros = zerosLike(input);
  const marginClamp = input.neg().add(opts.margin ?? 1).clampMin(0);
  return reduce(where(target.ne(1), marginClamp, zeros).add(where(target.ne(-1), input, zeros)), reduction);
}

/**
 * log(1 + exp(-target * input)) (SoftMarginLossBackward0; the target gets no gradient, as in PyTorch).
 * @example softMarginLoss(scores, tensor([1, -1, 1]))
 */
export function softMarginLoss(input: Tensor, target: Tensor, opts: ReductionOptions = {}): Tensor {
  checkOptions('soft_margin_loss', opts, ['reduction']);
  return nnOps.pointwiseLoss('SoftMarginLossBackward0', input, target, checkReduction(opts.reduction),
    (x, y) => x.neg().mul(y).exp().log1p(),
    (x, y) => {
      const z = y.neg().mul(x).exp();
      return [y.mul(z).div(z.add(1)).neg(), null];
    });
}

/** F.multilabel_soft_margin_loss's keyword arguments. */
export interface MultiLabelSoftMarginLossOptions extends ReductionOptions {
  /** Per-class rescaling weight [C] (default none). */
  weight?: Tensor | null;
}

/**
 * Per-class binary cross-entropy on logits, averaged over the classes (the last dim), as PyTorch's
 * Python version composes it.
 * @example multilabelSoftMarginLoss(logits, tensor([[1, 0, 1]]).float())
 */
export function multilabelSoftMarginLoss(input: Tensor, target: Tensor, opts: MultiLabelSoftMarginLossOptions = {}): Tensor {
  checkOptions('multilabel_soft_margin_loss', opts, ['weight', 'reduction']);
  const reduction = checkReductionPy(opts.reduction);
  let loss = target.mul(logsigmoid(input)).add(target.neg().add(1).mul(logsigmoid(input.neg()))).neg();
  if (opts.weight) loss = loss.mul(opts.weight);
  const classDim = input.shape.length - 1;
  loss = loss.sum(classDim).div(input.shape[classDim] ?? 1);
  return reduce(loss, reduction);
}

/** PyTorch's shape rule of multi_margin_loss / multilabel_margin_loss inputs. */
function checkMarginInput(input: Tensor): void {
  const s = input.shape, nd = s.length;
  if (!((nd === 2 && s[1] !== 0) || (nd === 1 && s[0] !== 0) || nd === 0)) {
    throw new Error(`Expected non-empty vector or matrix with optional 0-dim batch size, but got: [${s.join(', ')}]`);
  }
}

/** The per-sample loss shaped as PyTorch returns it for 'none', or reduced. */
function finish(perSample: Tensor, reduction: Reduction, noneShape: readonly number[]): Tensor {
  return reduction === 'none' ? perSample.reshape(noneShape) : reduce(perSample, reduction);
}

/** F.multi_margin_loss's keyword arguments. */
export interface MultiMarginLossOptions extends ReductionOptions {
  /** 1 or 2 (default 1). */
  p?: number;
  /** The margin (default 1). */
  margin?: number;
  /** Per-class rescaling weight [C] (default none). */
  weight?: Tensor | null;
}

/**
 * Multi-class hinge loss: sum over j != y of max(0, margin - x[y] + x[j])^p (times weight[y]) / C
 * (MultiMarginLossBackward0). input [N, C] or [C]; target class indices [N] or 0-d.
 * @example multiMarginLoss(scores, tensor([0, 2]), { p: 2, margin: 0.5 })
 */
export function multiMarginLoss(input: Tensor, target: Tensor, opts: MultiMarginLossOptions = {}): Tensor {
  checkOptions('multi_margin_loss', opts, ['p', 'margin', 'weight', 'reduction']);
  const reduction = checkReduction(opts.reduction);
  const p = opts.p ?? 1, margin = opts.margin ?? 1, weight = opts.weight ?? null;
  if (p !== 1 && p !== 2) throw new Error('only p == 1 and p == 2 supported');
  if (weight !== null && weight.shape.length !== 1) throw new Error('weight must be one-dimensional');
  checkMarginInput(input);
  const nd = input.shape.length;
  const n = nd <= 1 ? 1 : input.shape[0]!, c = nd === 0 ? 1 : input.shape[nd - 1]!;
  if (target.shape.length > 1 || target.numel() !== n) throw new Error(`inconsistent target size, got: [${target.shape.join(', ')}]`);
  const y = target.reshape([n, 1]);
  if (n > 0 && !y.ge(0).logicalAnd(y.lt(c)).all().item()) throw new Error('target out of range');
  const others = arange(c).view([1, c]).ne(y);
  const wy = weight === null ? null : weight.indexSelect(0, y.reshape([n])).view([n, 1]);
  const noneShape = target.shape.length === 0 ? [] : [n];
  // z = margin - x[y] + x[j], in PyTorch's order of operations.
  const margins = (x: Tensor): Tensor => x.gather(1, y).neg().add(margin).add(x);
  return nnOps.withNode('MultiMarginLossBackward0', [input], () => {
    const z = margins(input.reshape([n, c]));
    let h = where(others.logicalAnd(z.gt(0)), p === 1 ? z : z.mul(z), 0);
    if (wy !== null) h = h.mul(wy);
    return finish(h.sum(1).div(c), reduction, noneShape);
  }, (g, saved) => {
    const x = (saved[0] ?? input).reshape([n, c]);
    const z = margins(x);
    const scale = 1 / (reduction === 'mean' ? n * c : c);
    const active = others.logicalAnd(z.gt(0)).to(x.dtype);
    let h = p === 1 ? active.mul(scale) : active.mul(z.mul(2 * scale));
    if (wy !== null) h = h.mul(wy);
    const grad = h.sub(where(others, 0, h.sum(1, { keepdim: true })));
    return [grad.mul(reduction === 'none' ? g.reshape([n, 1]) : g).reshape(input.shape)];
  });
}

/**
 * Multi-label hinge loss: for each sample, the targets are the class indices before the first -1;
 * sum over targets j and non-targets i of max(0, 1 - (x[j] - x[i])) / C
 * (MultilabelMarginLossBackward0). target int [N, C] (or [C]), padded with -1.
 * @example multilabelMarginLoss(scores, tensor([[3, 0, -1, 1]]))
 */
export function multilabelMarginLoss(input: Tensor, target: Tensor, opts: ReductionOptions = {}): Tensor {
  checkOptions('multilabel_margin_loss', opts, ['reduction']);
  const reduction = checkReduction(opts.reduction);
  checkMarginInput(input);
  const nd = input.shape.length;
  const n = nd <= 1 ? 1 : input.shape[0]!, c = nd === 0 ? 1 : input.shape[nd - 1]!;
  const sizeOk = nd <= 1 ? target.shape.length <= 1 && target.numel() === c
    : target.shape.length === 2 && target.shape[0] === n && target.shape[1] === c;
  if (!sizeOk) throw new Error(`inconsistent size [${target.shape.join(', ')}] for argument #2 'target'`);
  const t = target.reshape([n, c]);
  if (t.numel() > 0 && !t.ge(-1).logicalAnd(t.lt(c)).all().item()) throw new Error("argument #2 'target' is out of range");
  // valid[n, k]: k comes before the sample's first -1. hit[n, k, i]: target k names class i.
  const valid = t.lt(0).cumsum(1).eq(0);
  const safe = where(valid, t, 0);
  const hit = safe.unsqueeze(2).eq(arange(c).view([1, 1, c])).logicalAnd(valid.unsqueeze(2));
  const isTarget = hit.any(1, { keepdim: true });
  const pairs = valid.unsqueeze(2).logicalAnd(isTarget.logicalNot());
  const noneShape = nd <= 1 ? [] : [n];
  // z[n, k, i] = 1 - x[target k] + x[i]
  const margins = (x: Tensor): Tensor => x.gather(1, safe).neg().add(1).unsqueeze(2).add(x.unsqueeze(1));
  return nnOps.withNode('MultilabelMarginLossBackward0', [input], () => {
    const z = margins(input.reshape([n, c]));
    return finish(where(pairs.logicalAnd(z.gt(0)), z, 0).sum([1, 2]).div(c), reduction, noneShape);
  }, (g, saved) => {
    const x = (saved[0] ?? input).reshape([n, c]);
    const scale = 1 / (reduction === 'mean' ? n * c : c);
    const active = pairs.logicalAnd(margins(x).gt(0)).to(x.dtype);
    // +scale at each non-target i of an active pair, -scale at its target class.
    const grad = active.sum(1).sub(active.sum(2, { keepdim: true }).mul(hit.to(x.dtype)).sum(1)).mul(scale);
    return [grad.mul(reduction === 'none' ? g.reshape([n, 1]) : g).reshape(input.shape)];
  });
}

/** F.poisson_nll_loss's keyword arguments. */
export interface PoissonNLLLossOptions extends ReductionOptions {
  /** The input is the log of the rate: loss exp(input) - target * input (default true). */
  logInput?: boolean;
  /** Add the Stirling approximation term (default false). */
  full?: boolean;
  /** Added to the input before the log when logInput is false (default 1e-8). */
  eps?: number;
}

/**
 * Poisson negative log-likelihood: exp(input) - target * input (logInput, the default) or
 * input - target * log(input + eps); `full` adds the Stirling term where target > 1.
 * @example poissonNllLoss(logRates, counts, { full: true })
 */
export function poissonNllLoss(input: Tensor, target: Tensor, opts: PoissonNLLLossOptions = {}): Tensor {
  checkOptions('poisson_nll_loss', opts, ['logInput', 'full', 'eps', 'reduction']);
  const reduction = checkReductionPy(opts.reduction);
  let loss = (opts.logInput ?? true) ? input.exp().sub(target.mul(input)) : input.sub(target.mul(input.add(opts.eps ?? 1e-8).log()));
  if (opts.full ?? false) {
    const stirling = target.mul(target.log()).sub(target).add(target.mul(2 * Math.PI).log().mul(0.5));
    loss = loss.add(where(target.le(1), 0, stirling));
  }
  return reduce(loss, reduction);
}

/** F.gaussian_nll_loss's keyword arguments. */
export interface GaussianNLLLossOptions extends ReductionOptions {
  /** Add the constant 0.5 * log(2 pi) (default false). */
  full?: boolean;
  /** Lower clamp of the variance, for stability (default 1e-6). */
  eps?: number;
}

/**
 * Gaussian negative log-likelihood 0.5 * (log(var) + (input - target)^2 / var), var clamped to
 * eps without cutting its gradient (as PyTorch). var is input's shape, or one dim short of it, or
 * its last dim 1 (PyTorch 1.13's rules).
 * @example gaussianNllLoss(mean, y, variance, { full: true })
 */
export function gaussianNllLoss(input: Tensor, target: Tensor, variance: Tensor, opts: GaussianNLLLossOptions = {}): Tensor {
  checkOptions('gaussian_nll_loss', opts, ['full', 'eps', 'reduction']);
  const same = (a: readonly number[], b: readonly number[]): boolean => a.length === b.length && a.every((d, i) => d === b[i]);
  let v = variance;
  if (!same(v.shape, input.shape)) {
    const lead = input.shape.slice(0, -1);
    if (same(lead, v.shape)) v = v.unsqueeze(-1);
    else if (!(v.shape.length > 0 && same(lead, v.shape.slice(0, -1)) && v.shape[v.shape.length - 1] === 1)) {
      throw new Error('var is of incorrect size');
    }
  }
  const reduction = checkReductionPy(opts.reduction);
  if (v.lt(0).any().item()) throw new Error('var has negative entry/entries');
  v = v.clone();
  const eps = opts.eps ?? 1e-6;
  // In place and untracked, as PyTorch: the clamp keeps values >= eps and passes the gradient through.
  noGrad(() => v.clamp_(eps));
  let loss = v.log().add(input.sub(target).pow(2).div(v)).mul(0.5);
  if (opts.full ?? false) loss = loss.add(0.5 * Math.log(2 * Math.PI));
  return reduce(loss, reduction);
}
