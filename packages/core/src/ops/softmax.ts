/**
 * softmax and logSoftmax along a dim, numerically stable (the max along dim is subtracted first),
 * in PyTorch's order of operations: softmax = exp(x - max) * (1 / sum), logSoftmax =
 * (x - max) - log(sum). Each records one node with PyTorch's gradient formula.
 */
import { isFloating, type DType } from '../dtype';
import { noGrad } from '../autograd/grad-mode';
import { needsGrad, record } from '../autograd/record';
import { normDim } from '../shape';
import type { Tensor } from '../tensor';
import { alloc } from './util';

export interface SoftmaxOptions {
  /** Cast the input to this dtype first (torch's dtype=). */
  dtype?: DType;
}

function prepare(x: Tensor, dim: number, opts: SoftmaxOptions, kernel: string): [Tensor, number] {
  const d = normDim(dim, x.shape.length);
  const dtype = opts.dtype ?? x.dtype;
  if (!isFloating(dtype)) throw new TypeError(`"${kernel}" not implemented for '${dtype === 'int32' ? 'Long' : 'Bool'}'`);
  return [x.dtype === dtype ? x : x.to(dtype), d];
}

/**
 * exp(x) / sum(exp(x)) along dim.
 * @example logits.softmax(1)
 */
export function softmax(input: Tensor, dim: number, opts: SoftmaxOptions = {}): Tensor {
  const [x, d] = prepare(input, dim, opts, 'softmax_lastdim_kernel_impl');
  const out = noGrad(() => {
    if (x.numel() === 0) return alloc(x.shape.slice(), x.dtype);
    if (x.shape.length === 0) return x.mul(0).add(1);
    const e = x.sub(x.amax(d, { keepdim: true })).exp();
    return e.mul_(e.sum(d, { keepdim: true }).reciprocal());
  });
  if (needsGrad(x)) {
    record(out, 'SoftmaxBackward0', [x], [out], null, (g, s) => {
      const y = s[0]!;
      // PyTorch's softmax_backward_data: y * (g - sum(g * y)).
      return [y.mul(g.sub(g.mul(y).sum(d, { keepdim: true })))];
    });
  }
  return out;
}

/**
 * x - log(sum(exp(x))) along dim, computed as (x - max) - log(sum(exp(x - max))).
 * @example logits.logSoftmax(1)
 */
export function logSoftmax(input: Tensor, dim: number, opts: SoftmaxOptions = {}): Tensor {
  const [x, d] = prepare(input, dim, opts, 'log_softmax_lastdim_kernel_impl');
  const out = noGrad(() => {
    if (x.numel() === 0) return alloc(x.shape.slice(), x.dtype);
    if (x.shape.length === 0) return x.mul(0);
    const shifted = x.sub(x.amax(d, { keepdim: true }));
    return shifted.sub_(shifted.exp().sum(d, { keepdim: true }).log());
  });
  if (needsGrad(x)) {
    record(out, 'LogSoftmaxBackward0', [x], [out], null, (g, s) => {
      const y = s[0]!;
      // PyTorch's log_softmax_backward_data: g - exp(y) * sum(g).
      return [g.sub(y.exp().mul(g.sum(d, { keepdim: true })))];
    });
  }
  return out;
}
