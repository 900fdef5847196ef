/**
 * Functions built on the SVD / eigh: pinv, matrixRank, lstsq. pinv has PyTorch's explicit
 * LinalgPinvBackward0; lstsq's gradient goes through pinv, as PyTorch's linalg_lstsq_backward.
 */
import { isFloating } from '../dtype';
import { needsGrad, record } from '../autograd/record';
import { checkOptions } from '../options';
import { broadcastShapes } from '../shape';
import type { Tensor } from '../tensor';
import { sumToShape } from '../ops/binary';
import { matmul } from '../ops/linalg';
import { fromHost } from '../ops/util';
import { checkMatrix, defaultRtol, matrixAt, readMatrices, typeName, upload } from './common';
import { jacobiEigh, jacobiSVD } from './dense';

/** Options of linalg.pinv and linalg.matrixRank: which singular values count as zero. */
export interface RankOptions {
  /** Absolute tolerance for singular values counted as zero. */
  atol?: number;
  /** Relative tolerance (times the largest singular value); default eps * max(m, n) unless atol > 0. */
  rtol?: number;
  /** A is symmetric: use eigenvalue magnitudes instead of singular values. */
  hermitian?: boolean;
}

const RANK_KEYS = ['atol', 'rtol', 'hermitian'];

/** max(atol, rtol * largest) with PyTorch's defaults. */
function threshold(opts: RankOptions, largest: number, dtype: 'float32' | 'float64', m: number, n: number): number {
  const atol = opts.atol ?? 0;
  const rtol = opts.rtol ?? (opts.atol !== undefined && opts.atol > 0 ? 0 : defaultRtol(dtype, m, n));
  return Math.max(atol, rtol * largest);
}

/** Per matrix: the pseudo-inverse (n x m), or only the rank when `rankOnly`. */
function spectralInverse(a: Tensor, opts: RankOptions, rankOnly: boolean): { pinv: Float64Array; ranks: Int32Array } {
  const mats = readMatrices(a);
  const m = mats.rows, n = mats.cols;
  const dtype = a.dtype === 'float64' ? 'float64' : 'float32';
  const out = new Float64Array(rankOnly ? 0 : mats.count * n * m);
  const ranks = new Int32Array(mats.count);
  for (let b = 0; b < mats.count; b++) {
    const mat = matrixAt(mats, b);
    // Either A = U diag(s) Vt, or (hermitian) A = V diag(l) V^T with U = V, Vt = V^T.
    let u: Float64Array, s: Float64Array, vt: Float64Array, k: number;
    if (opts.hermitian) {
      const e = jacobiEigh(mat, n, false);
      u = e.vectors; s = e.values; k = n;
      vt = new Float64Array(n * n);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) vt[i * n + j] = u[j * n + i]!;
    } else {
      ({ u, s, vt } = jacobiSVD(mat, m, n, false));
      k = Math.min(m, n);
    }
    let largest = 0;
    for (const x of s) largest = Math.max(largest, Math.abs(x));
    const tol = threshold(opts, largest, dtype, m, n);
    let rank = 0;
    for (const x of s) if (Math.abs(x) > tol) rank++;
    ranks[b] = rank;
    if (rankOnly) continue;
    // pinv = V diag(1/s) U^T over the kept values.
    const base = b * n * m;
    for (let c = 0; c < k; c++) {
      if (!(Math.abs(s[c]!) > tol)) continue;
      const inv = 1 / s[c]!;
      for (let i = 0; i < n; i++) {
        const vic = vt[c * n + i]! * inv;
        if (vic !== 0) for (let j = 0; j < m; j++) out[base + i * m + j]! += vic * u[j * k + c]!;
      }
    }
  }
  return { pinv: out, ranks };
}

function checkPinvInput(a: Tensor): void {
  if (a.ndim < 2 || !isFloating(a.dtype)) {
    throw new TypeError(`linalg.pinv(${typeName(a.dtype)}{[${a.shape.join(', ')}]}): expected a tensor with 2 or more dimensions of float, double, cfloat or cdouble types`);
  }
}

/**
 * The Moore-Penrose pseudo-inverse: singular values at most max(atol, rtol * largest) count as
 * zero. Gradient: PyTorch's pinv_backward.
 * @example linalg.pinv(a, { hermitian: true })
 */
export function pinv(a: Tensor, opts: RankOptions = {}): Tensor {
  checkOptions('linalg_pinv', opts, RANK_KEYS);
  checkPinvInput(a);
  const m = a.shape[a.ndim - 2]!, n = a.shape[a.ndim - 1]!;
  const out = upload(spectralInverse(a, opts, false).pinv, [...a.shape.slice(0, -2), n, m], a.dtype, a.storage.device);
  if (needsGrad(a)) {
    record(out, 'LinalgPinvBackward0', [a], [a, out], null, (g, s) => [pinvBackward(g, s[1]!, s[0]!)]);
  }
  return out;
}

/** The gradient of pinv at A given pinv(A), arranged (as PyTorch) so products stay small. */
export function pinvBackward(g: Tensor, p: Tensor, a: Tensor): Tensor {
  const m = a.shape[a.ndim - 2]!, n = a.shape[a.ndim - 1]!;
  const ph = p.mT, gh = g.mT;
  if (m <= n) {
    const k = matmul(gh, p);
    const kph = matmul(k, ph);
    return matmul(p, k).mT.neg().add(kph).sub(matmul(matmul(a, p), kph)).add(matmul(matmul(ph, p), gh.sub(matmul(k, a))));
  }
  const k = matmul(p, gh);
  const phk = matmul(ph, k);
  return matmul(k, p).mT.neg().add(matmul(matmul(gh.sub(matmul(a, k)), p), ph)).add(phk).sub(matmul(matmul(phk, p), a));
}

