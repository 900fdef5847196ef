/**
 * Loss functions of torch.nn.functional. Where PyTorch has a dedicated node (MseLossBackward0,
 * HuberLossBackward0, ...) the loss is one core node too (nnOps.pointwiseLoss), with PyTorch's
 * gradient formula built from differentiable ops; where PyTorch composes (l1, kl_div,
 * cross_entropy) so do we. No autograd node is built here.
 */
import { Tensor, isFloating, noGrad, where } from '@torchlet/core';
import { pyNumber } from '../repr';
import { bindOptions, checkOptions, floatArg, intArgOf, nnOps, type PyArgs } from '@torchlet/core/internal';

const { pointwiseLoss } = nnOps;

/** How a loss reduces over elements: 'mean' (the default), 'sum' or 'none'. */
export type Reduction = nnOps.Reduction;

/** The `reduction` option every loss takes. */
export interface ReductionOptions {
  /** 'none', 'mean' (default) or 'sum'. */
  reduction?: Reduction;
}

/** Call sites already warned (PyTorch's warnings.warn shows a message once per location). */
const warnedSites = new Set<string>();

/**
 * PyTorch's broadcasting warning of the pointwise losses when target and input sizes differ,
 * once per call site (the line that called the loss). Same shapes cost one loop, no allocation.
 */
function warnIfSizesDiffer(input: Tensor, target: Tensor): void {
  const a = input.shape, b = target.shape;
  let same = a.length === b.length;
  for (let i = 0; same && i < a.length; i++) same = a[i] === b[i];
  if (same) return;
  // Frames: [0] "Error", [1] this function, [2] the loss, [3] its caller.
  const site = new Error().stack?.split('\n')[3] ?? '';
  if (warnedSites.has(site)) return;
  warnedSites.add(site);
  console.warn(`UserWarning: Using a target size (torch.Size([${b.join(', ')}])) that is different to the input size (torch.Size([${a.join(', ')}])). ` +
    'This will likely lead to incorrect results due to broadcasting. Please ensure they have the same size.');
}

/** The options object of a loss whose PyTorch positionals after (input, target) are only deprecated ones. */
function lossOpts<O extends object>(fn: string, opts: O | undefined, keys: readonly (keyof O & string)[]): O | Record<string, never> {
  if (opts === undefined) return NO_OPTIONS;
  if (typeof opts !== 'object' || opts === null) throw new TypeError(`${fn}() takes options as an object ({ reduction: ... }), got ${String(opts)}`);
  checkOptions(fn, opts, keys);
  return opts;
}
const NO_OPTIONS: Record<string, never> = Object.freeze({});

function reduce(t: Tensor, reduction: Reduction): Tensor {
  return reduction === 'mean' ? t.mean() : reduction === 'sum' ? t.sum() : t;
}

/**
 * Mean squared error: mean((input - target)^2) (MseLossBackward0).
 * @example mseLoss(pred, y)
 */
export function mseLoss(input: Tensor, target: Tensor, options?: ReductionOptions): Tensor {
  const opts: ReductionOptions = lossOpts('mse_loss', options, ['reduction']);
  warnIfSizesDiffer(input, target);
  return pointwiseLoss('MseLossBackward0', input, target, opts.reduction ?? 'mean', (x, y) => x.sub(y).square(), (x, y) => {
    const d = x.sub(y).mul(2);
    return [d, d.neg()];
  });
}

/** Mean absolute error, composed as PyTorch composes it: (input - target).abs() reduced. */
export function l1Loss(input: Tensor, target: Tensor, options?: ReductionOptions): Tensor {
  const opts: ReductionOptions = lossOpts('l1_loss', options, ['reduction']);
  warnIfSizesDiffer(input, target);
  return reduce(input.sub(target).abs(), nnOps.checkReduction(opts.reduction ?? 'mean'));
}

