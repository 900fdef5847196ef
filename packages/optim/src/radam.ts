/** RAdam (rectified Adam), as torch.optim.RAdam (1.13, single-tensor path). */
import { type Tensor, zeros, zerosLike } from '@torchlet/core';
import { pyPow } from './pow';
import { optimizerArgs, type PositionalArgs } from './args';
import { Optimizer, type BaseOptions, type ParamsInput } from './optimizer';
import { checkAdamOptions } from './adam';
import { stepTensorIn, tensorIn, type ParamState } from './state';

export interface RAdamOptions extends BaseOptions {
  /** Coefficients for the running averages of the gradient and its square (default [0.9, 0.999]). */
  betas: [number, number];
  /** Added to the denominator for numerical stability (default 1e-8). */
  eps: number;
  /** L2 penalty added to the gradient (default 0). */
  weightDecay: number;
}

/** RAdam's per-parameter state (PyTorch's step, exp_avg, exp_avg_sq). */
export type RAdamState = {
  /** Steps taken (a 0-dim tensor). */
  step: Tensor;
  /** Running average of the gradient. */
  expAvg: Tensor;
  /** Running average of the squared gradient. */
  expAvgSq: Tensor;
};

/**
 * torch.optim.RAdam: plain momentum SGD while the variance estimate is unreliable (rho_t <= 5),
 * then rectified adaptive steps.
 * @example const opt = new RAdam(model.parameters(), { lr: 1e-3 });
 */
export class RAdam extends Optimizer<RAdamOptions, RAdamState> {
  constructor(params: ParamsInput<RAdamOptions>, ...args: PositionalArgs<[lr: number, betas: [number, number], eps: number, weightDecay: number], RAdamOptions>) {
    const options = optimizerArgs<RAdamOptions>('RAdam', ['lr', 'betas', 'eps', 'weightDecay'], { lr: 0, betas: [0, 0], eps: 0, weightDecay: 0 }, args);
    const { lr = 1e-3, betas = [0.9, 0.999], eps = 1e-8, weightDecay = 0 } = options;
    checkAdamOptions(lr, eps, betas, weightDecay);
    super(params, { lr, betas: [betas[0], betas[1]], eps, weightDecay });
  }

  protected applyUpdate(): void {
    for (const group of this.paramGroups) {
      const { lr, eps, weightDecay } = group;
      const [beta1, beta2] = group.betas;
      for (const p of group.params) {
        let grad = p.grad;
        if (grad === null) continue;
        const st = this.stateOf(p, () => ({ step: zeros([]), expAvg: zerosLike(p), expAvgSq: zerosLike(p) }));
        st.step.add_(1);
        const step = st.step.item();
        const biasCorrection1 = 1 - pyPow(beta1, step);
        const biasCorrection2 = 1 - pyPow(beta2, step);
        if (weightDecay !== 0) grad = grad.add(p, { alpha: weightDecay });
        st.expAvg.mul_(beta1).add_(grad, { alpha: 1 - beta1 });
        st.expAvgSq.mul_(beta2).addcmul_(grad, grad, { value: 1 - beta2 });
        const biasCorrectedExpAvg = st.expAvg.div(biasCorrection1);
        const rhoInf = 2 / (1 - beta2) - 1;
        const rhoT = rhoInf - (2 * step * pyPow(beta2, step)) / biasCorrection2;
        if (rhoT > 5.0) {
          const rect = Math.sqrt(((rhoT - 4) * (rhoT - 2) * rhoInf) / ((rhoInf - 4) * (rhoInf - 2) * rhoT));
          // Python's `scalar / tensor` is `tensor.reciprocal() * scalar`: two roundings, kept.
          const adaptiveLr = st.expAvgSq.sqrt().add_(eps).reciprocal().mul(Math.sqrt(biasCorrection2));
          p.add_(biasCorrectedExpAvg.mul(lr).mul(adaptiveLr).mul(rect), { alpha: -1.0 });
        } else {
          p.add_(biasCorrectedExpAvg.mul(lr), { alpha: -1.0 });
        }
      }
    }
  }

  protected restoreState(entry: ParamState): RAdamState {
    return { step: stepTensorIn(entry), expAvg: tensorIn(entry, 'expAvg'), expAvgSq: tensorIn(entry, 'expAvgSq') };
  }
}