/**
 * The number of singular values (eigenvalue magnitudes with `hermitian`) above
 * max(atol, rtol * largest); an int32 tensor of the batch shape.
 */
export function matrixRank(a: Tensor, opts: RankOptions = {}): Tensor {
  checkOptions('linalg_matrix_rank', opts, RANK_KEYS);
  if (!isFloating(a.dtype)) throw new TypeError("This function doesn't handle types other than float and double");
  checkMatrix('torch.linalg.matrix_rank', a, false, 'input');
  return fromHost(spectralInverse(a, opts, true).ranks, a.shape.slice(0, -2), 'int32', a.storage.device);
}

const DRIVERS = ['gels', 'gelsy', 'gelsd', 'gelss'];

/** linalg.lstsq's result, PyTorch's named tuple (solution, residuals, rank, singular_values). */
export interface LstsqResult {
  /** X minimising ||A X - B||, of shape (n, k) per matrix. */
  solution: Tensor;
  /** ||A X - B||^2 per column: only for m > n, full rank, and a driver other than gelsy (else empty). */
  residuals: Tensor;
  /** Effective ranks (empty for gels). */
  rank: Tensor;
  /** Singular values (gelsd and gelss only, else empty). */
  singularValues: Tensor;
}

/**
 * The least-squares (minimum-norm) solution of A X = B; for full-rank A every driver gives the
 * same solution, computed here from the SVD with cutoff rcond * largest singular value.
 * @example linalg.lstsq(a, b).solution
 */
export function lstsq(a: Tensor, b: Tensor, rcond?: number | null, opts: { driver?: string } = {}): LstsqResult {
  checkOptions('linalg_lstsq', opts, ['driver']);
  if (!isFloating(a.dtype) || !isFloating(b.dtype)) throw new TypeError("This function doesn't handle types other than float and double");
  if (a.ndim < 2) throw new Error('torch.linalg.lstsq: input must have at least 2 dimensions.');
  if (a.dtype !== b.dtype) {
    throw new TypeError(`torch.linalg.lstsq: Expected input and other to have the same dtype, but got input's dtype ${typeName(a.dtype)} and other's dtype ${typeName(b.dtype)}`);
  }
  const driver = opts.driver ?? 'gelsy';
  if (!DRIVERS.includes(driver)) throw new Error('torch.linalg.lstsq: parameter `driver` should be one of (gels, gelsy, gelsd, gelss)');
  // lstsq's own rule (not solve's): B is a vector exactly when it has one dim less than A.
  const vector = a.ndim - b.ndim === 1;
  if (!vector && a.ndim !== b.ndim) {
    throw new Error('torch.linalg.lstsq: input.dim() must be greater or equal to other.dim() and (input.dim() - other.dim()) <= 1');
  }
  const b2 = vector ? b.unsqueeze(-1) : b;
  const m = a.shape[a.ndim - 2]!, n = a.shape[a.ndim - 1]!;
  if (b2.shape[b2.ndim - 2] !== m) throw new Error(`torch.linalg.lstsq: input.size(-2) should match other.size(-${vector ? 1 : 2})`);
  const batch = broadcastShapes(a.shape.slice(0, -2), b2.shape.slice(0, -2));
  const ab = a.expand([...batch, m, n]);
  const dtype = a.dtype === 'float64' ? 'float64' : 'float32';
  const cutoff = rcond ?? defaultRtol(dtype, m, n);
  const inv = spectralInverse(ab, { rtol: cutoff, atol: 0 }, false);
  const pinvA = upload(inv.pinv, [...batch, n, m], a.dtype, a.storage.device);
  const x2 = matmul(pinvA, b2.detach().expand([...batch, m, b2.shape[b2.ndim - 1]!]));
  const solution = vector ? x2.squeeze(-1) : x2;
  const fullRank = inv.ranks.every((r) => r === Math.min(m, n));
  const empty = (d: 'int32' | typeof dtype): Tensor => fromHost(d === 'int32' ? new Int32Array(0) : d === 'float64' ? new Float64Array(0) : new Float32Array(0), [0], d, a.storage.device);
  const residuals = m > n && fullRank && driver !== 'gelsy'
    ? matmul(ab.detach(), x2).sub(b2.detach()).square().sum(-2)
    : empty(dtype);
  const rank = driver === 'gels' ? empty('int32') : fromHost(inv.ranks, batch, 'int32', a.storage.device);
  const singularValues = driver === 'gelsd' || driver === 'gelss' ? svdvalsHost(ab) : empty(dtype);
  if (needsGrad(a, b)) {
    const needA = a.requiresGrad, needB = b.requiresGrad;
    const aShape = a.shape.slice(), bShape = b.shape.slice();
    record(solution, 'LinalgLstsqBackward0', [a, b], [a, b2], null, (g, s) => {
      const A = s[0]!, B = s[1]!;
      const gx = vector ? g.unsqueeze(-1) : g;
      const p = pinv(A);
      return [
        needA ? sumToShape(pinvBackward(matmul(gx, B.mT), p, A), aShape) : null,
        needB ? sumToShape(vector ? matmul(p.mT, gx).squeeze(-1) : matmul(p.mT, gx), bShape) : null,
      ];
    });
  }
  return { solution, residuals, rank, singularValues };
}

/** Singular values without a graph (lstsq's singular_values output). */
function svdvalsHost(a: Tensor): Tensor {
  const mats = readMatrices(a);
  const k = Math.min(mats.rows, mats.cols);
  const out = new Float64Array(mats.count * k);
  for (let i = 0; i < mats.count; i++) out.set(jacobiSVD(matrixAt(mats, i), mats.rows, mats.cols, false).s, i * k);
  return upload(out, [...mats.batch, k], a.dtype, a.storage.device);
}
