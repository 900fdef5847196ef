/**
 * Cholesky and QR. QR follows LAPACK's Householder convention, so Q and R match PyTorch's
 * (not only up to sign); each of Q and R has its own LinalgQrBackward0 node (the gradient is
 * linear in gQ and gR, so the engine's sum is PyTorch's formula).
 */
import { needsGrad, record } from '../autograd/record';
import { checkOptions } from '../options';
import { cat } from '../ops/join';
import { matmul } from '../ops/linalg';
import { zeros } from '../ops/creation';
import type { Tensor } from '../tensor';
import { batchNote, checkFloat, checkMatrix, matrixAt, readMatrices, upload } from './common';
import { choleskyLower, householderQR, transpose } from './dense';
import { inv, solve } from './lu';

/**
 * The Cholesky factor L (A = L L^T) of symmetric positive-definite matrices, or U = L^T with
 * `upper`. Reads A's lower triangle (upper triangle with `upper`).
 * @example linalg.cholesky(a, { upper: true })
 */
export function cholesky(a: Tensor, opts: { upper?: boolean } = {}): Tensor {
  checkOptions('linalg_cholesky', opts, ['upper']);
  checkMatrix('linalg.cholesky', a, true);
  checkFloat('linalg.cholesky', a);
  const upper = opts.upper ?? false;
  const m = readMatrices(a);
  const n = m.rows;
  const out = new Float64Array(m.data.length);
  for (let b = 0; b < m.count; b++) {
    const [l, failed] = choleskyLower(matrixAt(m, b), n, upper);
    if (failed > 0) {
      throw new Error(`linalg.cholesky: ${batchNote(a, b)}The factorization could not be completed because the input is not positive-definite (the leading minor of order ${failed} is not positive-definite).`);
    }
    out.set(upper ? transpose(l, n, n) : l, b * n * n);
  }
  const result = upload(out, a.shape.slice(), a.dtype, a.storage.device);
  if (needsGrad(a)) {
    record(result, 'LinalgCholeskyExBackward0', [a], [result], null, (g, s) => {
      // gA = L^{-T} Phi(L^T gL) L^{-1}, Phi: the lower triangle with half the diagonal, symmetrized.
      const l = upper ? s[0]!.mT : s[0]!;
      const gl = upper ? g.mT : g;
      let phi = matmul(l.mT, gl).tril();
      phi = phi.add(phi.tril(-1).mT).mul(0.5);
      const li = inv(l);
      return [matmul(li.mT, matmul(phi, li))];
    });
  }
  return result;
}

/** linalg.qr's mode: 'reduced' (default), 'complete', or 'r' (R only). */
export type QrMode = 'reduced' | 'complete' | 'r';

/**
 * A = Q R with Householder reflections. mode 'reduced' (default): Q is m x k, R k x n (k =
 * min(m, n)); 'complete': Q is m x m, R m x n; 'r': R only (Q is an empty tensor).
 * @example const [Q, R] = linalg.qr(a);
 */
export function qr(a: Tensor, mode: QrMode = 'reduced'): [Tensor, Tensor] {
  if (mode !== 'reduced' && mode !== 'complete' && mode !== 'r') {
    throw new Error(`qr received unrecognized mode '${String(mode)}' but expected one of 'reduced' (default), 'r', or 'complete'`);
  }
  checkMatrix('linalg.qr', a, false);
  checkFloat('linalg.qr', a);
  const mats = readMatrices(a);
  const m = mats.rows, n = mats.cols, k = Math.min(m, n);
  const qc = mode === 'complete' ? m : k;
  const qs = new Float64Array(mats.count * m * qc), rs = new Float64Array(mats.count * qc * n);
  for (let b = 0; b < mats.count; b++) {
    const r = householderQR(matrixAt(mats, b), m, n, qc);
    qs.set(r.q, b * m * qc);
    rs.set(r.r, b * qc * n);
  }
  const R = upload(rs, [...mats.batch, qc, n], a.dtype, a.storage.device);
  const Q = mode === 'r' ? zeros([0], { dtype: a.dtype }) : upload(qs, [...mats.batch, m, qc], a.dtype, a.storage.device);
  if (needsGrad(a)) {
    const check = (): void => {
      if (mode === 'r') {
        throw new Error("The derivative of linalg.qr depends on Q, which is not computed when mode='r'. Please use linalg.qr(A, mode='reduced') if you are going to differentiate through linalg.qr.");
      }
      if (mode === 'complete' && m > n) throw new Error("The QR decomposition is not differentiable when mode='complete' and nrows > ncols.");
    };
    record(Q, 'LinalgQrBackward0', [a], [Q, R], null, (g, s) => { check(); return [qrBackward(g, null, s[0]!, s[1]!)]; });
    record(R, 'LinalgQrBackward0', [a], mode === 'r' ? [R] : [Q, R], null, (g, s) => {
      check();
      return [qrBackward(null, g, s[0]!, s[1]!)];
    });
  }
  return [Q, R];
}

/**
 * The QR gradient (Q with orthonormal columns). m >= n: gA = (gQ + Q copyltu(M)) R^{-T} with
 * M = R gR^T - gQ^T Q. m < n: with A = [X | Y], R = [U | V]: gY = Q gV and X's gradient is the
 * square case for (gQ + Y gV^T, gU).
 */
function qrBackward(gq: Tensor | null, gr: Tensor | null, q: Tensor, r: Tensor): Tensor {
  const m = q.shape[q.ndim - 2]!, n = r.shape[r.ndim - 1]!;
  if (m >= n) return qrBackwardTall(gq, gr, q, r);
  const u = r.narrow(-1, 0, m), v = r.narrow(-1, m, n - m);
  if (gr === null) return cat([qrBackwardTall(gq, null, q, u), zeros([...q.shape.slice(0, -1), n - m], { dtype: q.dtype })], -1);
  const gu = gr.narrow(-1, 0, m), gv = gr.narrow(-1, m, n - m);
  const y = matmul(q, v);
  const gx = qrBackwardTall(matmul(y, gv.mT), gu, q, u);
  return cat([gx, matmul(q, gv)], -1);
}

function qrBackwardTall(gq: Tensor | null, gr: Tensor | null, q: Tensor, r: Tensor): Tensor {
  let mm: Tensor | null = null;
  if (gr !== null) mm = matmul(r, gr.mT);
  if (gq !== null) mm = mm === null ? matmul(gq.mT, q).neg() : mm.sub(matmul(gq.mT, q));
  if (mm === null) throw new Error('qr backward: no gradient');
  const copyltu = mm.tril().add(mm.tril(-1).mT);
  const b = gq === null ? matmul(q, copyltu) : gq.add(matmul(q, copyltu));
  // X = b R^{-T}, computed as X^T = R^{-1} b^T.
  return solve(r, b.mT).mT;
}
