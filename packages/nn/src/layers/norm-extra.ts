/** LocalResponseNorm and RMSNorm (PyTorch 2.4's nn.RMSNorm). */
import { ones, type DType, type DeviceSpec, type Tensor } from '@torchlet/core';
import { Module } from '../module';
import { Parameter } from '../parameter';
import * as init from '../init';
import * as F from '../functional/index';
import { pyFloat, pyTuple } from '../repr';

/**
 * Normalizes each element by the mean square of its `size` neighbouring channels.
 * @example new nn.LocalResponseNorm(2)
 */
export class LocalResponseNorm extends Module {
  readonly alpha: number;
  readonly beta: number;
  readonly k: number;
  constructor(readonly size: number, alpha = 1e-4, beta = 0.75, k = 1.0) {
    super();
    this.alpha = alpha;
    this.beta = beta;
    this.k = k;
  }
  forward(input: Tensor): Tensor {
    return F.localResponseNorm(input, this.size, { alpha: this.alpha, beta: this.beta, k: this.k });
  }
  override extraRepr(): string {
    return `${this.size}, alpha=${pyFloat(this.alpha)}, beta=${pyFloat(this.beta)}, k=${pyFloat(this.k)}`;
  }
}

/**
 * Root-mean-square normalization over the trailing `normalizedShape` dims, with an elementwise
 * weight (ones) unless `elementwiseAffine: false`. `eps` null: the dtype's machine epsilon.
 * @example new nn.RMSNorm(8)
 */
export class RMSNorm extends Module {
  readonly normalizedShape: readonly number[];
  readonly eps: number | null;
  readonly elementwiseAffine: boolean;
  declare weight: Parameter | null;

  constructor(normalizedShape: number | readonly number[], opts: { eps?: number | null; elementwiseAffine?: boolean; dtype?: DType; device?: DeviceSpec } = {}) {
    super();
    this.normalizedShape = typeof normalizedShape === 'number' ? [normalizedShape] : normalizedShape.slice();
    this.eps = opts.eps ?? null;
    this.elementwiseAffine = opts.elementwiseAffine ?? true;
    this.registerParameter('weight', this.elementwiseAffine ? new Parameter(ones(this.normalizedShape, { dtype: opts.dtype, device: opts.device })) : null);
  }

  resetParameters(): void {
    if (this.weight !== null) init.ones_(this.weight);
  }

  forward(input: Tensor): Tensor {
    return F.rmsNorm(input, this.normalizedShape, { weight: this.weight, eps: this.eps });
  }

  override extraRepr(): string {
    const eps = this.eps === null ? 'None' : pyFloat(this.eps);
    return `${pyTuple(this.normalizedShape)}, eps=${eps}, elementwise_affine=${this.elementwiseAffine ? 'True' : 'False'}`;
  }
}
