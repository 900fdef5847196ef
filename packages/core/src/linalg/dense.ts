/**
 * Float64 host kernels on row-major matrices (see common.ts for why they run on the host):
 * LU with partial pivoting, Cholesky, Householder QR as LAPACK's geqrf/orgqr, cyclic Jacobi for
 * symmetric eigenproblems, and one-sided (Hestenes) Jacobi for the SVD.
 */

/** An LU factorization in place: `piv[k]` is the row swapped with row k (LAPACK's ipiv, 0-based). */
export interface LU {
  piv: Int32Array;
  /** The permutation's sign (+1 or -1). */
  sign: number;
  /** The first zero pivot, 1-based (LAPACK's info), or 0. */
  zeroAt: number;
}

/** getrf's algorithm: at step k the pivot is the first entry of largest magnitude in column k. */
export function luFactor(a: Float64Array, n: number): LU {
  const piv = new Int32Array(n);
  let sign = 1, zeroAt = 0;
  for (let k = 0; k < n; k++) {
    let p = k, best = Math.abs(a[k * n + k]!);
    for (let i = k + 1; i < n; i++) {
      const v = Math.abs(a[i * n + k]!);
      if (v > best) { best = v; p = i; }
    }
    piv[k] = p;
    if (p !== k) {
      sign = -sign;
      for (let j = 0; j < n; j++) {
        const t = a[k * n + j]!;
        a[k * n + j] = a[p * n + j]!;
        a[p * n + j] = t;
      }
    }
    const d = a[k * n + k]!;
    if (d === 0) {
      if (zeroAt === 0) zeroAt = k + 1;
      continue;
    }
    for (let i = k + 1; i < n; i++) {
      const f = (a[i * n + k] = a[i * n + k]! / d);
      if (f !== 0) for (let j = k + 1; j < n; j++) a[i * n + j]! -= f * a[k * n + j]!;
    }
  }
  return { piv, sign, zeroAt };
}

/** Solves A X = B in place in `b` (n x k, row-major) from luFactor's output. */
export function luSolve(lu: Float64Array, f: LU, n: number, b: Float64Array, k: number): void {
  for (let i = 0; i < n; i++) {
    const p = f.piv[i]!;
    if (p !== i) {
      for (let j = 0; j < k; j++) {
        const t = b[i * k + j]!;
        b[i * k + j] = b[p * k + j]!;
        b[p * k + j] = t;
      }
    }
  }
  for (let i = 0; i < n; i++) {
    for (let r = 0; r < i; r++) {
      const l = lu[i * n + r]!;
      if (l !== 0) for (let j = 0; j < k; j++) b[i * k + j]! -= l * b[r * k + j]!;
    }
  }
  for (let i = n - 1; i >= 0; i--) {
    for (let r = i + 1; r < n; r++) {
      const u = lu[i * n + r]!;
      if (u !== 0) for (let j = 0; j < k; j++) b[i * k + j]! -= u * b[r * k + j]!;
    }
    const d = lu[i * n + i]!;
    for (let j = 0; j < k; j++) b[i * k + j] = b[i * k + j]! / d;
  }
}

/** The n x n identity. */
export function identity(n: number): Float64Array {
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) out[i * n + i] = 1;
  return out;
}

/**
 * Lower Cholesky factor of the symmetric matrix whose lower triangle (or, with `upper`, upper
 * triangle) is `a`'s; returns [L, 0] or [_, order of the first leading minor that is not positive].
 */
export function choleskyLower(a: Float64Array, n: number, upper: boolean): [Float64Array, number] {
  const l = new Float64Array(n * n);
  const at = (i: number, j: number): number => (upper ? a[j * n + i]! : a[i * n + j]!);
  for (let j = 0; j < n; j++) {
    let s = at(j, j);
    for (let k = 0; k < j; k++) s -= l[j * n + k]! * l[j * n + k]!;
    if (!(s > 0)) return [l, j + 1];
    const d = Math.sqrt(s);
    l[j * n + j] = d;
    for (let i = j + 1; i < n; i++) {
      let v = at(i, j);
      for (let k = 0; k < j; k++) v -= l[i * n + k]! * l[j * n + k]!;
      l[i * n + j] = v / d;
    }
  }
  return [l, 0];
}

/**
 * Householder QR as LAPACK (geqrf's reflectors, dlarfg's sign: R's diagonal is -sign(a_kk) * norm),
 * so Q and R match PyTorch's. Q is m x qCols (qCols = min(m, n) reduced, m complete), R is
 * rRows x n with rRows = qCols.
 */
