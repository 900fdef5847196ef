/**
 * The float32 log and sincos of PyTorch's AVX2 normal kernel (`avx_mathfun.h`, Cephes
 * polynomials), evaluated step by step in float32 with the fused multiply-adds GCC emits.
 * They are not libm: reproducing them is what makes `randn(n >= 16)` bit-exact.
 *
 * Each `fma(a, b, c)` is written out as the fast path of {@link fmaF32} on one line:
 *   s = a * b + c; f = Math.fround(s); g = 2 * s - f; r = g === f || Math.fround(g) !== g ? f : halfway(...)
 * so that these leaf functions contain no calls on the common path: V8 otherwise stops
 * inlining the helper somewhere in the kernel and boxes every returned double (3x slower).
 */
import { fmaF32, fmaF32Halfway as halfway } from './fma';

const f32 = Math.fround;

// Every constant rounded to float32 first, as `_mm256_set1_ps` does.
const MIN_NORM_POS = Math.fround(1.1754943508222875e-38);
const SQRTHF = Math.fround(0.707106781186547524);
const LOG_P0 = Math.fround(7.0376836292e-2);
const LOG_P1 = Math.fround(-1.151461031e-1);
const LOG_P2 = Math.fround(1.167699874e-1);
const LOG_P3 = Math.fround(-1.2420140846e-1);
const LOG_P4 = Math.fround(1.4249322787e-1);
const LOG_P5 = Math.fround(-1.6668057665e-1);
const LOG_P6 = Math.fround(2.0000714765e-1);
const LOG_P7 = Math.fround(-2.4999993993e-1);
const LOG_P8 = Math.fround(3.3333331174e-1);
const LOG_Q1 = Math.fround(-2.12194440e-4);
const LOG_Q2 = Math.fround(0.693359375);

const FOPI = Math.fround(1.27323954473516); // 4 / pi
const MINUS_DP1 = Math.fround(-0.78515625);
const MINUS_DP2 = Math.fround(-2.4187564849853515625e-4);
const MINUS_DP3 = Math.fround(-3.77489497744594108e-8);
const COS_P0 = Math.fround(2.443315711809948e-5);
const COS_P1 = Math.fround(-1.388731625493765e-3);
const COS_P2 = Math.fround(4.166664568298827e-2);
const SIN_P0 = Math.fround(-1.9515295891e-4);
const SIN_P1 = Math.fround(8.3321608736e-3);
const SIN_P2 = Math.fround(-1.6666654611e-1);

/** float32 2*pi, as `_mm256_set1_ps(2.0f * c10::pi<double>)`. */
export const TWO_PI_F32 = Math.fround(2 * Math.PI);

const F32 = new Float32Array(1);
const F32U = new Uint32Array(F32.buffer);

/** `log256_ps` for one lane: natural log of a float32 `x > 0`, as the AVX2 kernel computes it. */
export function logF32(x: number): number {
  F32[0] = x > MIN_NORM_POS ? x : MIN_NORM_POS;
  const bits = F32U[0]!;
  F32U[0] = (bits & ~0x7f800000) | 0x3f000000;
  return logReduced((bits >>> 23) - 126, F32[0]!); // e = biased exponent - 127 + 1; m in [0.5, 1)
}

/** 2^-k for k in 0..32. */
const INV_POW2 = new Float64Array(33).map((_, k) => 2 ** -k);

/**
 * {@link logF32} for `x = k * 2^-24` with k in [1, 2^24] (every `1 - u` of the normal kernel):
 * exponent and mantissa from `Math.clz32` instead of a bit-cast through memory (3x faster).
 */
function logOfGrid24(x: number): number {
  const xi = x * 16777216; // an integer in [1, 2^24]
  const top = 31 - Math.clz32(xi); // floor(log2(xi))
  return logReduced(top - 23, xi * INV_POW2[top + 1]!);
}

/** The Cephes polynomial part of `log256_ps`, from `x = m * 2^e` with m in [0.5, 1). */
function logReduced(e: number, m: number): number {
  if (m < SQRTHF) {
    e -= 1;
    m = m - 1 + m; // both steps exact
  } else {
    m = m - 1;
  }
  const z = Math.fround(m * m);
  let s: number, f: number, g: number, y: number;
  // y = fma(fma(...fma(P0, m, P1)..., m, P8)
  s = LOG_P0 * m + LOG_P1; f = Math.fround(s); g = 2 * s - f; y = g === f || Math.fround(g) !== g ? f : halfway(LOG_P0, m, LOG_P1, s, f, g);
  s = y * m + LOG_P2; f = Math.fround(s); g = 2 * s - f; y = g === f || Math.fround(g) !== g ? f : halfway(y, m, LOG_P2, s, f, g);
  s = y * m + LOG_P3; f = Math.fround(s); g = 2 * s - f; y = g === f || Math.fround(g) !== g ? f : halfway(y, m, LOG_P3, s, f, g);
  s = y * m + LOG_P4; f = Math.fround(s); g = 2 * s - f; y = g === f || Math.fround(g) !== g ? f : halfway(y, m, LOG_P4, s, f, g);
  s = y * m + LOG_P5; f = Math.fround(s); g = 2 * s - f; y = g === f || Math.fround(g) !== g ? f : halfway(y, m, LOG_P5, s, f, g);
  s = y * m + LOG_P6; f = Math.fround(s); g = 2 * s - f; y = g === f || Math.fround(g) !== g ? f : halfway(y, m, LOG_P6, s, f, g);
  s = y * m + LOG_P7; f = Math.fround(s); g = 2 * s - f; y = g === f || Math.fround(g) !== g ? f : halfway(y, m, LOG_P7, s, f, g);
  s = y * m + LOG_P8; f = Math.fround(s); g = 2 * s - f; y = g === f || Math.fround(g) !== g ? f : halfway(y, m, LOG_P8, s, f, g);
  y = Math.fround(y * m);
  // y = fma(y, z, e * Q1)
  const eq1 = Math.fround(e * LOG_Q1);
  s = y * z + eq1; f = Math.fround(s); g = 2 * s - f; y = g === f || Math.fround(g) !== g ? f : halfway(y, z, eq1, s, f, g);
  y = Math.fround(y - Math.fround(z * 0.5));
  return Math.fround(Math.fround(m + y) + Math.fround(e * LOG_Q2));
}

