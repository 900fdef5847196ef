/** Activation functions of torch.nn.functional (elementwise ops of @torchlet/core with PyTorch's defaults). */
import { Tensor, type DType } from '@torchlet/core';

/** max(x, 0). `inplace` writes into x (relu_). */
export function relu(input: Tensor, inplace = false): Tensor {
  return inplace ? input.relu_() : input.relu();
}

/** x for x > 0, else negativeSlope * x. */
export function leakyRelu(input: Tensor, negativeSlope = 0.01): Tensor {
  return input.leakyRelu(negativeSlope);
}

/** x for x > 0, else alpha * (exp(x) - 1). */
export function elu(input: Tensor, alpha = 1.0): Tensor {
  return input.elu(alpha);
}

/** x * Phi(x); `approximate: 'tanh'` uses the tanh formula. */
export function gelu(input: Tensor, opts: { approximate?: 'none' | 'tanh' } = {}): Tensor {
  return input.gelu(opts);
}

/** x * sigmoid(x) (swish). */
export function silu(input: Tensor): Tensor {
  return input.silu();
}

export function sigmoid(input: Tensor): Tensor {
  return input.sigmoid();
}

export function tanh(input: Tensor): Tensor {
  return input.tanh();
}

/** log(1 + exp(beta x)) / beta, linear above `threshold`. */
export function softplus(input: Tensor, opts: { beta?: number; threshold?: number } = {}): Tensor {
  return input.softplus(opts);
}

/**
 * softmax along `dim`.
 * @example softmax(logits, 1)
 */
export function softmax(input: Tensor, dim: number, opts: { dtype?: DType } = {}): Tensor {
  return input.softmax(dim, opts);
}

/** softmax(-x). */
export function softmin(input: Tensor, dim: number, opts: { dtype?: DType } = {}): Tensor {
  return input.neg().softmax(dim, opts);
}

/**
 * log(softmax(x)) along `dim`, computed stably.
 * @example logSoftmax(zOut, 1)
 */
export function logSoftmax(input: Tensor, dim: number, opts: { dtype?: DType } = {}): Tensor {
  return input.logSoftmax(dim, opts);
}
