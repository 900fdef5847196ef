/** Adamax (Adam with the infinity norm), as torch.optim.Adamax (1.13, single-tensor path). */
import { type Tensor, zeros, zerosLike } from '@torchlet/core';
import { pyPow } from './pow';
import { optimizerArgs, type PositionalArgs } from './args';
import { Optimizer, type BaseOptions, type ParamsInput } from './optimizer';
import { checkAdamOptions } from './adam';
import { maximumInto } from './ops';
import { stepTensorIn, tensorIn, type ParamState } from './state';

export interface AdamaxOptions extends BaseOptions {
  /** Coefficients for the running average and the infinity norm (default [0.9, 0.999]). */
  betas: [number, number];
  /** Added to the norm for numerical stability (default 1e-8). */
  eps: number;
  /** L2 penalty added to the gradient (default 0). */
  weightDecay: number;
  /** Maximize the objective instead of minimizing (default false). */
  maximize: boolean;
}

/** Adamax's per-parameter state (PyTorch's step, exp_avg, exp_inf). */
export type AdamaxState = {
  /** Steps taken (a 0-dim tensor). */
  step: Tensor;
  /** Running average of the gradient. */
  expAvg: Tensor;
  /** Exponentially weighted infinity norm of the gradient. */
  expInf: Tensor;
};

/**
 * torch.optim.Adamax.
 * @example const opt = new Adamax(model.parameters(), { lr: 2e-3 });
 */
export class Adamax extends Optimizer<AdamaxOptions, AdamaxState> {
  constructor(params: ParamsInput<AdamaxOptions>, ...args: PositionalArgs<[lr: number, betas: [number, number], eps: number, weightDecay: number], AdamaxOptions>) {
    const options = optimizerArgs<AdamaxOptions>('Adamax', ['lr', 'betas', 'eps', 'weightDecay'],
      { lr: 0, betas: [0, 0], eps: 0, weightDecay: 0, maximize: false }, args);
    const { lr = 2e-3, betas = [0.9, 0.999], eps = 1e-8, weightDecay = 0, maximize = false } = options;
    checkAdamOptions(lr, eps, betas, weightDecay);
    super(params, { lr, betas: [betas[0], betas[1]], eps, weightDecay, maximize });
  }

  protected applyUpdate(): void {
    for (const group of this.paramGroups) {
      const { lr, eps, weightDecay, maximize } = group;
      const [beta1, beta2] = group.betas;
      for (const p of group.params) {
        const g = p.grad;
        if (g === null) continue;
        const st = this.stateOf(p, () => ({ step: zeros([]), expAvg: zerosLike(p), expInf: zerosLike(p) }));
        st.step.add_(1);
        const step = st.step.item();
        let grad = maximize ? g.neg() : g;
        if (weightDecay !== 0) grad = grad.add(p, { alpha: weightDecay });
        st.expAvg.mul_(beta1).add_(grad, { alpha: 1 - beta1 });
        // PyTorch takes amax over cat([exp_inf * beta2, |grad| + eps]): an elementwise maximum.
        maximumInto(st.expInf.mul_(beta2), grad.abs().add_(eps));
        const clr = lr / (1 - pyPow(beta1, step));
        p.addcdiv_(st.expAvg, st.expInf, { value: -clr });
      }
    }
  }

  protected restoreState(entry: ParamState): AdamaxState {
    return { step: stepTensorIn(entry), expAvg: tensorIn(entry, 'expAvg'), expInf: tensorIn(entry, 'expInf') };
  }
}
