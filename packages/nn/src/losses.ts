/** Loss modules: `criterion(output, target)` with `reduction` 'mean' | 'sum' | 'none'. */
import { Tensor } from '@torchlet/core';
import { bindOptions, boolArg, checkOptions, floatArg, intArgOf } from '@torchlet/core/internal';
import { Module } from './module';
import * as F from './functional/index';
import type { Reduction } from './functional/index';

/**
 * A loss module's arguments: the options object, or for the weighted losses PyTorch's positional
 * weight first (`new nn.CrossEntropyLoss(w)`), then the options. Keys checked against `keys`.
 * (PyTorch's deprecated size_average/reduce positionals are not taken: use `reduction`.)
 */
/** A loss module's arguments: up to `positional` leading values, then the options object (losses-extra.ts shares it). */
export function lossOptions<O extends object>(cls: string, keys: readonly (keyof O & string)[], args: readonly unknown[], positional = 0): O {
  const given = args.length > 0 && isOptions(args[args.length - 1]) ? args.length - 1 : args.length;
  if (given > positional) {
    throw new TypeError(`${cls}() takes ${positional} positional argument${positional === 1 ? '' : 's'} but ${given} were given (the rest go in the options object)`);
  }
  return bindOptions<O>(cls, keys, args, 0);
}
const isOptions = (v: unknown): boolean => typeof v === 'object' && v !== null && !(v instanceof Tensor) && !Array.isArray(v);

/** A weight argument: a Tensor or null (PyTorch's TypeError words otherwise). */
function weightArg(cls: string, name: string, v: unknown): Tensor | null {
  if (v === undefined || v === null) return null;
  if (!(v instanceof Tensor)) throw new TypeError(`${cls}: argument '${name}' must be Tensor, not ${typeof v === 'number' ? (Number.isInteger(v) ? 'int' : 'float') : typeof v}`);
  return v;
}

/** Base of the losses: two tensors in, one out; holds the reduction. */
abstract class Loss extends Module<[Tensor, Tensor]> {
  /** How the loss is reduced over the batch: 'none', 'mean' or 'sum'. */
  readonly reduction: Reduction;
  constructor(opts: { reduction?: Reduction }) {
    super();
    this.reduction = opts.reduction ?? 'mean';
  }
}

/** A loss with a per-class weight, kept as the buffer `weight` (as PyTorch's _WeightedLoss). */
abstract class WeightedLoss extends Loss {
  /** Per-class weights (a buffer), or null. */
  declare readonly weight: Tensor | null;

  constructor(opts: { reduction?: Reduction; weight?: Tensor | null }) {
    super(opts);
    this.registerBuffer('weight', weightArg(this.constructor.name, 'weight', opts.weight));
  }
}

type WeightedArgs<O> = [weight?: Tensor | null, opts?: O] | [opts?: O];

/**
 * logSoftmax + NLL on logits, for class indices or class probabilities.
 * @example
 * const criterion = new nn.CrossEntropyLoss();
 * const loss = criterion(outputs, labels); // tensor(1.0986, grad_fn=<NllLossBackward0>)
 * new nn.CrossEntropyLoss(classWeights, { labelSmoothing: 0.1 }) // PyTorch's positional weight
 */
export class CrossEntropyLoss extends WeightedLoss {
  /** Targets equal to this contribute nothing (default -100). */
  readonly ignoreIndex: number;
  /** Amount of label smoothing, in [0, 1] (default 0). */
  readonly labelSmoothing: number;
  constructor(...args: WeightedArgs<F.CrossEntropyOptions>) {
    const opts = lossOptions<F.CrossEntropyOptions>('CrossEntropyLoss', ['weight', 'ignoreIndex', 'reduction', 'labelSmoothing'], args, 1);
    super(opts);
    this.ignoreIndex = intArgOf('CrossEntropyLoss', 'ignore_index', opts.ignoreIndex, -100);
    this.labelSmoothing = floatArg('CrossEntropyLoss', 'label_smoothing', opts.labelSmoothing, 0);
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return F.crossEntropyBound(input, target, this.weight, this.ignoreIndex, this.reduction, this.labelSmoothing);
  }
}

