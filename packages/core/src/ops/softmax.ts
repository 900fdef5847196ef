/**
 * softmax and logSoftmax along a dim: one kernel pass in PyTorch's order of operations
 * (softmax = exp(x - max) * (1 / sum), logSoftmax = (x - max) - log(sum)), numerically stable.
 * Each records one node with PyTorch's gradient formula, written with differentiable ops.
 */
import { isFloating, type DType } from '../dtype';
import { backendOf } from '../backend/index';
import { isGradEnabled } from '../autograd/grad-mode';
import { needsGrad, record } from '../autograd/record';
import { normDim } from '../shape';
import { Tensor } from '../tensor';
import { alloc } from './util';
import { parseArgs, pick, type ArgSig } from './reduce-args';

/** softmax's and logSoftmax's keyword option. */
export interface SoftmaxOptions {
  /** Cast the input to this dtype first (torch's dtype=). */
  dtype?: DType;
}

const softmaxSig = (fn: string): ArgSig => ({ fn, names: ['dim', 'dtype'], kinds: ['dim', 'dtype'], keys: ['dim', 'dtype'], required: 1 });
const SOFTMAX = softmaxSig('softmax'), LOG_SOFTMAX = softmaxSig('log_softmax');

/** softmax's forms: `x.softmax(1)`, `x.softmax(1, 'float64')`, `x.softmax(1, {dtype})`, `x.softmax({dim: 1})`. */
function prepare(x: Tensor, sig: ArgSig, a: unknown, b: unknown, kernel: string): [Tensor, number] {
  const kw = parseArgs(sig, a, b);
  const d = normDim(pick(a, kw, 'dim') as number, x.shape.length);
  const dtype = (pick(b, kw, 'dtype') as DType | null | undefined) ?? x.dtype;
  if (!isFloating(dtype)) throw new TypeError(`"${kernel}" not implemented for '${dtype === 'bool' ? 'Bool' : 'Long'}'`);
  return [x.dtype === dtype ? x : x.to(dtype), d];
}

/** Strides of dims [from, to) merged into one, or null when they do not form one run. */
function mergedStride(x: Tensor, from: number, to: number): number | null {
  let stride: number | null = null, size = 1;
  for (let i = to - 1; i >= from; i--) {
    const n = x.shape[i]!;
    if (n === 1) continue;
    if (stride === null) stride = x.strides[i]!;
    else if (x.strides[i] !== stride * size) return null;
    size *= n;
  }
  return stride ?? 1;
}

/** x seen as [N, C, K] around dim d (a view when the strides allow, else a contiguous copy; a fresh output is always a view). */
function around(x: Tensor, d: number): Tensor {
  const shape = x.shape;
  let N = 1, K = 1;
  for (let i = 0; i < d; i++) N *= shape[i]!;
  for (let i = d + 1; i < shape.length; i++) K *= shape[i]!;
  const C = shape.length === 0 ? 1 : shape[d]!;
  const sN = mergedStride(x, 0, d), sK = mergedStride(x, d + 1, shape.length);
  const src = sN === null || sK === null ? x.contiguous() : x;
  const strides = src === x ? [sN!, shape.length === 0 ? 1 : x.strides[d]!, sK!] : [C * K, K, 1];
  return new Tensor(src.storage, [N, C, K], strides, src.offset, src.dtype);
}

function softmaxRaw(x: Tensor, d: number, log: boolean): Tensor {
  const out = alloc(x.shape.slice(), x.dtype, x.storage.device);
  if (x.numel() > 0) backendOf(x).softmax(around(x, d), out, log);
  return out;
}

/**
 * The gradient: one kernel pass in PyTorch's rounding when nothing records it; the same formula
 * from differentiable ops under createGraph (double backward).
 */
function softmaxGrad(g: Tensor, y: Tensor, d: number, log: boolean): Tensor {
  if (!isGradEnabled() && g.dtype === y.dtype) {
    const out = alloc(y.shape.slice(), y.dtype, y.storage.device);
    if (y.numel() > 0) backendOf(y).softmaxBackward(around(g, d), around(y, d), out, log);
    return out;
  }
  // PyTorch's log_softmax_backward_data: g - exp(y) * sum(g); softmax_backward_data: y * (g - sum(g * y)).
  if (log) return g.sub(y.exp().mul(g.sum(d, { keepdim: true })));
  return y.mul(g.sub(g.mul(y).sum(d, { keepdim: true })));
}

/**
 * exp(x) / sum(exp(x)) along dim.
 * @example logits.softmax(1)
 */
export function softmax(input: Tensor, dim: number, dtype?: DType | null | SoftmaxOptions): Tensor;
export function softmax(input: Tensor, opts: SoftmaxOptions & { dim: number }): Tensor;
export function softmax(input: Tensor, a: unknown, b?: unknown): Tensor {
  const [x, d] = prepare(input, SOFTMAX, a, b, 'softmax_lastdim_kernel_impl');
  const out = softmaxRaw(x, d, false);
  if (needsGrad(x)) {
    record(out, 'SoftmaxBackward0', [x], [out], null, (g, s) => [softmaxGrad(g, s[0]!, d, false)]);
  }
  return out;
}

/**
 * x - log(sum(exp(x))) along dim, computed as (x - max) - log(sum(exp(x - max))).
 * @example logits.logSoftmax(1)
 */
export function logSoftmax(input: Tensor, dim: number, dtype?: DType | null | SoftmaxOptions): Tensor;
export function logSoftmax(input: Tensor, opts: SoftmaxOptions & { dim: number }): Tensor;
export function logSoftmax(input: Tensor, a: unknown, b?: unknown): Tensor {
  const [x, d] = prepare(input, LOG_SOFTMAX, a, b, 'log_softmax_lastdim_kernel_impl');
  const out = softmaxRaw(x, d, true);
  if (needsGrad(x)) {
    record(out, 'LogSoftmaxBackward0', [x], [out], null, (g, s) => [softmaxGrad(g, s[0]!, d, true)]);
  }
  return out;
}
