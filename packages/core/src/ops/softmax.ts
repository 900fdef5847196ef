/**
 * softmax and logSoftmax along a dim, numerically stable (the row max is subtracted first).
 * The forward is composed from kernels; each records one node with PyTorch's gradient formula.
 */
import type { DType } from '../dtype';
import { noGrad } from '../autograd/grad-mode';
import { needsGrad, record } from '../autograd/record';
import { normDim } from '../shape';
import type { Tensor } from '../tensor';
import { floatDtype } from './util';

export interface SoftmaxOptions {
  dtype?: DType;
}

function prepare(x: Tensor, dim: number, opts: SoftmaxOptions): [Tensor, number] {
  const d = x.shape.length === 0 ? 0 : normDim(dim, x.shape.length);
  const dtype = opts.dtype ?? floatDtype(x.dtype);
  return [x.dtype === dtype ? x : x.to(dtype), d];
}

export function softmax(input: Tensor, dim: number, opts: SoftmaxOptions = {}): Tensor {
  const [x, d] = prepare(input, dim, opts);
  const out = noGrad(() => {
    if (x.shape.length === 0) return x.mul(0).add(1);
    const e = x.sub(x.amax(d, { keepdim: true })).exp();
    return e.div_(e.sum(d, { keepdim: true }));
  });
  if (needsGrad(x)) {
    record(out, 'SoftmaxBackward0', [x], [out], null, (g, s) => {
      const y = s[0]!;
      return [y.mul(g.sub(g.mul(y).sum(d, { keepdim: true })))];
    });
  }
  return out;
}

export function logSoftmax(input: Tensor, dim: number, opts: SoftmaxOptions = {}): Tensor {
  const [x, d] = prepare(input, dim, opts);
  const out = noGrad(() => {
    if (x.shape.length === 0) return x.mul(0);
    const shifted = x.sub(x.amax(d, { keepdim: true }));
    return shifted.sub_(shifted.exp().sum(d, { keepdim: true }).log());
  });
  if (needsGrad(x)) {
    record(out, 'LogSoftmaxBackward0', [x], [out], null, (g, s) => {
      const y = s[0]!;
      return [g.sub(y.exp().mul(g.sum(d, { keepdim: true })))];
    });
  }
  return out;
}