/** NLL of class indices under log-probabilities. @example new nn.NLLLoss()(logp, y) */
export class NLLLoss extends WeightedLoss {
  /** Targets equal to this contribute nothing (default -100). */
  readonly ignoreIndex: number;
  constructor(...args: WeightedArgs<F.NllLossOptions>) {
    const opts = lossOptions<F.NllLossOptions>('NLLLoss', ['weight', 'ignoreIndex', 'reduction'], args, 1);
    super(opts);
    this.ignoreIndex = intArgOf('NLLLoss', 'ignore_index', opts.ignoreIndex, -100);
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return F.nllLoss(input, target, { weight: this.weight, ignoreIndex: this.ignoreIndex, reduction: this.reduction });
  }
}

/** Mean squared error. @example new nn.MSELoss()(pred, y) */
export class MSELoss extends Loss {
  constructor(opts: { reduction?: Reduction } = {}) {
    super(lossOptions<{ reduction?: Reduction }>('MSELoss', ['reduction'], [opts]));
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return F.mseLoss(input, target, { reduction: this.reduction });
  }
}

/** Mean absolute error. */
export class L1Loss extends Loss {
  constructor(opts: { reduction?: Reduction } = {}) {
    super(lossOptions<{ reduction?: Reduction }>('L1Loss', ['reduction'], [opts]));
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return F.l1Loss(input, target, { reduction: this.reduction });
  }
}

/** Squared below beta, absolute above. @example new nn.SmoothL1Loss({ beta: 0.5 }) */
export class SmoothL1Loss extends Loss {
  /** Where the loss changes from squared to absolute (default 1). */
  readonly beta: number;
  constructor(opts: { reduction?: Reduction; beta?: number } = {}) {
    super(lossOptions<{ reduction?: Reduction; beta?: number }>('SmoothL1Loss', ['reduction', 'beta'], [opts]));
    this.beta = floatArg('SmoothL1Loss', 'beta', opts.beta, 1.0);
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return F.smoothL1Loss(input, target, { reduction: this.reduction, beta: this.beta });
  }
}

/** Squared below delta, delta-scaled absolute above. @example new nn.HuberLoss({ delta: 2 }) */
export class HuberLoss extends Loss {
  /** Where the loss changes from squared to delta-scaled absolute (default 1). */
  readonly delta: number;
  constructor(opts: { reduction?: Reduction; delta?: number } = {}) {
    super(lossOptions<{ reduction?: Reduction; delta?: number }>('HuberLoss', ['reduction', 'delta'], [opts]));
    this.delta = floatArg('HuberLoss', 'delta', opts.delta, 1.0);
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return F.huberLoss(input, target, { reduction: this.reduction, delta: this.delta });
  }
}

/** Binary cross-entropy of probabilities. @example new nn.BCELoss()(probs, y) */
export class BCELoss extends WeightedLoss {
  constructor(...args: WeightedArgs<{ reduction?: Reduction; weight?: Tensor | null }>) {
    super(lossOptions<{ reduction?: Reduction; weight?: Tensor | null }>('BCELoss', ['weight', 'reduction'], args, 1));
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return F.binaryCrossEntropy(input, target, { weight: this.weight, reduction: this.reduction });
  }
}

/**
 * Binary cross-entropy on logits; `posWeight` (buffer `pos_weight`) weighs positives.
 * @example new nn.BCEWithLogitsLoss({ posWeight: tensor([2.0]) })
 */
export class BCEWithLogitsLoss extends WeightedLoss {
  constructor(...args: WeightedArgs<{ reduction?: Reduction; weight?: Tensor | null; posWeight?: Tensor | null }>) {
    const opts = lossOptions<{ reduction?: Reduction; weight?: Tensor | null; posWeight?: Tensor | null }>('BCEWithLogitsLoss', ['weight', 'reduction', 'posWeight'], args, 1);
    super(opts);
    this.registerBuffer('pos_weight', weightArg('BCEWithLogitsLoss', 'pos_weight', opts.posWeight));
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
  /**
   * 'none', 'mean', 'sum' or 'batchmean' (the sum divided by the batch size, the mathematically
   * correct KL).
   */
  readonly reduction: Reduction | 'batchmean';
  /** The target is given as log-probabilities (default false). */
  readonly logTarget: boolean;
  constructor(opts: { reduction?: Reduction | 'batchmean'; logTarget?: boolean } = {}) {
    super();
    checkOptions('KLDivLoss', opts, ['reduction', 'logTarget']);
    this.reduction = opts.reduction ?? 'mean';
    this.logTarget = boolArg('KLDivLoss', 'log_target', opts.logTarget, false);
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return F.klDiv(input, target, { reduction: this.reduction, logTarget: this.logTarget });
  }
}
