/** Stochastic gradient descent with momentum, dampening, Nesterov and weight decay, as torch.optim.SGD. */
import { pyNumber } from './format';
import type { Tensor } from '@torchlet/core';
import { optimizerArgs, type PositionalArgs } from './args';
import { Optimizer, checkOption, type BaseOptions, type ParamsInput } from './optimizer';
import { optionalTensorIn, type ParamState } from './state';

export interface SGDOptions extends BaseOptions {
  /** Momentum factor (default 0). */
  momentum: number;
  /** Dampening for momentum (default 0). */
  dampening: number;
  /** L2 penalty added to the gradient (default 0). */
  weightDecay: number;
  /** Nesterov momentum (default false). */
  nesterov: boolean;
  /** Maximize the objective instead of minimizing (default false). */
  maximize: boolean;
}

/** SGD's per-parameter state: the momentum buffer (null while momentum is 0, as in PyTorch). */
export type SGDState = {
  /** The momentum buffer (null while momentum is 0). */
  momentumBuffer: Tensor | null;
};

const SGD_POSITIONAL = ['lr', 'momentum', 'dampening', 'weightDecay', 'nesterov'];
/** Each option's type, by example (SGD's lr has no default in PyTorch 1.13). */
const SGD_DEFAULTS = { lr: 0, momentum: 0, dampening: 0, weightDecay: 0, nesterov: false, maximize: false };

/**
 * torch.optim.SGD. The update order is PyTorch's: weight decay, then momentum (the first buffer
 * is a copy of the gradient), then `p -= lr * d_p`.
 * @example
 * const opt = new SGD(model.parameters(), { lr: 0.01, momentum: 0.9 });
 * opt.zeroGrad(); lossFn(model.forward(x), y).backward(); opt.step();
 */
export class SGD extends Optimizer<SGDOptions, SGDState> {
  constructor(params: ParamsInput<SGDOptions>, ...args: PositionalArgs<[lr: number, momentum: number, dampening: number, weightDecay: number, nesterov: boolean], SGDOptions>) {
    const options = optimizerArgs<SGDOptions>('SGD', SGD_POSITIONAL, SGD_DEFAULTS, args);
    const { lr, momentum = 0, dampening = 0, weightDecay = 0, nesterov = false, maximize = false } = options;
    if (lr !== undefined) checkOption(!(lr < 0), `Invalid learning rate: ${pyNumber(lr)}`);
    checkOption(!(momentum < 0), `Invalid momentum value: ${pyNumber(momentum)}`);
    checkOption(!(weightDecay < 0), `Invalid weight_decay value: ${pyNumber(weightDecay)}`);
    checkOption(!nesterov || (momentum > 0 && dampening === 0), 'Nesterov momentum requires a momentum and zero dampening');
    // PyTorch 1.13's SGD has no default lr: every group must then give one.
    super(params, { lr: lr ?? NaN, momentum, dampening, weightDecay, nesterov, maximize }, lr === undefined ? ['lr'] : []);
  }

  protected applyUpdate(): void {
    for (const group of this.paramGroups) {
      const { lr, momentum, dampening, weightDecay, nesterov, maximize } = group;
      for (const p of group.params) {
        const grad = p.grad;
        if (grad === null) continue;
        const state = this.stateOf(p, () => ({ momentumBuffer: null }));
        let dp = maximize ? grad.neg() : grad;
        if (weightDecay !== 0) dp = dp.add(p, { alpha: weightDecay });
        if (momentum !== 0) {
          let buf = state.momentumBuffer;
          if (buf === null) {
            buf = dp.detach().clone();
            state.momentumBuffer = buf;
          } else {
            buf.mul_(momentum).add_(dp, { alpha: 1 - dampening });
          }
          dp = nesterov ? dp.add(buf, { alpha: momentum }) : buf;
        }
        p.add_(dp, { alpha: -lr });
      }
    }
  }

  protected restoreState(entry: ParamState): SGDState {
    return { momentumBuffer: optionalTensorIn(entry, 'momentumBuffer') ?? null };
  }
}
