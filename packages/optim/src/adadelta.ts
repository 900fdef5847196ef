/** Adadelta, as torch.optim.Adadelta (1.13, single-tensor path). */
import { pyNumber } from './format';
import { type Tensor, zerosLike } from '@torchlet/core';
import { optimizerArgs, type PositionalArgs } from './args';
import { Optimizer, checkOption, type BaseOptions, type ParamsInput } from './optimizer';
import { numberIn, tensorIn, type ParamState } from './state';

export interface AdadeltaOptions extends BaseOptions {
  /** Coefficient of the running averages of squared gradients and squared updates (default 0.9). */
  rho: number;
  /** Added inside both square roots for numerical stability (default 1e-6). */
  eps: number;
  /** L2 penalty added to the gradient (default 0). */
  weightDecay: number;
  /** Maximize the objective instead of minimizing (default false). */
  maximize: boolean;
}

/** Adadelta's per-parameter state: `step` is a plain count, as in PyTorch 1.13. */
export type AdadeltaState = {
  /** Steps taken (a plain count). */
  step: number;
  /** Running average of squared gradients. */
  squareAvg: Tensor;
  /** Running average of squared updates. */
  accDelta: Tensor;
};

/** PyTorch's positional order, and each option's type by example. */
const POSITIONAL = ['lr', 'rho', 'eps', 'weightDecay'];
const DEFAULTS = { lr: 0, rho: 0, eps: 0, weightDecay: 0, maximize: false };

/**
 * torch.optim.Adadelta. `lr` scales the update (default 1.0, as in pytorch/examples' MNIST).
 * @example
 * const opt = new Adadelta(model.parameters(), 1.0); // or { lr: 1.0, rho: 0.9 }
 * const sched = new lrScheduler.StepLR(opt, { stepSize: 1, gamma: 0.7 });
 */
export class Adadelta extends Optimizer<AdadeltaOptions, AdadeltaState> {
  constructor(params: ParamsInput<AdadeltaOptions>, ...args: PositionalArgs<[lr: number, rho: number, eps: number, weightDecay: number], AdadeltaOptions>) {
    const opts = optimizerArgs<AdadeltaOptions>('Adadelta', POSITIONAL, DEFAULTS, args);
    const { lr: rate = 1.0, rho = 0.9, eps = 1e-6, weightDecay = 0, maximize = false } = opts;
    checkOption(rate >= 0, `Invalid learning rate: ${pyNumber(rate)}`);
    checkOption(rho >= 0 && rho <= 1, `Invalid rho value: ${pyNumber(rho)}`);
    checkOption(eps >= 0, `Invalid epsilon value: ${pyNumber(eps)}`);
    checkOption(weightDecay >= 0, `Invalid weight_decay value: ${pyNumber(weightDecay)}`);
    super(params, { lr: rate, rho, eps, weightDecay, maximize });
  }

  protected applyUpdate(): void {
    for (const group of this.paramGroups) {
      const { lr, rho, eps, weightDecay, maximize } = group;
      for (const p of group.params) {
        const g = p.grad;
        if (g === null) continue;
        const st = this.stateOf(p, () => ({ step: 0, squareAvg: zerosLike(p), accDelta: zerosLike(p) }));
        st.step += 1;
        let grad = maximize ? g.neg() : g;
        if (weightDecay !== 0) grad = grad.add(p, { alpha: weightDecay });
        st.squareAvg.mul_(rho).addcmul_(grad, grad, { value: 1 - rho });
        const std = st.squareAvg.add(eps).sqrt_();
        const delta = st.accDelta.add(eps).sqrt_().div_(std).mul_(grad);
        st.accDelta.mul_(rho).addcmul_(delta, delta, { value: 1 - rho });
        p.add_(delta, { alpha: -lr });
      }
    }
  }

  protected restoreState(entry: ParamState): AdadeltaState {
    return { step: numberIn(entry, 'step'), squareAvg: tensorIn(entry, 'squareAvg'), accDelta: tensorIn(entry, 'accDelta') };
  }
}
