/** Activation functions of torch.nn.functional (elementwise ops of @torchlet/core with PyTorch's defaults). */
import { Tensor, type DType } from '@torchlet/core';
import { bindOptions, boolArg, floatArg, type PyArgs } from '@torchlet/core/internal';

/** softmax's dim and dtype: `(x, 1)`, `(x, 1, { dtype })` or `(x, { dim: 1, dtype })`. */
export interface SoftmaxOptions {
  /** The dimension along which softmax is computed (null: PyTorch's deprecated implicit choice). */
  dim?: number | null;
  /** Cast the input to this dtype before the operation (default: keep the input's). */
  dtype?: DType;
}

/** The dim of F.softmax / log_softmax / softmin: an int (PyTorch's TypeError otherwise), or the implicit dim for null. */
function softmaxDim(fn: string, input: Tensor, dim: unknown, opts: object | undefined): [number, DType | undefined] {
  let d = dim, dtype: DType | undefined;
  if (typeof dim === 'object' && dim !== null) {
    if (opts !== undefined) throw new TypeError(`${fn}() takes the options object once`);
    const o = bindOptions<SoftmaxOptions>(fn, ['dim', 'dtype'], [dim], 1);
    d = o.dim;
    dtype = o.dtype;
  } else if (opts !== undefined) {
    const o = bindOptions<{ dtype?: DType }>(fn, ['dtype'], [opts], 1);
    dtype = o.dtype;
  }
  if (d === undefined || d === null) {
    // PyTorch's _get_softmax_dim (it also warns that the implicit choice is deprecated).
    const nd = input.shape.length;
    return [nd === 0 || nd === 1 || nd === 3 ? 0 : 1, dtype];
  }
  if (typeof d !== 'number' || !Number.isSafeInteger(d)) {
    throw new TypeError(`${fn}() received an invalid combination of arguments - got (${typeof d === 'number' ? 'float' : typeof d === 'string' ? 'str' : typeof d}), ` +
      'but expected one of: (int dim, torch.dtype dtype)');
  }
  return [d, dtype];
}

/** max(x, 0). `inplace` writes into x (relu_). */
export function relu(input: Tensor, inplace: boolean | { inplace?: boolean } = false): Tensor {
  if (inplace === false) return input.relu();
  const flag = typeof inplace === 'object' ? boolArg('relu', 'inplace', bindOptions<{ inplace?: boolean }>('relu', ['inplace'], [inplace], 1).inplace, false)
    : boolArg('relu', 'inplace', inplace, false);
  return flag ? input.relu_() : input.relu();
}

/** x for x > 0, else negativeSlope * x. */
export function leakyRelu(input: Tensor, ...args: PyArgs<[negativeSlope: number, inplace: boolean], { negativeSlope?: number; inplace?: boolean }>): Tensor {
  const o = bindOptions<{ negativeSlope?: number; inplace?: boolean }>('leaky_relu', ['negativeSlope', 'inplace'], args, 1);
  const slope = floatArg('leaky_relu', 'negative_slope', o.negativeSlope, 0.01);
  return boolArg('leaky_relu', 'inplace', o.inplace, false) ? input.leakyRelu_(slope) : input.leakyRelu(slope);
}

/** x for x > 0, else alpha * (exp(x) - 1). */
export function elu(input: Tensor, ...args: PyArgs<[alpha: number], { alpha?: number }>): Tensor {
  const o = bindOptions<{ alpha?: number }>('elu', ['alpha'], args, 1);
  return input.elu(floatArg('elu', 'alpha', o.alpha, 1.0));
}

/** x * Phi(x); `approximate: 'tanh'` uses the tanh formula. */
export function gelu(input: Tensor, ...args: PyArgs<[approximate: 'none' | 'tanh'], { approximate?: 'none' | 'tanh' }>): Tensor {
  return input.gelu(bindOptions<{ approximate?: 'none' | 'tanh' }>('gelu', ['approximate'], args, 1));
}

/** x * sigmoid(x) (swish). */
export function silu(input: Tensor): Tensor {
  return input.silu();
}

/** 1 / (1 + exp(-x)), elementwise (F.sigmoid). */
export function sigmoid(input: Tensor): Tensor {
  return input.sigmoid();
}

/** Hyperbolic tangent, elementwise (F.tanh). */
export function tanh(input: Tensor): Tensor {
  return input.tanh();
}

/** log(1 + exp(beta x)) / beta, linear above `threshold`. */
export function softplus(input: Tensor, ...args: PyArgs<[beta: number, threshold: number], { beta?: number; threshold?: number }>): Tensor {
  const o = bindOptions<{ beta?: number; threshold?: number }>('softplus', ['beta', 'threshold'], args, 1);
  return input.softplus({ beta: floatArg('softplus', 'beta', o.beta, 1), threshold: floatArg('softplus', 'threshold', o.threshold, 20) });
}

/**
 * softmax along `dim`.
 * @example softmax(logits, 1); softmax(logits, { dim: 1 })
 */
export function softmax(input: Tensor, dim: number | null | SoftmaxOptions, opts?: { dtype?: DType }): Tensor {
  if (typeof dim === 'number' && opts === undefined && Number.isSafeInteger(dim)) return input.softmax(dim);
  const [d, dtype] = softmaxDim('softmax', input, dim, opts);
  return input.softmax(d, { dtype });
}

/** softmax(-x). */
export function softmin(input: Tensor, dim: number | null | SoftmaxOptions, opts?: { dtype?: DType }): Tensor {
  const [d, dtype] = softmaxDim('softmin', input, dim, opts);
  return input.neg().softmax(d, { dtype });
}

/**
 * log(softmax(x)) along `dim`, computed stably.
 * @example logSoftmax(zOut, 1)
 */
export function logSoftmax(input: Tensor, dim: number | null | SoftmaxOptions, opts?: { dtype?: DType }): Tensor {
  if (typeof dim === 'number' && opts === undefined && Number.isSafeInteger(dim)) return input.logSoftmax(dim);
  const [d, dtype] = softmaxDim('log_softmax', input, dim, opts);
  return input.logSoftmax(d, { dtype });
}
