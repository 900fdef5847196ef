/**
 * The rest of torch.nn's loss modules, over the functional forms in functional/loss-extra.ts and
 * functional/ctc.ts. PyTorch's positional arguments (those before its deprecated size_average), then
 * optionally the options object of its keywords, camelCased: `new nn.MarginRankingLoss(0.5)` is
 * `new nn.MarginRankingLoss({ margin: 0.5 })`. `reduction` is checked when the loss runs (as PyTorch).
 * They print as PyTorch prints them: `MarginRankingLoss()`.
 */
import { Tensor } from '@torchlet/core';
import { boolArg, floatArg, intArgOf, tensorArg, type PyArgs } from '@torchlet/core/internal';
import { lossOptions } from './losses';
import { Module } from './module';
import { PairwiseDistance } from './layers/distance';
import type { Reduction } from './functional/loss';
import * as L from './functional/loss-extra';
import { ctcLoss, type CtcLossOptions, type Lengths } from './functional/ctc';

/** A weight: a Tensor or null (PyTorch's TypeError words otherwise). */
const weightOf = (cls: string, position: number, v: unknown): Tensor | null => (v === undefined || v === null ? null : tensorArg(cls, 'weight', position, v));

/**
 * max(0, -y * (x1 - x2) + margin). @example new nn.MarginRankingLoss({ margin: 0.5 })(x1, x2, y)
 */
export class MarginRankingLoss extends Module<[Tensor, Tensor, Tensor]> {
  /** The margin (default 0). */
  readonly margin: number;
  /** How the loss is reduced over the batch: 'none', 'mean' or 'sum'. */
  readonly reduction: Reduction;
  constructor(...args: PyArgs<[margin: number], L.MarginRankingLossOptions>) {
    super();
    const opts = lossOptions<L.MarginRankingLossOptions>('MarginRankingLoss', ['margin', 'reduction'], args, 1);
    this.margin = floatArg('MarginRankingLoss', 'margin', opts.margin, 0);
    this.reduction = opts.reduction ?? 'mean';
  }
  forward(input1: Tensor, input2: Tensor, target: Tensor): Tensor {
    return L.marginRankingLoss(input1, input2, target, { margin: this.margin, reduction: this.reduction });
  }
}

/**
 * Triplet loss with p-norm distances. @example new nn.TripletMarginLoss({ margin: 1, p: 2 })(a, p, n)
 */
export class TripletMarginLoss extends Module<[Tensor, Tensor, Tensor]> {
  /** The margin (default 1). */
  readonly margin: number;
  /** The norm degree of the pairwise distance (default 2). */
  readonly p: number;
  /** Added inside the distance for numerical stability (default 1e-6). */
  readonly eps: number;
  /** Use the distance swap (default false). */
  readonly swap: boolean;
  /** How the loss is reduced over the batch: 'none', 'mean' or 'sum'. */
  readonly reduction: Reduction;
  constructor(...args: PyArgs<[margin: number, p: number, eps: number, swap: boolean], L.TripletMarginLossOptions>) {
    super();
    const cls = 'TripletMarginLoss';
    const opts = lossOptions<L.TripletMarginLossOptions>(cls, ['margin', 'p', 'eps', 'swap', 'reduction'], args, 4);
    this.margin = floatArg(cls, 'margin', opts.margin, 1);
    this.p = floatArg(cls, 'p', opts.p, 2);
    this.eps = floatArg(cls, 'eps', opts.eps, 1e-6);
    this.swap = boolArg(cls, 'swap', opts.swap, false);
    this.reduction = opts.reduction ?? 'mean';
  }
  forward(anchor: Tensor, positive: Tensor, negative: Tensor): Tensor {
    return L.tripletMarginLoss(anchor, positive, negative, { margin: this.margin, p: this.p, eps: this.eps, swap: this.swap, reduction: this.reduction });
  }
}

