/** Loss modules: `criterion(output, target)` with `reduction` 'mean' | 'sum' | 'none'. */
import { Tensor } from '@torchlet/core';
import { Module } from './module';
import * as F from './functional/index';
import type { Reduction } from './functional/index';

/** Base of the losses: two tensors in, one out; holds the reduction. */
abstract class Loss extends Module<[Tensor, Tensor]> {
  readonly reduction: Reduction;
  constructor(opts: { reduction?: Reduction } = {}) {
    super();
    this.reduction = opts.reduction ?? 'mean';
  }
}

/** A loss with a per-class weight, kept as the buffer `weight` (as PyTorch's _WeightedLoss). */
abstract class WeightedLoss extends Loss {
  /** Per-class weights (a buffer), or null. */
  declare readonly weight: Tensor | null;

  constructor(opts: { reduction?: Reduction; weight?: Tensor | null } = {}) {
    super(opts);
    this.registerBuffer('weight', opts.weight ?? null);
  }
}

/**
 * logSoftmax + NLL on logits, for class indices or class probabilities.
 * @example
 * const criterion = new nn.CrossEntropyLoss();
 * const loss = criterion(outputs, labels); // tensor(1.0986, grad_fn=<NllLossBackward0>)
 */
export class CrossEntropyLoss extends WeightedLoss {
  readonly ignoreIndex: number;
  readonly labelSmoothing: number;
  constructor(opts: F.CrossEntropyOptions = {}) {
    super(opts);
    this.ignoreIndex = opts.ignoreIndex ?? -100;
    this.labelSmoothing = opts.labelSmoothing ?? 0;
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return F.crossEntropy(input, target, { weight: this.weight, ignoreIndex: this.ignoreIndex, reduction: this.reduction, labelSmoothing: this.labelSmoothing });
  }
}

/** NLL of class indices under log-probabilities. @example new nn.NLLLoss()(logp, y) */
export class NLLLoss extends WeightedLoss {
  readonly ignoreIndex: number;
  constructor(opts: F.NllLossOptions = {}) {
    super(opts);
    this.ignoreIndex = opts.ignoreIndex ?? -100;
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return F.nllLoss(input, target, { weight: this.weight, ignoreIndex: this.ignoreIndex, reduction: this.reduction });
  }
}

/** Mean squared error. @example new nn.MSELoss()(pred, y) */
export class MSELoss extends Loss {
  forward(input: Tensor, target: Tensor): Tensor {
    return F.mseLoss(input, target, { reduction: this.reduction });
  }
}

/** Mean absolute error. */
export class L1Loss extends Loss {
  forward(input: Tensor, target: Tensor): Tensor {
    return F.l1Loss(input, target, { reduction: this.reduction });
  }
}

/** Squared below beta, absolute above. @example new nn.SmoothL1Loss({ beta: 0.5 }) */
export class SmoothL1Loss extends Loss {
  readonly beta: number;
  constructor(opts: { reduction?: Reduction; beta?: number } = {}) {
    super(opts);
    this.beta = opts.beta ?? 1.0;
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return F.smoothL1Loss(input, target, { reduction: this.reduction, beta: this.beta });
  }
}

/** Squared below delta, delta-scaled absolute above. @example new nn.HuberLoss({ delta: 2 }) */
export class HuberLoss extends Loss {
  readonly delta: number;
  constructor(opts: { reduction?: Reduction; delta?: number } = {}) {
    super(opts);
    this.delta = opts.delta ?? 1.0;
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return F.huberLoss(input, target, { reduction: this.reduction, delta: this.delta });
  }
}

/** Binary cross-entropy of probabilities. @example new nn.BCELoss()(probs, y) */
export class BCELoss extends WeightedLoss {
  forward(input: Tensor, target: Tensor): Tensor {
    return F.binaryCrossEntropy(input, target, { weight: this.weight, reduction: this.reduction });
  }
}

/**
 * Binary cross-entropy on logits; `posWeight` (buffer `pos_weight`) weighs positives.
 * @example new nn.BCEWithLogitsLoss({ posWeight: tensor([2.0]) })
 */
export class BCEWithLogitsLoss extends WeightedLoss {
  constructor(opts: { reduction?: Reduction; weight?: Tensor | null; posWeight?: Tensor | null } = {}) {
    super(opts);
    this.registerBuffer('pos_weight', opts.posWeight ?? null);
  }
  /** The `pos_weight` buffer. */
  get posWeight(): Tensor | null {
    const v: unknown = Reflect.get(this, 'pos_weight');
    return v instanceof Tensor ? v : null;
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return F.binaryCrossEntropyWithLogits(input, target, { weight: this.weight, posWeight: this.posWeight, reduction: this.reduction });
  }
}

/**
 * KL divergence with log-probability inputs; reduction may also be 'batchmean'.
 * @example new nn.KLDivLoss({ reduction: 'batchmean', logTarget: true })
 */
export class KLDivLoss extends Module<[Tensor, Tensor]> {
  readonly reduction: Reduction | 'batchmean';
  readonly logTarget: boolean;
  constructor(opts: { reduction?: Reduction | 'batchmean'; logTarget?: boolean } = {}) {
    super();
    this.reduction = opts.reduction ?? 'mean';
    this.logTarget = opts.logTarget ?? false;
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return F.klDiv(input, target, { reduction: this.reduction, logTarget: this.logTarget });
  }
}
