/** Functional forms of the layers: linear, bilinear, pooling, normalization, embedding, dropout (convolution and padding: ./conv). */
import { Tensor, defaultGenerator, type Generator } from '@torchlet/core';
import { pyFloat } from '../repr';
import { bindOptions, checkOptions, boolArg, floatArg, intArgOf, nnOps, randomKernels, tensorArg, type PyArgs } from '@torchlet/core/internal';
import { embeddingRenorm } from './embedding-bag';
import { avgPoolFnOptions, maxPoolFnOptions, type AvgPoolFnArgs, type MaxPoolFnArgs, type MaxPoolFnArgsWithIndices } from './pool-args';

type IntPair = nnOps.IntPair;

/** maxPool2d's pooling options: stride (default kernelSize), padding, dilation, ceilMode. */
export type MaxPool2dOptions = nnOps.MaxPool2dOptions;
/**
 * avgPool2d's keyword arguments: stride (default kernelSize), padding, ceilMode, countIncludePad,
 * divisorOverride.
 */
export type AvgPool2dOptions = nnOps.AvgPool2dOptions;

/**
 * y = input @ weight.T + bias (fused: one matmul, one node).
 * @example linear(x, w, b) // x [6, 2], w [5, 2] -> [6, 5]
 */
export function linear(input: Tensor, weight: Tensor, bias: Tensor | null = null): Tensor {
  // instanceof only: the per-step path of every Linear stays allocation-free.
  if (!(weight instanceof Tensor)) tensorArg('linear', 'weight', 2, weight);
  if (bias !== null && !(bias instanceof Tensor)) tensorArg('linear', 'bias', 3, bias);
  return nnOps.linear(input, weight, bias);
}

/**
 * y[..., o] = input1 W[o] input2 + bias[o] for weight [out, in1, in2].
 * @example bilinear(x1, x2, w, b) // x1 [N, 3], x2 [N, 4], w [5, 3, 4] -> [N, 5]
 */
export function bilinear(input1: Tensor, input2: Tensor, weight: Tensor, bias: Tensor | null = null): Tensor {
  if (weight.shape.length !== 3) throw new Error(`bilinear(): weight must be three-dimensional, but got ${weight.shape.length}`);
  const [o, i1, i2] = weight.shape as [number, number, number];
  const a = input1.shape[input1.shape.length - 1], b = input2.shape[input2.shape.length - 1];
  if (a !== i1) throw new Error(`bilinear(): input1 size does not match weight size: got ${a ?? 0} but expected ${i1}`);
  if (b !== i2) throw new Error(`bilinear(): input2 size does not match weight size: got ${b ?? 0} but expected ${i2}`);
  const lead = input1.shape.slice(0, -1);
  const x1 = input1.reshape([-1, i1]), x2 = input2.reshape([-1, i2]);
  const t = x1.matmul(weight.permute(1, 0, 2).reshape([i1, o * i2])).view([-1, o, i2]);
  let y = t.mul(x2.unsqueeze(1)).sum(2);
  if (bias !== null) y = y.add(bias);
  return y.reshape([...lead, o]);
}

/**
 * @example maxPool2d(x, 2); maxPool2d(x, 3, 1) // stride 1, PyTorch's positional order
 * @example maxPool2d(x, 2, { returnIndices: true }) // [values, flat indices per H*W plane]
 */
export function maxPool2d(input: Tensor, kernelSize: IntPair, ...args: MaxPoolFnArgsWithIndices): [Tensor, Tensor];
export function maxPool2d(input: Tensor, kernelSize: IntPair, ...args: MaxPoolFnArgs): Tensor;
export function maxPool2d(input: Tensor, kernelSize: IntPair, ...args: unknown[]): Tensor | [Tensor, Tensor] {
  const o = maxPoolFnOptions('max_pool2d', kernelSize, args);
  const pair = nnOps.maxPoolNd(input, 2, kernelSize, o);
  return o.returnIndices === true ? pair : pair[0];
}

