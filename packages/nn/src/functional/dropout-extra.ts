/**
 * Channel dropout (dropout1d/2d/3d), alpha dropout and feature alpha dropout. Each mask is one
 * `bernoulli_(1 - p)` draw per element of PyTorch's noise tensor ([N, C, 1, ...] for the
 * channel forms), in memory order, from the default generator or `generator`.
 */
import { Tensor, defaultGenerator, type Generator } from '@torchlet/core';
import { randomKernels } from '@torchlet/core/internal';

/** Keyword arguments of dropout1d/2d/3d, alphaDropout and featureAlphaDropout. */
export interface DropoutOptions {
  /** Write the result into the input (default false). */
  inplace?: boolean;
  /** Generator for the mask draws (default the global one). */
  generator?: Generator;
}

/** SELU's alpha * scale: alpha dropout keeps SELU's fixed point. */
const SELU_NEG = 1.7580993408473766;

function checkP(p: number): void {
  if (!(p >= 0 && p <= 1)) throw new Error(`dropout probability has to be between 0 and 1, but got ${p}`);
}

/** The shape of the noise: one value per element, or per (sample, channel) for feature dropout. */
function noiseShape(input: Tensor, feature: boolean): number[] {
  if (!feature) return input.shape.slice();
  if (input.shape.length < 2) throw new Error('Feature dropout requires at least 2 dimensions in the input');
  return input.shape.map((s, i) => (i < 2 ? s : 1));
}

/** The host-drawn noise moved to x's device (the CPU generator draws it: a seed gives the same mask everywhere). */
function onDevice(t: Tensor, x: Tensor): Tensor {
  return x.storage.device === 'cpu' ? t : t.to(x.storage.device);
}

/** PyTorch's _dropout_impl: `noise.bernoulli_(1 - p)`, then the scale (and alpha shift) in the input's dtype. */
function dropoutImpl(input: Tensor, p: number, training: boolean, feature: boolean, alpha: boolean, opts: DropoutOptions, fn: string): Tensor {
  checkP(p);
  const shape = noiseShape(input, feature);
  if (p === 0 || !training || input.numel() === 0) return input;
  if (p === 1) return opts.inplace ? input.mul_(0) : input.mul(0);
  const f32 = input.dtype !== 'float64';
  const r = f32 ? Math.fround : (v: number): number => v;
  const n = shape.reduce((a, b) => a * b, 1);
  const noise = f32 ? new Float32Array(n) : new Float64Array(n);
  randomKernels.bernoulli(randomKernels.generatorOption(opts.generator, defaultGenerator, fn), noise, 1 - p);
  const dtype = f32 ? 'float32' : 'float64';
  if (!alpha) {
    // noise.div_(1 - p): a scalar divisor is applied as a multiplication by its reciprocal.
    const scale = r(1 / r(1 - p));
    for (let i = 0; i < n; i++) noise[i] = r(noise[i]! * scale);
    const t = onDevice(Tensor.fromData(noise, shape, dtype), input);
    return opts.inplace ? input.mul_(t) : input.mul(t);
  }
  // b = (noise - 1) * (alpha a) + alpha a p; noise *= a; out = input * noise + b.
  const a = 1 / Math.sqrt((SELU_NEG * SELU_NEG * p + 1) * (1 - p));
  const aa = r(SELU_NEG * a), aap = r(SELU_NEG * a * p), af = r(a);
  const shift = f32 ? new Float32Array(n) : new Float64Array(n);
  for (let i = 0; i < n; i++) {
    shift[i] = r(r(r(noise[i]! - 1) * aa) + aap);
    noise[i] = r(noise[i]! * af);
  }
  const t = onDevice(Tensor.fromData(noise, shape, dtype), input), b = onDevice(Tensor.fromData(shift, shape, dtype), input);
  return opts.inplace ? input.mul_(t).add_(b) : input.mul(t).add_(b);
}

/** Runs channel dropout on an unbatched input as a batch of one. */
function channelDropout(input: Tensor, batched: boolean, p: number, training: boolean, opts: DropoutOptions, fn: string): Tensor {
  if (batched) return dropoutImpl(input, p, training, true, false, opts, fn);
  // In place, the write through the view lands in the input; the result is a view made after it.
  return dropoutImpl(input.unsqueeze(0), p, training, true, false, opts, fn).squeeze(0);
}

/**
 * Zeroes whole channels of [N, C, L] (or [C, L]) with probability p, scaling the rest by 1/(1-p).
 * @example dropout1d(x, 0.5, model.training)
 */
export function dropout1d(input: Tensor, p = 0.5, training = true, opts: DropoutOptions = {}): Tensor {
  checkP(p);
  const nd = input.shape.length;
  if (nd !== 2 && nd !== 3) {
    throw new Error(`dropout1d: Expected 2D or 3D input, but received a ${nd}D input. Note that dropout1d exists to provide channel-wise dropout on inputs with 1 spatial dimension, a channel dimension, and an optional batch dimension (i.e. 2D or 3D inputs).`);
  }
  return channelDropout(input, nd === 3, p, training, opts, 'dropout1d');
}

/**
 * Zeroes whole channels of [N, C, H, W] with probability p. Like PyTorch, any input is taken as
 * batched: a 3-D input is [N, C, L].
 */
export function dropout2d(input: Tensor, p = 0.5, training = true, opts: DropoutOptions = {}): Tensor {
  checkP(p);
  return dropoutImpl(input, p, training, true, false, opts, 'dropout2d');
}

/** Zeroes whole channels of [N, C, D, H, W] (or unbatched [C, D, H, W]) with probability p. */
export function dropout3d(input: Tensor, p = 0.5, training = true, opts: DropoutOptions = {}): Tensor {
  checkP(p);
  return channelDropout(input, input.shape.length === 5, p, training, opts, 'dropout3d');
}

/**
 * Dropout for SELU networks: dropped elements take SELU's negative saturation and an affine
 * correction keeps zero mean and unit variance.
 */
export function alphaDropout(input: Tensor, p = 0.5, training = false, opts: DropoutOptions = {}): Tensor {
  return dropoutImpl(input, p, training, false, true, opts, 'alpha_dropout');
}

/** Alpha dropout of whole channels (noise [N, C, 1, ...]). */
export function featureAlphaDropout(input: Tensor, p = 0.5, training = false, opts: DropoutOptions = {}): Tensor {
  return dropoutImpl(input, p, training, true, true, opts, 'feature_alpha_dropout');
}
