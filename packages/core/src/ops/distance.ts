/**
 * Distances between vectors: cosineSimilarity, pairwiseDistance and cdist, with PyTorch 1.13's
 * formulas (so values and gradients at the clamps and zero distances agree).
 */
import { isFloating, promoteTypes, type DType } from '../dtype';
import { noGrad } from '../autograd/grad-mode';
import { needsGrad, record } from '../autograd/record';
import { broadcastShapes, normDim } from '../shape';
import type { Tensor } from '../tensor';
import { bindArgs, numberArg } from './bind-args';
import { sumToShape, where } from './binary';
import { cat } from './join';
import { ones, zeros } from './creation';

/** PyTorch's scalar type names; int32 stands for PyTorch's default integer type, Long. */
function typeName(d: DType): string {
  return d === 'float32' ? 'Float' : d === 'float64' ? 'Double' : d === 'bool' ? 'Bool' : 'Long';
}

/** cosineSimilarity's keyword options. */
export interface CosineSimilarityOptions {
  /** The dim to compare along (default 1). */
  dim?: number;
  /** Floor of each norm, against division by zero (default 1e-8). */
  eps?: number;
}

/**
 * Cosine similarity along `dim` (1 by default) of x1 and x2 broadcast together. PyTorch 1.13's
 * formula: each side divided by its norm first, the squared norm clamped to eps² without a
 * gradient (so the clamp does not cut the norm's gradient), then the products summed.
 * @example cosineSimilarity(a, b, 1, 1e-8); cosineSimilarity(a, b, { dim: 0 })
 */
export function cosineSimilarity(x1: Tensor, x2: Tensor, ...args: (number | CosineSimilarityOptions | undefined)[]): Tensor {
  const a = bindArgs('cosine_similarity', ['dim', 'eps'], args);
  const dim = numberArg('cosine_similarity', 'dim', a.dim, 1);
  const eps = numberArg('cosine_similarity', 'eps', a.eps, 1e-8);
  const common = promoteTypes(x1.dtype, x2.dtype);
  if (!isFloating(common)) throw new TypeError(`expected common dtype to be floating point, yet common dtype is ${typeName(common)}`);
  const shape = broadcastShapes(x1.shape, x2.shape);
  const d = normDim(dim, shape.length);
  const e1 = x1.to(common).expand(shape), e2 = x2.to(common).expand(shape);
  const unit = (x: Tensor): Tensor => {
    const squared = x.pow(2).sum(d, { keepdim: true });
    // In place and untracked, as PyTorch: SqrtBackward sees the clamped value, SumBackward the raw one.
    noGrad(() => squared.clamp_(eps * eps));
    return x.div(squared.sqrt());
  };
  return unit(e1).mul(unit(e2)).sum(d);
}

/** pairwiseDistance's keyword options. */
export interface PairwiseDistanceOptions {
  /** The norm's order (default 2). */
  p?: number;
  /** Added to the difference, against a zero norm's gradient (default 1e-6). */
  eps?: number;
  /** Keep the reduced last dim with size 1 (default false). */
  keepdim?: boolean;
}

/**
 * The p-norm of x1 - x2 + eps over the last dim (of the broadcast shape).
 * @example pairwiseDistance(a, b); pairwiseDistance(a, b, 1, 1e-6, true); pairwiseDistance(a, b, { keepdim: true })
 */
export function pairwiseDistance(x1: Tensor, x2: Tensor, ...args: (number | boolean | PairwiseDistanceOptions | undefined)[]): Tensor {
  const a = bindArgs('pairwise_distance', ['p', 'eps', 'keepdim'], args);
  const p = numberArg('pairwise_distance', 'p', a.p, 2);
  const eps = numberArg('pairwise_distance', 'eps', a.eps, 1e-6);
  const keepdim = a.keepdim === undefined ? false : Boolean(a.keepdim);
  const innermost = Math.max(x1.shape.length, x2.shape.length) - 1;
  const diff = x1.sub(x2).add(eps);
  if (p !== 0 && p !== Infinity && p !== -Infinity) return diff.norm(p, innermost, { keepdim });
  // norm() takes these through ops of their own; PyTorch's NormBackward1 gives 0 for p = 0 and
  // shares the gradient among the tied extremes for +-inf.
  const out = noGrad(() => diff.norm(p, innermost, { keepdim }));
  if (needsGrad(diff)) {
    const d = normDim(innermost, diff.shape.length);
    record(out, 'NormBackward1', [diff], [diff, out], null, (g, s) => {
      const [x, nrm] = [s[0]!, s[1]!];
      if (p === 0) return [x.mul(0)];
      const flat = keepdim || x.shape.length === 0;
      const n = flat ? nrm : nrm.unsqueeze(d), ge = flat ? g : g.unsqueeze(d);
      const mask = x.abs().eq(n).logicalOr(x.isnan()).to(x.dtype);
      return [x.sign().mul(ge.div(mask.sum(d, { keepdim: true })).mul(mask))];
    });
  }
  return out;
}

