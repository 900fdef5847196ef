// GeluBackward0 of float32 as torch 1.13 hands it to oneDNN 2.6 (gelu_erf_compute_vector_bwd),
// rounded as the js oracle replays it (core's exact/gelu-onednn.ts geluGradOneDnn): with
// R = s / sqrt 2, d gelu / ds = fma(erf(R), 0.5, R / sqrt(pi) * exp(-R^2) + 0.5), then one
// multiply by the incoming gradient. Dense float32 runs; AVX2+FMA and scalar forms, same bits.
#include <napi.h>

#include "exact.h"
#include "exact_math.h"
#include "napi_args.h"

namespace tl {
namespace {

using exact::from_bits;
constexpr uint32_t kOneOverSqrtPi = 0x3f106eba;

inline float gelu_grad(float s) {
  if (s != s) return s;
  const float r = s * from_bits(exact::kOneOverSqrt2);
  const float q = exact::onednn_expf(-(r * r));
  const float t = (r * from_bits(kOneOverSqrtPi)) * q;
  const float w = 1.0f / std::fmaf(from_bits(exact::kAsP), std::fabs(r), 1.0f);
  float poly = std::fmaf(exact::kA5, w, exact::kA4);
  poly = std::fmaf(poly, w, exact::kA3);
  poly = std::fmaf(poly, w, exact::kA2);
  poly = std::fmaf(poly, w, exact::kA1);
  float erf = std::fmaf(-q * w, poly, 1.0f);
  if (std::signbit(r)) erf = -erf;
  return std::fmaf(erf, 0.5f, t + 0.5f);
}

TL_EXACT_AVX2 inline __m256 gelu_grad_v8(__m256 s) {
  const __m256 sign = _mm256_set1_ps(-0.0f);
  const __m256 r = _mm256_mul_ps(s, _mm256_set1_ps(from_bits(exact::kOneOverSqrt2)));
  // oneDNN's exp of -R^2 (<= 0, so never above ln FLT_MAX; NaN lanes are restored at the end).
  const __m256 xe = _mm256_xor_ps(_mm256_mul_ps(r, r), sign);
  const __m256 lnmin = _mm256_set1_ps(from_bits(exact::kLnFltMin));
  const __m256 under = _mm256_cmp_ps(xe, lnmin, _CMP_LT_OQ);
  const __m256 c = _mm256_max_ps(xe, lnmin);
  const __m256 n = _mm256_floor_ps(_mm256_add_ps(_mm256_mul_ps(c, _mm256_set1_ps(from_bits(exact::kLog2e))), _mm256_set1_ps(0.5f)));
  const __m256 rr = _mm256_fmadd_ps(_mm256_xor_ps(n, sign), _mm256_set1_ps(from_bits(exact::kLn2)), c);
  const __m256i ni = _mm256_cvtps_epi32(n);
  __m256 scale = _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_add_epi32(ni, _mm256_set1_epi32(126)), 23));
  scale = _mm256_andnot_ps(_mm256_or_ps(under, _mm256_cmp_ps(n, _mm256_set1_ps(-126.0f), _CMP_LE_OQ)), scale);
  __m256 p = _mm256_fmadd_ps(_mm256_set1_ps(from_bits(exact::kE5)), rr, _mm256_set1_ps(from_bits(exact::kE4)));
  p = _mm256_fmadd_ps(p, rr, _mm256_set1_ps(from_bits(exact::kE3)));
  p = _mm256_fmadd_ps(p, rr, _mm256_set1_ps(from_bits(exact::kE2)));
  p = _mm256_fmadd_ps(p, rr, _mm256_set1_ps(from_bits(exact::kE1)));
  p = _mm256_fmadd_ps(p, rr, _mm256_set1_ps(1.0f));
  const __m256 q = _mm256_mul_ps(_mm256_mul_ps(p, scale), _mm256_set1_ps(2.0f));
  const __m256 t = _mm256_mul_ps(_mm256_mul_ps(r, _mm256_set1_ps(from_bits(kOneOverSqrtPi))), q);
  const __m256 w = _mm256_div_ps(_mm256_set1_ps(1.0f),
                                 _mm256_fmadd_ps(_mm256_set1_ps(from_bits(exact::kAsP)), _mm256_andnot_ps(sign, r), _mm256_set1_ps(1.0f)));
  __m256 poly = _mm256_fmadd_ps(_mm256_set1_ps(exact::kA5), w, _mm256_set1_ps(exact::kA4));
  poly = _mm256_fmadd_ps(poly, w, _mm256_set1_ps(exact::kA3));
  poly = _mm256_fmadd_ps(poly, w, _mm256_set1_ps(exact::kA2));
  poly = _mm256_fmadd_ps(poly, w, _mm256_set1_ps(exact::kA1));
  __m256 erf = _mm256_fmadd_ps(_mm256_mul_ps(_mm256_xor_ps(q, sign), w), poly, _mm256_set1_ps(1.0f));
  erf = _mm256_xor_ps(erf, _mm256_and_ps(r, sign));  // negated where R's sign bit is set
  const __m256 g = _mm256_fmadd_ps(erf, _mm256_set1_ps(0.5f), _mm256_add_ps(t, _mm256_set1_ps(0.5f)));
  return _mm256_blendv_ps(g, s, _mm256_cmp_ps(s, s, _CMP_UNORD_Q));
}

TL_EXACT_AVX2 void gelu_backward_avx2(const float* g, const float* x, float* o, int64_t n) {
  int64_t i = 0;
  for (; i + 8 <= n; i += 8) _mm256_storeu_ps(o + i, _mm256_mul_ps(_mm256_loadu_ps(g + i), gelu_grad_v8(_mm256_loadu_ps(x + i))));
  for (; i < n; ++i) o[i] = g[i] * gelu_grad(x[i]);
}

// geluBackwardF32(g, x, out, [n, gOff, xOff]): out[i] = g[gOff + i] * gelu'(x[xOff + i]).
Napi::Value GeluBackwardF32(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  float *g, *x, *out;
  int64_t glen, xlen, olen, p[3];
  if (!typed_arg(info, 0, napi_float32_array, &g, &glen) || !typed_arg(info, 1, napi_float32_array, &x, &xlen) ||
      !typed_arg(info, 2, napi_float32_array, &out, &olen) || !int_params(info, 3, p, 3)) {
    return env.Undefined();
  }
  const int64_t n = p[0];
  if (n < 0 || p[1] < 0 || p[2] < 0 || p[1] + n > glen || p[2] + n > xlen || n > olen) {
    throw_range(env, "geluBackwardF32: operand out of bounds");
    return env.Undefined();
  }
  const float *g0 = g + p[1], *x0 = x + p[2];
  const bool avx2 = exact_has_avx2();
  exact_parallel((n + 63) / 64, n * 16, [&](int64_t i0, int64_t i1) {
    const int64_t e0 = i0 * 64, e1 = std::min(n, i1 * 64);
    if (avx2) {
      gelu_backward_avx2(g0 + e0, x0 + e0, out + e0, e1 - e0);
    } else {
      for (int64_t i = e0; i < e1; ++i) out[i] = g0[i] * gelu_grad(x0[i]);
    }
  });
  return env.Undefined();
}

}  // namespace

void register_gelu_backward(Napi::Env env, Napi::Object exports) {
  exports.Set("geluBackwardF32", Napi::Function::New(env, GeluBackwardF32));
}

}  // namespace tl
