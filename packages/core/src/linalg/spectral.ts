/**
 * Symmetric eigendecomposition (eigh, eigvalsh) and the SVD (svd, svdvals). Each output gets its
 * own LinalgEighBackward0 / LinalgSvdBackward0 node holding its part of PyTorch's gradient: the
 * formulas are linear in the output gradients, so the engine's sum over the nodes is the whole.
 * Eigen- and singular vectors are unique only up to sign; ours need not match LAPACK's choice.
 */
import { needsGrad, record } from '../autograd/record';
import { checkOptions } from '../options';
import { eye } from '../ops/creation';
import { matmul } from '../ops/linalg';
import type { Tensor } from '../tensor';
import { checkFloat, checkMatrix, diagEmbed, matrixAt, readMatrices, upload } from './common';
import { jacobiEigh, jacobiSVD } from './dense';

/** PyTorch accepts 'L'/'U' in either case. */
function parseUplo(uplo: string): boolean {
  if (uplo !== 'L' && uplo !== 'U' && uplo !== 'l' && uplo !== 'u') {
    throw new Error(`Expected UPLO argument to be 'L' or 'U', but got ${uplo}`);
  }
  return uplo === 'U' || uplo === 'u';
}

/** X - X^T. */
function skew(x: Tensor): Tensor {
  return x.sub(x.mT);
}

/** E[i][j] = v[j] - v[i], with 1 on the diagonal (the divisor of the vector gradients). */
function gaps(v: Tensor): Tensor {
  const n = v.shape[v.ndim - 1]!;
  return v.unsqueeze(-2).sub(v.unsqueeze(-1)).add(eye(n, { dtype: v.dtype }));
}

/**
 * Eigenvalues (ascending) and orthonormal eigenvectors (columns) of symmetric matrices, reading
 * the lower triangle ('L', default) or the upper ('U').
 * @example const [L, V] = linalg.eigh(a);
 */
export function eigh(a: Tensor, UPLO = 'L'): [Tensor, Tensor] {
  checkMatrix('linalg.eigh', a, true);
  const upper = parseUplo(UPLO);
  checkFloat('linalg.eigh', a);
  const m = readMatrices(a);
  const n = m.rows;
  const vals = new Float64Array(m.count * n), vecs = new Float64Array(m.count * n * n);
  for (let b = 0; b < m.count; b++) {
    const r = jacobiEigh(matrixAt(m, b), n, upper);
    vals.set(r.values, b * n);
    vecs.set(r.vectors, b * n * n);
  }
  const L = upload(vals, [...m.batch, n], a.dtype, a.storage.device);
  const V = upload(vecs, a.shape.slice(), a.dtype, a.storage.device);
  if (needsGrad(a)) {
    // gA = V (diag(gL) + skew(V^T gV) / 2 / E) V^T, split by output.
    record(L, 'LinalgEighBackward0', [a], [V], null, (g, s) => {
      const v = s[0]!;
      return [matmul(v, matmul(diagEmbed(g), v.mT))];
    });
    record(V, 'LinalgEighBackward0', [a], [L, V], null, (g, s) => {
      const l = s[0]!, v = s[1]!;
      const inner = skew(matmul(v.mT, g)).mul(0.5).div(gaps(l));
      return [matmul(v, matmul(inner, v.mT))];
    });
  }
  return [L, V];
}

/** Eigenvalues of symmetric matrices, ascending (gradient V diag(g) V^T). */
export function eigvalsh(a: Tensor, UPLO = 'L'): Tensor {
  return eigh(a, UPLO)[0];
}

/**
 * A = U diag(S) Vh with S descending. `fullMatrices` (default true) makes U m x m and Vh n x n;
 * false gives the thin k = min(m, n) factors.
 * @example const [U, S, Vh] = linalg.svd(a, false);
 */
export function svd(a: Tensor, fullMatrices: boolean | { fullMatrices?: boolean } = true): [Tensor, Tensor, Tensor] {
  if (typeof fullMatrices !== 'boolean') checkOptions('linalg_svd', fullMatrices, ['fullMatrices']);
  const full = typeof fullMatrices === 'boolean' ? fullMatrices : fullMatrices.fullMatrices ?? true;
  checkMatrix('linalg.svd', a, false);
  checkFloat('linalg.svd', a);
  const mats = readMatrices(a);
  const m = mats.rows, n = mats.cols, k = Math.min(m, n);
  const uc = full ? m : k, vr = full ? n : k;
  const us = new Float64Array(mats.count * m * uc), ss = new Float64Array(mats.count * k), vs = new Float64Array(mats.count * vr * n);
  for (let b = 0; b < mats.count; b++) {
    const r = jacobiSVD(matrixAt(mats, b), m, n, full);
    us.set(r.u, b * m * uc);
    ss.set(r.s, b * k);
    vs.set(r.vt, b * vr * n);
  }
  const U = upload(us, [...mats.batch, m, uc], a.dtype, a.storage.device);
  const S = upload(ss, [...mats.batch, k], a.dtype, a.storage.device);
  const Vh = upload(vs, [...mats.batch, vr, n], a.dtype, a.storage.device);
  if (needsGrad(a)) recordSvd(U, S, Vh, m, n, k, full, a);
  return [U, S, Vh];
}

/** PyTorch's svd_backward, one node per output (only the first k singular vectors matter). */
function recordSvd(U: Tensor, S: Tensor, Vh: Tensor, m: number, n: number, k: number, full: boolean, a: Tensor): void {
  const thinU = (u: Tensor): Tensor => (full ? u.narrow(-1, 0, k) : u);
  const thinVh = (vh: Tensor): Tensor => (full ? vh.narrow(-2, 0, k) : vh);
  record(S, 'LinalgSvdBackward0', [a], [U, Vh], null, (g, s) => {
    const u = thinU(s[0]!), vh = thinVh(s[1]!);
    return [matmul(u.mul(g.unsqueeze(-2)), vh)];
  });
  record(U, 'LinalgSvdBackward0', [a], [U, S, Vh], null, (g, s) => {
    const u = thinU(s[0]!), sv = s[1]!, vh = thinVh(s[2]!), gu = thinU(g);
    const inner = skew(matmul(u.mT, gu)).mul(sv.unsqueeze(-2)).div(gaps(sv.mul(sv)));
    if (m > n) {
      // The part of gU outside U's span: (I - U U^T) gU S^{-1}.
      const gus = gu.div(sv.unsqueeze(-2));
      const ga = matmul(u, inner).add(gus).sub(matmul(u, matmul(u.mT, gus)));
      return [matmul(ga, vh)];
    }
    return [matmul(u, matmul(inner, vh))];
  });
  record(Vh, 'LinalgSvdBackward0', [a], [U, S, Vh], null, (g, s) => {
    const u = thinU(s[0]!), sv = s[1]!, vh = thinVh(s[2]!), gvh = thinVh(g);
    const inner = sv.unsqueeze(-1).mul(skew(matmul(vh, gvh.mT))).div(gaps(sv.mul(sv)));
    if (m < n) {
      // S^{-1} gVh (I - V V^T): the part of gVh outside Vh's row space.
      const sgv = gvh.div(sv.unsqueeze(-1));
      const ga = matmul(inner, vh).add(sgv).sub(matmul(matmul(sgv, vh.mT), vh));
      return [matmul(u, ga)];
    }
    return [matmul(u, matmul(inner, vh))];
  });
}

/** Singular values, descending (gradient U diag(g) Vh). */
export function svdvals(a: Tensor): Tensor {
  return svd(a, false)[1];
}
