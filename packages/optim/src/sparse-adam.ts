/**
 * SparseAdam, as torch.optim.SparseAdam (1.13). PyTorch's SparseAdam only accepts sparse gradients
 * (from nn.Embedding(sparse=True)) and raises for dense ones. torchlet has no sparse tensors, so every
 * gradient is dense: step() raises PyTorch's error for the first parameter that has a gradient,
 * before any state changes. The class exists so that a port constructs, saves and loads it as
 * PyTorch does, and fails where PyTorch would with the same advice (use Adam).
 */
import { type Tensor } from '@torchlet/core';
import { checkAdamOptions } from './adam';
import { optimizerArgs, type PositionalArgs } from './args';
import { pyNumber } from './format';
import { Optimizer, checkOption, type BaseOptions, type ParamsInput } from './optimizer';
import { numberIn, tensorIn, type ParamState } from './state';

export interface SparseAdamOptions extends BaseOptions {
  /** Coefficients for the running averages of the gradient and its square (default [0.9, 0.999]). */
  betas: [number, number];
  /** Added to the denominator for numerical stability (default 1e-8). */
  eps: number;
  /** Maximize the objective instead of minimizing (default false). */
  maximize: boolean;
}

/** SparseAdam's per-parameter state in PyTorch's layout (step is a plain count). */
export type SparseAdamState = {
  /** Steps taken (a plain count). */
  step: number;
  /** Running average of the gradient. */
  expAvg: Tensor;
  /** Running average of the squared gradient. */
  expAvgSq: Tensor;
};

/** PyTorch's positional order, and each option's type by example. */
const POSITIONAL = ['lr', 'betas', 'eps'];
const DEFAULTS = { lr: 0, betas: [0, 0], eps: 0, maximize: false };

/**
 * torch.optim.SparseAdam. With torchlet's dense gradients, step() raises
 * "SparseAdam does not support dense gradients, please consider Adam instead", as PyTorch does.
 * @example const opt = new SparseAdam(embedding.parameters(), { lr: 1e-3 }); // step() needs sparse grads
 */
export class SparseAdam extends Optimizer<SparseAdamOptions, SparseAdamState> {
  constructor(params: ParamsInput<SparseAdamOptions>, ...args: PositionalArgs<[lr: number, betas: [number, number], eps: number], SparseAdamOptions>) {
    const opts = optimizerArgs<SparseAdamOptions>('SparseAdam', POSITIONAL, DEFAULTS, args);
    const { lr: rate = 1e-3, betas = [0.9, 0.999], eps = 1e-8, maximize = false } = opts;
    // SparseAdam, unlike Adam, rejects lr = 0 and eps = 0.
    checkOption(rate > 0, `Invalid learning rate: ${pyNumber(rate)}`);
    checkOption(eps > 0, `Invalid epsilon value: ${pyNumber(eps)}`);
    checkAdamOptions(rate, eps, betas, 0);
    super(params, { lr: rate, betas: [betas[0], betas[1]], eps, maximize });
  }

  protected applyUpdate(): void {
    for (const group of this.paramGroups) {
      for (const p of group.params) {
        if (p.grad !== null) throw new Error('SparseAdam does not support dense gradients, please consider Adam instead');
      }
    }
  }

  protected restoreState(entry: ParamState): SparseAdamState {
    return { step: numberIn(entry, 'step'), expAvg: tensorIn(entry, 'expAvg'), expAvgSq: tensorIn(entry, 'expAvgSq') };
  }
}