/** @example avgPool2d(x, 3, { stride: 2, padding: 1 }); avgPool2d(x, 3, 2, 1) // the same */
export function avgPool2d(input: Tensor, kernelSize: IntPair, ...args: AvgPoolFnArgs): Tensor {
  return nnOps.avgPool2d(input, kernelSize, avgPoolFnOptions('avg_pool2d', kernelSize, args));
}

/** @example adaptiveAvgPool2d(x, [1, 1]) */
export function adaptiveAvgPool2d(input: Tensor, outputSize: number | readonly (number | null)[]): Tensor {
  return nnOps.adaptiveAvgPool2d(input, outputSize);
}

/** F.unfold / F.fold's trailing arguments in PyTorch's order: (dilation, padding, stride). */
type WindowArgs = PyArgs<[dilation: IntPair, padding: IntPair, stride: IntPair], nnOps.UnfoldOptions>;
const WINDOW_KEYS: (keyof nnOps.UnfoldOptions)[] = ['dilation', 'padding', 'stride'];

/** Sliding blocks as columns (F.unfold). @example unfold(x, 3, 1, 1) // dilation 1, padding 1 */
export function unfold(input: Tensor, kernelSize: IntPair, ...args: WindowArgs): Tensor {
  return nnOps.unfold(input, kernelSize, bindOptions<nnOps.UnfoldOptions>('unfold', WINDOW_KEYS, args));
}

/** Columns summed back into an image (F.fold). */
export function fold(input: Tensor, outputSize: IntPair, kernelSize: IntPair, ...args: WindowArgs): Tensor {
  return nnOps.fold(input, outputSize, kernelSize, bindOptions<nnOps.UnfoldOptions>('fold', WINDOW_KEYS, args, 3));
}

/**
 * Batch normalization over dim 1; with `training` the batch statistics are used and the running
 * ones updated in place.
 * @example batchNorm(x, rm, rv, { weight: w, bias: b, training: true, momentum: 0.1 })
 * @example batchNorm(x, rm, rv, w, b, true, 0.1, 1e-5) // PyTorch's positional order
 */
export function batchNorm(
  input: Tensor, runningMean: Tensor | null, runningVar: Tensor | null,
  ...args: PyArgs<[weight: Tensor | null, bias: Tensor | null, training: boolean, momentum: number, eps: number], BatchNormFnOptions>
): Tensor {
  const o = bindOptions<BatchNormFnOptions>('batch_norm', ['weight', 'bias', 'training', 'momentum', 'eps'], args, 3);
  return nnOps.batchNorm(input, { ...o, runningMean, runningVar });
}
/** F.batch_norm's arguments after the running statistics, by name. */
export interface BatchNormFnOptions {
  /** Per-channel scale gamma [C] (default none). */
  weight?: Tensor | null;
  /** Per-channel shift beta [C] (default none). */
  bias?: Tensor | null;
  /** Use the batch statistics and update the running ones in place (default false). */
  training?: boolean;
  /** Weight of the new batch statistics in the running ones (default 0.1). */
  momentum?: number;
  /** Added to the variance for numerical stability (default 1e-5). */
  eps?: number;
}
/** F.layer_norm / F.group_norm's arguments after the shape (or groups), by name. */
export interface AffineNormOptions {
  /** Scale: shaped normalizedShape for layerNorm, [C] for groupNorm (default none). */
  weight?: Tensor | null;
  /** Shift, shaped like weight (default none). */
  bias?: Tensor | null;
  /** Added to the variance for numerical stability (default 1e-5). */
  eps?: number;
}
type AffineNormArgs = PyArgs<[weight: Tensor | null, bias: Tensor | null, eps: number], AffineNormOptions>;

/** @example layerNorm(x, [4], { weight: w, bias: b }); layerNorm(x, [4], w, b, 1e-5) */
export function layerNorm(input: Tensor, normalizedShape: readonly number[], ...args: AffineNormArgs): Tensor {
  return nnOps.layerNorm(input, normalizedShape, args.length === 0 ? {} : bindOptions<AffineNormOptions>('layer_norm', ['weight', 'bias', 'eps'], args));
}

