// Float32 functions replayed bit for bit from the js oracle (@torchlet/core backend/js/sleef.ts,
// exact/gelu-onednn.ts): SLEEF's expf (u10) and logf (u1) as PyTorch 1.13's AVX2 kernels call
// them, and oneDNN 2.6's gelu_erf forward. Every float operation rounds once and every fused
// multiply-add is an explicit fmaf / _mm256_fmadd_ps: the files that include this header turn
// GCC's contraction off (the addon builds with -ffp-contract=fast for the GEMM), or a*b+c could
// fuse where the oracle rounds twice. Scalar forms run everywhere; the _v8 forms need AVX2+FMA.
#pragma once
#if defined(__clang__)
#pragma clang fp contract(off)
#else
#pragma GCC optimize("fp-contract=off")
#endif
#include <immintrin.h>

#include <cmath>
#include <cstdint>
#include <cstring>

#define TL_EXACT_AVX2 __attribute__((target("avx2,fma")))

namespace tl {
namespace exact {

inline float from_bits(uint32_t u) {
  float f;
  std::memcpy(&f, &u, sizeof f);
  return f;
}
inline uint32_t to_bits(float f) {
  uint32_t u;
  std::memcpy(&u, &f, sizeof u);
  return u;
}
// 2^e for e in [-126, 127], from exponent bits.
inline float pow2i(int32_t e) { return from_bits(static_cast<uint32_t>(e + 127) << 23); }

// SLEEF's constants (sleef.ts).
constexpr float kRLn2 = 1.4426950408889634f, kL2U = 0.693145751953125f, kL2L = 1.428606765330187045e-06f;
constexpr float kExpC0 = 0.000198527617612853646278381f, kExpC1 = 0.00139304355252534151077271f,
                kExpC2 = 0.00833336077630519866943359f, kExpC3 = 0.0416664853692054748535156f,
                kExpC4 = 0.166666671633720397949219f, kExpC5 = 0.5f;

// SLEEF xexpf: q = rint(d / ln 2), s = d - q ln 2 (two fmas), a degree-6 polynomial, times 2^q
// in two steps. Outside [-104, 100] the result is 0 or inf; NaN passes through.
inline float sleef_expf(float d) {
  if (d != d) return d;
  if (d < -104.0f) return 0.0f;
  if (d > 100.0f) return INFINITY;
  const float q = std::nearbyint(d * kRLn2);  // ties to even (the default rounding mode)
  float s = std::fmaf(q, -kL2U, d);
  s = std::fmaf(q, -kL2L, s);
  float u = kExpC0;
  u = std::fmaf(u, s, kExpC1);
  u = std::fmaf(u, s, kExpC2);
  u = std::fmaf(u, s, kExpC3);
  u = std::fmaf(u, s, kExpC4);
  u = std::fmaf(u, s, kExpC5);
  u = 1.0f + std::fmaf(s * s, u, s);
  const int32_t qi = static_cast<int32_t>(q), h = qi >> 1;
  return (u * pow2i(h)) * pow2i(qi - h);
}

TL_EXACT_AVX2 inline __m256 sleef_expf_v8(__m256 d) {
  const __m256 q = _mm256_round_ps(_mm256_mul_ps(d, _mm256_set1_ps(kRLn2)), _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
  __m256 s = _mm256_fmadd_ps(q, _mm256_set1_ps(-kL2U), d);
  s = _mm256_fmadd_ps(q, _mm256_set1_ps(-kL2L), s);
  __m256 u = _mm256_set1_ps(kExpC0);
  u = _mm256_fmadd_ps(u, s, _mm256_set1_ps(kExpC1));
  u = _mm256_fmadd_ps(u, s, _mm256_set1_ps(kExpC2));
  u = _mm256_fmadd_ps(u, s, _mm256_set1_ps(kExpC3));
  u = _mm256_fmadd_ps(u, s, _mm256_set1_ps(kExpC4));
  u = _mm256_fmadd_ps(u, s, _mm256_set1_ps(kExpC5));
  u = _mm256_add_ps(_mm256_set1_ps(1.0f), _mm256_fmadd_ps(_mm256_mul_ps(s, s), u, s));
  // q is integral; out of range lanes (|d| large, NaN) give garbage here and are replaced below.
  const __m256i qi = _mm256_cvtps_epi32(q), h = _mm256_srai_epi32(qi, 1);
  const __m256i bias = _mm256_set1_epi32(127);
  const __m256 ph = _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_add_epi32(h, bias), 23));
  const __m256 pq = _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_add_epi32(_mm256_sub_epi32(qi, h), bias), 23));
  u = _mm256_mul_ps(_mm256_mul_ps(u, ph), pq);
  u = _mm256_blendv_ps(u, _mm256_setzero_ps(), _mm256_cmp_ps(d, _mm256_set1_ps(-104.0f), _CMP_LT_OQ));
  u = _mm256_blendv_ps(u, _mm256_set1_ps(INFINITY), _mm256_cmp_ps(d, _mm256_set1_ps(100.0f), _CMP_GT_OQ));
  return _mm256_blendv_ps(u, d, _mm256_cmp_ps(d, d, _CMP_UNORD_Q));
}

