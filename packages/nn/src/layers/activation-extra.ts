/** The rest of torch.nn's activation modules: thin modules over nn.functional with PyTorch's reprs. */
import { empty, type DType, type DeviceSpec, type Tensor } from '@torchlet/core';
import { Module } from '../module';
import { Parameter } from '../parameter';
import * as init from '../init';
import * as F from '../functional/index';
import { pyFloat, pyNumber } from '../repr';

const inplaceRepr = (inplace: boolean): string => (inplace ? 'inplace=True' : '');

/** PyTorch's implicit softmax dim when none is given (_get_softmax_dim). */
function softmaxDim(dim: number | null, ndim: number): number {
  if (dim !== null) return dim;
  return ndim === 0 || ndim === 1 || ndim === 3 ? 0 : 1;
}

/** @example new nn.CELU(2.0) */
export class CELU extends Module {
  constructor(readonly alpha = 1.0, readonly inplace = false) {
    super();
  }
  forward(input: Tensor): Tensor {
    return F.celu(input, this.alpha, this.inplace);
  }
  override extraRepr(): string {
    return `alpha=${pyFloat(this.alpha)}${this.inplace ? ', inplace=True' : ''}`;
  }
}

export class SELU extends Module {
  constructor(readonly inplace = false) {
    super();
  }
  forward(input: Tensor): Tensor {
    return F.selu(input, this.inplace);
  }
  override extraRepr(): string {
    return inplaceRepr(this.inplace);
  }
}

/** PyTorch prints no inplace flag for Hardswish. */
export class Hardswish extends Module {
  constructor(readonly inplace = false) {
    super();
  }
  forward(input: Tensor): Tensor {
    return F.hardswish(input, this.inplace);
  }
}

/** PyTorch prints no inplace flag for Hardsigmoid. */
export class Hardsigmoid extends Module {
  constructor(readonly inplace = false) {
    super();
  }
  forward(input: Tensor): Tensor {
    return F.hardsigmoid(input, this.inplace);
  }
}

/**
 * The repr prints the bounds as floats (`min_val=-1.0`): JavaScript cannot tell PyTorch's
 * `Hardtanh(-2, 2)` (printed `-2`) from `Hardtanh(-2.0, 2.0)`.
 * @example new nn.Hardtanh(-2, 2)
 */
export class Hardtanh extends Module {
  constructor(readonly minVal = -1.0, readonly maxVal = 1.0, readonly inplace = false) {
    super();
    if (!(maxVal > minVal)) throw new Error('AssertionError: max_val must be greater than min_val');
  }
  forward(input: Tensor): Tensor {
    return F.hardtanh(input, this.minVal, this.maxVal, this.inplace);
  }
  override extraRepr(): string {
    return `min_val=${pyFloat(this.minVal)}, max_val=${pyFloat(this.maxVal)}${this.inplace ? ', inplace=True' : ''}`;
  }
}

export class ReLU6 extends Hardtanh {
  constructor(inplace = false) {
    super(0, 6, inplace);
  }
  override extraRepr(): string {
    return inplaceRepr(this.inplace);
  }
}

/**
 * Learnable leaky slope: `numParameters` values (1, or one per channel), each set to `init`.
 * @example new nn.PReLU(3, 0.1)
 */
export class PReLU extends Module {
  readonly numParameters: number;
  readonly initValue: number;
  declare weight: Parameter;
  constructor(numParameters = 1, initValue = 0.25, opts: { dtype?: DType; device?: DeviceSpec } = {}) {
    super();
    this.numParameters = numParameters;
    this.initValue = initValue;
    this.weight = new Parameter(empty([numParameters], { dtype: opts.dtype, device: opts.device }));
    this.resetParameters();
  }
  resetParameters(): void {
    init.constant_(this.weight, this.initValue);
  }
  forward(input: Tensor): Tensor {
    return F.prelu(input, this.weight);
  }
  override extraRepr(): string {
    return `num_parameters=${this.numParameters}`;
  }
}

/** Randomized leaky ReLU: slopes drawn from [lower, upper) in training, their mean in eval. */
export class RReLU extends Module {
  constructor(readonly lower = 1.0 / 8, readonly upper = 1.0 / 3, readonly inplace = false) {
    super();
  }
  forward(input: Tensor): Tensor {
    return F.rrelu(input, this.lower, this.upper, this.training, this.inplace);
  }
  override extraRepr(): string {
    return `lower=${pyFloat(this.lower)}, upper=${pyFloat(this.upper)}${this.inplace ? ', inplace=True' : ''}`;
  }
}

export class Mish extends Module {
  constructor(readonly inplace = false) {
    super();
  }
  forward(input: Tensor): Tensor {
    return F.mish(input, this.inplace);
  }
  override extraRepr(): string {
    return inplaceRepr(this.inplace);
  }
}

export class Softsign extends Module {
  forward(input: Tensor): Tensor {
    return F.softsign(input);
  }
}

/** softmax(-x) along `dim`. */
export class Softmin extends Module {
  constructor(readonly dim: number | null = null) {
    super();
  }
  forward(input: Tensor): Tensor {
    return F.softmin(input, softmaxDim(this.dim, input.shape.length));
  }
  override extraRepr(): string {
    return `dim=${this.dim ?? 'None'}`;
  }
}

export class Tanhshrink extends Module {
  forward(input: Tensor): Tensor {
    return F.tanhshrink(input);
  }
}

export class Softshrink extends Module {
  constructor(readonly lambd = 0.5) {
    super();
  }
  forward(input: Tensor): Tensor {
    return F.softshrink(input, this.lambd);
  }
  override extraRepr(): string {
    return pyFloat(this.lambd);
  }
}

export class Hardshrink extends Module {
  constructor(readonly lambd = 0.5) {
    super();
  }
  forward(input: Tensor): Tensor {
    return F.hardshrink(input, this.lambd);
  }
  override extraRepr(): string {
    return pyFloat(this.lambd);
  }
}

/** `value` where x <= threshold. @example new nn.Threshold(0.1, 20) */
export class Threshold extends Module {
  constructor(readonly threshold: number, readonly value: number, readonly inplace = false) {
    super();
  }
  forward(input: Tensor): Tensor {
    return F.threshold(input, this.threshold, this.value, this.inplace);
  }
  override extraRepr(): string {
    return `threshold=${pyNumber(this.threshold)}, value=${pyNumber(this.value)}${this.inplace ? ', inplace=True' : ''}`;
  }
}

/** Gated linear unit over `dim`. */
export class GLU extends Module {
  constructor(readonly dim = -1) {
    super();
  }
  forward(input: Tensor): Tensor {
    return F.glu(input, this.dim);
  }
  override extraRepr(): string {
    return `dim=${this.dim}`;
  }
}

export class LogSigmoid extends Module {
  forward(input: Tensor): Tensor {
    return F.logsigmoid(input);
  }
}

/** softmax over the channels (dim -3) of [C, H, W] or [N, C, H, W]. */
export class Softmax2d extends Module {
  forward(input: Tensor): Tensor {
    const nd = input.shape.length;
    if (nd !== 3 && nd !== 4) throw new Error('Softmax2d requires a 3D or 4D tensor as input');
    return F.softmax(input, -3);
  }
}