/** @example groupNorm(x, 2, { weight: w, bias: b }); groupNorm(x, 2, w, b) */
export function groupNorm(input: Tensor, numGroups: number, ...args: AffineNormArgs): Tensor {
  return nnOps.groupNorm(input, numGroups, bindOptions<AffineNormOptions>('group_norm', ['weight', 'bias', 'eps'], args));
}

/** F.embedding's keyword arguments. */
export interface EmbeddingFnOptions {
  /** Entries equal to this index get no gradient into their row (default none). */
  paddingIdx?: number | null;
  /** Rows looked up whose norm exceeds this are renormalised in place first (PyTorch's embedding_renorm_). */
  maxNorm?: number | null;
  /** The p of the maxNorm norm (default 2). */
  normType?: number;
  /** Not supported: true throws. */
  scaleGradByFreq?: boolean;
  /** Sparse gradients: not supported (true throws). */
  sparse?: boolean;
}
const EMBEDDING_KEYS: (keyof EmbeddingFnOptions)[] = ['paddingIdx', 'maxNorm', 'normType', 'scaleGradByFreq', 'sparse'];

/**
 * Rows of `weight` for integer `input` (int32); rows at paddingIdx get no gradient. PyTorch's
 * positional order: (input, weight, padding_idx, max_norm, norm_type, scale_grad_by_freq, sparse).
 * @example embedding(tensor([1, 4]), weight); embedding(idx, weight, 0); embedding(idx, weight, { maxNorm: 1 })
 */
export function embedding(input: Tensor, weight: Tensor, ...args: PyArgs<[
  paddingIdx: number | null, maxNorm: number | null, normType: number, scaleGradByFreq: boolean, sparse: boolean,
], EmbeddingFnOptions>): Tensor {
  const o = bindOptions<EmbeddingFnOptions>('embedding', EMBEDDING_KEYS, args);
  if (boolArg('embedding', 'scale_grad_by_freq', o.scaleGradByFreq, false)) throw new Error('embedding: scale_grad_by_freq is not supported by torchlet');
  if (boolArg('embedding', 'sparse', o.sparse, false)) throw new Error('embedding: sparse gradients are not supported by torchlet');
  const maxNorm = o.maxNorm ?? null;
  return embeddingLookup(input, weight, o.paddingIdx ?? null, maxNorm === null ? null : floatArg('embedding', 'max_norm', maxNorm, 0),
    floatArg('embedding', 'norm_type', o.normType, 2));
}

/** F.embedding with its arguments checked and bound (nn.Embedding's forward calls this directly). */
export function embeddingLookup(input: Tensor, weight: Tensor, paddingIdx: number | null, maxNorm: number | null, normType: number): Tensor {
  const v = weight.shape[0] ?? 0;
  if (paddingIdx !== null && (intArgOf('embedding', 'padding_idx', paddingIdx, 0) >= v || paddingIdx < -v)) {
    throw new Error('Padding_idx must be within num_embeddings');
  }
  if (maxNorm !== null) embeddingRenorm(weight, input.reshape([-1]).toTypedArray(), maxNorm, normType);
  return nnOps.embedding(input, weight, paddingIdx);
}

/** F.dropout's arguments by name; PyTorch's order is (input, p, training, inplace). */
export interface DropoutFnOptions {
  /** Probability of an element being zeroed (default 0.5). */
  p?: number;
  /** Apply dropout; false returns the input (default true). */
  training?: boolean;
  /** Write the result into the input (default false). */
  inplace?: boolean;
  /** Generator for the mask draws (default the global one). */
  generator?: Generator;
}
const DROPOUT_KEYS: (keyof DropoutFnOptions)[] = ['p', 'training', 'inplace', 'generator'];
const EMPTY: DropoutFnOptions = Object.freeze({});