export function householderQR(a: Float64Array, m: number, n: number, qCols: number): { q: Float64Array; r: Float64Array } {
  const w = Float64Array.from(a);
  const k = Math.min(m, n);
  const tau = new Float64Array(k);
  for (let c = 0; c < k; c++) {
    const alpha = w[c * n + c]!;
    let xnorm = 0;
    for (let i = c + 1; i < m; i++) xnorm = Math.hypot(xnorm, w[i * n + c]!);
    if (xnorm === 0) continue; // H = I
    const beta = -(alpha >= 0 ? 1 : -1) * Math.hypot(alpha, xnorm);
    tau[c] = (beta - alpha) / beta;
    const scale = 1 / (alpha - beta);
    for (let i = c + 1; i < m; i++) w[i * n + c] = w[i * n + c]! * scale;
    w[c * n + c] = beta;
    // Apply H = I - tau v v^T (v = [1, w[c+1:, c]]) to the trailing columns.
    for (let j = c + 1; j < n; j++) {
      let dot = w[c * n + j]!;
      for (let i = c + 1; i < m; i++) dot += w[i * n + c]! * w[i * n + j]!;
      const f = tau[c]! * dot;
      w[c * n + j]! -= f;
      for (let i = c + 1; i < m; i++) w[i * n + j]! -= f * w[i * n + c]!;
    }
  }
  const r = new Float64Array(qCols * n);
  for (let i = 0; i < Math.min(qCols, m); i++) for (let j = i; j < n; j++) r[i * n + j] = w[i * n + j]!;
  // Q = H_0 ... H_{k-1} applied to the first qCols columns of I, last reflector first (orgqr).
  const q = new Float64Array(m * qCols);
  for (let i = 0; i < Math.min(m, qCols); i++) q[i * qCols + i] = 1;
  for (let c = k - 1; c >= 0; c--) {
    const t = tau[c]!;
    if (t === 0) continue;
    for (let j = 0; j < qCols; j++) {
      let dot = q[c * qCols + j]!;
      for (let i = c + 1; i < m; i++) dot += w[i * n + c]! * q[i * qCols + j]!;
      const f = t * dot;
      q[c * qCols + j]! -= f;
      for (let i = c + 1; i < m; i++) q[i * qCols + j]! -= f * w[i * n + c]!;
    }
  }
  return { q, r };
}

/**
 * Eigenvalues (ascending) and eigenvectors (columns of the n x n `vectors`) of the symmetric
 * matrix read from `a`'s lower triangle (upper with `upper`), by cyclic Jacobi rotations.
 */
export function jacobiEigh(a: Float64Array, n: number, upper: boolean): { values: Float64Array; vectors: Float64Array } {
  const s = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      const v = upper ? a[j * n + i]! : a[i * n + j]!;
      s[i * n + j] = v;
      s[j * n + i] = v;
    }
  }
  const v = identity(n);
  for (let sweep = 0; sweep < 100; sweep++) {
    // Converged when every off-diagonal entry is negligible next to its two diagonal entries
    // (the relative criterion keeps small eigenvalues accurate).
    let rotated = false;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = s[p * n + q]!, app = s[p * n + p]!, aqq = s[q * n + q]!;
        if (apq === 0 || Math.abs(apq) <= 2.2e-16 * Math.sqrt(Math.abs(app * aqq))) continue;
        rotated = true;
        const theta = (aqq - app) / (2 * apq);
        const t = (theta >= 0 ? 1 : -1) / (Math.abs(theta) + Math.hypot(1, theta));
        const c = 1 / Math.hypot(1, t), sn = t * c;
        rotate(s, n, n, p, q, c, sn, true);
        rotate(s, n, n, p, q, c, sn, false);
        s[p * n + q] = 0;
        s[q * n + p] = 0;
        rotate(v, n, n, p, q, c, sn, false);
      }
    }
    if (!rotated) break;
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => s[x * n + x]! - s[y * n + y]!);
  const values = Float64Array.from(order, (i) => s[i * n + i]!);
  const vectors = new Float64Array(n * n);
  order.forEach((src, dst) => { for (let i = 0; i < n; i++) vectors[i * n + dst] = v[i * n + src]!; });
  return { values, vectors };
}