/** Squared term below `beta`, absolute term above (SmoothL1LossBackward0). */
export function smoothL1Loss(input: Tensor, target: Tensor, options?: ReductionOptions & { beta?: number }): Tensor {
  const opts: ReductionOptions & { beta?: number } = lossOpts('smooth_l1_loss', options, ['reduction', 'beta']);
  warnIfSizesDiffer(input, target);
  const beta = floatArg('smooth_l1_loss', 'beta', opts.beta, 1.0);
  if (beta < 0) throw new Error('smooth_l1_loss does not support negative values for beta.');
  return pointwiseLoss('SmoothL1LossBackward0', input, target, opts.reduction ?? 'mean', (x, y) => {
    const z = x.sub(y).abs();
    return beta === 0 ? z : where(z.lt(beta), z.square().mul(0.5 / beta), z.sub(0.5 * beta));
  }, (x, y) => {
    const d = x.sub(y);
    const dx = beta === 0 ? d.sign() : where(d.abs().lt(beta), d.div(beta), d.sign());
    return [dx, dx.neg()];
  });
}

/** Squared term below `delta`, delta-scaled absolute term above (HuberLossBackward0). */
export function huberLoss(input: Tensor, target: Tensor, ...args: PyArgs<[reduction: Reduction, delta: number], ReductionOptions & { delta?: number }>): Tensor {
  const opts = bindOptions<ReductionOptions & { delta?: number }>('huber_loss', ['reduction', 'delta'], args);
  warnIfSizesDiffer(input, target);
  const delta = floatArg('huber_loss', 'delta', opts.delta, 1.0);
  if (delta <= 0) throw new Error('huber_loss does not support non-positive values for delta.');
  return pointwiseLoss('HuberLossBackward0', input, target, opts.reduction ?? 'mean', (x, y) => {
    const z = x.sub(y).abs();
    return where(z.lt(delta), z.square().mul(0.5), z.sub(0.5 * delta).mul(delta));
  }, (x, y) => {
    const d = x.sub(y);
    const dx = d.clamp(-delta, delta);
    return [dx, dx.neg()];
  });
}

function sameSize(input: Tensor, target: Tensor): void {
  if (input.shape.length !== target.shape.length || input.shape.some((d, i) => d !== target.shape[i])) {
    throw new Error(`Using a target size (torch.Size([${target.shape.join(', ')}])) that is different to the input size ` +
      `(torch.Size([${input.shape.join(', ')}])) is deprecated. Please ensure they have the same size.`);
  }
}

/**
 * Binary cross-entropy of probabilities `input` in [0, 1] (logs clamped at -100, as PyTorch),
 * optionally weighted (BinaryCrossEntropyBackward0).
 */
export function binaryCrossEntropy(input: Tensor, target: Tensor, ...args: PyArgs<[weight: Tensor | null], ReductionOptions & { weight?: Tensor | null }>): Tensor {
  const opts = bindOptions<ReductionOptions & { weight?: Tensor | null }>('binary_cross_entropy', ['weight', 'reduction'], args);
  sameSize(input, target);
  if (!noGrad(() => input.ge(0).logicalAnd(input.le(1)).all().item())) throw new Error('all elements of input should be between 0 and 1');
  const w = opts.weight ?? null;
  const weighted = (t: Tensor): Tensor => (w === null ? t : t.mul(w));
  return pointwiseLoss('BinaryCrossEntropyBackward0', input, target, opts.reduction ?? 'mean', (x, y) => {
    const logX = x.log().clamp(-100), log1mX = x.neg().log1p().clamp(-100);
    return weighted(y.sub(1).mul(log1mX).sub(y.mul(logX)));
  }, (x, y) => {
    const dx = weighted(x.sub(y).div(x.neg().add(1).mul(x).clamp(1e-12)));
    const dy = weighted(x.neg().log1p().clamp(-100).sub(x.log().clamp(-100)));
    return [dx, dy];
  });
}

/**
 * Binary cross-entropy on logits, computed stably; `posWeight` scales the positive term
 * (BinaryCrossEntropyWithLogitsBackward0).
 * @example binaryCrossEntropyWithLogits(logits, y, { posWeight: tensor([3]) })
 */
