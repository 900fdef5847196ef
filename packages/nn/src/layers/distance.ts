/** CosineSimilarity and PairwiseDistance: modules over @torchlet/core's cosineSimilarity / pairwiseDistance. */
import { cosineSimilarity, pairwiseDistance, type Tensor } from '@torchlet/core';
import { Module } from '../module';

/**
 * Cosine similarity of x1 and x2 along `dim`.
 * @example new nn.CosineSimilarity(1, 1e-8)(a, b)
 */
export class CosineSimilarity extends Module<[Tensor, Tensor]> {
  constructor(readonly dim = 1, readonly eps = 1e-8) {
    super();
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
  constructor(readonly norm = 2.0, readonly eps = 1e-6, readonly keepdim = false) {
    super();
  }
  forward(x1: Tensor, x2: Tensor): Tensor {
    return pairwiseDistance(x1, x2, { p: this.norm, eps: this.eps, keepdim: this.keepdim });
  }
}
