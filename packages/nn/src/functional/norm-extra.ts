/** Functional instance norm, RMS norm and local response norm, composed as PyTorch composes them. */
import { noGrad, type Tensor } from '@torchlet/core';
import { checkOptions, nnOps } from '@torchlet/core/internal';

/** F.instance_norm's keyword arguments (the running statistics are positional, as in PyTorch). */
export interface InstanceNormOptions {
  /** Per-channel scale [C] (default none). */
  weight?: Tensor | null;
  /** Per-channel shift [C] (default none). */
  bias?: Tensor | null;
  /** Normalize with each instance's own statistics (else the running ones). */
  useInputStats?: boolean;
  /** Weight of the new statistics in the running ones (default 0.1). */
  momentum?: number;
  /** Added to the variance for numerical stability (default 1e-5). */
  eps?: number;
}

/**
 * Normalizes each (sample, channel) of [N, C, ...] over its positions: batch norm on the input
 * viewed as [1, N*C, ...], as PyTorch computes it. Given running statistics ([C]) are updated
 * with the mean over the batch of the per-instance updates.
 * @example instanceNorm(x) // x [N, C, L]
 */
export function instanceNorm(input: Tensor, runningMean: Tensor | null = null, runningVar: Tensor | null = null, opts: InstanceNormOptions = {}): Tensor {
  checkOptions('instance_norm', opts, ['weight', 'bias', 'useInputStats', 'momentum', 'eps']);
  const useInputStats = opts.useInputStats ?? true;
  const shape = input.shape;
  if (shape.length < 2) throw new Error(`instance_norm: expected at least 2D input (got ${shape.length}D input)`);
  if (useInputStats && shape.slice(2).reduce((a, b) => a * b, 1) === 1) {
    throw new Error(`Expected more than 1 spatial element when training, got input size torch.Size([${shape.join(', ')}])`);
  }
  const [b, c] = shape as [number, number];
  const rm = runningMean === null ? null : noGrad(() => runningMean.repeat(b));
  const rv = runningVar === null ? null : noGrad(() => runningVar.repeat(b));
  const w = opts.weight ?? null, bias = opts.bias ?? null;
  const out = nnOps.batchNorm(input.contiguous().view([1, b * c, ...shape.slice(2)]), {
    runningMean: rm, runningVar: rv, weight: w === null ? null : w.repeat(b), bias: bias === null ? null : bias.repeat(b),
    training: useInputStats, momentum: opts.momentum ?? 0.1, eps: opts.eps ?? 1e-5,
  });
  noGrad(() => {
    if (runningMean !== null && rm !== null) runningMean.copy_(rm.view([b, c]).mean(0));
    if (runningVar !== null && rv !== null) runningVar.copy_(rv.view([b, c]).mean(0));
  });
  return out.view(shape.slice());
}

function checkNormalizedShape(input: Tensor, normalizedShape: readonly number[], weight: Tensor | null): void {
  const k = normalizedShape.length, nd = input.shape.length;
  const tail = input.shape.slice(nd - k);
  if (k === 0 || nd < k || tail.some((d, i) => d !== normalizedShape[i])) {
    throw new Error(`Given normalized_shape=[${normalizedShape.join(', ')}], expected input with shape [*, ${normalizedShape.join(', ')}], but got input of size[${input.shape.join(', ')}]`);
  }
  if (weight !== null && (weight.shape.length !== k || weight.shape.some((d, i) => d !== normalizedShape[i]))) {
    throw new Error(`Expected weight to be of same shape as normalized_shape, but got weight of shape [${weight.shape.join(', ')}] and normalized_shape = [${normalizedShape.join(', ')}]`);
  }
}

/**
 * x / sqrt(mean(x^2 over the last normalizedShape dims) + eps), times weight when given
 * (PyTorch 2.4's F.rms_norm). eps undefined/null: the dtype's machine epsilon.
 * @example rmsNorm(x, [4], { weight: w })
 */
export function rmsNorm(input: Tensor, normalizedShape: readonly number[], opts: { weight?: Tensor | null; eps?: number | null } = {}): Tensor {
  checkOptions('rms_norm', opts, ['weight', 'eps']);
  const weight = opts.weight ?? null;
  checkNormalizedShape(input, normalizedShape, weight);
  const eps = opts.eps ?? (input.dtype === 'float64' ? 2.220446049250313e-16 : 1.1920928955078125e-7);
  const nd = input.shape.length;
  const dims = normalizedShape.map((_, i) => nd - 1 - i);
  const y = input.mul(input.pow(2).mean(dims, { keepdim: true }).add(eps).rsqrt());
  return weight === null ? y : y.mul(weight);
}

/**
 * Divides each element by (k + alpha * mean of x^2 over `size` neighbouring channels)^beta,
 * the window zero-padded (size/2 before, (size-1)/2 after) as PyTorch's average pool.
 * @example localResponseNorm(x, 2)
 */
export function localResponseNorm(input: Tensor, size: number, opts: { alpha?: number; beta?: number; k?: number } = {}): Tensor {
  checkOptions('local_response_norm', opts, ['alpha', 'beta', 'k']);
  const nd = input.shape.length;
  if (nd < 3) throw new Error(`Expected 3D or higher dimensionality input (got ${nd} dimensions)`);
  if (input.numel() === 0) return input;
  const alpha = opts.alpha ?? 1e-4, beta = opts.beta ?? 0.75, k = opts.k ?? 1.0;
  const c = input.shape[1] ?? 0;
  const padded = nnOps.pad(input.mul(input), [...new Array<number>(2 * (nd - 2)).fill(0), Math.floor(size / 2), Math.floor((size - 1) / 2)]);
  let sum = padded.narrow(1, 0, c);
  for (let i = 1; i < size; i++) sum = sum.add(padded.narrow(1, i, c));
  return input.div(sum.div(size).mul(alpha).add(k).pow(beta));
}