/**
 * Triplet loss with any distance; the default (a PairwiseDistance) is a child module named
 * `distance_function`, as in PyTorch (a module given as the distance is one too).
 * @example new nn.TripletMarginWithDistanceLoss({ distanceFunction: (a, b) => F.cosineSimilarity(a, b).neg().add(1) })
 */
export class TripletMarginWithDistanceLoss extends Module<[Tensor, Tensor, Tensor]> {
  // PyTorch's attribute name, so a module distance prints as `(distance_function): ...`.
  /** The distance (PyTorch's attribute name; pairwiseDistance by default). */
  readonly distance_function: L.DistanceFunction;
  /** The margin (default 1). */
  readonly margin: number;
  /** Use the distance swap (default false). */
  readonly swap: boolean;
  /** How the loss is reduced over the batch: 'none', 'mean' or 'sum'. */
  readonly reduction: Reduction;
  /** Keyword-only in PyTorch: the options object alone. */
  constructor(...args: PyArgs<[], L.TripletMarginWithDistanceLossOptions>) {
    super();
    const opts = lossOptions<L.TripletMarginWithDistanceLossOptions>('TripletMarginWithDistanceLoss', ['distanceFunction', 'margin', 'swap', 'reduction'], args);
    this.distance_function = opts.distanceFunction ?? new PairwiseDistance();
    this.margin = opts.margin ?? 1;
    this.swap = opts.swap ?? false;
    this.reduction = opts.reduction ?? 'mean';
  }
  /** The distance used (PyTorch's `distance_function`). */
  get distanceFunction(): L.DistanceFunction {
    return this.distance_function;
  }
  forward(anchor: Tensor, positive: Tensor, negative: Tensor): Tensor {
    return L.tripletMarginWithDistanceLoss(anchor, positive, negative,
      { distanceFunction: this.distance_function, margin: this.margin, swap: this.swap, reduction: this.reduction });
  }
}

/** A two-input loss with a margin. */
abstract class MarginLoss extends Module<[Tensor, Tensor, Tensor]> {
  /** The margin. */
  readonly margin: number;
  /** How the loss is reduced over the batch: 'none', 'mean' or 'sum'. */
  readonly reduction: Reduction;
  constructor(cls: string, args: readonly unknown[], defaultMargin: number) {
    super();
    const opts = lossOptions<L.MarginOptions>(cls, ['margin', 'reduction'], args, 1);
    this.margin = floatArg(cls, 'margin', opts.margin, defaultMargin);
    this.reduction = opts.reduction ?? 'mean';
  }
}

/** 1 - cos where y = 1, max(0, cos - margin) where y = -1. @example new nn.CosineEmbeddingLoss({ margin: 0.2 })(a, b, y) */
export class CosineEmbeddingLoss extends MarginLoss {
  constructor(...args: PyArgs<[margin: number], L.MarginOptions>) {
    super('CosineEmbeddingLoss', args, 0);
  }
  forward(input1: Tensor, input2: Tensor, target: Tensor): Tensor {
    return L.cosineEmbeddingLoss(input1, input2, target, { margin: this.margin, reduction: this.reduction });
  }
}

/** x where y = 1, max(0, margin - x) where y = -1. @example new nn.HingeEmbeddingLoss({ margin: 2 })(x, y) */
export class HingeEmbeddingLoss extends Module<[Tensor, Tensor]> {
  /** The margin (default 1). */
  readonly margin: number;
  /** How the loss is reduced over the batch: 'none', 'mean' or 'sum'. */
  readonly reduction: Reduction;
  constructor(...args: PyArgs<[margin: number], L.MarginOptions>) {
    super();
    const opts = lossOptions<L.MarginOptions>('HingeEmbeddingLoss', ['margin', 'reduction'], args, 1);
    this.margin = floatArg('HingeEmbeddingLoss', 'margin', opts.margin, 1);
    this.reduction = opts.reduction ?? 'mean';
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return L.hingeEmbeddingLoss(input, target, { margin: this.margin, reduction: this.reduction });
  }
}

