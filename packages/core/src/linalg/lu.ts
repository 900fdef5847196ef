/**
 * LU-based torch.linalg functions: det, slogdet, inv, solve (and matrixPower, which needs inv
 * for negative powers). Forward on the host in float64 (common.ts), gradients in core ops.
 */
import { noGrad } from '../autograd/grad-mode';
import { needsGrad, record } from '../autograd/record';
import { broadcastShapes, shapeEquals } from '../shape';
import type { Tensor } from '../tensor';
import { sumToShape } from '../ops/binary';
import { eye, ones } from '../ops/creation';
import { cat } from '../ops/join';
import { matmul } from '../ops/linalg';
import { batchNote, checkFloat, checkMatrix, matrixAt, readMatrices, typeName, upload } from './common';
import { identity, luFactor, luSolve } from './dense';
import { svd } from './spectral';

/** det and log|det| with its sign, per matrix, from one LU. */
function luDeterminants(a: Tensor): { sign: Float64Array; logAbs: Float64Array; det: Float64Array } {
  const m = readMatrices(a);
  const n = m.rows;
  const sign = new Float64Array(m.count), logAbs = new Float64Array(m.count), det = new Float64Array(m.count);
  for (let b = 0; b < m.count; b++) {
    const lu = matrixAt(m, b);
    const f = luFactor(lu, n);
    let s = f.sign, la = 0, d = f.sign;
    for (let i = 0; i < n; i++) {
      const u = lu[i * n + i]!;
      d *= u;
      la += Math.log(Math.abs(u));
      s *= Math.sign(u); // a singular matrix gets sign (-)0 and log|det| -inf, as PyTorch
    }
    sign[b] = s;
    logAbs[b] = la;
    det[b] = d;
  }
  return { sign, logAbs, det };
}

/**
 * The cofactor matrices adj(A)^T, from the SVD, so singular A works too:
 * det(U) det(V) U diag(prod_{j != i} s_j) V^T.
 */
function cofactors(a: Tensor): Tensor {
  const [u, s, vh] = svd(a, false);
  const n = s.shape[s.ndim - 1]!;
  const one = ones([...s.shape.slice(0, -1), 1], { dtype: s.dtype });
  // prod_{j != i} s_j as (product before i) * (product after i): no division by a zero s_i.
  const before = cat([one, s.narrow(-1, 0, n - 1)], -1).cumprod(-1);
  const after = cat([one, s.flip([-1]).narrow(-1, 0, n - 1)], -1).cumprod(-1).flip([-1]);
  const orient = noGrad(() => det(u).mul(det(vh))).unsqueeze(-1).unsqueeze(-1);
  return matmul(u.mul(before.mul(after).unsqueeze(-2)), vh).mul(orient);
}

/**
 * Determinant of square matrices (batched). Gradient det * A^{-T}; for a batch holding a
 * singular matrix the cofactor matrix from the SVD (the same gradient where A is invertible).
 * @example linalg.det(tensor([[1, 2], [3, 4]])) // -2
 */
export function det(a: Tensor): Tensor {
  checkMatrix('linalg.det', a, true);
  checkFloat('linalg.det', a);
  const out = upload(luDeterminants(a).det, a.shape.slice(0, -2), a.dtype, a.storage.device);
  if (needsGrad(a)) {
    record(out, 'LinalgDetBackward0', [a], [a, out], null, (g, s) => {
      const x = s[0]!, d = s[1]!;
      if (x.shape[x.ndim - 1] === 0) return [x.mul(0)];
      if (d.toTypedArray().some((v) => v === 0)) return [g.unsqueeze(-1).unsqueeze(-1).mul(cofactors(x))];
      return [g.mul(d).unsqueeze(-1).unsqueeze(-1).mul(inv(x).mT)];
    });
  }
  return out;
}

/**
 * [sign, log|det|] of square matrices; only log|det| carries a gradient (A^{-T}).
 * @example const [sign, logabsdet] = linalg.slogdet(a);
 */
export function slogdet(a: Tensor): [Tensor, Tensor] {
  checkMatrix('linalg.slogdet', a, true);
  checkFloat('linalg.slogdet', a);
  const r = luDeterminants(a);
  const shape = a.shape.slice(0, -2);
  const sign = upload(r.sign, shape, a.dtype, a.storage.device), logAbs = upload(r.logAbs, shape, a.dtype, a.storage.device);
  if (needsGrad(a)) {
    record(logAbs, 'LinalgSlogdetBackward0', [a], [a], null, (g, s) => [g.unsqueeze(-1).unsqueeze(-1).mul(inv(s[0]!).mT)]);
  }
  return [sign, logAbs];
}

/**
 * Inverse of square matrices; raises PyTorch's error naming the zero pivot when singular.
 * Gradient -A^{-T} G A^{-T}.
 */