/** How cdist computes Euclidean distances: with a matrix product (faster, less exact) or directly. */
export type CdistComputeMode = 'use_mm_for_euclid_dist_if_necessary' | 'use_mm_for_euclid_dist' | 'donot_use_mm_for_euclid_dist';
/** cdist's keyword options. */
export interface CdistOptions {
  /** The norm's order, 0 to Infinity (default 2). */
  p?: number;
  /** Default 'use_mm_for_euclid_dist_if_necessary': the matrix product for p = 2 above 25 rows on a side. */
  computeMode?: CdistComputeMode;
}

const COMPUTE_MODES: readonly string[] = ['use_mm_for_euclid_dist_if_necessary', 'use_mm_for_euclid_dist', 'donot_use_mm_for_euclid_dist'];

/**
 * p-norm distances between each row of x1 [..., R1, C] and each row of x2 [..., R2, C], batch dims
 * broadcast. For p = 2 with more than 25 rows on a side (or computeMode 'use_mm_for_euclid_dist')
 * the distances come from one matrix product, |a|² - 2ab + |b|², as PyTorch computes them.
 * @example cdist(a, b); cdist(a, b, 1); cdist(a, b, 2, { computeMode: 'donot_use_mm_for_euclid_dist' })
 */
export function cdist(x1: Tensor, x2: Tensor, ...args: (number | CdistOptions | undefined)[]): Tensor {
  const a = bindArgs('cdist', ['p', 'computeMode'], args);
  const p = numberArg('cdist', 'p', a.p, 2);
  const mode = a.computeMode ?? 'use_mm_for_euclid_dist_if_necessary';
  if (typeof mode !== 'string' || !COMPUTE_MODES.includes(mode)) {
    throw new Error(`${typeof mode === 'string' ? mode : JSON.stringify(mode)} is not a valid value for compute_mode`);
  }
  if (x1.shape.length < 2) throw new Error(`cdist only supports at least 2D tensors, X1 got: ${x1.shape.length}D`);
  if (x2.shape.length < 2) throw new Error(`cdist only supports at least 2D tensors, X2 got: ${x2.shape.length}D`);
  const c = x1.shape[x1.shape.length - 1]!;
  if (c !== x2.shape[x2.shape.length - 1]) {
    throw new Error(`X1 and X2 must have the same number of columns. X1: ${c} X2: ${x2.shape[x2.shape.length - 1]!}`);
  }
  if (!isFloating(x1.dtype)) throw new TypeError(`cdist only supports floating-point dtypes, X1 got: ${typeName(x1.dtype)}`);
  if (!isFloating(x2.dtype)) throw new TypeError(`cdist only supports floating-point dtypes, X2 got: ${typeName(x2.dtype)}`);
  if (!(p >= 0)) throw new Error('cdist only supports non-negative p values');
  if (x1.dtype !== x2.dtype) throw new TypeError(`expected scalar type ${typeName(x1.dtype)} but found ${typeName(x2.dtype)}`);
  const r1 = x1.shape[x1.shape.length - 2]!, r2 = x2.shape[x2.shape.length - 2]!;
  const batch = broadcastShapes(x1.shape.slice(0, -2), x2.shape.slice(0, -2));
  const useMm = p === 2 && (mode === 'use_mm_for_euclid_dist' || (mode === 'use_mm_for_euclid_dist_if_necessary' && (r1 > 25 || r2 > 25)));
  if (useMm && x1.numel() > 0 && x2.numel() > 0) {
    const b1 = x1.expand([...batch, r1, c]), b2 = x2.expand([...batch, r2, c]);
    return euclideanDist(b1, b2).view([...batch, r1, r2]);
  }
  return cdistForward(x1, x2, p, batch);
}

