/**
 * MaxPool1d/3d, AvgPool1d/3d, AdaptiveMaxPool1d/2d/3d, AdaptiveAvgPool1d/3d, LPPool1d/2d,
 * FractionalMaxPool2d, MaxUnpool1d/2d/3d.
 */
import type { Tensor } from '@torchlet/core';
import { bindOptions, checkOptions, nnOps, type PyArgs } from '@torchlet/core/internal';
import { Module } from '../module';
import * as F from '../functional/index';
import { pyValue } from '../repr';
import { checkKernelSize } from '../functional/pool-args';
import { AVG_POOL_KEYS, maxPoolLayerOptions, noIndices, poolResult, type AvgPoolLayerArgs, type AvgPoolLayerOptions, type MaxPoolLayerArgs, type PoolResult } from './pooling';

type IntTuple = number | readonly number[];
type OutputSize = number | readonly (number | null)[];

/** Python's tuple text of a 1-element tuple: `(2,)` (what _single() gives). */
function single(v: IntTuple): string {
  return `(${typeof v === 'number' ? v : v[0] ?? ''},)`;
}
function tupleText(v: IntTuple, nd: number): string {
  return pyValue(nnOps.tuple(v, nd, 'value'));
}
function outputText(o: OutputSize): string {
  if (typeof o === 'number') return String(o);
  return o.length === 1 ? `(${o[0] ?? 'None'},)` : `(${o.map((v) => v ?? 'None').join(', ')})`;
}

/** Shared state of MaxPool1d/3d (2-D lives in ./pooling). */
abstract class MaxPoolNd<R extends boolean> extends Module<[Tensor], PoolResult<R>> {
  /** Window stride (default kernelSize). */
  readonly stride: IntTuple;
  /** Implicit -inf padding on both sides (default 0). */
  readonly padding: IntTuple;
  /** Spacing between window elements (default 1). */
  readonly dilation: IntTuple;
  /** Round the output size up instead of down (default false). */
  readonly ceilMode: boolean;
  /** Also return the argmax indices, as MaxUnpool takes them (default false). */
  readonly returnIndices: R;

  /** @param kernelSize - Window size, one number or one per pooled dim. */
  constructor(readonly kernelSize: IntTuple, args: readonly unknown[], name: string) {
    super();
    const opts = maxPoolLayerOptions<R>(name, kernelSize, args);
    this.stride = opts.stride ?? kernelSize;
    this.padding = opts.padding ?? 0;
    this.dilation = opts.dilation ?? 1;
    this.ceilMode = opts.ceilMode ?? false;
    this.returnIndices = opts.returnIndices ?? noIndices<R>();
  }

  /** The layer's settings as the functional form's options. */
  protected get poolOptions(): nnOps.MaxPoolOptions {
    return { stride: this.stride, padding: this.padding, dilation: this.dilation, ceilMode: this.ceilMode };
  }

  override extraRepr(): string {
    return `kernel_size=${pyValue(this.kernelSize)}, stride=${pyValue(this.stride)}, padding=${pyValue(this.padding)}, ` +
      `dilation=${pyValue(this.dilation)}, ceil_mode=${pyValue(this.ceilMode)}`;
  }
}

/** @example new nn.MaxPool1d(3, { stride: 2 })(x) // x [N, C, L] */
export class MaxPool1d<R extends boolean = false> extends MaxPoolNd<R> {
  constructor(kernelSize: IntTuple, ...args: MaxPoolLayerArgs<R>) { super(kernelSize, args, 'MaxPool1d'); }
  forward(input: Tensor): PoolResult<R> {
    return poolResult(nnOps.maxPool1dWithIndices(input, this.kernelSize, this.poolOptions), this.returnIndices);
  }
}

/** @example new nn.MaxPool3d(2, { returnIndices: true })(x) // [values, indices] */
export class MaxPool3d<R extends boolean = false> extends MaxPoolNd<R> {
  constructor(kernelSize: IntTuple, ...args: MaxPoolLayerArgs<R>) { super(kernelSize, args, 'MaxPool3d'); }
  forward(input: Tensor): PoolResult<R> {
    return poolResult(nnOps.maxPoolNd(input, 3, this.kernelSize, this.poolOptions), this.returnIndices);
  }
}

