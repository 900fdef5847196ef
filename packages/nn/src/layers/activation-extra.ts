/** The rest of torch.nn's activation modules: thin modules over nn.functional with PyTorch's reprs. */
import { empty, type DType, type DeviceSpec, type Tensor } from '@torchlet/core';
import { Module } from '../module';
import { Parameter } from '../parameter';
import * as init from '../init';
import * as F from '../functional/index';
import { pyFloat, pyNumber } from '../repr';
import { bindOptions, boolArg, floatArg, intArgOf, type PyArgs } from '@torchlet/core/internal';

const inplaceRepr = (inplace: boolean): string => (inplace ? 'inplace=True' : '');

/** PyTorch's implicit softmax dim when none is given (_get_softmax_dim). */
function softmaxDim(dim: number | null, ndim: number): number {
  if (dim !== null) return dim;
  return ndim === 0 || ndim === 1 || ndim === 3 ? 0 : 1;
}

/** @example new nn.CELU(2.0) */
export class CELU extends Module {
  /** The alpha of max(0, x) + min(0, alpha * (exp(x / alpha) - 1)) (default 1). */
  readonly alpha: number;
  /** Compute in place, overwriting the input. */
  readonly inplace: boolean;
  constructor(...args: PyArgs<[alpha: number, inplace: boolean], { alpha?: number; inplace?: boolean }>) {
    super();
    const o = bindOptions<{ alpha?: number; inplace?: boolean }>('CELU', ['alpha', 'inplace'], args, 0);
    this.alpha = floatArg('CELU', 'alpha', o.alpha, 1.0);
    this.inplace = boolArg('CELU', 'inplace', o.inplace, false);
  }
  forward(input: Tensor): Tensor {
    return F.celu(input, this.alpha, this.inplace);
  }
  override extraRepr(): string {
    return `alpha=${pyFloat(this.alpha)}${this.inplace ? ', inplace=True' : ''}`;
  }
}