/**
 * Zeroes each element with probability p during training and scales the rest by 1/(1-p);
 * the identity when `training` is false. The mask comes from `bernoulli_(1 - p)` draws.
 * @example dropout(x, 0.5, model.training); dropout(x, { p: 0.5, training: model.training })
 */
export function dropout(input: Tensor, ...args: PyArgs<[p: number, training: boolean, inplace: boolean], DropoutFnOptions>): Tensor {
  const o = args.length === 0 ? EMPTY : bindOptions<DropoutFnOptions>('dropout', DROPOUT_KEYS, args, 1);
  const p = floatArg('dropout', 'p', o.p, 0.5);
  const training = boolArg('dropout', 'train', o.training, true, 3);
  const opts = o;
  if (!(p >= 0 && p <= 1)) throw new Error(`dropout probability has to be between 0 and 1, but got ${pyFloat(p)}`);
  if (!training || p === 0 || input.numel() === 0) return input;
  if (p === 1) return opts.inplace ? input.mul_(0) : input.mul(0);
  // PyTorch: noise = bernoulli_(1 - p) in the input's dtype, then noise / (1 - p) in that dtype.
  const f32 = input.dtype !== 'float64';
  const data = f32 ? new Float32Array(input.numel()) : new Float64Array(input.numel());
  randomKernels.bernoulli(randomKernels.generatorOption(opts.generator, defaultGenerator, 'dropout'), data, 1 - p);
  const scale = f32 ? Math.fround(1 / Math.fround(1 - p)) : 1 / (1 - p);
  for (let i = 0; i < data.length; i++) data[i] = data[i]! * scale;
  // drawn on the host (the CPU generator, so a seed gives the CPU's mask on every device), then moved
  const host = Tensor.fromData(data, input.shape.slice(), f32 ? 'float32' : 'float64');
  const noise = input.storage.device === 'cpu' ? host : host.to(input.storage.device);
  return opts.inplace ? input.mul_(noise) : input.mul(noise);
}

/**
 * input / max(||input||_p along dim, eps).
 * @example normalize(x, { dim: 1 }) // unit rows; normalize(x, 2, 0) // unit columns
 */
export function normalize(input: Tensor, ...args: PyArgs<[p: number, dim: number, eps: number], { p?: number; dim?: number; eps?: number }>): Tensor {
  const opts = bindOptions<{ p?: number; dim?: number; eps?: number }>('normalize', ['p', 'dim', 'eps'], args, 1);
  const denom = input.norm(floatArg('normalize', 'p', opts.p, 2), intArgOf('normalize', 'dim', opts.dim, 1), { keepdim: true })
    .clamp(floatArg('normalize', 'eps', opts.eps, 1e-12));
  return input.div(denom.expandAs(input));
}

/**
 * One-hot encoding of int32 class indices: shape [...input.shape, numClasses] (int32).
 * numClasses -1 uses max + 1.
 * @example oneHot(tensor([0, 2]), 3) // [[1, 0, 0], [0, 0, 1]]
 */
export function oneHot(input: Tensor, numClasses: number | { numClasses?: number } = -1): Tensor {
  if (typeof numClasses === 'object') checkOptions('one_hot', numClasses, ['numClasses']);
  const classes = typeof numClasses === 'object' ? numClasses.numClasses ?? -1 : numClasses;
  if (input.dtype !== 'int32' && input.dtype !== 'int64') throw new TypeError('one_hot is only applicable to index tensor.');
  const values = input.contiguous().toTypedArray();
  let max = -1;
  for (const v of values) {
    if (v < 0) throw new Error('Class values must be non-negative.');
    if (v > max) max = v;
  }
  const n = classes === -1 ? max + 1 : classes;
  if (max >= n) throw new Error('Class values must be smaller than num_classes.');
  const out = new Int32Array(values.length * n);
  for (let i = 0; i < values.length; i++) out[i * n + values[i]!] = 1;
  const hot = Tensor.fromData(out, [...input.shape, n], 'int32');
  return input.dtype === 'int64' ? hot.to('int64') : hot; // PyTorch's one_hot is int64
}