export function binaryCrossEntropyWithLogits(
  input: Tensor, target: Tensor, ...args: PyArgs<[weight: Tensor | null], ReductionOptions & { weight?: Tensor | null; posWeight?: Tensor | null }>
): Tensor {
  const opts = bindOptions<ReductionOptions & { weight?: Tensor | null; posWeight?: Tensor | null }>(
    'binary_cross_entropy_with_logits', ['weight', 'reduction', 'posWeight'], args);
  sameSize(input, target);
  const w = opts.weight ?? null, pw = opts.posWeight ?? null;
  const weighted = (t: Tensor): Tensor => (w === null ? t : t.mul(w));
  return pointwiseLoss('BinaryCrossEntropyWithLogitsBackward0', input, target, opts.reduction ?? 'mean', (x, y) => {
    const maxVal = x.neg().clamp(0);
    const logTerm = maxVal.neg().exp().add(x.neg().sub(maxVal).exp()).log().add(maxVal);
    const lw = pw === null ? null : pw.sub(1).mul(y).add(1);
    return weighted(y.neg().add(1).mul(x).add(lw === null ? logTerm : lw.mul(logTerm)));
  }, (x, y) => {
    const s = x.sigmoid();
    let dx: Tensor, dy: Tensor;
    if (pw === null) {
      dx = s.sub(y);
      dy = x.neg();
    } else {
      const t = pw.mul(y);
      dx = t.add(1).sub(y).mul(s).sub(t);
      dy = x.neg().add(pw.sub(1).mul(x.neg().softplus()));
    }
    return [weighted(dx), weighted(dy)];
  });
}

/**
 * Kullback-Leibler divergence with `input` as log-probabilities, composed as PyTorch does:
 * target * (log target - input) (or exp(target) * (target - input) with `logTarget`).
 * 'batchmean' divides the sum by the batch size.
 */
export function klDiv(input: Tensor, target: Tensor, options?: { reduction?: Reduction | 'batchmean'; logTarget?: boolean }): Tensor {
  const opts: { reduction?: Reduction | 'batchmean'; logTarget?: boolean } = lossOpts('kl_div', options, ['reduction', 'logTarget']);
  const reduction = opts.reduction ?? 'mean';
  const pointwise = opts.logTarget
    ? target.exp().mul(target.sub(input))
    : target.mul(where(target.eq(0), 1, target).log()).sub(target.mul(input));
  if (reduction === 'batchmean') {
    const s = pointwise.sum();
    return input.shape.length === 0 ? s : s.div(input.shape[0]!);
  }
  return reduce(pointwise, nnOps.checkReduction(reduction));
}

/** F.nll_loss's keyword arguments. */
export interface NllLossOptions extends ReductionOptions {
  /** Per-class rescaling weight [C] (default none). */
  weight?: Tensor | null;
  /** Targets equal to this contribute nothing, to the loss or the mean's divisor (default -100). */
  ignoreIndex?: number;
}

/**
 * Negative log-likelihood of class indices under log-probabilities (NllLossBackward0).
 * @example nllLoss(logSoftmax(zOut, 1), y) // what crossEntropy(zOut, y) computes
 * @example nllLoss(logp, y, classWeights, { ignoreIndex: 0 }) // PyTorch's positional weight
 */
export function nllLoss(input: Tensor, target: Tensor, ...args: PyArgs<[weight: Tensor | null], NllLossOptions>): Tensor {
  const opts = bindOptions<NllLossOptions>('nll_loss', ['weight', 'ignoreIndex', 'reduction'], args);
  intArgOf('nll_loss', 'ignore_index', opts.ignoreIndex, -100);
  return viaFourDims(input, target, opts.reduction, (x, t) => nnOps.nllLoss(x, t, opts));
}

/** PyTorch runs 3-D inputs through the 4-D kernel, so an unreduced loss comes back as a view. */
function viaFourDims(input: Tensor, target: Tensor, reduction: string | undefined, f: (x: Tensor, t: Tensor) => Tensor): Tensor {
  if (input.shape.length !== 3 || reduction !== 'none' || target.shape.length !== 2) return f(input, target);
  return f(input.unsqueeze(3), target.unsqueeze(2)).view(target.shape);
}

/** F.cross_entropy's keyword arguments. */
export interface CrossEntropyOptions extends NllLossOptions {
  /** Mix the target with the uniform distribution by this amount, in [0, 1] (default 0). */
  labelSmoothing?: number;
}