// SLEEF xlogf_u1 (sleef.ts sleefLogf): log(m) = 2 atanh((m-1)/(m+1)) in double-float arithmetic.
inline float sleef_logf(float d) {
  if (d != d || d < 0.0f) return NAN;
  if (d == 0.0f) return -INFINITY;
  if (d == INFINITY) return INFINITY;
  constexpr float kFltMin = 1.17549435e-38f, kLn2Hi = 0.69314718246459960938f, kLn2Lo = -1.904654323148236017e-09f;
  const bool tiny = d < kFltMin;
  if (tiny) d = d * 18446744073709551616.0f;  // 2^64
  int32_t e = static_cast<int32_t>((to_bits(d * (1.0f / 0.75f)) >> 23) & 0xff) - 0x7f;
  const float m = from_bits(to_bits(d) - (static_cast<uint32_t>(e) << 23));
  if (tiny) e -= 64;
  const float ef = static_cast<float>(e);
  float sx = kLn2Hi * ef;
  float sy = std::fmaf(kLn2Lo, ef, std::fmaf(kLn2Hi, ef, -sx));
  const float nx = m - 1.0f, nv = nx + 1.0f, ny = (-1.0f - (nx - nv)) + (m - nv);
  const float dx = m + 1.0f, dv = dx - 1.0f, dy = (1.0f - (dx - dv)) + (m - dv);
  const float t0 = 1.0f / dx;
  const float xs = nx * t0;
  const float u = std::fmaf(t0, nx, -xs);
  const float v = std::fmaf(-dy, t0, std::fmaf(-dx, t0, 1.0f));
  const float xx = xs, xy = std::fmaf(xs, v, std::fmaf(ny, t0, u));
  const float x2 = xx * xx;
  float t = 0.3027294874f;
  t = std::fmaf(t, x2, 0.3996108174f);
  t = std::fmaf(t, x2, 0.6666694880f);
  float ns = sx + xx * 2.0f;
  sy = (((sx - ns) + xx * 2.0f) + sy) + xy * 2.0f;
  sx = ns;
  const float w = (x2 * xx) * t;
  ns = sx + w;
  sy = ((sx - ns) + w) + sy;
  return ns + sy;
}

// oneDNN's table constants for gelu_erf (gelu-onednn.ts).
constexpr uint32_t kLog2e = 0x3fb8aa3b, kLn2 = 0x3f317218, kLnFltMax = 0x42b17218, kLnFltMin = 0xc2aeac50;
constexpr uint32_t kE1 = 0x3f7ffffb, kE2 = 0x3efffee3, kE3 = 0x3e2aad40, kE4 = 0x3d2b9d0d, kE5 = 0x3c07cfce;
constexpr uint32_t kOneOverSqrt2 = 0x3f3504f3, kAsP = 0x3ea7ba05;
constexpr float kA1 = 0.254829592f, kA2 = -0.284496736f, kA3 = 1.421413741f, kA4 = -1.453152027f, kA5 = 1.061405429f;

// oneDNN's exp: 2 * 2^(n-1) * p(r), n = floor(x log2e + 0.5), r = x - n ln2.
inline float onednn_expf(float x) {
  const float lnmax = from_bits(kLnFltMax), lnmin = from_bits(kLnFltMin);
  const bool under = x < lnmin;
  const float lo = x < lnmax ? x : lnmax;
  const float c = lo > lnmin ? lo : lnmin;
  const float n = std::floor(c * from_bits(kLog2e) + 0.5f);
  const float r = std::fmaf(-n, from_bits(kLn2), c);
  const float scale = under || n <= -126.0f ? 0.0f : pow2i(static_cast<int32_t>(n) - 1);
  float p = std::fmaf(from_bits(kE5), r, from_bits(kE4));
  p = std::fmaf(p, r, from_bits(kE3));
  p = std::fmaf(p, r, from_bits(kE2));
  p = std::fmaf(p, r, from_bits(kE1));
  p = std::fmaf(p, r, 1.0f);
  return (p * scale) * 2.0f;
}