/** @example new nn.AvgPool1d(3, { stride: 2, countIncludePad: false }) */
export class AvgPool1d extends Module {
  /** Window stride (default kernelSize). */
  readonly stride: IntTuple;
  /** Implicit zero padding on both sides (default 0). */
  readonly padding: IntTuple;
  /** Round the output size up instead of down (default false). */
  readonly ceilMode: boolean;
  /** Count the zero padding in the average's divisor (default true). */
  readonly countIncludePad: boolean;

  /** @param kernelSize - Window size. */
  constructor(readonly kernelSize: IntTuple, ...args: PyArgs<[stride: IntTuple | null, padding: IntTuple, ceilMode: boolean, countIncludePad: boolean], F.AvgPool1dOptions>) {
    super();
    checkKernelSize('avg_pool1d', kernelSize);
    const opts = bindOptions<F.AvgPool1dOptions>('AvgPool1d', ['stride', 'padding', 'ceilMode', 'countIncludePad'], args, 1);
    this.stride = opts.stride ?? kernelSize;
    this.padding = opts.padding ?? 0;
    this.ceilMode = opts.ceilMode ?? false;
    this.countIncludePad = opts.countIncludePad ?? true;
  }

  forward(input: Tensor): Tensor {
    return F.avgPool1d(input, this.kernelSize, { stride: this.stride, padding: this.padding, ceilMode: this.ceilMode, countIncludePad: this.countIncludePad });
  }

  override extraRepr(): string {
    return `kernel_size=${single(this.kernelSize)}, stride=${single(this.stride)}, padding=${single(this.padding)}`;
  }
}

/** @example new nn.AvgPool3d(2, { divisorOverride: 4 }) */
export class AvgPool3d extends Module {
  /** Window stride (default kernelSize). */
  readonly stride: IntTuple;
  /** Implicit zero padding on both sides (default 0). */
  readonly padding: IntTuple;
  /** Round the output size up instead of down (default false). */
  readonly ceilMode: boolean;
  /** Count the zero padding in the average's divisor (default true). */
  readonly countIncludePad: boolean;
  /** Divide by this instead of the window size (default null). */
  readonly divisorOverride: number | null;

  /** @param kernelSize - Window size, one number or [kD, kH, kW]. */
  constructor(readonly kernelSize: IntTuple, ...args: AvgPoolLayerArgs) {
    super();
    checkKernelSize('avg_pool3d', kernelSize);
    const opts = bindOptions<AvgPoolLayerOptions>('AvgPool3d', AVG_POOL_KEYS, args, 1);
    this.stride = opts.stride ?? kernelSize;
    this.padding = opts.padding ?? 0;
    this.ceilMode = opts.ceilMode ?? false;
    this.countIncludePad = opts.countIncludePad ?? true;
    this.divisorOverride = opts.divisorOverride ?? null;
  }

  forward(input: Tensor): Tensor {
    return F.avgPool3d(input, this.kernelSize, {
      stride: this.stride, padding: this.padding, ceilMode: this.ceilMode, countIncludePad: this.countIncludePad, divisorOverride: this.divisorOverride,
    });
  }

  override extraRepr(): string {
    return `kernel_size=${pyValue(this.kernelSize)}, stride=${pyValue(this.stride)}, padding=${pyValue(this.padding)}`;
  }
}

/** @example new nn.AdaptiveAvgPool1d(1) // global average over L */
export class AdaptiveAvgPool1d extends Module {
  /** @param outputSize - Target length L. */
  constructor(readonly outputSize: OutputSize) { super(); }
  forward(input: Tensor): Tensor { return F.adaptiveAvgPool1d(input, this.outputSize); }
  override extraRepr(): string { return `output_size=${outputText(this.outputSize)}`; }
}

/** @example new nn.AdaptiveAvgPool3d([1, null, null]) */
export class AdaptiveAvgPool3d extends Module {
  /** @param outputSize - Target [D, H, W] (one number for all; null keeps that input size). */
  constructor(readonly outputSize: OutputSize) { super(); }
  forward(input: Tensor): Tensor { return F.adaptiveAvgPool3d(input, this.outputSize); }
  override extraRepr(): string { return `output_size=${outputText(this.outputSize)}`; }
}

abstract class AdaptiveMaxPoolNd<R extends boolean> extends Module<[Tensor], PoolResult<R>> {
  /** Also return the argmax indices (default false). */
  readonly returnIndices: R;
  /** @param outputSize - Target size, one number or one per pooled dim (null keeps that input size). */
  constructor(readonly outputSize: OutputSize, opts: { returnIndices?: R }, name: string) {
    super();
    checkOptions(name, opts, ['returnIndices']);
    this.returnIndices = opts.returnIndices ?? noIndices<R>();
  }
  override extraRepr(): string { return `output_size=${outputText(this.outputSize)}`; }
}