export class SELU extends Module {
  /** Compute in place, overwriting the input. */
  readonly inplace: boolean;
  constructor(...args: PyArgs<[inplace: boolean], { inplace?: boolean }>) {
    super();
    const o = bindOptions<{ inplace?: boolean }>('SELU', ['inplace'], args, 0);
    this.inplace = boolArg('SELU', 'inplace', o.inplace, false);
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
  /** Compute in place, overwriting the input. */
  readonly inplace: boolean;
  constructor(...args: PyArgs<[inplace: boolean], { inplace?: boolean }>) {
    super();
    const o = bindOptions<{ inplace?: boolean }>('Hardswish', ['inplace'], args, 0);
    this.inplace = boolArg('Hardswish', 'inplace', o.inplace, false);
  }
  forward(input: Tensor): Tensor {
    return F.hardswish(input, this.inplace);
  }
}

/** PyTorch prints no inplace flag for Hardsigmoid. */
export class Hardsigmoid extends Module {
  /** Compute in place, overwriting the input. */
  readonly inplace: boolean;
  constructor(...args: PyArgs<[inplace: boolean], { inplace?: boolean }>) {
    super();
    const o = bindOptions<{ inplace?: boolean }>('Hardsigmoid', ['inplace'], args, 0);
    this.inplace = boolArg('Hardsigmoid', 'inplace', o.inplace, false);
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
  /** Lower end of the linear region (default -1). */
  readonly minVal: number;
  /** Upper end of the linear region (default 1). */
  readonly maxVal: number;
  /** Compute in place, overwriting the input. */
  readonly inplace: boolean;
  constructor(...args: PyArgs<[minVal: number, maxVal: number, inplace: boolean], { minVal?: number; maxVal?: number; inplace?: boolean }>) {
    super();
    const o = bindOptions<{ minVal?: number; maxVal?: number; inplace?: boolean }>('Hardtanh', ['minVal', 'maxVal', 'inplace'], args, 0);
    this.minVal = floatArg('Hardtanh', 'min_val', o.minVal, -1.0);
    this.maxVal = floatArg('Hardtanh', 'max_val', o.maxVal, 1.0);
    this.inplace = boolArg('Hardtanh', 'inplace', o.inplace, false);
    if (!(this.maxVal > this.minVal)) throw new Error('AssertionError: max_val must be greater than min_val');
  }
  forward(input: Tensor): Tensor {
    return F.hardtanh(input, this.minVal, this.maxVal, this.inplace);
  }
  override extraRepr(): string {
    return `min_val=${pyFloat(this.minVal)}, max_val=${pyFloat(this.maxVal)}${this.inplace ? ', inplace=True' : ''}`;
  }
}

export class ReLU6 extends Hardtanh {
  constructor(...args: PyArgs<[inplace: boolean], { inplace?: boolean }>) {
    super(0, 6, boolArg('ReLU6', 'inplace', bindOptions<{ inplace?: boolean }>('ReLU6', ['inplace'], args, 0).inplace, false));
  }
  override extraRepr(): string {
    return inplaceRepr(this.inplace);
  }
}

export interface PReLUOptions { numParameters?: number; init?: number; dtype?: DType; device?: DeviceSpec }

/**
 * Learnable leaky slope: `numParameters` values (1, or one per channel), each set to `init`.
 * @example new nn.PReLU(3, 0.1)
 */
export class PReLU extends Module {
  /** Number of slopes: 1, or the number of input channels. */
  readonly numParameters: number;
  /** Initial slope (PyTorch's `init`, default 0.25). */
  readonly initValue: number;
  /** The learnable slopes [numParameters]. */
  declare weight: Parameter;
  constructor(...args: PyArgs<[numParameters: number, init: number], PReLUOptions>) {
    super();
    // PyTorch's keyword for the initial slope is `init`.
    const opts = bindOptions<PReLUOptions>('PReLU', ['numParameters', 'init', 'device', 'dtype'], args, 0);
    this.numParameters = opts.numParameters ?? 1;
    this.initValue = floatArg('PReLU', 'init', opts.init, 0.25);
    this.weight = new Parameter(empty([this.numParameters], { dtype: opts.dtype, device: opts.device }));
    this.resetParameters();
  }
  /** Sets every slope back to initValue. */
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
  /** Lower bound of the random slope (default 1/8). */
  readonly lower: number;
  /** Upper bound of the random slope (default 1/3). */
  readonly upper: number;
  /** Compute in place, overwriting the input. */
  readonly inplace: boolean;
  constructor(...args: PyArgs<[lower: number, upper: number, inplace: boolean], { lower?: number; upper?: number; inplace?: boolean }>) {
    super();
    const o = bindOptions<{ lower?: number; upper?: number; inplace?: boolean }>('RReLU', ['lower', 'upper', 'inplace'], args, 0);
    this.lower = floatArg('RReLU', 'lower', o.lower, 1.0 / 8);
    this.upper = floatArg('RReLU', 'upper', o.upper, 1.0 / 3);
    this.inplace = boolArg('RReLU', 'inplace', o.inplace, false);
  }
  forward(input: Tensor): Tensor {
    return F.rrelu(input, this.lower, this.upper, this.training, this.inplace);
  }
  override extraRepr(): string {
    return `lower=${pyFloat(this.lower)}, upper=${pyFloat(this.upper)}${this.inplace ? ', inplace=True' : ''}`;
  }
}

export class Mish extends Module {
  /** Compute in place, overwriting the input. */
  readonly inplace: boolean;
  constructor(...args: PyArgs<[inplace: boolean], { inplace?: boolean }>) {
    super();
    const o = bindOptions<{ inplace?: boolean }>('Mish', ['inplace'], args, 0);
    this.inplace = boolArg('Mish', 'inplace', o.inplace, false);
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
  /** The dimension softmin is computed along (null: PyTorch's implicit choice). */
  readonly dim: number | null;
  constructor(...args: PyArgs<[dim: number | null], { dim?: number | null }>) {
    super();
    const o = bindOptions<{ dim?: number | null }>('Softmin', ['dim'], args, 0);
    this.dim = o.dim === undefined || o.dim === null ? null : intArgOf('Softmin', 'dim', o.dim, 0);
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
  /** The lambda of the shrinkage (default 0.5). */
  readonly lambd: number;
  constructor(...args: PyArgs<[lambd: number], { lambd?: number }>) {
    super();
    const o = bindOptions<{ lambd?: number }>('Softshrink', ['lambd'], args, 0);
    this.lambd = floatArg('Softshrink', 'lambd', o.lambd, 0.5);
  }
  forward(input: Tensor): Tensor {
    return F.softshrink(input, this.lambd);
  }
  override extraRepr(): string {
    return pyFloat(this.lambd);
  }
}

export class Hardshrink extends Module {
  /** The lambda of the shrinkage (default 0.5). */
  readonly lambd: number;
  constructor(...args: PyArgs<[lambd: number], { lambd?: number }>) {
    super();
    const o = bindOptions<{ lambd?: number }>('Hardshrink', ['lambd'], args, 0);
    this.lambd = floatArg('Hardshrink', 'lambd', o.lambd, 0.5);
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
  /** Inputs at or below this are replaced. */
  readonly threshold: number;
  /** The replacement value. */
  readonly value: number;
  /** Compute in place, overwriting the input. */
  readonly inplace: boolean;
  constructor(...args: PyArgs<[threshold: number, value: number, inplace: boolean], { threshold?: number; value?: number; inplace?: boolean }>) {
    super();
    const o = bindOptions<{ threshold?: number; value?: number; inplace?: boolean }>('Threshold', ['threshold', 'value', 'inplace'], args, 0);
    if (o.threshold === undefined) throw new TypeError("Threshold.__init__() missing required positional argument: 'threshold'");
    this.threshold = floatArg('Threshold', 'threshold', o.threshold, 0);
    if (o.value === undefined) throw new TypeError("Threshold.__init__() missing required positional argument: 'value'");
    this.value = floatArg('Threshold', 'value', o.value, 0);
    this.inplace = boolArg('Threshold', 'inplace', o.inplace, false);
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
  /** The dimension split in halves (default -1). */
  readonly dim: number;
  constructor(...args: PyArgs<[dim: number], { dim?: number }>) {
    super();
    const o = bindOptions<{ dim?: number }>('GLU', ['dim'], args, 0);
    this.dim = intArgOf('GLU', 'dim', o.dim, -1);
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
