/**
 * float32 layer norm rows as torch 1.13's CPU kernel rounds them (layer_norm_kernel.cpp with
 * moments_utils.h RowwiseMoments): per row a Welford mean/variance over 8-lane vectors in chunks
 * of 16 vectors, chunks merged in a binary cascade, lanes merged last with the scalar tail; then
 * rstd = 1 / sqrt(var + eps) and y = (x * rstd + (-rstd * mean)) * gamma + beta as two fmas. Transformers stack many layer norms, so their last bits
 * decide whether a long run prints PyTorch's digits.
 */
import { fmaF32 } from '../numeric';

const fr = Math.fround;
const LANES = 8;
const CHUNK = 16;
const INV = Array.from({ length: CHUNK }, (_, i) => fr(1 / (i + 1)));

interface Moments { n: number; m1: Float32Array; m2: Float32Array }

/** AddMomentsVec: merge (n_add, m1_add, m2_add) into acc, lane by lane, each product rounded. */
function addMomentsVec(nAdd: number, m1Add: Float32Array, m2Add: Float32Array, acc: Moments): void {
  const n = acc.n + nAdd;
  const c = n === 0 ? 0 : fr(nAdd / n);
  const m0 = fr(acc.n);
  for (let l = 0; l < LANES; l++) {
    const delta = fr(m1Add[l]! - acc.m1[l]!);
    acc.m1[l] = fr(acc.m1[l]! + fr(c * delta));
    acc.m2[l] = fr(acc.m2[l]! + fr(m2Add[l]! + fr(fr(fr(delta * delta) * c) * m0)));
  }
  acc.n = n;
}

const moments = (): Moments => ({ n: 0, m1: new Float32Array(LANES), m2: new Float32Array(LANES) });

/** RowwiseMoments of x[off .. off+N): [mean, biased variance] in float32. */
export function rowMoments(x: Float32Array, off: number, N: number): [number, number] {
  const nv = Math.floor(N / LANES);
  const chunks = Math.ceil(nv / CHUNK);
  const depth = chunks <= 1 ? 0 : Math.ceil(Math.log2(chunks));
  const stk = Array.from({ length: Math.max(depth, 1) }, moments);
  const m1v = new Float32Array(LANES), m2v = new Float32Array(LANES);
  for (let i = 0; i < chunks; i++) {
    const base = off + i * CHUNK * LANES;
    const m0 = Math.min(CHUNK, nv - i * CHUNK);
    m1v.fill(0);
    m2v.fill(0);
    for (let j = 0; j < m0; j++) {
      for (let l = 0; l < LANES; l++) {
        const xv = x[base + j * LANES + l]!;
        const delta = fr(xv - m1v[l]!);
        m1v[l] = fr(m1v[l]! + fr(delta * INV[j]!));
        m2v[l] = fr(m2v[l]! + fr(delta * fr(xv - m1v[l]!)));
      }
    }
    addMomentsVec(m0, m1v, m2v, stk[0]!);
    let mask = i + 1;
    for (let j = 1; j < depth && (mask & 1) === 0; j++) {
      addMomentsVec(stk[j - 1]!.n, stk[j - 1]!.m1, stk[j - 1]!.m2, stk[j]!);
      stk[j - 1] = moments();
      mask >>= 1;
    }
  }
  for (let i = 1; i < depth; i++) addMomentsVec(stk[i]!.n, stk[i]!.m1, stk[i]!.m2, stk[0]!);
  // The scalar tail, then each lane merged in (no fma: verified against 1.13 on every split).
  let m0 = 0, m1 = 0, m2 = 0;
  for (let i = off + nv * LANES; i < off + N; i++) {
    const xv = x[i]!;
    const delta = fr(xv - m1);
    m0++;
    m1 = fr(m1 + fr(delta / m0));
    m2 = fr(m2 + fr(delta * fr(xv - m1)));
  }
  const s = stk[0]!;
  for (let l = 0; l < LANES; l++) {
    const n = m0 + nv;
    const c = n === 0 ? 0 : fr(nv / n);
    const delta = fr(s.m1[l]! - m1);
    m1 = fr(m1 + fr(c * delta));
    m2 = fr(m2 + fr(s.m2[l]! + fr(fr(fr(delta * delta) * c) * fr(m0))));
    m0 = n;
  }
  return [m1, fr(m2 / N)];
}

/**
 * y rows of x [M, N] (contiguous float32): returns y, and per row mean and rstd (saved for the
 * backward, as PyTorch's kernel saves them).
 */
