/** Adam and AdamW (decoupled weight decay), as torch.optim.Adam / torch.optim.AdamW (1.13, single-tensor path). */
import { pyNumber } from './format';
import { type Tensor, zeros, zerosLike } from '@torchlet/core';
import { pyPow } from './pow';
import { optimizerArgs, type PositionalArgs } from './args';
import { Optimizer, checkOption, type BaseOptions, type ParamsInput } from './optimizer';
import { maximumInto } from './ops';
import { optionalTensorIn, stepTensorIn, tensorIn, type ParamState } from './state';

export interface AdamOptions extends BaseOptions {
  /** Coefficients for the running averages of the gradient and its square (default [0.9, 0.999]). */
  betas: [number, number];
  /** Added to the denominator for numerical stability (default 1e-8). */
  eps: number;
  /** Weight decay: L2 penalty for Adam, decoupled decay for AdamW (defaults 0 and 0.01). */
  weightDecay: number;
  /** Use the AMSGrad variant (default false). */
  amsgrad: boolean;
  /** Maximize the objective instead of minimizing (default false). */
  maximize: boolean;
}

/** Adam's per-parameter state (PyTorch's step, exp_avg, exp_avg_sq, max_exp_avg_sq). */
export type AdamState = {
  /** Steps taken (a 0-dim tensor). */
  step: Tensor;
  /** Running average of the gradient (first moment). */
  expAvg: Tensor;
  /** Running average of the squared gradient (second moment). */
  expAvgSq: Tensor;
  /** With `amsgrad`: the running maximum of expAvgSq. */
  maxExpAvgSq?: Tensor;
};

/** Validates Adam-family options in PyTorch's order and words. */
export function checkAdamOptions(lr: number, eps: number, betas: readonly number[], weightDecay: number): void {
  checkOption(lr >= 0, `Invalid learning rate: ${pyNumber(lr)}`);
  checkOption(eps >= 0, `Invalid epsilon value: ${pyNumber(eps)}`);
  const [b0 = NaN, b1 = NaN] = betas;
  checkOption(b0 >= 0 && b0 < 1, `Invalid beta parameter at index 0: ${pyNumber(b0)}`);
  checkOption(b1 >= 0 && b1 < 1, `Invalid beta parameter at index 1: ${pyNumber(b1)}`);
  checkOption(weightDecay >= 0, `Invalid weight_decay value: ${pyNumber(weightDecay)}`);
}

/** PyTorch's positional order for Adam and AdamW: `Adam(params, 1e-3, [0.9, 0.999], 1e-8, 0, false)`. */
type AdamArgs = PositionalArgs<[lr: number, betas: [number, number], eps: number, weightDecay: number, amsgrad: boolean], AdamOptions>;
const ADAM_POSITIONAL = ['lr', 'betas', 'eps', 'weightDecay', 'amsgrad'];
const ADAM_DEFAULTS = { lr: 0, betas: [0, 0], eps: 0, weightDecay: 0, amsgrad: false, maximize: false };

/** Shared by Adam and AdamW: they differ only in where weight decay enters. */
abstract class AdamBase extends Optimizer<AdamOptions, AdamState> {
  /** True for AdamW: weight decay shrinks the parameter instead of adding to the gradient. */
  protected abstract readonly decoupled: boolean;

  protected applyUpdate(): void {
    for (const group of this.paramGroups) {
      const { lr, eps, weightDecay, amsgrad, maximize } = group;
      const [beta1, beta2] = group.betas;
      for (const p of group.params) {
        const g = p.grad;
        if (g === null) continue;
        const st = this.stateOf(p, () => ({ step: zeros([]), expAvg: zerosLike(p), expAvgSq: zerosLike(p) }));
        if (amsgrad && st.maxExpAvgSq === undefined) st.maxExpAvgSq = zerosLike(p);
        let grad = maximize ? g.neg() : g;
        st.step.add_(1);
        // p * 1 is p bit for bit (NaN stays NaN): the no-decay group skips a kernel per parameter.
        if (this.decoupled) { if (lr * weightDecay !== 0) p.mul_(1 - lr * weightDecay); }
        else if (weightDecay !== 0) grad = grad.add(p, { alpha: weightDecay });
        st.expAvg.mul_(beta1).add_(grad, { alpha: 1 - beta1 });
        st.expAvgSq.mul_(beta2).addcmul_(grad, grad, { value: 1 - beta2 });
        const step = st.step.item();
        const biasCorrection1 = 1 - pyPow(beta1, step);
        const biasCorrection2Sqrt = Math.sqrt(1 - pyPow(beta2, step));
        const stepSize = lr / biasCorrection1;
        let second = st.expAvgSq;
        if (amsgrad && st.maxExpAvgSq !== undefined) second = maximumInto(st.maxExpAvgSq, st.expAvgSq);
        const denom = second.sqrt().div_(biasCorrection2Sqrt).add_(eps);
        p.addcdiv_(st.expAvg, denom, { value: -stepSize });
      }
    }
  }

  protected restoreState(entry: ParamState): AdamState {
    const s: AdamState = { step: stepTensorIn(entry), expAvg: tensorIn(entry, 'expAvg'), expAvgSq: tensorIn(entry, 'expAvgSq') };
    const m = optionalTensorIn(entry, 'maxExpAvgSq');
    if (m !== undefined) s.maxExpAvgSq = m;
    return s;
  }
}

/**
 * torch.optim.Adam: weight decay is an L2 term added to the gradient.
 * @example const opt = new Adam(model.parameters(), { lr: 1e-3, betas: [0.9, 0.999] });
 */
export class Adam extends AdamBase {
  /** Adam: weight decay is an L2 penalty added to the gradient. */
  protected readonly decoupled = false;

  constructor(params: ParamsInput<AdamOptions>, ...args: AdamArgs) {
    const options = optimizerArgs<AdamOptions>('Adam', ADAM_POSITIONAL, ADAM_DEFAULTS, args);
    const { lr = 1e-3, betas = [0.9, 0.999], eps = 1e-8, weightDecay = 0, amsgrad = false, maximize = false } = options;
    checkAdamOptions(lr, eps, betas, weightDecay);
    super(params, { lr, betas: [betas[0], betas[1]], eps, weightDecay, amsgrad, maximize });
  }
}

/**
 * torch.optim.AdamW: decoupled weight decay, `p *= 1 - lr * weightDecay` before the Adam step.
 * @example const opt = new AdamW(model.parameters(), { lr: 1e-3, weightDecay: 0.01 });
 */
export class AdamW extends AdamBase {
  /** AdamW: weight decay is decoupled (`p *= 1 - lr * weightDecay`). */
  protected readonly decoupled = true;

  constructor(params: ParamsInput<AdamOptions>, ...args: AdamArgs) {
    const options = optimizerArgs<AdamOptions>('AdamW', ADAM_POSITIONAL, ADAM_DEFAULTS, args);
    const { lr = 1e-3, betas = [0.9, 0.999], eps = 1e-8, weightDecay = 1e-2, amsgrad = false, maximize = false } = options;
    checkAdamOptions(lr, eps, betas, weightDecay);
    super(params, { lr, betas: [betas[0], betas[1]], eps, weightDecay, amsgrad, maximize });
  }
}
