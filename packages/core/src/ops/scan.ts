/**
 * Running reductions along a dim: cumsum, cumprod, cummax, cummin, logcumsumexp. Sums and
 * products run in doubles in the kernel (as PyTorch's CPU accumulate type) and round once per output.
 */
import { allocArray, isFloating, type DType } from '../dtype';
import type { ScanOp } from '../backend/types';
import { backendOf } from '../backend/index';
import { needsGrad, record } from '../autograd/record';
import { normDim } from '../shape';
import { Tensor } from '../tensor';
import { alloc, fromHost } from './util';
import { where } from './binary';
import { valuesIndices, type ValuesIndices } from './reduce';
import { scatterAdd } from './indexing';
import { flip } from './reorder';
import { parseArgs, pick, type ArgSig } from './reduce-args';
import { checkHostOp, onCpu } from './devices';

/** A 0-dim tensor as [1] (the kernel scans along a real dim); others unchanged. */
function lift(t: Tensor): Tensor {
  return t.shape.length === 0 ? new Tensor(t.storage, [1], [1], t.offset, t.dtype) : t;
}

function scanRaw(op: ScanOp, x: Tensor, d: number, dtype: DType, indices?: Tensor): Tensor {
  const out = alloc(x.shape.slice(), dtype, x.storage.device);
  backendOf(x).scan(op, lift(x), d, lift(out), indices && lift(indices));
  return out;
}

/** Sum from each position to the end of its line along d (the adjoint of cumsum). */
function reverseCumsum(g: Tensor, d: number): Tensor {
  return flip(cumsum(flip(g, [d]), d), [d]);
}

const scanSig = (fn: string): ArgSig => ({ fn, names: ['dim'], kinds: ['dim'], keys: ['dim', 'dtype'], required: 1 });
const CUMSUM = scanSig('cumsum'), CUMPROD = scanSig('cumprod');

/**
 * torch.cumsum: running sums along dim. Integer and bool inputs give int32 (PyTorch: int64).
 * @example cumsum(tensor([1, 2, 3]), 0) // [1, 3, 6]
 */
export function cumsum(x: Tensor, dim: number, opts?: { dtype?: DType }): Tensor;
export function cumsum(x: Tensor, opts: { dim: number; dtype?: DType }): Tensor;
export function cumsum(x: Tensor, a: unknown, b?: unknown): Tensor {
  const kw = parseArgs(CUMSUM, a, b);
  const d = normDim(pick(a, kw, 'dim') as number, x.shape.length);
  const dtype = (kw?.dtype as DType | undefined) ?? (isFloating(x.dtype) || x.dtype === 'int64' ? x.dtype : 'int32');
  const out = scanRaw('sum', x, d, dtype);
  if (needsGrad(x) && isFloating(dtype)) {
    const from = x.dtype, scalar = x.shape.length === 0;
    record(out, 'CumsumBackward0', [x], [], null, (g) => {
      const r = scalar ? g : reverseCumsum(g, d);
      return [r.dtype === from ? r : r.to(from)];
    });
  }
  return out;
}

/**
 * torch.cumprod: running products along dim; the gradient is exact with zeros in the input.
 * @example cumprod(tensor([1, 2, 3]), 0) // [1, 2, 6]
 */
export function cumprod(x: Tensor, dim: number, opts?: { dtype?: DType }): Tensor;
export function cumprod(x: Tensor, opts: { dim: number; dtype?: DType }): Tensor;
export function cumprod(x: Tensor, a: unknown, b?: unknown): Tensor {
  const kw = parseArgs(CUMPROD, a, b);
  const d = normDim(pick(a, kw, 'dim') as number, x.shape.length);
  const dtype = (kw?.dtype as DType | undefined) ?? (isFloating(x.dtype) || x.dtype === 'int64' ? x.dtype : 'int32');
  const out = scanRaw('prod', x, d, dtype);
  if (needsGrad(x) && isFloating(dtype)) {
    record(out, 'CumprodBackward0', [x], [x, out], null, (g, s) => [cumprodBackward(g, s[0]!, s[1]!, d)]);
  }
  return out;
}

/**
 * d out_k / d x_i = prod_{j<=k, j!=i} x_j. Before a line's first zero this is out_k / x_i; at the
 * first zero it is the running product with that zero replaced by 1; after it, 0.
 */