/** Rotates columns p, q (or rows, with `rows`) of a (r x c) matrix: [p, q] <- [c p - s q, s p + c q]. */
function rotate(a: Float64Array, r: number, c: number, p: number, q: number, cs: number, sn: number, rows: boolean): void {
  if (rows) {
    for (let j = 0; j < c; j++) {
      const x = a[p * c + j]!, y = a[q * c + j]!;
      a[p * c + j] = cs * x - sn * y;
      a[q * c + j] = sn * x + cs * y;
    }
  } else {
    for (let i = 0; i < r; i++) {
      const x = a[i * c + p]!, y = a[i * c + q]!;
      a[i * c + p] = cs * x - sn * y;
      a[i * c + q] = sn * x + cs * y;
    }
  }
}

/** A thin or full SVD: u is m x uCols, s has min(m, n) values (descending), vt is vRows x n. */
export interface HostSVD { u: Float64Array; s: Float64Array; vt: Float64Array }

/** One-sided Jacobi SVD of the m x n `a`; `full` completes U and V to square orthogonal matrices. */
export function jacobiSVD(a: Float64Array, m: number, n: number, full: boolean): HostSVD {
  if (m < n) {
    // svd(A^T) = V S U^T: swap the roles of the factors.
    const t = transpose(a, m, n);
    const r = jacobiSVD(t, n, m, full);
    return { u: transpose(r.vt, r.vt.length / m, m), s: r.s, vt: transpose(r.u, n, r.u.length / n) };
  }
  const w = Float64Array.from(a); // m x n, m >= n: its columns are orthogonalized
  const v = identity(n);
  for (let sweep = 0; sweep < 100; sweep++) {
    let rotated = false;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        let alpha = 0, beta = 0, gamma = 0;
        for (let i = 0; i < m; i++) {
          const x = w[i * n + p]!, y = w[i * n + q]!;
          alpha += x * x; beta += y * y; gamma += x * y;
        }
        if (gamma === 0 || Math.abs(gamma) <= 1e-15 * Math.sqrt(alpha * beta)) continue;
        rotated = true;
        const zeta = (beta - alpha) / (2 * gamma);
        const t = (zeta >= 0 ? 1 : -1) / (Math.abs(zeta) + Math.hypot(1, zeta));
        const c = 1 / Math.hypot(1, t), sn = t * c;
        rotate(w, m, n, p, q, c, sn, false);
        rotate(v, n, n, p, q, c, sn, false);
      }
    }
    if (!rotated) break;
  }
  const norms = Array.from({ length: n }, (_, j) => {
    let s = 0;
    for (let i = 0; i < m; i++) s = Math.hypot(s, w[i * n + j]!);
    return s;
  });
  const order = norms.map((_, j) => j).sort((x, y) => norms[y]! - norms[x]!);
  const s = Float64Array.from(order, (j) => norms[j]!);
  const uCols = full ? m : n;
  const u = new Float64Array(m * uCols);
  const known: boolean[] = new Array<boolean>(uCols).fill(false);
  const tiny = (s[0] ?? 0) * 1e-15;
  order.forEach((src, dst) => {
    const sv = norms[src]!;
    if (sv > tiny && sv > 0) {
      for (let i = 0; i < m; i++) u[i * uCols + dst] = w[i * n + src]! / sv;
      known[dst] = true;
    }
  });
  completeColumns(u, m, uCols, known);
  const vt = new Float64Array(n * n);
  order.forEach((src, dst) => { for (let j = 0; j < n; j++) vt[dst * n + j] = v[j * n + src]!; });
  return { u, s, vt };
}

export function transpose(a: Float64Array, r: number, c: number): Float64Array {
  const out = new Float64Array(r * c);
  for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) out[j * r + i] = a[i * c + j]!;
  return out;
}

/** Fills the columns of q (m x c) not marked `known` with unit vectors orthogonal to all others. */
function completeColumns(q: Float64Array, m: number, c: number, known: boolean[]): void {
  for (let j = 0; j < c; j++) {
    if (known[j]) continue;
    // The unit vector e_i with the largest component left after projecting out the known columns.
    let best: Float64Array | null = null, bestNorm = -1;
    for (let e = 0; e < m; e++) {
      const x = new Float64Array(m);
      x[e] = 1;
      for (let pass = 0; pass < 2; pass++) {
        for (let k = 0; k < c; k++) {
          if (!known[k]) continue;
          let d = 0;
          for (let i = 0; i < m; i++) d += q[i * c + k]! * x[i]!;
          for (let i = 0; i < m; i++) x[i]! -= d * q[i * c + k]!;
        }
      }
      const nrm = Math.hypot(...x);
      if (nrm > bestNorm) { bestNorm = nrm; best = x; }
    }
    if (best === null) return;
    for (let i = 0; i < m; i++) q[i * c + j] = best[i]! / bestNorm;
    known[j] = true;
  }
}