/**
 * `sincos256_ps` for one lane and `t >= 0`: writes sin to `out[0]` and cos to `out[1]`
 * (an out-parameter, so the hot loop allocates nothing).
 */
export function sincosF32(t: number, out: Float64Array): void {
  let j = Math.trunc(Math.fround(t * FOPI)) | 0;
  j = (j + 1) & ~1;
  const y = j; // small integer: exact in float32
  let s: number, f: number, g: number, x: number;
  // x = fma(y, -DP3, fma(y, -DP2, fma(y, -DP1, t)))
  s = y * MINUS_DP1 + t; f = Math.fround(s); g = 2 * s - f; x = g === f || Math.fround(g) !== g ? f : halfway(y, MINUS_DP1, t, s, f, g);
  s = y * MINUS_DP2 + x; f = Math.fround(s); g = 2 * s - f; x = g === f || Math.fround(g) !== g ? f : halfway(y, MINUS_DP2, x, s, f, g);
  s = y * MINUS_DP3 + x; f = Math.fround(s); g = 2 * s - f; x = g === f || Math.fround(g) !== g ? f : halfway(y, MINUS_DP3, x, s, f, g);
  const z = Math.fround(x * x);
  // c = fma(fma(fma(C0, z, C1), z, C2) * z, z, -(z * 0.5)) + 1
  let c: number;
  s = COS_P0 * z + COS_P1; f = Math.fround(s); g = 2 * s - f; c = g === f || Math.fround(g) !== g ? f : halfway(COS_P0, z, COS_P1, s, f, g);
  s = c * z + COS_P2; f = Math.fround(s); g = 2 * s - f; c = g === f || Math.fround(g) !== g ? f : halfway(c, z, COS_P2, s, f, g);
  c = Math.fround(c * z);
  const mhz = -Math.fround(z * 0.5);
  s = c * z + mhz; f = Math.fround(s); g = 2 * s - f; c = g === f || Math.fround(g) !== g ? f : halfway(c, z, mhz, s, f, g);
  c = Math.fround(c + 1);
  // p = fma(fma(fma(S0, z, S1), z, S2) * z, x, x)
  let p: number;
  s = SIN_P0 * z + SIN_P1; f = Math.fround(s); g = 2 * s - f; p = g === f || Math.fround(g) !== g ? f : halfway(SIN_P0, z, SIN_P1, s, f, g);
  s = p * z + SIN_P2; f = Math.fround(s); g = 2 * s - f; p = g === f || Math.fround(g) !== g ? f : halfway(p, z, SIN_P2, s, f, g);
  p = Math.fround(p * z);
  s = p * x + x; f = Math.fround(s); g = 2 * s - f; p = g === f || Math.fround(g) !== g ? f : halfway(p, x, x, s, f, g);
  // The kernel blends the two polynomials by adding a masked +0, which turns -0 into +0.
  let sin = (j & 2) === 0 ? p + 0 : c + 0;
  let cos = (j & 2) === 0 ? c + 0 : p + 0;
  if ((j & 4) !== 0) sin = -sin;
  if (((j - 2) & 4) === 0) cos = -cos;
  out[0] = sin;
  out[1] = cos;
}

const SC = new Float64Array(2);

/**
 * `normal_fill_16_AVX2`: turns the 16 uniforms at `d[o..o+16)` into 16 normals in place
 * (Box-Muller on lanes j and j + 8), then `fma(n, std, mean)` in float32.
 */
export function normalFill16F32(d: Float32Array, o: number, mean: number, std: number): void {
  const plain = mean === 0 && std === 1;
  for (let j = 0; j < 8; j++) {
    const rad = Math.fround(Math.sqrt(Math.fround(-2 * logOfGrid24(Math.fround(1 - d[o + j]!)))));
    sincosF32(Math.fround(TWO_PI_F32 * d[o + j + 8]!), SC);
    const n1 = Math.fround(rad * SC[1]!);
    const n2 = Math.fround(rad * SC[0]!);
    // fma(n, 1, 0) is n + 0 (which also turns -0 into +0).
    d[o + j] = plain ? n1 + 0 : fmaF32(n1, std, mean);
    d[o + j + 8] = plain ? n2 + 0 : fmaF32(n2, std, mean);
  }
}
