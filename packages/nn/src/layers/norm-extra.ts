/** LocalResponseNorm and RMSNorm (PyTorch 2.4's nn.RMSNorm). */
import { ones, type DType, type DeviceSpec, type Tensor } from '@torchlet/core';
import { Module } from '../module';
import { bindOptions, boolArg, floatArg, type PyArgs } from '@torchlet/core/internal';
import { Parameter } from '../parameter';
import * as init from '../init';
import * as F from '../functional/index';
import { pyFloat, pyTuple } from '../repr';

/**
 * Normalizes each element by the mean square of its `size` neighbouring channels.
 * @example new nn.LocalResponseNorm(2)
 */
export class LocalResponseNorm extends Module {
  /** Multiplicative factor (default 1e-4). */
  readonly alpha: number;
  /** Exponent (default 0.75). */
  readonly beta: number;
  /** Additive factor (default 1). */
  readonly k: number;
  /** @param size - Number of neighbouring channels used for normalization. */
  constructor(readonly size: number, ...args: PyArgs<[alpha: number, beta: number, k: number], { alpha?: number; beta?: number; k?: number }>) {
    super();
    const o = bindOptions<{ alpha?: number; beta?: number; k?: number }>('LocalResponseNorm', ['alpha', 'beta', 'k'], args, 1);
    this.alpha = floatArg('LocalResponseNorm', 'alpha', o.alpha, 1e-4);
    this.beta = floatArg('LocalResponseNorm', 'beta', o.beta, 0.75);
    this.k = floatArg('LocalResponseNorm', 'k', o.k, 1.0);
  }
  forward(input: Tensor): Tensor {
    return F.localResponseNorm(input, this.size, { alpha: this.alpha, beta: this.beta, k: this.k });
  }
  override extraRepr(): string {
    return `${this.size}, alpha=${pyFloat(this.alpha)}, beta=${pyFloat(this.beta)}, k=${pyFloat(this.k)}`;
  }
}

export interface RMSNormOptions { eps?: number | null; elementwiseAffine?: boolean; dtype?: DType; device?: DeviceSpec }

/**
 * Root-mean-square normalization over the trailing `normalizedShape` dims, with an elementwise
 * weight (ones) unless `elementwiseAffine: false`. `eps` null: the dtype's machine epsilon.
 * @example new nn.RMSNorm(8)
 */
export class RMSNorm extends Module {
  /** The trailing shape normalized over. */
  readonly normalizedShape: readonly number[];
  /** Added to the mean square (null: the dtype's machine epsilon). */
  readonly eps: number | null;
  /** Whether there is a learnable per-element scale. */
  readonly elementwiseAffine: boolean;
  /** The scale, shaped normalizedShape, initialised to ones (null without elementwiseAffine). */
  declare weight: Parameter | null;

  constructor(normalizedShape: number | readonly number[], ...args: PyArgs<[eps: number | null, elementwiseAffine: boolean], RMSNormOptions>) {
    super();
    const opts = bindOptions<RMSNormOptions>('RMSNorm', ['eps', 'elementwiseAffine', 'device', 'dtype'], args, 1);
    boolArg('RMSNorm', 'elementwise_affine', opts.elementwiseAffine, true);
    this.normalizedShape = typeof normalizedShape === 'number' ? [normalizedShape] : normalizedShape.slice();
    this.eps = opts.eps ?? null;
    this.elementwiseAffine = opts.elementwiseAffine ?? true;
    this.registerParameter('weight', this.elementwiseAffine ? new Parameter(ones(this.normalizedShape, { dtype: opts.dtype, device: opts.device })) : null);
  }

  /** Sets the scale back to ones. */
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