/**
 * Cross-entropy of logits `input` [N, C, ...] against class indices (int32 [N, ...]) or class
 * probabilities (same shape as input), as logSoftmax + nllLoss.
 * @example crossEntropy(outputs, labels, { labelSmoothing: 0.1 })
 * @example crossEntropy(outputs, labels, classWeights) // PyTorch's positional weight
 */
export function crossEntropy(input: Tensor, target: Tensor, ...args: PyArgs<[weight: Tensor | null], CrossEntropyOptions>): Tensor {
  if (args.length === 0) return crossEntropyBound(input, target, null, -100, 'mean', 0);
  const o = bindOptions<CrossEntropyOptions>('cross_entropy', ['weight', 'ignoreIndex', 'reduction', 'labelSmoothing'], args);
  const weight = o.weight ?? null;
  if (!(weight === null || weight instanceof Tensor)) throw new TypeError(`cross_entropy_loss(): argument 'weight' (position 3) must be Tensor, not ${typeof weight}`);
  const ignoreIndex = intArgOf('cross_entropy_loss', 'ignore_index', o.ignoreIndex, -100, 5);
  const ls = floatArg('cross_entropy_loss', 'label_smoothing', o.labelSmoothing, 0);
  return crossEntropyBound(input, target, weight, ignoreIndex, o.reduction ?? 'mean', ls);
}

/** F.cross_entropy with its arguments bound and type-checked (nn.CrossEntropyLoss calls this each step). */
export function crossEntropyBound(input: Tensor, target: Tensor, weight: Tensor | null, ignoreIndex: number, reductionArg: Reduction, ls: number): Tensor {
  const reduction = nnOps.checkReduction(reductionArg);
  if (!(ls >= 0 && ls <= 1)) throw new Error(`label_smoothing must be between 0.0 and 1.0. Got: ${pyNumber(ls)}`);
  const classDim = input.shape.length === 1 ? 0 : 1;
  if (ls === 0 && (target.dtype === 'int32' || target.dtype === 'int64')) {
    return viaFourDims(input, target, reduction, (x, t) => nnOps.crossEntropyIndices(x, t, { weight, ignoreIndex, reduction }));
  }
  const logp = input.logSoftmax(classDim);
  const n = input.shape[classDim] ?? 1;
  const wShape = input.shape.map((_, i) => (i === classDim ? n : 1));
  const probTarget = isFloating(target.dtype) && target.shape.length === input.shape.length && target.shape.every((d, i) => d === input.shape[i]);
  if (probTarget) {
    if (ignoreIndex >= 0) throw new Error('ignore_index is not supported for floating point target');
    const t = ls > 0 ? target.mul(1 - ls).add(ls / n) : target;
    const prod = weight === null ? logp.mul(t) : logp.mul(t).mul(weight.view(wShape));
    if (reduction === 'none') return prod.sum(classDim).neg();
    if (reduction === 'sum') return prod.sum().neg();
    return prod.sum().neg().div(input.numel() / n);
  }
  if (isFloating(target.dtype) && input.shape.length <= 2) {
    throw new Error(target.shape.length > 1 ? '0D or 1D target tensor expected, multi-target not supported' : 'expected scalar type Long but found Float');
  }
  const nll = nnOps.nllLoss(logp, target, { weight, ignoreIndex, reduction });
  if (ls === 0) return nll;
  const ignore = target.eq(ignoreIndex);
  let smooth = (weight === null ? logp : logp.mul(weight.view(wShape))).sum(classDim).neg();
  smooth = where(ignore, 0, smooth);
  let ret: Tensor;
  if (reduction === 'sum') ret = smooth.sum();
  else if (reduction === 'none') ret = smooth;
  else if (weight === null) ret = smooth.sum().div(ignore.logicalNot().sum());
  else {
    const safe = where(ignore, 0, target);
    ret = smooth.sum().div(where(ignore, 0, weight.reshape([-1]).indexSelect(0, safe.reshape([-1])).view(target.shape)).sum());
  }
  return nll.mul(1 - ls).add(ret.mul(ls / n));
}