function cumprodBackward(g: Tensor, x: Tensor, out: Tensor, d: number): Tensor {
  if (x.shape.length === 0) return g;
  const zero = x.eq(0);
  // The zero-free shortcut reads the host: a webgpu x takes the general form (equal without zeros).
  if (x.storage.device === 'cpu' && !zero.any().item()) return reverseCumsum(g.mul(out), d).div(x);
  const zerosSoFar = scanRaw('sum', zero, d, 'int32');
  const before = zerosSoFar.eq(0);
  const first = zero.logicalAnd(zerosSoFar.eq(1));
  const beforeTerm = reverseCumsum(g.mul(out), d).div(where(before, x, 1));
  const firstTerm = reverseCumsum(g.mul(cumprod(where(first, 1, x), d)), d);
  return where(before, beforeTerm, where(first, firstTerm, 0));
}

function cumExtreme(op: 'max' | 'min', x: Tensor, dim: number): ValuesIndices {
  const d = normDim(dim, x.shape.length);
  const indices = alloc(x.shape.slice(), 'int32', x.storage.device);
  const values = scanRaw(op, x, d, x.dtype, indices);
  if (needsGrad(x)) {
    const inShape = x.shape.slice();
    record(values, op === 'max' ? 'CummaxBackward0' : 'CumminBackward0', [x], [indices], null, (g, s) => [
      scatterAdd(alloc(inShape, g.dtype, g.storage.device), d, s[0]!, g),
    ]);
  }
  return valuesIndices(values, indices);
}

/**
 * torch.cummax: running maximum along dim and where it was found (the latest of ties).
 * @example cummax(tensor([1, 3, 2]), 0).values // [1, 3, 3]
 */
export function cummax(x: Tensor, dim: number): ValuesIndices {
  return cumExtreme('max', x, dim);
}

/** torch.cummin: running minimum along dim and where it was found. */
export function cummin(x: Tensor, dim: number): ValuesIndices {
  return cumExtreme('min', x, dim);
}

/** PyTorch's _log_add_exp_helper: log(exp(x) + exp(acc)), exact at equal infinities. */
function logAddExp(x: number, acc: number): number {
  const lo = Number.isNaN(acc) ? acc : Math.min(x, acc), hi = Number.isNaN(acc) ? acc : Math.max(x, acc);
  if (lo !== hi || Number.isFinite(lo)) return hi + Math.log1p(Math.exp(lo - hi));
  return x;
}

/** The forward on the host, line by line in double (PyTorch's accumulate type), rounded per output. */
function logcumsumexpRaw(x: Tensor, d: number): Tensor {
  checkHostOp('logcumsumexp', onCpu('logcumsumexp(dim)'), x);
  const lines = (x.shape.length === 0 ? x.reshape([1]) : x).movedim(d, -1).contiguous();
  const data = lines.toTypedArray();
  const n = lines.shape[lines.shape.length - 1]!;
  const out = allocArray(x.dtype, data.length);
  for (let start = 0; start < data.length; start += n) {
    let acc = -Infinity;
    for (let i = start; i < start + n; i++) {
      acc = logAddExp(data[i]!, acc);
      out[i] = acc;
    }
  }
  return fromHost(out, lines.shape.slice(), x.dtype).movedim(-1, d).reshape(x.shape.slice()).contiguous();
}

/**
 * logcumsumexp's gradient (PyTorch's formula, after TensorFlow's): positive and negative parts of
 * grad in log space, each through a reversed logcumsumexp. Made of differentiable ops.
 */
function logcumsumexpBackward(g: Tensor, x: Tensor, out: Tensor, d: number): Tensor {
  if (g.shape.length === 0 || g.numel() === 0) return g;
  const lowest = x.dtype === 'float32' ? -3.4028234663852886e38 : -Number.MAX_VALUE;
  const reversed = (t: Tensor): Tensor => flip(logcumsumexp(flip(t, [d]), d), [d]);
  const logAbs = g.abs().log();
  const pos = where(g.gt(0), logAbs, lowest), neg = where(g.lt(0), logAbs, lowest);
  return reversed(pos.sub(out)).add(x).exp().sub(reversed(neg.sub(out)).add(x).exp());
}

/**
 * torch.logcumsumexp: log of the running sum of exp along dim, without overflow.
 * @example logcumsumexp(tensor([0, 0]), 0) // [0, log 2]
 */
export function logcumsumexp(x: Tensor, dim: number): Tensor {
  if (!isFloating(x.dtype)) {
    throw new TypeError(`"logcumsumexp_out_cpu" not implemented for '${x.dtype === 'bool' ? 'Bool' : 'Long'}'`);
  }
  const d = normDim(dim, x.shape.length);
  const out = logcumsumexpRaw(x.detach(), d);
  if (needsGrad(x)) {
    record(out, 'LogcumsumexpBackward0', [x], [x, out], null, (g, s) => [logcumsumexpBackward(g, s[0]!, s[1]!, d)]);
  }
  return out;
}
