/** MaxPool2d, AvgPool2d, AdaptiveAvgPool2d. */
import type { Tensor } from '@torchlet/core';
import { Module } from '../module';
import * as F from '../functional/index';
import { bindOptions, boolArg, nnOps, type PyArgs } from '@torchlet/core/internal';
import { pyValue } from '../repr';
import { checkKernelSize } from '../functional/pool-args';

type IntPair = number | readonly number[];

/** What a max pool with `returnIndices: R` returns: the values, or [values, indices]. */
export type PoolResult<R extends boolean> = R extends true ? [Tensor, Tensor] : Tensor;

export interface MaxPoolLayerOptions<R extends boolean> {
  stride?: IntPair | null;
  padding?: IntPair;
  dilation?: IntPair;
  ceilMode?: boolean;
  returnIndices?: R;
}
/** PyTorch's order: MaxPool2d(kernel_size, stride, padding, dilation, return_indices, ceil_mode). */
export const MAX_POOL_KEYS: (keyof MaxPoolLayerOptions<boolean>)[] = ['stride', 'padding', 'dilation', 'returnIndices', 'ceilMode'];
export type MaxPoolLayerArgs<R extends boolean> = PyArgs<[
  stride: IntPair | null, padding: IntPair, dilation: IntPair, returnIndices: R, ceilMode: boolean,
], MaxPoolLayerOptions<R>>;

/** The options of a max pool layer bound from `args` (the flags checked as bools). */
export function maxPoolLayerOptions<R extends boolean>(cls: string, kernelSize: unknown, args: readonly unknown[]): MaxPoolLayerOptions<R> {
  // A float kernel fails at construction (PyTorch: at the first forward, with these words).
  checkKernelSize(`max_pool${cls.slice(-2)}`, kernelSize);
  const o = bindOptions<MaxPoolLayerOptions<R>>(cls, MAX_POOL_KEYS, args, 1);
  boolArg(cls, 'return_indices', o.returnIndices, false);
  boolArg(cls, 'ceil_mode', o.ceilMode, false);
  return o;
}

export interface AvgPoolLayerOptions {
  stride?: IntPair | null; padding?: IntPair; ceilMode?: boolean; countIncludePad?: boolean; divisorOverride?: number | null;
}
/** PyTorch's order: AvgPool2d(kernel_size, stride, padding, ceil_mode, count_include_pad, divisor_override). */
export const AVG_POOL_KEYS: (keyof AvgPoolLayerOptions)[] = ['stride', 'padding', 'ceilMode', 'countIncludePad', 'divisorOverride'];
export type AvgPoolLayerArgs = PyArgs<[
  stride: IntPair | null, padding: IntPair, ceilMode: boolean, countIncludePad: boolean, divisorOverride: number | null,
], AvgPoolLayerOptions>;

/** false typed as R (R defaults to false when returnIndices is left out). */
export function noIndices<R extends boolean>(): R {
  const f = false;
  return f as R;
}

export function poolResult<R extends boolean>(pair: [Tensor, Tensor], returnIndices: R): PoolResult<R> {
  return (returnIndices ? pair : pair[0]) as PoolResult<R>;
}

/**
 * Max over kernelSize windows (stride defaults to the kernel size).
 * @example new nn.MaxPool2d(2)(x) // [N, C, 8, 8] -> [N, C, 4, 4]
 * @example new nn.MaxPool2d(3, 1); new nn.MaxPool2d(3, { stride: 1 }) // the same
 */
export class MaxPool2d<R extends boolean = false> extends Module<[Tensor], PoolResult<R>> {
  /** Window stride (default kernelSize). */
  readonly stride: IntPair;
  /** Implicit -inf padding on both sides (default 0). */
  readonly padding: IntPair;
  /** Spacing between window elements (default 1). */
  readonly dilation: IntPair;
  /** Round the output size up instead of down (default false). */
  readonly ceilMode: boolean;
  /** Also return the argmax indices, as MaxUnpool2d takes them (default false). */
  readonly returnIndices: R;

