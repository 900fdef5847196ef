/** Functional pooling beyond 2-D max/avg: 1-D and 3-D pools, adaptive max, LP, fractional, unpooling. */
import type { Tensor } from '@torchlet/core';
import { checkOptions, nnOps, type PyArgs } from '@torchlet/core/internal';
import { AVG_POOL_FN_KEYS, avgPoolFnOptions, maxPoolFnOptions, type AvgPoolFnArgs, type MaxPoolFnArgs, type MaxPoolFnArgsWithIndices } from './pool-args';

type IntTuple = nnOps.IntTuple;
type OutputSize = nnOps.OutputSize;
/**
 * maxPool1d/3d's keyword arguments: stride (default kernelSize), padding, dilation, ceilMode,
 * returnIndices.
 */
export interface MaxPoolOptions extends nnOps.MaxPoolOptions {
  /** Also return the argmax indices (flat per input plane), as maxUnpool takes them (default false). */
  returnIndices?: boolean;
}
/** avgPool1d's keyword arguments: stride (default kernelSize), padding, ceilMode, countIncludePad. */
export type AvgPool1dOptions = Omit<nnOps.AvgPoolOptions, 'divisorOverride'>;
/** adaptiveMaxPool1d/2d/3d's keyword arguments. */
export interface AdaptiveMaxPoolOptions {
  /** Also return the argmax indices (default false). */
  returnIndices?: boolean;
}
/** lpPool1d/2d's keyword arguments. */
export interface LPPoolOptions {
  /** Window stride (default kernelSize). */
  stride?: IntTuple | null;
  /** Use ceil instead of floor for the output size (default false). */
  ceilMode?: boolean;
}
/** fractionalMaxPool2d's keyword arguments: outputSize or outputRatio, randomSamples, returnIndices. */
export interface FractionalMaxPool2dOptions extends nnOps.FractionalMaxPoolOptions {
  /** Also return the argmax indices (default false). */
  returnIndices?: boolean;
}
/** maxUnpool1d/2d/3d's keyword arguments: stride (default kernelSize), padding, outputSize. */
export type MaxUnpoolOptions = nnOps.MaxUnpoolOptions;


function pick(pair: [Tensor, Tensor], indices: boolean | undefined): Tensor | [Tensor, Tensor] {
  return indices === true ? pair : pair[0];
}

/** @example maxPool1d(x, 2) // [N, C, L] -> [N, C, L/2] */
export function maxPool1d(input: Tensor, kernelSize: IntTuple, ...args: MaxPoolFnArgsWithIndices): [Tensor, Tensor];
export function maxPool1d(input: Tensor, kernelSize: IntTuple, ...args: MaxPoolFnArgs): Tensor;
export function maxPool1d(input: Tensor, kernelSize: IntTuple, ...args: unknown[]): Tensor | [Tensor, Tensor] {
  const opts = maxPoolFnOptions('max_pool1d', kernelSize, args);
  return pick(nnOps.maxPool1dWithIndices(input, kernelSize, opts), opts.returnIndices);
}

/** @example maxPool3d(x, 2, { returnIndices: true }) // [values, flat indices per D*H*W plane] */
export function maxPool3d(input: Tensor, kernelSize: IntTuple, ...args: MaxPoolFnArgsWithIndices): [Tensor, Tensor];
export function maxPool3d(input: Tensor, kernelSize: IntTuple, ...args: MaxPoolFnArgs): Tensor;
export function maxPool3d(input: Tensor, kernelSize: IntTuple, ...args: unknown[]): Tensor | [Tensor, Tensor] {
  const opts = maxPoolFnOptions('max_pool3d', kernelSize, args);
  return pick(nnOps.maxPoolNd(input, 3, kernelSize, opts), opts.returnIndices);
}

/** @example avgPool1d(x, 3, { stride: 2, padding: 1, countIncludePad: false }) */
export function avgPool1d(input: Tensor, kernelSize: IntTuple, ...args: PyArgs<[stride: IntTuple | null, padding: IntTuple, ceilMode: boolean, countIncludePad: boolean], AvgPool1dOptions>): Tensor {
  return nnOps.avgPool1d(input, kernelSize, avgPoolFnOptions('avg_pool1d', kernelSize, args, AVG_POOL_FN_KEYS.slice(0, 4)));
}

/** @example avgPool3d(x, 2, { divisorOverride: 3 }) */
export function avgPool3d(input: Tensor, kernelSize: IntTuple, ...args: AvgPoolFnArgs): Tensor {
  return nnOps.avgPoolNd(input, 3, kernelSize, avgPoolFnOptions('avg_pool3d', kernelSize, args));
}

/** @example adaptiveAvgPool1d(x, 1) // global average over L */
export function adaptiveAvgPool1d(input: Tensor, outputSize: OutputSize): Tensor {
  return nnOps.adaptiveAvgPool1d(input, outputSize);
}

/** @example adaptiveAvgPool3d(x, [1, null, 2]) // null keeps that input size */
export function adaptiveAvgPool3d(input: Tensor, outputSize: OutputSize): Tensor {
  return nnOps.adaptiveAvgPoolNd(input, 3, outputSize);
}

/** @example adaptiveMaxPool1d(x, 4, { returnIndices: true }) */
export function adaptiveMaxPool1d(input: Tensor, outputSize: OutputSize, opts: { returnIndices: true }): [Tensor, Tensor];
export function adaptiveMaxPool1d(input: Tensor, outputSize: OutputSize, opts?: AdaptiveMaxPoolOptions): Tensor;
export function adaptiveMaxPool1d(input: Tensor, outputSize: OutputSize, opts: AdaptiveMaxPoolOptions = {}): Tensor | [Tensor, Tensor] {
  checkOptions('adaptive_max_pool1d', opts, ['returnIndices']);
  return pick(nnOps.adaptiveMaxPool1d(input, outputSize), opts.returnIndices);
}

