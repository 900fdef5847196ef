/** Averaged SGD, as torch.optim.ASGD (1.13, single-tensor path). */
import { pyNumber } from './format';
import { type Tensor, full, zeros, zerosLike } from '@torchlet/core';
import { optimizerArgs, type PositionalArgs } from './args';
import { Optimizer, checkOption, type BaseOptions, type ParamsInput } from './optimizer';
import { stepTensorIn, tensorIn, type ParamState } from './state';

export interface ASGDOptions extends BaseOptions {
  /** Decay term (default 1e-4). */
  lambd: number;
  /** Power of the eta update (default 0.75). */
  alpha: number;
  /** The step at which averaging starts (default 1e6). */
  t0: number;
  /** L2 penalty added to the gradient (default 0). */
  weightDecay: number;
  /** Maximize the objective instead of minimizing (default false). */
  maximize: boolean;
}

/**
 * ASGD's per-parameter state, as PyTorch 1.13 keeps it: `step`, `eta` and `mu` are 0-dim float32
 * tensors (so eta is lr rounded to float32), `ax` the running average of the parameter.
 */
export type ASGDState = {
  /** Steps taken. */
  step: Tensor;
  /** The current step size. */
  eta: Tensor;
  /** The current averaging coefficient. */
  mu: Tensor;
  /** Running average of the parameter. */
  ax: Tensor;
};

/** PyTorch's positional order, and each option's type by example. */
const POSITIONAL = ['lr', 'lambd', 'alpha', 't0', 'weightDecay'];
const DEFAULTS = { lr: 0, lambd: 0, alpha: 0, t0: 0, weightDecay: 0, maximize: false };

/**
 * torch.optim.ASGD. The averaged parameters are `opt.state.get(p).ax`.
 * @example const opt = new ASGD(model.parameters(), { lr: 0.01, t0: 100 });
 */
export class ASGD extends Optimizer<ASGDOptions, ASGDState> {
  constructor(params: ParamsInput<ASGDOptions>, ...args: PositionalArgs<[lr: number, lambd: number, alpha: number, t0: number, weightDecay: number], ASGDOptions>) {
    const opts = optimizerArgs<ASGDOptions>('ASGD', POSITIONAL, DEFAULTS, args);
    const { lr: rate = 1e-2, lambd = 1e-4, alpha = 0.75, t0 = 1e6, weightDecay = 0, maximize = false } = opts;
    checkOption(rate >= 0, `Invalid learning rate: ${pyNumber(rate)}`);
    checkOption(weightDecay >= 0, `Invalid weight_decay value: ${pyNumber(weightDecay)}`);
    super(params, { lr: rate, lambd, alpha, t0, weightDecay, maximize });
  }

  protected applyUpdate(): void {
    for (const group of this.paramGroups) {
      const { lr, lambd, alpha, t0, weightDecay, maximize } = group;
      for (const p of group.params) {
        const g = p.grad;
        if (g === null) continue;
        const st = this.stateOf(p, () => ({
          step: zeros([]), eta: full([], lr, { dtype: 'float32' }), mu: full([], 1, { dtype: 'float32' }), ax: zerosLike(p),
        }));
        let grad = maximize ? g.neg() : g;
        st.step.add_(1);
        const step = st.step.item();
        if (weightDecay !== 0) grad = grad.add(p, { alpha: weightDecay });
        const eta = st.eta.item();
        p.mul_(1 - lambd * eta);
        p.add_(grad, { alpha: -eta });
        const mu = st.mu.item();
        if (mu !== 1) st.ax.add_(p.sub(st.ax).mul(mu));
        else st.ax.copy_(p);
        // PyTorch writes torch.tensor(python_float) (float32) into eta and mu: round like it does.
        st.eta.fill_(Math.fround(lr / Math.pow(1 + lambd * lr * step, alpha)));
        st.mu.fill_(Math.fround(1 / Math.max(1, step - t0)));
      }
    }
  }

  protected restoreState(entry: ParamState): ASGDState {
    return { step: stepTensorIn(entry), eta: tensorIn(entry, 'eta'), mu: tensorIn(entry, 'mu'), ax: tensorIn(entry, 'ax') };
  }
}