export function layerNormRows(x: Float32Array, M: number, N: number, eps: number, gamma: Float32Array | null, beta: Float32Array | null): {
  y: Float32Array; mean: Float32Array; rstd: Float32Array;
} {
  const y = new Float32Array(M * N), mean = new Float32Array(M), rstd = new Float32Array(M);
  const epsF = fr(eps);
  for (let i = 0; i < M; i++) {
    const off = i * N;
    const [mu, v] = rowMoments(x, off, N);
    const r = fr(1 / fr(Math.sqrt(fr(v + epsF))));
    const bias = fr(-r * mu);
    mean[i] = mu;
    rstd[i] = r;
    // (x * scale + bias) * gamma + beta as two fmas, on the vector and the scalar path alike.
    for (let j = 0; j < N; j++) y[off + j] = fmaF32(fmaF32(x[off + j]!, r, bias), gamma?.[j] ?? 1, beta?.[j] ?? 0);
  }
  return { y, mean, rstd };
}

const TREE = [4, 2, 1];

/**
 * map{2,3}_reduce_all over one row as 1.13's AVX2 build runs it: the product of `f` (1-3 factors
 * at off..off+N, `g` shared by every row) formed per 8-lane vector, the last multiply fused into
 * the running sum (GCC contracts the inlined lambdas); a partial last vector updates only its
 * lanes; lanes folded by the permute/shuffle tree. Rows under 8 sum their lanes in order.
 */
function rowDotReduce(a: Float32Array, b: Float32Array | null, g: Float32Array | null, off: number, N: number, acc: Float32Array): number {
  const term = (j: number): [number, number] => {
    // [product of all but the last factor, the last factor]
    const i = off + j, x = a[i]!;
    if (b === null) return g === null ? [x, 1] : [x, g[j]!];
    return g === null ? [x, b[i]!] : [fr(x * b[i]!), g[j]!];
  };
  const one = b === null && g === null;
  const prod = (j: number): number => { const [p, q] = term(j); return one ? p : fr(p * q); };
  if (N < LANES) {
    let s = prod(0);
    for (let j = 1; j < N; j++) s = fr(s + prod(j));
    return s;
  }
  for (let l = 0; l < LANES; l++) acc[l] = prod(l);
  const whole = N - (N % LANES);
  for (let d = LANES; d < N; d += LANES) {
    const k = d < whole ? LANES : N - d;
    for (let l = 0; l < k; l++) {
      const [p, q] = term(d + l);
      acc[l] = one ? fr(acc[l]! + p) : fmaF32(p, q, acc[l]!);
    }
  }
  for (const s of TREE) {
    const prev = Float32Array.from(acc);
    for (let l = 0; l < LANES; l++) acc[l] = fr(prev[l]! + prev[l ^ s]!);
  }
  return acc[0]!;
}

/**
 * LayerNormBackwardKernelImplInternal (torch 1.13, one thread) for contiguous float32 rows x, dy
 * [M, N] with the forward's mean and rstd: dX from the row sums ds = sum(dy x g) and db = sum(dy g),
 * dgamma/dbeta accumulated row by row; each multiply-add GCC contracts is an fma here.
 */
export function layerNormBackwardRows(
  dy: Float32Array, x: Float32Array, mean: Float32Array, rstd: Float32Array, gamma: Float32Array | null, M: number, N: number,
  want: { dx: boolean; dgamma: boolean; dbeta: boolean },
): { dx: Float32Array | null; dgamma: Float32Array | null; dbeta: Float32Array | null } {
  const dx = want.dx ? new Float32Array(M * N) : null;
  const dgamma = want.dgamma ? new Float32Array(N) : null;
  const dbeta = want.dbeta ? new Float32Array(N) : null;
  const scale = fr(1 / N);
  const acc = new Float32Array(LANES);
  for (let i = 0; i < M; i++) {
    const off = i * N, a = rstd[i]!, mu = mean[i]!;
    if (dgamma !== null) {
      const b = fr(-a * mu);
      for (let j = 0; j < N; j++) dgamma[j] = fmaF32(dy[off + j]!, fmaF32(a, x[off + j]!, b), dgamma[j]!);
    }
    if (dbeta !== null) for (let j = 0; j < N; j++) dbeta[j] = fr(dbeta[j]! + dy[off + j]!);
    if (dx === null) continue;
    const ds = rowDotReduce(dy, x, gamma, off, N, acc);
    const db = rowDotReduce(dy, null, gamma, off, N, acc);
    const b = fr(fr(fr(fr(fmaF32(db, mu, -ds) * a) * a) * a) * scale);
    const c = fmaF32(-b, mu, -fr(fr(db * a) * scale));
    for (let j = 0; j < N; j++) {
      const ady = gamma === null ? fr(a * dy[off + j]!) : fr(fr(a * dy[off + j]!) * gamma[j]!);
      dx[off + j] = fr(fmaF32(b, x[off + j]!, ady) + c);
    }
  }
  return { dx, dgamma, dbeta };
}