export function inv(a: Tensor): Tensor {
  checkMatrix('linalg.inv', a, true);
  checkFloat('linalg.inv', a);
  const m = readMatrices(a);
  const n = m.rows;
  const out = new Float64Array(m.data.length);
  for (let b = 0; b < m.count; b++) {
    const lu = matrixAt(m, b);
    const f = luFactor(lu, n);
    if (f.zeroAt > 0) {
      throw new Error(`linalg.inv: ${batchNote(a, b)}The diagonal element ${f.zeroAt} is zero, the inversion could not be completed because the input matrix is singular.`);
    }
    const x = identity(n);
    luSolve(lu, f, n, x, n);
    out.set(x, b * n * n);
  }
  const result = upload(out, a.shape.slice(), a.dtype, a.storage.device);
  if (needsGrad(a)) {
    record(result, 'LinalgInvExBackward0', [a], [result], null, (g, s) => {
      const it = s[0]!.mT;
      return [matmul(it, matmul(g, it)).neg()];
    });
  }
  return result;
}

/** PyTorch's rule: B is a (batch of) vector(s) when 1-D or shaped as A without its last dim. */
export function isVectorRhs(a: Tensor, b: Tensor): boolean {
  return b.ndim === 1 || (b.ndim === a.ndim - 1 && shapeEquals(b.shape, a.shape.slice(0, -1)));
}

/**
 * Solves A X = B (left=true) for square A, B a vector or matrix, batch dims broadcast.
 * Gradients: gB = A^{-T} G, gA = -gB X^T (summed back over broadcast dims).
 * @example linalg.solve(a, b)
 */
export function solve(a: Tensor, b: Tensor, opts: { left?: boolean } = {}): Tensor {
  if (opts.left === false) return solve(a.mT, b.mT).mT; // X A = B  <=>  A^T X^T = B^T
  checkFloat('linalg.solve', a);
  checkMatrix('linalg.solve', a, true);
  if (a.dtype !== b.dtype) {
    throw new TypeError(`linalg.solve: Expected A and B to have the same dtype, but found A of type ${typeName(a.dtype)} and B of type ${typeName(b.dtype)} instead`);
  }
  const vector = isVectorRhs(a, b);
  const b2 = vector ? b.unsqueeze(-1) : b;
  const n = a.shape[a.ndim - 1]!;
  if (b2.shape[b2.ndim - 2] !== n) {
    throw new Error(`linalg.solve: Incompatible shapes of A and B for the equation AX = B (${n}x${n} and ${b2.shape[b2.ndim - 2]}x${b2.shape[b2.ndim - 1]})`);
  }
  const k = b2.shape[b2.ndim - 1]!;
  const batch = broadcastShapes(a.shape.slice(0, -2), b2.shape.slice(0, -2));
  const ma = readMatrices(a.expand([...batch, n, n]));
  const mb = readMatrices(b2.expand([...batch, n, k]));
  for (let i = 0; i < ma.count; i++) {
    const lu = matrixAt(ma, i);
    const f = luFactor(lu, n);
    if (f.zeroAt > 0) throw new Error(`torch.linalg.solve: ${batch.length > 0 ? `(Batch element ${i}): ` : ''}The solver failed because the input matrix is singular.`);
    luSolve(lu, f, n, matrixAt(mb, i), k);
  }
  const x2 = upload(mb.data, [...batch, n, k], a.dtype, a.storage.device);
  const out = vector ? x2.squeeze(-1) : x2;
  if (needsGrad(a, b)) {
    const needA = a.requiresGrad, needB = b.requiresGrad;
    const aShape = a.shape.slice(), bShape = b.shape.slice();
    record(out, 'LinalgSolveExBackward0', [a, b], [a, out], null, (g, s) => {
      const g2 = vector ? g.unsqueeze(-1) : g;
      const gb = solve(s[0]!.mT, g2);
      const x = vector ? s[1]!.unsqueeze(-1) : s[1]!;
      return [
        needA ? sumToShape(matmul(gb, x.mT).neg(), aShape) : null,
        needB ? sumToShape(vector ? gb.squeeze(-1) : gb, bShape) : null,
      ];
    });
  }
  return out;
}

/**
 * A^n by repeated squaring (PyTorch's order of products); n = 0 gives I, n < 0 inverts first.
 * Differentiable through matmul and inv.
 */
export function matrixPower(a: Tensor, n: number): Tensor {
  checkMatrix('linalg.matrix_power', a, true);
  if (!Number.isInteger(n)) throw new TypeError("linalg_matrix_power(): argument 'n' (position 2) must be int, not float");
  if (n === 0) {
    const size = a.shape[a.ndim - 1]!;
    return eye(size, { dtype: a.dtype }).expand(a.shape.slice()).contiguous();
  }
  let base = a;
  if (n < 0) {
    base = inv(a);
    n = -n;
  }
  if (n === 1) return base.clone();
  if (n === 2) return matmul(base, base);
  if (n === 3) return matmul(matmul(base, base), base);
  let z: Tensor | null = null, result: Tensor | null = null;
  while (n > 0) {
    const bit = n % 2;
    n = Math.floor(n / 2);
    z = z === null ? base : matmul(z, z);
    if (bit === 1) result = result === null ? z : matmul(result, z);
  }
  return result ?? base; // n >= 4 here, so result is set
}