/** log(1 + exp(-y * x)). @example new nn.SoftMarginLoss()(x, y) */
export class SoftMarginLoss extends Module<[Tensor, Tensor]> {
  /** How the loss is reduced over the batch: 'none', 'mean' or 'sum'. */
  readonly reduction: Reduction;
  constructor(...args: PyArgs<[], { reduction?: Reduction }>) {
    super();
    this.reduction = lossOptions<{ reduction?: Reduction }>('SoftMarginLoss', ['reduction'], args).reduction ?? 'mean';
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return L.softMarginLoss(input, target, { reduction: this.reduction });
  }
}

/** Per-class logistic loss averaged over classes; `weight` is a buffer. @example new nn.MultiLabelSoftMarginLoss({ weight }) */
export class MultiLabelSoftMarginLoss extends Module<[Tensor, Tensor]> {
  /** Per-class rescaling weight [C] (a buffer), or null. */
  declare readonly weight: Tensor | null;
  /** How the loss is reduced over the batch: 'none', 'mean' or 'sum'. */
  readonly reduction: Reduction;
  constructor(...args: PyArgs<[weight: Tensor | null], L.MultiLabelSoftMarginLossOptions>) {
    super();
    const opts = lossOptions<L.MultiLabelSoftMarginLossOptions>('MultiLabelSoftMarginLoss', ['weight', 'reduction'], args, 1);
    this.registerBuffer('weight', weightOf('MultiLabelSoftMarginLoss', 1, opts.weight));
    this.reduction = opts.reduction ?? 'mean';
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return L.multilabelSoftMarginLoss(input, target, { weight: this.weight, reduction: this.reduction });
  }
}

/** Multi-label hinge loss over -1-padded class indices. @example new nn.MultiLabelMarginLoss()(x, tensor([[3, 0, -1, 1]])) */
export class MultiLabelMarginLoss extends Module<[Tensor, Tensor]> {
  /** How the loss is reduced over the batch: 'none', 'mean' or 'sum'. */
  readonly reduction: Reduction;
  constructor(...args: PyArgs<[], { reduction?: Reduction }>) {
    super();
    this.reduction = lossOptions<{ reduction?: Reduction }>('MultiLabelMarginLoss', ['reduction'], args).reduction ?? 'mean';
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return L.multilabelMarginLoss(input, target, { reduction: this.reduction });
  }
}

/** Multi-class hinge loss; `weight` is a buffer. @example new nn.MultiMarginLoss({ p: 2, margin: 0.5 })(x, y) */
export class MultiMarginLoss extends Module<[Tensor, Tensor]> {
  /** Per-class rescaling weight [C] (a buffer), or null. */
  declare readonly weight: Tensor | null;
  /** 1 or 2 (default 1). */
  readonly p: number;
  /** The margin (default 1). */
  readonly margin: number;
  /** How the loss is reduced over the batch: 'none', 'mean' or 'sum'. */
  readonly reduction: Reduction;
  constructor(...args: PyArgs<[p: number, margin: number, weight: Tensor | null], L.MultiMarginLossOptions>) {
    super();
    const opts = lossOptions<L.MultiMarginLossOptions>('MultiMarginLoss', ['p', 'margin', 'weight', 'reduction'], args, 3);
    this.p = floatArg('MultiMarginLoss', 'p', opts.p, 1); // 1.5 reaches PyTorch's ValueError below
    this.margin = floatArg('MultiMarginLoss', 'margin', opts.margin, 1);
    if (this.p !== 1 && this.p !== 2) throw new Error('only p == 1 and p == 2 supported');
    const weight = weightOf('MultiMarginLoss', 3, opts.weight);
    if (weight && weight.shape.length !== 1) throw new Error('weight must be one-dimensional');
    this.registerBuffer('weight', weight);
    this.reduction = opts.reduction ?? 'mean';
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return L.multiMarginLoss(input, target, { p: this.p, margin: this.margin, weight: this.weight, reduction: this.reduction });
  }
}

