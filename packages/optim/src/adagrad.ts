/** Adagrad, as torch.optim.Adagrad (1.13, dense single-tensor path). */
import { pyNumber } from './format';
import { type Tensor, fullLike, zeros } from '@torchlet/core';
import { optimizerArgs, type PositionalArgs } from './args';
import { Optimizer, checkOption, type BaseOptions, type ParamsInput } from './optimizer';
import { stepTensorIn, tensorIn, type ParamState } from './state';

export interface AdagradOptions extends BaseOptions {
  /** Learning-rate decay: lr / (1 + (step - 1) * lrDecay) (default 0). */
  lrDecay: number;
  /** L2 penalty added to the gradient (default 0). */
  weightDecay: number;
  /** Starting value of the sum of squared gradients (default 0). */
  initialAccumulatorValue: number;
  /** Added to the denominator for numerical stability (default 1e-10). */
  eps: number;
  /** Maximize the objective instead of minimizing (default false). */
  maximize: boolean;
}

/** Adagrad's per-parameter state (PyTorch's step, sum). */
export type AdagradState = {
  /** Steps taken (a 0-dim tensor). */
  step: Tensor;
  /** Sum of squared gradients (starts at `initialAccumulatorValue`). */
  sum: Tensor;
};

/**
 * torch.optim.Adagrad. Its state exists from construction (PyTorch fills it in __init__).
 * @example const opt = new Adagrad(model.parameters(), { lr: 0.01, lrDecay: 1e-4 });
 */
export class Adagrad extends Optimizer<AdagradOptions, AdagradState> {
  constructor(
    params: ParamsInput<AdagradOptions>,
    ...args: PositionalArgs<[lr: number, lrDecay: number, weightDecay: number, initialAccumulatorValue: number, eps: number], AdagradOptions>
  ) {
    const options = optimizerArgs<AdagradOptions>('Adagrad', ['lr', 'lrDecay', 'weightDecay', 'initialAccumulatorValue', 'eps'],
      { lr: 0, lrDecay: 0, weightDecay: 0, initialAccumulatorValue: 0, eps: 0, maximize: false }, args);
    const { lr = 1e-2, lrDecay = 0, weightDecay = 0, initialAccumulatorValue = 0, eps = 1e-10, maximize = false } = options;
    checkOption(lr >= 0, `Invalid learning rate: ${pyNumber(lr)}`);
    checkOption(lrDecay >= 0, `Invalid lr_decay value: ${pyNumber(lrDecay)}`);
    checkOption(weightDecay >= 0, `Invalid weight_decay value: ${pyNumber(weightDecay)}`);
    checkOption(initialAccumulatorValue >= 0, `Invalid initial_accumulator_value value: ${pyNumber(initialAccumulatorValue)}`);
    checkOption(eps >= 0, `Invalid epsilon value: ${pyNumber(eps)}`);
    super(params, { lr, lrDecay, weightDecay, initialAccumulatorValue, eps, maximize });
    for (const group of this.paramGroups) for (const p of group.params) this.initState(p, group.initialAccumulatorValue);
  }

  private initState(p: Tensor, initialAccumulatorValue: number): AdagradState {
    return this.stateOf(p, () => ({ step: zeros([]), sum: fullLike(p, initialAccumulatorValue) }));
  }

  protected applyUpdate(): void {
    for (const group of this.paramGroups) {
      const { lr, lrDecay, weightDecay, eps, maximize } = group;
      for (const p of group.params) {
        const g = p.grad;
        if (g === null) continue;
        const st = this.initState(p, group.initialAccumulatorValue);
        st.step.add_(1);
        const step = st.step.item();
        let grad = maximize ? g.neg() : g;
        if (weightDecay !== 0) grad = grad.add(p, { alpha: weightDecay });
        const clr = lr / (1 + (step - 1) * lrDecay);
        st.sum.addcmul_(grad, grad);
        const std = st.sum.sqrt().add_(eps);
        p.addcdiv_(grad, std, { value: -clr });
      }
    }
  }

  protected restoreState(entry: ParamState): AdagradState {
    return { step: stepTensorIn(entry), sum: tensorIn(entry, 'sum') };
  }
}