/** @example new nn.AdaptiveMaxPool1d(4) */
export class AdaptiveMaxPool1d<R extends boolean = false> extends AdaptiveMaxPoolNd<R> {
  constructor(outputSize: OutputSize, opts: { returnIndices?: R } = {}) { super(outputSize, opts, 'AdaptiveMaxPool1d'); }
  forward(input: Tensor): PoolResult<R> { return poolResult(nnOps.adaptiveMaxPool1d(input, this.outputSize), this.returnIndices); }
}

/** @example new nn.AdaptiveMaxPool2d([2, null], { returnIndices: true }) */
export class AdaptiveMaxPool2d<R extends boolean = false> extends AdaptiveMaxPoolNd<R> {
  constructor(outputSize: OutputSize, opts: { returnIndices?: R } = {}) { super(outputSize, opts, 'AdaptiveMaxPool2d'); }
  forward(input: Tensor): PoolResult<R> { return poolResult(nnOps.adaptiveMaxPoolNd(input, 2, this.outputSize), this.returnIndices); }
}

/** @example new nn.AdaptiveMaxPool3d(1) */
export class AdaptiveMaxPool3d<R extends boolean = false> extends AdaptiveMaxPoolNd<R> {
  constructor(outputSize: OutputSize, opts: { returnIndices?: R } = {}) { super(outputSize, opts, 'AdaptiveMaxPool3d'); }
  forward(input: Tensor): PoolResult<R> { return poolResult(nnOps.adaptiveMaxPoolNd(input, 3, this.outputSize), this.returnIndices); }
}

/** PyTorch's order: LPPool2d(norm_type, kernel_size, stride, ceil_mode). */
type LPPoolArgs = PyArgs<[stride: IntTuple | null, ceilMode: boolean], F.LPPoolOptions>;

abstract class LPPoolNd extends Module {
  /** Window stride (null: kernelSize). */
  readonly stride: IntTuple | null;
  /** Round the output size up instead of down (default false). */
  readonly ceilMode: boolean;
  /**
   * @param normType - The p of the power-average: (sum x^p)^(1/p) over each window.
   * @param kernelSize - Window size.
   */
  constructor(readonly normType: number, readonly kernelSize: IntTuple, args: readonly unknown[], name: string) {
    super();
    const opts = bindOptions<F.LPPoolOptions>(name, ['stride', 'ceilMode'], args);
    this.stride = opts.stride ?? null;
    this.ceilMode = opts.ceilMode ?? false;
  }
  override extraRepr(): string {
    return `norm_type=${pyValue(this.normType)}, kernel_size=${pyValue(this.kernelSize)}, stride=${pyValue(this.stride)}, ceil_mode=${pyValue(this.ceilMode)}`;
  }
}

/** @example new nn.LPPool1d(2, 3) // L2 norm over windows of 3 */
export class LPPool1d extends LPPoolNd {
  constructor(normType: number, kernelSize: IntTuple, ...args: LPPoolArgs) { super(normType, kernelSize, args, 'LPPool1d'); }
  forward(input: Tensor): Tensor { return F.lpPool1d(input, this.normType, this.kernelSize, { stride: this.stride, ceilMode: this.ceilMode }); }
}

/** @example new nn.LPPool2d(2, [2, 2]) */
export class LPPool2d extends LPPoolNd {
  constructor(normType: number, kernelSize: IntTuple, ...args: LPPoolArgs) { super(normType, kernelSize, args, 'LPPool2d'); }
  forward(input: Tensor): Tensor { return F.lpPool2d(input, this.normType, this.kernelSize, { stride: this.stride, ceilMode: this.ceilMode }); }
}

export interface FractionalMaxPool2dLayerOptions<R extends boolean> {
  outputSize?: IntTuple | null;
  outputRatio?: number | readonly number[] | null;
  returnIndices?: R;
  randomSamples?: Tensor | null;
}

/**
 * Max over pseudo-random windows (new samples each call, from the default generator).
 * @example new nn.FractionalMaxPool2d(3, { outputRatio: 0.5 })
 */