/** Poisson negative log-likelihood. @example new nn.PoissonNLLLoss({ logInput: false, full: true }) */
export class PoissonNLLLoss extends Module<[Tensor, Tensor]> {
  /** The input is the log of the rate (default true). */
  readonly logInput: boolean;
  /** Add the Stirling approximation term (default false). */
  readonly full: boolean;
  /** Added to the input before the log when logInput is false (default 1e-8). */
  readonly eps: number;
  /** How the loss is reduced over the batch: 'none', 'mean' or 'sum'. */
  readonly reduction: Reduction;
  /** Positionally log_input and full (eps follows PyTorch's size_average: a keyword here). */
  constructor(...args: PyArgs<[logInput: boolean, full: boolean], L.PoissonNLLLossOptions>) {
    super();
    const cls = 'PoissonNLLLoss';
    const opts = lossOptions<L.PoissonNLLLossOptions>(cls, ['logInput', 'full', 'eps', 'reduction'], args, 2);
    this.logInput = boolArg(cls, 'log_input', opts.logInput, true);
    this.full = boolArg(cls, 'full', opts.full, false);
    this.eps = floatArg(cls, 'eps', opts.eps, 1e-8);
    this.reduction = opts.reduction ?? 'mean';
  }
  forward(logInput: Tensor, target: Tensor): Tensor {
    return L.poissonNllLoss(logInput, target, { logInput: this.logInput, full: this.full, eps: this.eps, reduction: this.reduction });
  }
}

/** Gaussian negative log-likelihood with a predicted variance. @example new nn.GaussianNLLLoss()(mean, y, variance) */
export class GaussianNLLLoss extends Module<[Tensor, Tensor, Tensor]> {
  /** Add the constant 0.5 * log(2 pi) (default false). */
  readonly full: boolean;
  /** Lower clamp of the variance (default 1e-6). */
  readonly eps: number;
  /** How the loss is reduced over the batch: 'none', 'mean' or 'sum'. */
  readonly reduction: Reduction;
  /** Keyword-only in PyTorch: the options object alone. */
  constructor(...args: PyArgs<[], L.GaussianNLLLossOptions>) {
    super();
    const opts = lossOptions<L.GaussianNLLLossOptions>('GaussianNLLLoss', ['full', 'eps', 'reduction'], args);
    this.full = opts.full ?? false;
    this.eps = opts.eps ?? 1e-6;
    this.reduction = opts.reduction ?? 'mean';
  }
  forward(input: Tensor, target: Tensor, variance: Tensor): Tensor {
    return L.gaussianNllLoss(input, target, variance, { full: this.full, eps: this.eps, reduction: this.reduction });
  }
}

/** Connectionist temporal classification. @example new nn.CTCLoss({ blank: 0, zeroInfinity: true })(logProbs, targets, inLens, tgLens) */
export class CTCLoss extends Module<[Tensor, Tensor, Lengths, Lengths]> {
  /** The blank label (default 0). */
  readonly blank: number;
  /** Infinite losses and their gradients become 0 (default false). */
  readonly zeroInfinity: boolean;
  /** How the loss is reduced over the batch: 'none', 'mean' or 'sum'. */
  readonly reduction: Reduction;
  constructor(...args: PyArgs<[blank: number, reduction: Reduction, zeroInfinity: boolean], CtcLossOptions>) {
    super();
    const opts = lossOptions<CtcLossOptions>('CTCLoss', ['blank', 'reduction', 'zeroInfinity'], args, 3);
    this.blank = intArgOf('CTCLoss', 'blank', opts.blank, 0);
    this.zeroInfinity = boolArg('CTCLoss', 'zero_infinity', opts.zeroInfinity, false);
    this.reduction = opts.reduction ?? 'mean';
  }
  forward(logProbs: Tensor, targets: Tensor, inputLengths: Lengths, targetLengths: Lengths): Tensor {
    return ctcLoss(logProbs, targets, inputLengths, targetLengths, { blank: this.blank, reduction: this.reduction, zeroInfinity: this.zeroInfinity });
  }
}
