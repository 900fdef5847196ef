/**
 * The float32 log and sincos of PyTorch's AVX2 normal kernel (`avx_mathfun.h`, Cephes
 * polynomials), evaluated step by step in float32 with the fused multiply-adds GCC emits.
 * They are not libm: reproducing them is what makes `randn(n >= 16)` bit-exact.
 *
 * Speed notes (V8): the kernels work on lanes in typed arrays and return nothing, because a
 * double returned from (or passed to) a call that V8 did not inline is boxed: an allocation per
 * value. The fast path writes each fma as `fround(a * b + c)` plus a test for the one case where
 * that double rounding can differ from a single one (the double sum sits exactly on a float32
 * halfway point), and sends a flagged lane, by index, to an exact reference version that calls
 * `fmaF32` all along. About 1 lane in 10^5 takes it. 1M normals: ~50 ms on one idle core.
 */
import { fmaF32 } from '../numeric';

// Math's functions as module constants: a global lookup per call is very slow where code runs in a
// vm context (Jest's test environment: ~1 us per `Math.x` in a hot loop, 50x the work).
const { fround, trunc, clz32, sqrt } = Math;

// Every constant rounded to float32 first, as `_mm256_set1_ps` does.
const MIN_NORM_POS = fround(1.1754943508222875e-38);
const SQRTHF = fround(0.7071067811865476); // Cephes: 0.707106781186547524
const LOG_P0 = fround(7.0376836292e-2);
const LOG_P1 = fround(-1.151461031e-1);
const LOG_P2 = fround(1.167699874e-1);
const LOG_P3 = fround(-1.2420140846e-1);
const LOG_P4 = fround(1.4249322787e-1);
const LOG_P5 = fround(-1.6668057665e-1);
const LOG_P6 = fround(2.0000714765e-1);
const LOG_P7 = fround(-2.4999993993e-1);
const LOG_P8 = fround(3.3333331174e-1);
const LOG_Q1 = fround(-2.12194440e-4);
const LOG_Q2 = fround(0.693359375);

const FOPI = fround(1.27323954473516); // 4 / pi
const MINUS_DP1 = fround(-0.78515625);
const MINUS_DP2 = fround(-2.4187564849853515625e-4);
const MINUS_DP3 = fround(-3.774894977445941e-8); // Cephes: -3.77489497744594108e-8
const COS_P0 = fround(2.443315711809948e-5);
const COS_P1 = fround(-1.388731625493765e-3);
const COS_P2 = fround(4.166664568298827e-2);
const SIN_P0 = fround(-1.9515295891e-4);
const SIN_P1 = fround(8.3321608736e-3);
const SIN_P2 = fround(-1.6666654611e-1);

/** float32 2*pi, as `_mm256_set1_ps(2.0f * c10::pi<double>)`. */
export const TWO_PI_F32 = fround(2 * Math.PI);

const F32 = new Float32Array(1);
const F32U = new Uint32Array(F32.buffer);

/**
 * `log256_ps` on lanes: `out[i] = log(m[i] * 2^e[i])` for i < n, where the float32 input was
 * split into a mantissa `m` in [0.5, 1) and exponent `e` (the kernel's `imm0 - 0x7f + 1`).
 * Fast path: each fma rounded through double, with a flag raised when the double result sits
 * exactly on a float32 halfway point (the only case where that differs from one rounding);
 * a flagged lane is recomputed by {@link logLaneExact}.
 */
function logLanes(e: Float64Array, m: Float64Array, out: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) {
    const mi = m[i]!;
    const ei = mi < SQRTHF ? e[i]! - 1 : e[i]!;
    const x = mi < SQRTHF ? mi - 1 + mi : mi - 1; // exact
    const z = fround(x * x);
    let s: number, g: number, y: number;
    let bad = false;
    s = LOG_P0 * x + LOG_P1; y = fround(s); g = 2 * s - y; if (g !== y && fround(g) === g) bad = true;
    s = y * x + LOG_P2; y = fround(s); g = 2 * s - y; if (g !== y && fround(g) === g) bad = true;
    s = y * x + LOG_P3; y = fround(s); g = 2 * s - y; if (g !== y && fround(g) === g) bad = true;
    s = y * x + LOG_P4; y = fround(s); g = 2 * s - y; if (g !== y && fround(g) === g) bad = true;
    s = y * x + LOG_P5; y = fround(s); g = 2 * s - y; if (g !== y && fround(g) === g) bad = true;
    s = y * x + LOG_P6; y = fround(s); g = 2 * s - y; if (g !== y && fround(g) === g) bad = true;
    s = y * x + LOG_P7; y = fround(s); g = 2 * s - y; if (g !== y && fround(g) === g) bad = true;
    s = y * x + LOG_P8; y = fround(s); g = 2 * s - y; if (g !== y && fround(g) === g) bad = true;
    y = fround(y * x);
    s = y * z + fround(ei * LOG_Q1); y = fround(s); g = 2 * s - y; if (g !== y && fround(g) === g) bad = true;
    y = fround(y - fround(z * 0.5));
    out[i] = fround(fround(x + y) + fround(ei * LOG_Q2));
    // Only Smis and arrays cross this call, so the fast path never boxes a double.
    if (bad) logLaneExact(e, m, out, i);
  }
}

