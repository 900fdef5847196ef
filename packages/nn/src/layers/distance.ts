/** CosineSimilarity and PairwiseDistance: modules over @torchlet/core's cosineSimilarity / pairwiseDistance. */
import { cosineSimilarity, pairwiseDistance, type Tensor } from '@torchlet/core';
import { Module } from '../module';
import { bindOptions, boolArg, floatArg, intArgOf, type PyArgs } from '@torchlet/core/internal';

/**
 * Cosine similarity of x1 and x2 along `dim`.
 * @example new nn.CosineSimilarity(1, 1e-8)(a, b)
 */
export class CosineSimilarity extends Module<[Tensor, Tensor]> {
  /** The dimension along which similarity is computed (default 1). */
  readonly dim: number;
  /** Lower bound of the norms, against division by zero (default 1e-8). */
  readonly eps: number;
  constructor(...args: PyArgs<[dim: number, eps: number], { dim?: number; eps?: number }>) {
    super();
    const o = bindOptions<{ dim?: number; eps?: number }>('CosineSimilarity', ['dim', 'eps'], args, 0);
    this.dim = intArgOf('CosineSimilarity', 'dim', o.dim, 1);
    this.eps = floatArg('CosineSimilarity', 'eps', o.eps, 1e-8);
  }
  forward(x1: Tensor, x2: Tensor): Tensor {
    return cosineSimilarity(x1, x2, { dim: this.dim, eps: this.eps });
  }
}

/**
 * The p-norm of x1 - x2 + eps over the last dim.
 * @example new nn.PairwiseDistance(2, 1e-6, true)(a, b)
 */
export class PairwiseDistance extends Module<[Tensor, Tensor]> {
  /** The p of the p-norm (PyTorch's `p`, stored as `norm`; default 2). */
  readonly norm: number;
  /** Added to the difference, against division by zero (default 1e-6). */
  readonly eps: number;
  /** Keep the reduced vector dimension (default false). */
  readonly keepdim: boolean;
  /** PyTorch's keyword for the norm is `p`. */
  constructor(...args: PyArgs<[p: number, eps: number, keepdim: boolean], { p?: number; eps?: number; keepdim?: boolean }>) {
    super();
    const o = bindOptions<{ p?: number; eps?: number; keepdim?: boolean }>('PairwiseDistance', ['p', 'eps', 'keepdim'], args, 0);
    this.norm = floatArg('PairwiseDistance', 'p', o.p, 2.0);
    this.eps = floatArg('PairwiseDistance', 'eps', o.eps, 1e-6);
    this.keepdim = boolArg('PairwiseDistance', 'keepdim', o.keepdim, false);
  }
  forward(x1: Tensor, x2: Tensor): Tensor {
    return pairwiseDistance(x1, x2, { p: this.norm, eps: this.eps, keepdim: this.keepdim });
  }
}