export class FractionalMaxPool2d<R extends boolean = false> extends Module<[Tensor], PoolResult<R>> {
  /** Target [oH, oW], or null when outputRatio is given. */
  readonly outputSize: IntTuple | null;
  /** Output size as a fraction of the input size, in (0, 1), or null. */
  readonly outputRatio: number | readonly number[] | null;
  /** Also return the argmax indices (default false). */
  readonly returnIndices: R;
  /** Fixed [N, C, 2] samples in [0, 1) (PyTorch's `_random_samples`), or null to draw them. */
  readonly randomSamples: Tensor | null;

  /** @param kernelSize - Window size, one number or [kH, kW]. */
  constructor(readonly kernelSize: IntTuple, opts: FractionalMaxPool2dLayerOptions<R> = {}) {
    super();
    checkOptions('FractionalMaxPool2d', opts, ['outputSize', 'outputRatio', 'returnIndices', 'randomSamples']);
    this.outputSize = opts.outputSize ?? null;
    this.outputRatio = opts.outputRatio ?? null;
    this.returnIndices = opts.returnIndices ?? noIndices<R>();
    this.randomSamples = opts.randomSamples ?? null;
    if (this.outputSize === null && this.outputRatio === null) {
      throw new Error('FractionalMaxPool2d requires specifying either an output size, or a pooling ratio');
    }
    if (this.outputSize !== null && this.outputRatio !== null) throw new Error('only one of output_size and output_ratio may be specified');
    if (this.outputRatio !== null) {
      const r = nnOps.tuple(this.outputRatio, 2, 'output_ratio');
      if (!r.every((v) => v > 0 && v < 1)) throw new Error(`output_ratio must be between 0 and 1 (got ${pyValue(this.outputRatio)})`);
    }
  }

  forward(input: Tensor): PoolResult<R> {
    const pair = nnOps.fractionalMaxPool2d(input, this.kernelSize, { outputSize: this.outputSize, outputRatio: this.outputRatio, randomSamples: this.randomSamples });
    return poolResult(pair, this.returnIndices);
  }
}

interface UnpoolOptions { stride?: IntTuple | null; padding?: IntTuple }
/** PyTorch's order: MaxUnpool2d(kernel_size, stride, padding). */
type UnpoolArgs = PyArgs<[stride: IntTuple | null, padding: IntTuple], UnpoolOptions>;

abstract class MaxUnpoolNd extends Module<[Tensor, Tensor, (readonly number[] | null)?], Tensor> {
  /** The pooling's stride (default kernelSize). */
  readonly stride: IntTuple;
  /** The pooling's padding (default 0). */
  readonly padding: IntTuple;
  /** @param kernelSize - The pooling's window size. */
  constructor(readonly kernelSize: IntTuple, args: readonly unknown[], name: string, private readonly nd: 1 | 2 | 3) {
    super();
    const opts = bindOptions<UnpoolOptions>(name, ['stride', 'padding'], args, 1);
    this.stride = opts.stride ?? kernelSize;
    this.padding = opts.padding ?? 0;
  }
  /** forward(input, indices, outputSize?) as PyTorch's. */
  forward(input: Tensor, indices: Tensor, outputSize: readonly number[] | null = null): Tensor {
    return nnOps.maxUnpool(input, indices, this.nd, this.kernelSize, { stride: this.stride, padding: this.padding, outputSize });
  }
  override extraRepr(): string {
    if (this.nd === 1) return `kernel_size=${single(this.kernelSize)}, stride=${single(this.stride)}, padding=${single(this.padding)}`;
    return `kernel_size=${tupleText(this.kernelSize, this.nd)}, stride=${tupleText(this.stride, this.nd)}, padding=${tupleText(this.padding, this.nd)}`;
  }
}

/** @example new nn.MaxUnpool1d(2)(values, indices) */
export class MaxUnpool1d extends MaxUnpoolNd {
  constructor(kernelSize: IntTuple, ...args: UnpoolArgs) { super(kernelSize, args, 'MaxUnpool1d', 1); }
}
/** @example new nn.MaxUnpool2d(2)(values, indices, [5, 5]) */
export class MaxUnpool2d extends MaxUnpoolNd {
  constructor(kernelSize: IntTuple, ...args: UnpoolArgs) { super(kernelSize, args, 'MaxUnpool2d', 2); }
}
/** @example new nn.MaxUnpool3d(2)(values, indices) */
export class MaxUnpool3d extends MaxUnpoolNd {
  constructor(kernelSize: IntTuple, ...args: UnpoolArgs) { super(kernelSize, args, 'MaxUnpool3d', 3); }
}