/** One lane of {@link logLanes} with every fma rounded once by {@link fmaF32}: the reference. */
function logLaneExact(e: Float64Array, m: Float64Array, out: Float64Array, i: number): void {
  const mi = m[i]!;
  const ei = mi < SQRTHF ? e[i]! - 1 : e[i]!;
  const x = mi < SQRTHF ? mi - 1 + mi : mi - 1; // below sqrt(1/2): 2m - 1 and e - 1; both exact
  const z = fround(x * x);
  let y = fmaF32(LOG_P0, x, LOG_P1);
  y = fmaF32(y, x, LOG_P2);
  y = fmaF32(y, x, LOG_P3);
  y = fmaF32(y, x, LOG_P4);
  y = fmaF32(y, x, LOG_P5);
  y = fmaF32(y, x, LOG_P6);
  y = fmaF32(y, x, LOG_P7);
  y = fmaF32(y, x, LOG_P8);
  y = fround(y * x);
  y = fmaF32(y, z, fround(ei * LOG_Q1));
  y = fround(y - fround(z * 0.5));
  out[i] = fround(fround(x + y) + fround(ei * LOG_Q2));
}

/** `sincos256_ps` on lanes, for `t[i] >= 0`: `sin[i]`, `cos[i]` for i < n (same fast path). */
function sincosLanes(t: Float64Array, sin: Float64Array, cos: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) {
    const ti = t[i]!;
    const j = ((trunc(fround(ti * FOPI)) | 0) + 1) & ~1;
    let s: number, g: number, x: number;
    let bad = false;
    s = j * MINUS_DP1 + ti; x = fround(s); g = 2 * s - x; if (g !== x && fround(g) === g) bad = true;
    s = j * MINUS_DP2 + x; x = fround(s); g = 2 * s - x; if (g !== x && fround(g) === g) bad = true;
    s = j * MINUS_DP3 + x; x = fround(s); g = 2 * s - x; if (g !== x && fround(g) === g) bad = true;
    const z = fround(x * x);
    let c: number;
    s = COS_P0 * z + COS_P1; c = fround(s); g = 2 * s - c; if (g !== c && fround(g) === g) bad = true;
    s = c * z + COS_P2; c = fround(s); g = 2 * s - c; if (g !== c && fround(g) === g) bad = true;
    c = fround(c * z);
    s = c * z - fround(z * 0.5); c = fround(s); g = 2 * s - c; if (g !== c && fround(g) === g) bad = true;
    c = fround(c + 1);
    let p: number;
    s = SIN_P0 * z + SIN_P1; p = fround(s); g = 2 * s - p; if (g !== p && fround(g) === g) bad = true;
    s = p * z + SIN_P2; p = fround(s); g = 2 * s - p; if (g !== p && fround(g) === g) bad = true;
    p = fround(p * z);
    s = p * x + x; p = fround(s); g = 2 * s - p; if (g !== p && fround(g) === g) bad = true;
    finishSincos(j, c, p, sin, cos, i);
    if (bad) sincosLaneExact(t, sin, cos, i);
  }
}

/** One lane of {@link sincosLanes} with every fma rounded once by {@link fmaF32}: the reference. */
function sincosLaneExact(t: Float64Array, sin: Float64Array, cos: Float64Array, i: number): void {
  const ti = t[i]!;
  const j = ((trunc(fround(ti * FOPI)) | 0) + 1) & ~1; // j = (trunc(t * 4/pi) + 1) & ~1
  let x = fmaF32(j, MINUS_DP1, ti); // x = t - j * pi/4 in three parts
  x = fmaF32(j, MINUS_DP2, x);
  x = fmaF32(j, MINUS_DP3, x);
  const z = fround(x * x);
  let c = fmaF32(fmaF32(COS_P0, z, COS_P1), z, COS_P2);
  c = fround(c * z);
  c = fmaF32(c, z, -fround(z * 0.5));
  c = fround(c + 1);
  let p = fmaF32(fmaF32(SIN_P0, z, SIN_P1), z, SIN_P2);
  p = fround(p * z);
  p = fmaF32(p, x, x);
  finishSincos(j, c, p, sin, cos, i);
}

/**
 * Picks and signs the two polynomials by octant `j`. The kernel blends them by adding a masked
 * +0, which turns -0 into +0, hence the `+ 0`.
 */
function finishSincos(j: number, c: number, p: number, sin: Float64Array, cos: Float64Array, i: number): void {
  let sn = (j & 2) === 0 ? p + 0 : c + 0;
  let cs = (j & 2) === 0 ? c + 0 : p + 0;
  if ((j & 4) !== 0) sn = -sn;
  if (((j - 2) & 4) === 0) cs = -cs;
  sin[i] = sn;
  cos[i] = cs;
}