/**
 * aten::_euclidean_dist: sqrt(max(0, -2 a.b + |a|² + |b|²)) from one product of [-2a, |a|², 1] and
 * [b, 1, |b|²]; the gradient is PyTorch's (0 where the distance is 0).
 */
function euclideanDist(x1: Tensor, x2: Tensor): Tensor {
  const out = noGrad(() => {
    const n1 = x1.pow(2).sum(-1, { keepdim: true }), n2 = x2.pow(2).sum(-1, { keepdim: true });
    const a = cat([x1.mul(-2), n1, ones(n1.shape, { dtype: x1.dtype })], -1);
    const b = cat([x2, ones(n2.shape, { dtype: x2.dtype }), n2], -1);
    return a.matmul(b.mT).clamp(0).sqrt();
  });
  if (needsGrad(x1, x2)) {
    record(out, 'EuclideanDistBackward0', [x1, x2], [x1, x2, out], null, (g, s) => {
      const [s1, s2, res] = [s[0]!, s[1]!, s[2]!];
      const ratio = where(res.eq(0), 0, g.div(res));
      return [
        s1.mul(ratio.sum(-1, { keepdim: true })).sub(ratio.matmul(s2)),
        s2.mul(ratio.sum(-2).unsqueeze(-1)).sub(ratio.mT.matmul(s1)),
      ];
    });
  }
  return out;
}

/** aten::_cdist_forward: the differences of every pair of rows, reduced by the p-norm over the columns. */
function cdistForward(x1: Tensor, x2: Tensor, p: number, batch: readonly number[]): Tensor {
  const r1 = x1.shape[x1.shape.length - 2]!, r2 = x2.shape[x2.shape.length - 2]!, c = x1.shape[x1.shape.length - 1]!;
  const diffOf = (a: Tensor, b: Tensor): Tensor => a.unsqueeze(-2).sub(b.unsqueeze(-3));
  const out = noGrad(() => {
    if (c === 0) return zeros([...batch, r1, r2], { dtype: x1.dtype });
    const diff = diffOf(x1.expand([...batch, r1, c]), x2.expand([...batch, r2, c]));
    return pNormLast(diff, p);
  });
  if (needsGrad(x1, x2)) {
    const shape1 = x1.shape.slice(), shape2 = x2.shape.slice();
    record(out, 'CdistBackward0', [x1, x2], [x1, x2, out], null, (g, s) => {
      const diff = diffOf(s[0]!, s[1]!);
      const pairGrad = cdistPairGrad(diff, g.unsqueeze(-1), s[2]!.unsqueeze(-1), p);
      return [sumToShape(pairGrad.sum(-2), shape1), sumToShape(pairGrad.sum(-3).neg(), shape2)];
    });
  }
  return out;
}

/** The p-norm over the last dim, as the cdist kernel reduces it (p = 0 counts nonzero differences). */
function pNormLast(diff: Tensor, p: number): Tensor {
  const dt: DType = diff.dtype;
  if (p === 0) return diff.ne(0).to(dt).sum(-1);
  if (p === 1) return diff.abs().sum(-1);
  if (p === 2) return diff.mul(diff).sum(-1).sqrt();
  if (p === Infinity) return diff.abs().amax(-1);
  return diff.abs().pow(p).sum(-1).pow(1 / p);
}

/** d dist / d diff times the incoming gradient, PyTorch's cdist backward cases (0 where dist is 0). */
function cdistPairGrad(diff: Tensor, g: Tensor, dist: Tensor, p: number): Tensor {
  if (p === 0) return diff.mul(0).mul(g);
  if (p === 1) return diff.sign().mul(g);
  if (p === Infinity) return diff.sign().mul(diff.abs().eq(dist).to(diff.dtype)).mul(g);
  const zero = dist.eq(0);
  const safeDist = where(zero, 1, dist);
  let r: Tensor;
  if (p === 2) r = diff.mul(g).div(safeDist);
  else if (p < 2) {
    // |diff|^(p-1) is infinite at 0 for p < 1: PyTorch gives those entries 0.
    const absd = diff.abs();
    const powed = p < 1 ? where(absd.eq(0), 0, where(absd.eq(0), 1, absd).pow(p - 1)) : absd.pow(p - 1);
    r = diff.sign().mul(powed).mul(g).div(safeDist.pow(p - 1));
  } else r = diff.mul(diff.abs().pow(p - 2)).mul(g).div(safeDist.pow(p - 1));
  return where(zero, 0, r);
}
