/** Resilient backpropagation, as torch.optim.Rprop (1.13, single-tensor path). */
import { pyNumber } from './format';
import { type Tensor, fullLike, zerosLike } from '@torchlet/core';
import { optimizerArgs, type PositionalArgs } from './args';
import { Optimizer, checkOption, type BaseOptions, type ParamsInput } from './optimizer';
import { numberIn, tensorIn, type ParamState } from './state';

export interface RpropOptions extends BaseOptions {
  /** Multiplicative decrease and increase factors (etaminus, etaplus) (default [0.5, 1.2]). */
  etas: [number, number];
  /** Minimal and maximal step size (default [1e-6, 50]). */
  stepSizes: [number, number];
  /** Maximize the objective instead of minimizing (default false). */
  maximize: boolean;
}

/** Rprop's per-parameter state: `step` is a plain count, `prev` the last gradient used, `stepSize` per element. */
export type RpropState = {
  /** Steps taken (a plain count). */
  step: number;
  /** The last gradient used (zeroed where the sign flipped). */
  prev: Tensor;
  /** Per-element step sizes. */
  stepSize: Tensor;
};

/** PyTorch's positional order, and each option's type by example. */
const POSITIONAL = ['lr', 'etas', 'stepSizes'];
const DEFAULTS = { lr: 0, etas: [0, 0], stepSizes: [0, 0], maximize: false };

/**
 * torch.optim.Rprop: each element's step grows by etaplus while its gradient keeps its sign and
 * shrinks by etaminus when the sign flips (that step is then skipped).
 * @example const opt = new Rprop(model.parameters(), { lr: 0.01, etas: [0.5, 1.2], stepSizes: [1e-6, 50] });
 */
export class Rprop extends Optimizer<RpropOptions, RpropState> {
  constructor(params: ParamsInput<RpropOptions>, ...args: PositionalArgs<[lr: number, etas: [number, number], stepSizes: [number, number]], RpropOptions>) {
    const opts = optimizerArgs<RpropOptions>('Rprop', POSITIONAL, DEFAULTS, args);
    const { lr: rate = 1e-2, etas = [0.5, 1.2], stepSizes = [1e-6, 50], maximize = false } = opts;
    checkOption(rate >= 0, `Invalid learning rate: ${pyNumber(rate)}`);
    const [etaminus = NaN, etaplus = NaN] = etas;
    checkOption(etaminus > 0 && etaminus < 1 && etaplus > 1, `Invalid eta values: ${pyNumber(etaminus)}, ${pyNumber(etaplus)}`);
    super(params, { lr: rate, etas: [etaminus, etaplus], stepSizes: [stepSizes[0], stepSizes[1]], maximize });
  }

  protected applyUpdate(): void {
    for (const group of this.paramGroups) {
      const [etaminus, etaplus] = group.etas;
      const [stepSizeMin, stepSizeMax] = group.stepSizes;
      for (const p of group.params) {
        const g = p.grad;
        if (g === null) continue;
        const st = this.stateOf(p, () => ({ step: 0, prev: zerosLike(p), stepSize: fullLike(g, group.lr) }));
        st.step += 1;
        const grad = group.maximize ? g.neg() : g;
        // The factor per element: etaplus where the sign held, etaminus where it flipped, 1 where
        // either was zero (NaN stays NaN). Assigned in PyTorch's order, in the tensor's dtype.
        const sign = grad.mul(st.prev).sign();
        sign.maskedFill_(sign.gt(0), etaplus);
        sign.maskedFill_(sign.lt(0), etaminus);
        sign.maskedFill_(sign.eq(0), 1);
        st.stepSize.mul_(sign).clamp_(stepSizeMin, stepSizeMax);
        // Where the sign flipped, no step now and no memory of that gradient next time.
        const kept = grad.clone().maskedFill_(sign.eq(etaminus), 0);
        p.addcmul_(kept.sign(), st.stepSize, { value: -1 });
        st.prev.copy_(kept);
      }
    }
  }

  protected restoreState(entry: ParamState): RpropState {
    return { step: numberIn(entry, 'step'), prev: tensorIn(entry, 'prev'), stepSize: tensorIn(entry, 'stepSize') };
  }
}
