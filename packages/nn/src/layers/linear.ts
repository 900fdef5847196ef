/** Linear, Bilinear, Identity, Flatten and Unflatten. */
import { Tensor, empty, type DType, type DeviceSpec } from '@torchlet/core';
import { Module } from '../module';
import { Parameter } from '../parameter';
import * as init from '../init';
import * as F from '../functional/index';
import { pyTuple } from '../repr';
import { bindOptions, boolArg, intArgOf, type PyArgs } from '@torchlet/core/internal';

/** Linear and Bilinear's keyword arguments. */
export interface LinearOptions {
  /** Learn an additive bias (default true). */
  bias?: boolean;
  /** dtype of the parameters (default the default dtype). */
  dtype?: DType;
  /** Device of the parameters (default the default device). */
  device?: DeviceSpec;
}
/** PyTorch's order after the sizes: Linear(in_features, out_features, bias=True, device=None, dtype=None). */
const LINEAR_KEYS: (keyof LinearOptions)[] = ['bias', 'device', 'dtype'];

/**
 * y = x W^T + b, with W [outFeatures, inFeatures] initialised as PyTorch does
 * (kaiming_uniform_ with a = sqrt(5), then the bias in +-1/sqrt(inFeatures)).
 * @example
 * manualSeed(0);
 * const fc = new nn.Linear(2, 5); // the same weights as torch.nn.Linear(2, 5) after manual_seed(0)
 * const y = fc(x);
 * new nn.Linear(2, 5, false); new nn.Linear(2, 5, { bias: false }) // the same layer
 */
export class Linear extends Module {
  /** Size of each input sample. */
  readonly inFeatures: number;
  /** Size of each output sample. */
  readonly outFeatures: number;
  /** [outFeatures, inFeatures]. */
  declare weight: Parameter;
  /** [outFeatures], or null without bias. */
  declare bias: Parameter | null;

  constructor(inFeatures: number, outFeatures: number, ...args: PyArgs<[bias: boolean], LinearOptions>) {
    super();
    const opts = bindOptions<LinearOptions>('Linear', LINEAR_KEYS, args);
    this.inFeatures = inFeatures;
    this.outFeatures = outFeatures;
    const { dtype, device } = opts;
    const bias = boolArg('Linear', 'bias', opts.bias, true);
    this.registerParameter('weight', new Parameter(empty([outFeatures, inFeatures], { dtype, device })));
    this.registerParameter('bias', bias ? new Parameter(empty([outFeatures], { dtype, device })) : null);
    this.resetParameters();
  }

  /** Re-draws the weights: weight first, then bias (PyTorch's draw order). */
  resetParameters(): void {
    init.kaimingUniform_(this.weight, { a: Math.sqrt(5) });
    if (this.bias !== null) {
      const [fanIn] = init.calculateFanInAndFanOut(this.weight);
      const bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
      init.uniform_(this.bias, -bound, bound);
    }
  }

  forward(input: Tensor): Tensor {
    return F.linear(input, this.weight, this.bias);
  }

  override extraRepr(): string {
    return `in_features=${this.inFeatures}, out_features=${this.outFeatures}, bias=${this.bias !== null ? 'True' : 'False'}`;
  }
}

/**
 * y = x1^T A x2 + b with A [outFeatures, in1Features, in2Features].
 * @example new nn.Bilinear(3, 4, 5)(x1, x2) // x1 [N, 3], x2 [N, 4] -> [N, 5]
 */
export class Bilinear extends Module<[Tensor, Tensor]> {
  /** Size of each first input sample. */
  readonly in1Features: number;
  /** Size of each second input sample. */
  readonly in2Features: number;
  /** Size of each output sample. */
  readonly outFeatures: number;
  /** [outFeatures, in1Features, in2Features]. */
  declare weight: Parameter;
  /** [outFeatures], or null without bias. */
  declare bias: Parameter | null;

  constructor(in1Features: number, in2Features: number, outFeatures: number, ...args: PyArgs<[bias: boolean], LinearOptions>) {
    super();
    const opts = bindOptions<LinearOptions>('Bilinear', LINEAR_KEYS, args, 3);
    const bias = boolArg('Bilinear', 'bias', opts.bias, true);
    this.in1Features = in1Features;
    this.in2Features = in2Features;
    this.outFeatures = outFeatures;
    this.registerParameter('weight', new Parameter(empty([outFeatures, in1Features, in2Features], { dtype: opts.dtype, device: opts.device })));
    this.registerParameter('bias', bias ? new Parameter(empty([outFeatures], { dtype: opts.dtype, device: opts.device })) : null);
    this.resetParameters();
  }

  /** Re-draws weight and bias from U(-1/sqrt(in1Features), 1/sqrt(in1Features)). */
  resetParameters(): void {
    const bound = 1 / Math.sqrt(this.weight.shape[1]!);
    init.uniform_(this.weight, -bound, bound);
    if (this.bias !== null) init.uniform_(this.bias, -bound, bound);
  }

  forward(input1: Tensor, input2: Tensor): Tensor {
    return F.bilinear(input1, input2, this.weight, this.bias);
  }

  override extraRepr(): string {
    return `in1_features=${this.in1Features}, in2_features=${this.in2Features}, out_features=${this.outFeatures}, bias=${this.bias !== null ? 'True' : 'False'}`;
  }
}

/** Returns its input unchanged (a placeholder layer). */
export class Identity extends Module {
  forward(input: Tensor): Tensor {
    return input;
  }
}

/**
 * Flattens dims startDim..endDim into one (default: all but the batch dim).
 * @example new nn.Flatten()(x) // [N, C, H, W] -> [N, C*H*W]
 * @example new nn.Flatten(0, 1); new nn.Flatten({ startDim: 0, endDim: 1 })
 */
export class Flatten extends Module {
  /** First dim to flatten (default 1). */
  readonly startDim: number;
  /** Last dim to flatten (default -1). */
  readonly endDim: number;
  constructor(...args: PyArgs<[startDim: number, endDim: number], { startDim?: number; endDim?: number }>) {
    super();
    const o = bindOptions<{ startDim?: number; endDim?: number }>('Flatten', ['startDim', 'endDim'], args, 0);
    this.startDim = intArgOf('flatten', 'start_dim', o.startDim, 1);
    this.endDim = intArgOf('flatten', 'end_dim', o.endDim, -1);
  }

  forward(input: Tensor): Tensor {
    return input.flatten(this.startDim, this.endDim);
  }

  override extraRepr(): string {
    return `start_dim=${this.startDim}, end_dim=${this.endDim}`;
  }
}

/**
 * Splits dim `dim` into `unflattenedSize`.
 * @example new nn.Unflatten(1, [2, 5])(x) // [N, 10] -> [N, 2, 5]
 */
export class Unflatten extends Module {
  /** The new shape of that dim. */
  readonly unflattenedSize: readonly number[];

  /** @param dim - The dim to unflatten. */
  constructor(readonly dim: number, unflattenedSize: readonly number[]) {
    super();
    this.unflattenedSize = unflattenedSize.slice();
  }

  forward(input: Tensor): Tensor {
    return input.unflatten(this.dim, this.unflattenedSize);
  }

  override extraRepr(): string {
    return `dim=${this.dim}, unflattened_size=${pyTuple(this.unflattenedSize)}`;
  }
}