// Scratch lanes (module-level: the kernels allocate nothing).
const E = new Float64Array(8);
const M = new Float64Array(8);
const T = new Float64Array(8);
const LG = new Float64Array(8);
const SN = new Float64Array(8);
const CS = new Float64Array(8);

/** `log256_ps` for one float32 `x > 0` (exported for tests; the kernel runs on lanes). */
export function logF32(x: number): number {
  F32[0] = x > MIN_NORM_POS ? x : MIN_NORM_POS;
  const bits = F32U[0]!;
  F32U[0] = (bits & ~0x7f800000) | 0x3f000000;
  E[0] = (bits >>> 23) - 126; // biased exponent - 127 + 1
  M[0] = F32[0]!;
  logLanes(E, M, LG, 1);
  return LG[0]!;
}

/** `sincos256_ps` for one float32 `t >= 0`: `[sin, cos]` (exported for tests). */
export function sincosF32(t: number): [number, number] {
  T[0] = t;
  sincosLanes(T, SN, CS, 1);
  return [SN[0]!, CS[0]!];
}

/** 2^-k for k in 0..32. */
const INV_POW2 = new Float64Array(33).map((_, k) => 2 ** -k);

/** Lanes per pass of {@link normalFillBlocksF32}: 64 blocks of 16, so the lane loops run long. */
const CHUNK_LANES = 512;
const BE = new Float64Array(CHUNK_LANES);
const BM = new Float64Array(CHUNK_LANES);
const BT = new Float64Array(CHUNK_LANES);
const BLG = new Float64Array(CHUNK_LANES);
const BSN = new Float64Array(CHUNK_LANES);
const BCS = new Float64Array(CHUNK_LANES);

/**
 * {@link normalFill16F32} on `blocks` consecutive blocks of 16 from `d[o]`: the same values, with
 * the log and sincos lanes of many blocks in one pass (lane `8 b + j` is block b's pair j).
 */
export function normalFillBlocksF32(d: Float32Array, o: number, blocks: number, mean: number, std: number): void {
  const plain = mean === 0 && std === 1;
  const perPass = CHUNK_LANES / 8;
  for (let b0 = 0; b0 < blocks; b0 += perPass) {
    const nb = blocks - b0 < perPass ? blocks - b0 : perPass;
    const base = o + 16 * b0;
    for (let b = 0; b < nb; b++) {
      const src = base + 16 * b;
      for (let j = 0; j < 8; j++) {
        const lane = 8 * b + j;
        const k = fround(1 - d[src + j]!) * 16777216; // see normalFill16F32
        const top = 31 - clz32(k);
        BE[lane] = top - 23;
        BM[lane] = k * INV_POW2[top + 1]!;
        BT[lane] = fround(TWO_PI_F32 * d[src + j + 8]!);
      }
    }
    const lanes = 8 * nb;
    logLanes(BE, BM, BLG, lanes);
    sincosLanes(BT, BSN, BCS, lanes);
    for (let b = 0; b < nb; b++) {
      const dst = base + 16 * b;
      for (let j = 0; j < 8; j++) {
        const lane = 8 * b + j;
        const rad = fround(sqrt(fround(-2 * BLG[lane]!)));
        const n1 = fround(rad * BCS[lane]!);
        const n2 = fround(rad * BSN[lane]!);
        d[dst + j] = plain ? n1 + 0 : fmaF32(n1, std, mean);
        d[dst + j + 8] = plain ? n2 + 0 : fmaF32(n2, std, mean);
      }
    }
  }
}

/**
 * `normal_fill_16_AVX2`: turns the 16 uniforms at `d[o..o+16)` into 16 normals in place
 * (Box-Muller on lanes j and j + 8), then `fma(n, std, mean)` in float32.
 */
export function normalFill16F32(d: Float32Array, o: number, mean: number, std: number): void {
  for (let j = 0; j < 8; j++) {
    // u1 = 1 - u is k * 2^-24 with k in [1, 2^24]: split it with clz32, not a bit-cast
    // through memory (3x faster here).
    const k = fround(1 - d[o + j]!) * 16777216;
    const top = 31 - clz32(k); // floor(log2(k))
    E[j] = top - 23;
    M[j] = k * INV_POW2[top + 1]!;
    T[j] = fround(TWO_PI_F32 * d[o + j + 8]!);
  }
  logLanes(E, M, LG, 8);
  sincosLanes(T, SN, CS, 8);
  const plain = mean === 0 && std === 1;
  for (let j = 0; j < 8; j++) {
    const rad = fround(sqrt(fround(-2 * LG[j]!)));
    const n1 = fround(rad * CS[j]!);
    const n2 = fround(rad * SN[j]!);
    // fma(n, 1, 0) is n + 0 (which also turns -0 into +0).
    d[o + j] = plain ? n1 + 0 : fmaF32(n1, std, mean);
    d[o + j + 8] = plain ? n2 + 0 : fmaF32(n2, std, mean);
  }
}