  /** @param kernelSize - Window size, one number or [kH, kW]. */
  constructor(readonly kernelSize: IntPair, ...args: MaxPoolLayerArgs<R>) {
    super();
    const opts = maxPoolLayerOptions<R>('MaxPool2d', kernelSize, args);
    this.stride = opts.stride ?? kernelSize;
    this.padding = opts.padding ?? 0;
    this.dilation = opts.dilation ?? 1;
    this.ceilMode = opts.ceilMode ?? false;
    this.returnIndices = opts.returnIndices ?? noIndices<R>();
  }

  /** The pooled values, or [values, indices] with `returnIndices`. */
  forward(input: Tensor): PoolResult<R> {
    const pair = nnOps.maxPoolNd(input, 2, this.kernelSize, { stride: this.stride, padding: this.padding, dilation: this.dilation, ceilMode: this.ceilMode });
    return poolResult(pair, this.returnIndices);
  }

  override extraRepr(): string {
    return `kernel_size=${pyValue(this.kernelSize)}, stride=${pyValue(this.stride)}, padding=${pyValue(this.padding)}, ` +
      `dilation=${pyValue(this.dilation)}, ceil_mode=${pyValue(this.ceilMode)}`;
  }
}

/**
 * Average over kernelSize windows.
 * @example new nn.AvgPool2d(3, { stride: 2, padding: 1, countIncludePad: false })
 */
export class AvgPool2d extends Module {
  /** Window stride (default kernelSize). */
  readonly stride: IntPair;
  /** Implicit zero padding on both sides (default 0). */
  readonly padding: IntPair;
  /** Round the output size up instead of down (default false). */
  readonly ceilMode: boolean;
  /** Count the zero padding in the average's divisor (default true). */
  readonly countIncludePad: boolean;
  /** Divide by this instead of the window size (default null). */
  readonly divisorOverride: number | null;

  /** @param kernelSize - Window size, one number or [kH, kW]. */
  constructor(readonly kernelSize: IntPair, ...args: AvgPoolLayerArgs) {
    super();
    checkKernelSize('avg_pool2d', kernelSize);
    const opts = bindOptions<AvgPoolLayerOptions>('AvgPool2d', AVG_POOL_KEYS, args, 1);
    this.stride = opts.stride ?? kernelSize;
    this.padding = opts.padding ?? 0;
    this.ceilMode = boolArg('AvgPool2d', 'ceil_mode', opts.ceilMode, false);
    this.countIncludePad = boolArg('AvgPool2d', 'count_include_pad', opts.countIncludePad, true);
    this.divisorOverride = opts.divisorOverride ?? null;
  }

  forward(input: Tensor): Tensor {
    return F.avgPool2d(input, this.kernelSize, {
      stride: this.stride, padding: this.padding, ceilMode: this.ceilMode,
      countIncludePad: this.countIncludePad, divisorOverride: this.divisorOverride,
    });
  }

  override extraRepr(): string {
    return `kernel_size=${pyValue(this.kernelSize)}, stride=${pyValue(this.stride)}, padding=${pyValue(this.padding)}`;
  }
}

/**
 * Averages into a fixed output size whatever the input size.
 * @example new nn.AdaptiveAvgPool2d([1, 1]) // global average pooling
 */
export class AdaptiveAvgPool2d extends Module {
  /** @param outputSize - Target [H, W] (one number for both; null keeps that input size). */
  constructor(readonly outputSize: number | readonly (number | null)[]) {
    super();
  }

  forward(input: Tensor): Tensor {
    return F.adaptiveAvgPool2d(input, this.outputSize);
  }

  override extraRepr(): string {
    const o = this.outputSize;
    const text = typeof o === 'number' ? String(o) : o.length === 1 ? `(${o[0] ?? 'None'},)` : `(${o.map((v) => v ?? 'None').join(', ')})`;
    return `output_size=${text}`;
  }
}
