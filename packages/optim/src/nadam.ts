/** NAdam (Adam with Nesterov momentum), as torch.optim.NAdam (1.13, single-tensor path). */
import { pyNumber } from './format';
import { type Tensor, ones, zeros, zerosLike } from '@torchlet/core';
import { pyPow } from './pow';
import { optimizerArgs, type PositionalArgs } from './args';
import { Optimizer, checkOption, type BaseOptions, type ParamsInput } from './optimizer';
import { checkAdamOptions } from './adam';
import { stepTensorIn, tensorIn, type ParamState } from './state';

export interface NAdamOptions extends BaseOptions {
  /** Coefficients for the running averages of the gradient and its square (default [0.9, 0.999]). */
  betas: [number, number];
  /** Added to the denominator for numerical stability (default 1e-8). */
  eps: number;
  /** L2 penalty added to the gradient (default 0). */
  weightDecay: number;
  /** Momentum decay psi of the schedule mu_t = beta1 (1 - 0.5 * 0.96^(t psi)) (default 4e-3). */
  momentumDecay: number;
}

/** NAdam's state; `muProduct` is a 0-dim float tensor as in PyTorch (its rounding matters). */
export type NAdamState = {
  /** Steps taken (a 0-dim tensor). */
  step: Tensor;
  /** Product of the momentum coefficients so far. */
  muProduct: Tensor;
  /** Running average of the gradient. */
  expAvg: Tensor;
  /** Running average of the squared gradient. */
  expAvgSq: Tensor;
};

/**
 * torch.optim.NAdam.
 * @example const opt = new NAdam(model.parameters(), { lr: 2e-3, momentumDecay: 4e-3 });
 */
export class NAdam extends Optimizer<NAdamOptions, NAdamState> {
  constructor(
    params: ParamsInput<NAdamOptions>,
    ...args: PositionalArgs<[lr: number, betas: [number, number], eps: number, weightDecay: number, momentumDecay: number], NAdamOptions>
  ) {
    const options = optimizerArgs<NAdamOptions>('NAdam', ['lr', 'betas', 'eps', 'weightDecay', 'momentumDecay'],
      { lr: 0, betas: [0, 0], eps: 0, weightDecay: 0, momentumDecay: 0 }, args);
    const { lr = 2e-3, betas = [0.9, 0.999], eps = 1e-8, weightDecay = 0, momentumDecay = 4e-3 } = options;
    checkAdamOptions(lr, eps, betas, weightDecay);
    checkOption(momentumDecay >= 0, `Invalid momentum_decay value: ${pyNumber(momentumDecay)}`);
    super(params, { lr, betas: [betas[0], betas[1]], eps, weightDecay, momentumDecay });
  }

  protected applyUpdate(): void {
    for (const group of this.paramGroups) {
      const { lr, eps, weightDecay, momentumDecay } = group;
      const [beta1, beta2] = group.betas;
      for (const p of group.params) {
        let grad = p.grad;
        if (grad === null) continue;
        const st = this.stateOf(p, () => ({ step: zeros([]), muProduct: ones([]), expAvg: zerosLike(p), expAvgSq: zerosLike(p) }));
        st.step.add_(1);
        const step = st.step.item();
        const biasCorrection2 = 1 - pyPow(beta2, step);
        if (weightDecay !== 0) grad = grad.add(p, { alpha: weightDecay });
        const mu = beta1 * (1.0 - 0.5 * pyPow(0.96, step * momentumDecay));
        const muNext = beta1 * (1.0 - 0.5 * pyPow(0.96, (step + 1) * momentumDecay));
        st.muProduct.mul_(mu);
        const muProductNext = st.muProduct.mul(mu).mul(muNext).item();
        st.expAvg.mul_(beta1).add_(grad, { alpha: 1 - beta1 });
        st.expAvgSq.mul_(beta2).addcmul_(grad, grad, { value: 1 - beta2 });
        const denom = st.expAvgSq.div(biasCorrection2).sqrt_().add_(eps);
        p.addcdiv_(grad, denom, { value: (-lr * (1.0 - mu)) / (1.0 - st.muProduct.item()) });
        p.addcdiv_(st.expAvg, denom, { value: (-lr * muNext) / (1.0 - muProductNext) });
      }
    }
  }

  protected restoreState(entry: ParamState): NAdamState {
    const mp = entry.muProduct;
    const muProduct = typeof mp === 'number' ? ones([]).fill_(mp) : tensorIn(entry, 'muProduct');
    return { step: stepTensorIn(entry), muProduct, expAvg: tensorIn(entry, 'expAvg'), expAvgSq: tensorIn(entry, 'expAvgSq') };
  }
}
