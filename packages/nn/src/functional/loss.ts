/**
 * Loss functions of torch.nn.functional. Where PyTorch has a dedicated node (MseLossBackward0,
 * HuberLossBackward0, ...) the loss is one core node too (nnOps.pointwiseLoss), with PyTorch's
 * gradient formula built from differentiable ops; where PyTorch composes (l1, kl_div,
 * cross_entropy) so do we. No autograd node is built here.
 */
import { Tensor, isFloating, noGrad, where } from '@torchlet/core';
import { nnOps } from '@torchlet/core/internal';

const { pointwiseLoss } = nnOps;

export type Reduction = nnOps.Reduction;

export interface ReductionOptions {
  reduction?: Reduction;
}

function reduce(t: Tensor, reduction: Reduction): Tensor {
  return reduction === 'mean' ? t.mean() : reduction === 'sum' ? t.sum() : t;
}

/**
 * Mean squared error: mean((input - target)^2) (MseLossBackward0).
 * @example mseLoss(pred, y)
 */
export function mseLoss(input: Tensor, target: Tensor, opts: ReductionOptions = {}): Tensor {
  return pointwiseLoss('MseLossBackward0', input, target, opts.reduction ?? 'mean', (x, y) => x.sub(y).square(), (x, y) => {
    const d = x.sub(y).mul(2);
    return [d, d.neg()];
  });
}

/** Mean absolute error, composed as PyTorch composes it: (input - target).abs() reduced. */
export function l1Loss(input: Tensor, target: Tensor, opts: ReductionOptions = {}): Tensor {
  return reduce(input.sub(target).abs(), nnOps.checkReduction(opts.reduction ?? 'mean'));
}

/** Squared term below `beta`, absolute term above (SmoothL1LossBackward0). */
export function smoothL1Loss(input: Tensor, target: Tensor, opts: ReductionOptions & { beta?: number } = {}): Tensor {
  const beta = opts.beta ?? 1.0;
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
export function huberLoss(input: Tensor, target: Tensor, opts: ReductionOptions & { delta?: number } = {}): Tensor {
  const delta = opts.delta ?? 1.0;
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
export function binaryCrossEntropy(input: Tensor, target: Tensor, opts: ReductionOptions & { weight?: Tensor | null } = {}): Tensor {
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
  input: Tensor, target: Tensor, opts: ReductionOptions & { weight?: Tensor | null; posWeight?: Tensor | null } = {},
): Tensor {
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
export function klDiv(input: Tensor, target: Tensor, opts: { reduction?: Reduction | 'batchmean'; logTarget?: boolean } = {}): Tensor {
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

export interface NllLossOptions extends ReductionOptions {
  weight?: Tensor | null;
  ignoreIndex?: number;
}

/**
 * Negative log-likelihood of class indices under log-probabilities (NllLossBackward0).
 * @example nllLoss(logSoftmax(zOut, 1), y) // what crossEntropy(zOut, y) computes
 */
export function nllLoss(input: Tensor, target: Tensor, opts: NllLossOptions = {}): Tensor {
  return viaFourDims(input, target, opts.reduction, (x, t) => nnOps.nllLoss(x, t, opts));
}

/** PyTorch runs 3-D inputs through the 4-D kernel, so an unreduced loss comes back as a view. */
function viaFourDims(input: Tensor, target: Tensor, reduction: string | undefined, f: (x: Tensor, t: Tensor) => Tensor): Tensor {
  if (input.shape.length !== 3 || reduction !== 'none' || target.shape.length !== 2) return f(input, target);
  return f(input.unsqueeze(3), target.unsqueeze(2)).view(target.shape);
}

export interface CrossEntropyOptions extends NllLossOptions {
  labelSmoothing?: number;
}

/**
 * Cross-entropy of logits `input` [N, C, ...] against class indices (int32 [N, ...]) or class
 * probabilities (same shape as input), as logSoftmax + nllLoss.
 * @example crossEntropy(outputs, labels, { labelSmoothing: 0.1 })
 */
export function crossEntropy(input: Tensor, target: Tensor, opts: CrossEntropyOptions = {}): Tensor {
  const reduction = nnOps.checkReduction(opts.reduction ?? 'mean');
  const ls = opts.labelSmoothing ?? 0;
  const ignoreIndex = opts.ignoreIndex ?? -100;
  const weight = opts.weight ?? null;
  if (ls < 0 || ls > 1) throw new Error(`label_smoothing must be between 0.0 and 1.0. Got: ${ls}`);
  const classDim = input.shape.length === 1 ? 0 : 1;
  if (ls === 0 && target.dtype === 'int32') {
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
