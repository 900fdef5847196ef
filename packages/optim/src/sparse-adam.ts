/**
 * SparseAdam, as torch.optim.SparseAdam (1.13). PyTorch's SparseAdam only accepts sparse gradients
 * (from nn.Embedding(sparse=True)) and raises for dense ones. torchlet has no sparse tensors, so every
 * gradient is dense: step() raises PyTorch's error for the first parameter that has a gradient,
 * before any state changes. The class exists so that a port constructs, saves and loads it as
 * PyTorch does, and fails where PyTorch would with the same advice (use Adam).
 */
import { type Tensor } from '@torchlet/core';
import { checkAdamOptions } from './adam';
import { optimizerOptions } from './args';
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
export type SparseAdamState = { step: number; expAvg: Tensor; expAvgSq: Tensor };

const KEYS = ['lr', 'betas', 'eps', 'maximize'];

/**
 * torch.optim.SparseAdam. With torchlet's dense gradients, step() raises
 * "SparseAdam does not support dense gradients, please consider Adam instead", as PyTorch does.
 * @example const opt = new SparseAdam(embedding.parameters(), { lr: 1e-3 }); // step() needs sparse grads
 */
export class SparseAdam extends Optimizer<SparseAdamOptions, SparseAdamState> {
  constructor(params: ParamsInput<SparseAdamOptions>, lr?: number | Partial<SparseAdamOptions>, options?: Partial<SparseAdamOptions>) {
    const opts = optimizerOptions('SparseAdam', lr, options, KEYS);
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
