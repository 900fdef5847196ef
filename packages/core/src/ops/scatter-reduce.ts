/**
 * torch.scatter_reduce: scatter src into x combining by sum, prod, mean, amax or amin, with or
 * without x's own values (includeSelf). Gradients follow PyTorch's scatter_reduce_backward,
 * including its tie rule for amax/amin (the gradient is shared evenly among equal values).
 */
import { isFloating, type DType } from '../dtype';
import { needsGrad, record } from '../autograd/record';
import { backendOf } from '../backend/index';
import { normDim } from '../shape';
import type { Tensor } from '../tensor';
import { alloc } from './util';
import { where } from './binary';
import { gather, scatterAdd, scatterChecks, scatterRaw } from './indexing';
import { indexInt32 } from './index-dtype';

/** How scatterReduce combines the values that land on one position. */
export type ScatterReduceMode = 'sum' | 'prod' | 'mean' | 'amax' | 'amin';

const KERNEL = { sum: 'add', mean: 'add', prod: 'multiply', amax: 'amax', amin: 'amin' } as const;

function identity(reduce: ScatterReduceMode, dtype: DType): number {
  const big = isFloating(dtype) ? Infinity : dtype === 'bool' ? 1 : 2147483647;
  if (reduce === 'amax') return dtype === 'bool' ? 0 : isFloating(dtype) ? -big : -2147483648;
  if (reduce === 'amin') return big;
  return reduce === 'prod' ? 1 : 0;
}

/** How many values meet at each position of x (x's own value counted when includeSelf). */
function counts(x: Tensor, d: number, index: Tensor, includeSelf: boolean): Tensor {
  const base = alloc(x.shape.slice(), 'float64', x.storage.device);
  if (includeSelf) backendOf(base).fill(base, 1);
  return scatterRaw(base, d, index, 1, 'add');
}

/**
 * x with src scattered in along dim and combined by `reduce`.
 * @example scatterReduce(zeros(2), 0, tensor([0, 0, 1]), tensor([1, 5, 2]).float(), 'amax') // [5, 2]
 */
export function scatterReduce(
  x: Tensor, dim: number, index: Tensor, source: Tensor, reduce: ScatterReduceMode, opts: { includeSelf?: boolean } = {},
): Tensor {
  index = indexInt32(index);
  const d = normDim(dim, x.shape.length);
  scatterChecks('scatter_reduce', x, d, index, source);
  // Only src's leading index-shaped block takes part; the narrowed view routes its gradient.
  let src = source;
  for (let i = 0; i < index.shape.length; i++) if (src.shape[i] !== index.shape[i]) src = src.narrow(i, 0, index.shape[i]!);
  if (!(reduce in KERNEL)) throw new Error('reduce argument must be either sum, prod, mean, amax or amin.');
  const includeSelf = opts.includeSelf ?? true;
  const base = includeSelf ? x : scatterRaw(x, d, index, identity(reduce, x.dtype), 'none');
  const out = scatterRaw(base, d, index, src, KERNEL[reduce]);
  const n = reduce === 'mean' ? counts(x, d, index, includeSelf) : null;
  if (n !== null) {
    // Dividing by max(count, 1) leaves positions nothing reached as they are (integers floor).
    backendOf(out).binary(isFloating(x.dtype) ? 'div' : 'floorDivide', out, n.clamp(1), out);
  }
  if (needsGrad(x, src) && isFloating(x.dtype)) {
    const scattered = scatterRaw(alloc(x.shape.slice(), 'bool', x.storage.device), d, index, 1, 'none');
    const saved = [index, x, src, out, scattered, ...(n === null ? [] : [n])];
    record(out, 'ScatterReduceBackward0', [x, src], saved, null, (g, s) => {
      const [idx, xs, ss, os, hit] = [s[0]!, s[1]!, s[2]!, s[3]!, s[4]!];
      const selfOnly = (gx: Tensor): Tensor => (includeSelf ? gx : where(hit, 0, g));
      switch (reduce) {
        case 'sum': return [selfOnly(g), gather(g, d, idx)];
        case 'mean': {
          const gn = g.div(s[5]!.clamp(1).to(g.dtype));
          return [selfOnly(gn), gather(gn, d, idx)];
        }
        case 'amax':
        case 'amin': {
          // PyTorch counts x's equal values even without includeSelf.
          const selfHit = xs.eq(os).to(g.dtype);
          const srcHit = ss.eq(gather(os, d, idx)).to(g.dtype);
          const share = g.div(scatterAdd(selfHit, d, idx, srcHit));
          return [selfOnly(share.mul(selfHit)), gather(share, d, idx).mul(srcHit)];
        }
        case 'prod': return prodGrads(g, xs, ss, idx, d, includeSelf, hit);
      }
    });
  }
  return out;
}

/**
 * The product of the other values at each position, without dividing by zero: one zero among
 * them leaves the product of the non-zeros for that zero and 0 for the rest; two or more give 0.
 * First-order exact; the zero counts and non-zero products are constants for double backward.
 */
function prodGrads(g: Tensor, x: Tensor, src: Tensor, idx: Tensor, d: number, includeSelf: boolean, hit: Tensor): Tensor[] {
  const xz = x.eq(0), sz = src.eq(0);
  const x1 = includeSelf ? where(xz, 1, x) : alloc(x.shape.slice(), x.dtype, x.storage.device).add(1);
  const nonzeroProd = scatterRaw(x1.detach(), d, idx, where(sz, 1, src).detach(), 'multiply');
  const zeroCount = scatterAdd(includeSelf ? xz.to('int32') : alloc(x.shape.slice(), 'int32', x.storage.device), d, idx, sz.to('int32'));
  const others = (v: Tensor, isZero: Tensor, p: Tensor, z: Tensor): Tensor =>
    where(isZero, where(z.eq(1), p, 0), where(z.eq(0), p.div(v), 0));
  const gSelf = includeSelf ? g.mul(others(x, xz, nonzeroProd, zeroCount)) : where(hit, 0, g);
  const gSrc = gather(g, d, idx).mul(others(src, sz, gather(nonzeroProd, d, idx), gather(zeroCount, d, idx)));
  return [gSelf, gSrc];
}