// gelu_erf forward: S + S erf(s / sqrt 2), S = s / 2, erf by Abramowitz-Stegun 7.1.26.
inline float gelu_onednn(float s) {
  if (s != s) return s;
  const float x = s * from_bits(kOneOverSqrt2);
  const float t = 1.0f / std::fmaf(from_bits(kAsP), std::fabs(x), 1.0f);
  const float e = -onednn_expf(-(x * x)) * t;
  float poly = std::fmaf(kA5, t, kA4);
  poly = std::fmaf(poly, t, kA3);
  poly = std::fmaf(poly, t, kA2);
  poly = std::fmaf(poly, t, kA1);
  float erf = std::fmaf(e, poly, 1.0f);
  if (std::signbit(x)) erf = -erf;
  const float half = s * 0.5f;
  return std::fmaf(erf, half, half);
}

TL_EXACT_AVX2 inline __m256 gelu_onednn_v8(__m256 s) {
  const __m256 sign = _mm256_set1_ps(-0.0f);
  const __m256 x = _mm256_mul_ps(s, _mm256_set1_ps(from_bits(kOneOverSqrt2)));
  const __m256 t = _mm256_div_ps(_mm256_set1_ps(1.0f),
                                 _mm256_fmadd_ps(_mm256_set1_ps(from_bits(kAsP)), _mm256_andnot_ps(sign, x), _mm256_set1_ps(1.0f)));
  // oneDNN's exp of -x^2 (<= 0: never above ln FLT_MAX; NaN lanes are restored at the end).
  const __m256 xe = _mm256_xor_ps(_mm256_mul_ps(x, x), sign);
  const __m256 lnmin = _mm256_set1_ps(from_bits(kLnFltMin));
  const __m256 under = _mm256_cmp_ps(xe, lnmin, _CMP_LT_OQ);
  const __m256 c = _mm256_max_ps(xe, lnmin);
  const __m256 n = _mm256_floor_ps(_mm256_add_ps(_mm256_mul_ps(c, _mm256_set1_ps(from_bits(kLog2e))), _mm256_set1_ps(0.5f)));
  const __m256 r = _mm256_fmadd_ps(_mm256_xor_ps(n, sign), _mm256_set1_ps(from_bits(kLn2)), c);
  const __m256i ni = _mm256_cvtps_epi32(n);
  __m256 scale = _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_add_epi32(ni, _mm256_set1_epi32(126)), 23));
  const __m256 zero_scale = _mm256_or_ps(under, _mm256_cmp_ps(n, _mm256_set1_ps(-126.0f), _CMP_LE_OQ));
  scale = _mm256_andnot_ps(zero_scale, scale);
  __m256 p = _mm256_fmadd_ps(_mm256_set1_ps(from_bits(kE5)), r, _mm256_set1_ps(from_bits(kE4)));
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(from_bits(kE3)));
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(from_bits(kE2)));
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(from_bits(kE1)));
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0f));
  const __m256 ex = _mm256_mul_ps(_mm256_mul_ps(p, scale), _mm256_set1_ps(2.0f));
  const __m256 e = _mm256_mul_ps(_mm256_xor_ps(ex, sign), t);
  __m256 poly = _mm256_fmadd_ps(_mm256_set1_ps(kA5), t, _mm256_set1_ps(kA4));
  poly = _mm256_fmadd_ps(poly, t, _mm256_set1_ps(kA3));
  poly = _mm256_fmadd_ps(poly, t, _mm256_set1_ps(kA2));
  poly = _mm256_fmadd_ps(poly, t, _mm256_set1_ps(kA1));
  __m256 erf = _mm256_fmadd_ps(e, poly, _mm256_set1_ps(1.0f));
  erf = _mm256_xor_ps(erf, _mm256_and_ps(x, sign));  // erf >= 0 here: x's sign bit restores erf's
  const __m256 half = _mm256_mul_ps(s, _mm256_set1_ps(0.5f));
  const __m256 g = _mm256_fmadd_ps(erf, half, half);
  return _mm256_blendv_ps(g, s, _mm256_cmp_ps(s, s, _CMP_UNORD_Q));
}

}  // namespace exact
}  // namespace tl
