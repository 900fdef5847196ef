/** RMSprop (plain, centered, with momentum), as torch.optim.RMSprop (1.13, single-tensor path). */
import { pyNumber } from './format';
import { type Tensor, zerosLike } from '@torchlet/core';
import { optimizerArgs, type PositionalArgs } from './args';
import { Optimizer, checkOption, type BaseOptions, type ParamsInput } from './optimizer';
import { numberIn, optionalTensorIn, tensorIn, type ParamState } from './state';

export interface RMSpropOptions extends BaseOptions {
  /** Smoothing constant of the running average of squared gradients (default 0.99). */
  alpha: number;
  /** Added to the denominator for numerical stability (default 1e-8). */
  eps: number;
  /** L2 penalty added to the gradient (default 0). */
  weightDecay: number;
  /** Momentum factor (default 0). */
  momentum: number;
  /** Normalize by the estimated variance of the gradient (default false). */
  centered: boolean;
  /** Maximize the objective instead of minimizing (default false). */
  maximize: boolean;
}

/** RMSprop's state: `step` is a plain count here, as in PyTorch 1.13. */
export type RMSpropState = {
  /** Steps taken (a plain count). */
  step: number;
  /** Running average of squared gradients. */
  squareAvg: Tensor;
  /** With `momentum` > 0: the momentum buffer. */
  momentumBuffer?: Tensor;
  /** With `centered`: running average of the gradient. */
  gradAvg?: Tensor;
};

/**
 * torch.optim.RMSprop.
 * @example const opt = new RMSprop(model.parameters(), { lr: 0.01, alpha: 0.99, centered: true });
 */
export class RMSprop extends Optimizer<RMSpropOptions, RMSpropState> {
  constructor(
    params: ParamsInput<RMSpropOptions>,
    ...args: PositionalArgs<[lr: number, alpha: number, eps: number, weightDecay: number, momentum: number, centered: boolean], RMSpropOptions>
  ) {
    const options = optimizerArgs<RMSpropOptions>('RMSprop', ['lr', 'alpha', 'eps', 'weightDecay', 'momentum', 'centered'],
      { lr: 0, alpha: 0, eps: 0, weightDecay: 0, momentum: 0, centered: false, maximize: false }, args);
    const { lr = 1e-2, alpha = 0.99, eps = 1e-8, weightDecay = 0, momentum = 0, centered = false, maximize = false } = options;
    checkOption(lr >= 0, `Invalid learning rate: ${pyNumber(lr)}`);
    checkOption(eps >= 0, `Invalid epsilon value: ${pyNumber(eps)}`);
    checkOption(momentum >= 0, `Invalid momentum value: ${pyNumber(momentum)}`);
    checkOption(weightDecay >= 0, `Invalid weight_decay value: ${pyNumber(weightDecay)}`);
    checkOption(alpha >= 0, `Invalid alpha value: ${pyNumber(alpha)}`);
    super(params, { lr, alpha, eps, weightDecay, momentum, centered, maximize });
  }

  protected applyUpdate(): void {
    for (const group of this.paramGroups) {
      const { lr, alpha, eps, weightDecay, momentum, centered, maximize } = group;
      for (const p of group.params) {
        const g = p.grad;
        if (g === null) continue;
        const st = this.stateOf(p, () => {
          const s: RMSpropState = { step: 0, squareAvg: zerosLike(p) };
          if (momentum > 0) s.momentumBuffer = zerosLike(p);
          if (centered) s.gradAvg = zerosLike(p);
          return s;
        });
        st.step += 1;
        let grad = maximize ? g.neg() : g;
        if (weightDecay !== 0) grad = grad.add(p, { alpha: weightDecay });
        st.squareAvg.mul_(alpha).addcmul_(grad, grad, { value: 1 - alpha });
        let avg: Tensor;
        if (centered) {
          const gradAvg = (st.gradAvg ??= zerosLike(p));
          gradAvg.mul_(alpha).add_(grad, { alpha: 1 - alpha });
          avg = st.squareAvg.addcmul(gradAvg, gradAvg, { value: -1 }).sqrt_();
        } else {
          avg = st.squareAvg.sqrt();
        }
        avg.add_(eps);
        if (momentum > 0) {
          const buf = (st.momentumBuffer ??= zerosLike(p));
          buf.mul_(momentum).addcdiv_(grad, avg);
          p.add_(buf, { alpha: -lr });
        } else {
          p.addcdiv_(grad, avg, { value: -lr });
        }
      }
    }
  }

  protected restoreState(entry: ParamState): RMSpropState {
    const s: RMSpropState = { step: numberIn(entry, 'step'), squareAvg: tensorIn(entry, 'squareAvg') };
    const m = optionalTensorIn(entry, 'momentumBuffer');
    if (m !== undefined) s.momentumBuffer = m;
    const a = optionalTensorIn(entry, 'gradAvg');
    if (a !== undefined) s.gradAvg = a;
    return s;
  }
}