/** @example adaptiveMaxPool2d(x, [2, null]) */
export function adaptiveMaxPool2d(input: Tensor, outputSize: OutputSize, opts: { returnIndices: true }): [Tensor, Tensor];
export function adaptiveMaxPool2d(input: Tensor, outputSize: OutputSize, opts?: AdaptiveMaxPoolOptions): Tensor;
export function adaptiveMaxPool2d(input: Tensor, outputSize: OutputSize, opts: AdaptiveMaxPoolOptions = {}): Tensor | [Tensor, Tensor] {
  checkOptions('adaptive_max_pool2d', opts, ['returnIndices']);
  return pick(nnOps.adaptiveMaxPoolNd(input, 2, outputSize), opts.returnIndices);
}

/** @example adaptiveMaxPool3d(x, 1) */
export function adaptiveMaxPool3d(input: Tensor, outputSize: OutputSize, opts: { returnIndices: true }): [Tensor, Tensor];
export function adaptiveMaxPool3d(input: Tensor, outputSize: OutputSize, opts?: AdaptiveMaxPoolOptions): Tensor;
export function adaptiveMaxPool3d(input: Tensor, outputSize: OutputSize, opts: AdaptiveMaxPoolOptions = {}): Tensor | [Tensor, Tensor] {
  checkOptions('adaptive_max_pool3d', opts, ['returnIndices']);
  return pick(nnOps.adaptiveMaxPoolNd(input, 3, outputSize), opts.returnIndices);
}

/** PyTorch's lp_pool: (sign(s) relu(|s|) * kernel volume)^(1/p) of s = avg_pool(x^p). */
function lpFinish(avg: Tensor, normType: number, volume: number): Tensor {
  return avg.sign().mul(avg.abs().relu()).mul(volume).pow(1 / normType);
}

/** @example lpPool1d(x, 2, 3) // sqrt of the sum of squares over windows of 3 */
export function lpPool1d(input: Tensor, normType: number, kernelSize: IntTuple, opts: LPPoolOptions = {}): Tensor {
  checkOptions('lp_pool1d', opts, ['stride', 'ceilMode']);
  const k = nnOps.tuple(kernelSize, 1, 'kernel_size')[0]!;
  const avg = nnOps.avgPool1d(input.pow(normType), kernelSize, { stride: opts.stride ?? null, padding: 0, ceilMode: opts.ceilMode ?? false });
  return lpFinish(avg, normType, k);
}

/** @example lpPool2d(x, 2, [2, 3], { stride: 1 }) */
export function lpPool2d(input: Tensor, normType: number, kernelSize: IntTuple, opts: LPPoolOptions = {}): Tensor {
  checkOptions('lp_pool2d', opts, ['stride', 'ceilMode']);
  const [kh, kw] = nnOps.tuple(kernelSize, 2, 'kernel_size') as [number, number];
  if (input.shape.length < 3) throw new Error(`Dimension out of range (expected to be in range of [-${input.shape.length}, ${input.shape.length - 1}], but got -3)`);
  const avg = nnOps.avgPoolNd(input.pow(normType), 2, kernelSize, { stride: opts.stride ?? null, padding: 0, ceilMode: opts.ceilMode ?? false });
  return lpFinish(avg, normType, kh * kw);
}

/**
 * Max over pseudo-random windows; the samples come from rand([N, C, 2]) in the input's dtype
 * (after manualSeed, PyTorch's numbers) unless `randomSamples` is given.
 * @example fractionalMaxPool2d(x, 3, { outputRatio: 0.5 })
 */
export function fractionalMaxPool2d(input: Tensor, kernelSize: IntTuple, opts: FractionalMaxPool2dOptions & { returnIndices: true }): [Tensor, Tensor];
export function fractionalMaxPool2d(input: Tensor, kernelSize: IntTuple, opts?: FractionalMaxPool2dOptions): Tensor;
export function fractionalMaxPool2d(input: Tensor, kernelSize: IntTuple, opts: FractionalMaxPool2dOptions = {}): Tensor | [Tensor, Tensor] {
  checkOptions('fractional_max_pool2d', opts, ['outputSize', 'outputRatio', 'returnIndices', 'randomSamples']);
  return pick(nnOps.fractionalMaxPool2d(input, kernelSize, opts), opts.returnIndices);
}

const UNPOOL_KEYS = ['stride', 'padding', 'outputSize'];

/** @example maxUnpool1d(...maxPool1d(x, 2, { returnIndices: true }), 2) */
export function maxUnpool1d(input: Tensor, indices: Tensor, kernelSize: IntTuple, opts: MaxUnpoolOptions = {}): Tensor {
  checkOptions('max_unpool1d', opts, UNPOOL_KEYS);
  return nnOps.maxUnpool(input, indices, 1, kernelSize, opts);
}

/** @example maxUnpool2d(values, indices, 2, { outputSize: [5, 5] }) */
export function maxUnpool2d(input: Tensor, indices: Tensor, kernelSize: IntTuple, opts: MaxUnpoolOptions = {}): Tensor {
  checkOptions('max_unpool2d', opts, UNPOOL_KEYS);
  return nnOps.maxUnpool(input, indices, 2, kernelSize, opts);
}

/** @example maxUnpool3d(values, indices, 2) */
export function maxUnpool3d(input: Tensor, indices: Tensor, kernelSize: IntTuple, opts: MaxUnpoolOptions = {}): Tensor {
  checkOptions('max_unpool3d', opts, UNPOOL_KEYS);
  return nnOps.maxUnpool(input, indices, 3, kernelSize, opts);
}
