// PyTorch's float32 uniform_ and normal_ fills, bit for bit (the js oracle: @torchlet/core
// random/distributions.ts and random/cephes.ts; the algorithm: PyTorch's at::mt19937 and its AVX2
// normal_fill with avx_mathfun.h's Cephes log and sincos). The generator's state lives in
// JavaScript: each call takes the 624 MT19937 words (advanced in place) and the position
// (left, next), and returns the new `next` (after a draw, left + next = 625 always holds).
#include <napi.h>

#include <cstdint>

#include "exact.h"       // exact_has_avx2, setExactGeneric
#include "exact_math.h"  // contraction off: every fma below is written out, nothing else fuses
#include "napi_args.h"

namespace tl {
void register_random(Napi::Env env, Napi::Object exports);
}

namespace {

using tl::exact::from_bits;
using tl::exact::to_bits;

constexpr int kN = 624, kM = 397;
constexpr float kTwoPowM24 = 5.9604644775390625e-8f;

// PyTorch's engine position: `left` draws until the next twist (1..624), `next` the word to temper.
struct Engine {
  uint32_t* mt;
  int left, next;
};

inline uint32_t mix(uint32_t a, uint32_t b, uint32_t far) {
  const uint32_t y = (a & 0x80000000u) | (b & 0x7fffffffu);
  return far ^ (y >> 1) ^ ((0u - (y & 1u)) & 0x9908b0dfu);
}

void twist(uint32_t* mt) {
  int k = 0;
  for (; k < kN - kM; ++k) mt[k] = mix(mt[k], mt[k + 1], mt[k + kM]);
  for (; k < kN - 1; ++k) mt[k] = mix(mt[k], mt[k + 1], mt[k + kM - kN]);
  mt[kN - 1] = mix(mt[kN - 1], mt[0], mt[kM - 1]);
}

inline uint32_t temper(uint32_t y) {
  y ^= y >> 11;
  y ^= (y << 7) & 0x9d2c5680u;
  y ^= (y << 15) & 0xefc60000u;
  return y ^ (y >> 18);
}

// out[i] = (temper(src[i]) & 0xffffff) * 2^-24: exact, so the AVX2 and generic forms agree.
TL_EXACT_AVX2 void unit_avx2(const uint32_t* src, float* out, int n) {
  for (int i = 0; i < n; ++i) out[i] = static_cast<float>(static_cast<int32_t>(temper(src[i]) & 0xffffffu)) * kTwoPowM24;
}
void unit_generic(const uint32_t* src, float* out, int n) {
  for (int i = 0; i < n; ++i) out[i] = static_cast<float>(static_cast<int32_t>(temper(src[i]) & 0xffffffu)) * kTwoPowM24;
}

// n draws as float32 uniforms in [0, 1), exactly as n calls of the engine's random().
void fill_unit(Engine& e, float* out, int64_t n) {
  const bool avx2 = tl::exact_has_avx2();
  while (n > 0) {
    if (e.left == 1) {
      twist(e.mt);
      e.left = kN + 1;
      e.next = 0;
    }
    const int take = static_cast<int>(n < e.left - 1 ? n : e.left - 1);
    if (avx2) unit_avx2(e.mt + e.next, out, take);
    else unit_generic(e.mt + e.next, out, take);
    e.next += take;
    e.left -= take;
    out += take;
    n -= take;
  }
}

// avx_mathfun.h's constants, rounded to float32 as _mm256_set1_ps does.
constexpr float kMinNorm = 1.1754943508222875e-38f, kSqrtHf = 0.707106781186547524f;
constexpr float kLogP[9] = {7.0376836292E-2f,  -1.1514610310E-1f, 1.1676998740E-1f, -1.2420140846E-1f, 1.4249322787E-1f,
                            -1.6668057665E-1f, 2.0000714765E-1f,  -2.4999993993E-1f, 3.3333331174E-1f};
constexpr float kLogQ1 = -2.12194440e-4f, kLogQ2 = 0.693359375f;
constexpr float kFopi = 1.27323954473516f, kDp1 = -0.78515625f, kDp2 = -2.4187564849853515625e-4f,
                kDp3 = -3.77489497744594108e-8f;
constexpr float kCos0 = 2.443315711809948E-5f, kCos1 = -1.388731625493765E-3f, kCos2 = 4.166664568298827E-2f;
constexpr float kSin0 = -1.9515295891E-4f, kSin1 = 8.3321608736E-3f, kSin2 = -1.6666654611E-1f;
constexpr float kTwoPi = static_cast<float>(2.0 * 3.14159265358979323846);

// log256_ps, one lane.
float log_ps(float x) {
  x = x > kMinNorm ? x : kMinNorm;
  const uint32_t bits = to_bits(x);
  float e = static_cast<float>(static_cast<int32_t>(bits >> 23) - 0x7f) + 1.0f;
  float m = from_bits((bits & ~0x7f800000u) | 0x3f000000u);
  if (m < kSqrtHf) {
    e -= 1.0f;
    m = (m - 1.0f) + m;
  } else {
    m = m - 1.0f;
  }
  const float z = m * m;
  float y = std::fmaf(kLogP[0], m, kLogP[1]);
  for (int k = 2; k < 9; ++k) y = std::fmaf(y, m, kLogP[k]);
  y = y * m;
  y = std::fmaf(y, z, e * kLogQ1);
  y = y - z * 0.5f;
  return (m + y) + e * kLogQ2;
}

// sincos256_ps, one lane, t >= 0. The blends add a masked +0 (so -0 becomes +0), signs flip by xor.
void sincos_ps(float t, float* s, float* c) {
  int32_t j = static_cast<int32_t>(t * kFopi);
  j = (j + 1) & ~1;
  const float y = static_cast<float>(j);
  float x = std::fmaf(y, kDp1, t);
  x = std::fmaf(y, kDp2, x);
  x = std::fmaf(y, kDp3, x);
  const float z = x * x;
  float cp = std::fmaf(std::fmaf(kCos0, z, kCos1), z, kCos2);
  cp = cp * z;
  cp = std::fmaf(cp, z, -(z * 0.5f));
  cp = cp + 1.0f;
  float sp = std::fmaf(std::fmaf(kSin0, z, kSin1), z, kSin2);
  sp = sp * z;
  sp = std::fmaf(sp, x, x);
  const bool swap = (j & 2) != 0;
  float sn = (swap ? cp : sp) + 0.0f, cs = (swap ? sp : cp) + 0.0f;
  if (j & 4) sn = -sn;
  if (((j - 2) & 4) == 0) cs = -cs;
  *s = sn;
  *c = cs;
}

// normal_fill_16 on d[0..16): Box-Muller on lanes j and j + 8, then fma(n, std, mean).
void fill16_generic(float* d, float mean, float sd) {
  for (int j = 0; j < 8; ++j) {
    const float u1 = 1.0f - d[j], u2 = d[j + 8];
    const float rad = std::sqrt(-2.0f * log_ps(u1));
    float s, c;
    sincos_ps(kTwoPi * u2, &s, &c);
    d[j] = std::fmaf(rad * c, sd, mean);
    d[j + 8] = std::fmaf(rad * s, sd, mean);
  }
}

#define SET(v) _mm256_set1_ps(v)

TL_EXACT_AVX2 inline __m256 log_v8(__m256 x) {
  x = _mm256_max_ps(x, SET(kMinNorm));
  const __m256i imm0 = _mm256_sub_epi32(_mm256_srli_epi32(_mm256_castps_si256(x), 23), _mm256_set1_epi32(0x7f));
  x = _mm256_or_ps(_mm256_and_ps(x, _mm256_castsi256_ps(_mm256_set1_epi32(~0x7f800000))), SET(0.5f));
  __m256 e = _mm256_add_ps(_mm256_cvtepi32_ps(imm0), SET(1.0f));
  const __m256 mask = _mm256_cmp_ps(x, SET(kSqrtHf), _CMP_LT_OS);
  const __m256 tmp = _mm256_and_ps(x, mask);
  x = _mm256_sub_ps(x, SET(1.0f));
  e = _mm256_sub_ps(e, _mm256_and_ps(SET(1.0f), mask));
  x = _mm256_add_ps(x, tmp);
  const __m256 z = _mm256_mul_ps(x, x);
  __m256 y = _mm256_fmadd_ps(SET(kLogP[0]), x, SET(kLogP[1]));
  for (int k = 2; k < 9; ++k) y = _mm256_fmadd_ps(y, x, SET(kLogP[k]));
  y = _mm256_mul_ps(y, x);
  y = _mm256_fmadd_ps(y, z, _mm256_mul_ps(e, SET(kLogQ1)));
  y = _mm256_sub_ps(y, _mm256_mul_ps(z, SET(0.5f)));
  return _mm256_add_ps(_mm256_add_ps(x, y), _mm256_mul_ps(e, SET(kLogQ2)));
}

TL_EXACT_AVX2 inline void sincos_v8(__m256 t, __m256* s, __m256* c) {
  __m256i j = _mm256_cvttps_epi32(_mm256_mul_ps(t, SET(kFopi)));
  j = _mm256_and_si256(_mm256_add_epi32(j, _mm256_set1_epi32(1)), _mm256_set1_epi32(~1));
  const __m256 y = _mm256_cvtepi32_ps(j);
  __m256 x = _mm256_fmadd_ps(y, SET(kDp1), t);
  x = _mm256_fmadd_ps(y, SET(kDp2), x);
  x = _mm256_fmadd_ps(y, SET(kDp3), x);
  const __m256 z = _mm256_mul_ps(x, x);
  __m256 cp = _mm256_fmadd_ps(_mm256_fmadd_ps(SET(kCos0), z, SET(kCos1)), z, SET(kCos2));
  cp = _mm256_mul_ps(cp, z);
  cp = _mm256_fmsub_ps(cp, z, _mm256_mul_ps(z, SET(0.5f)));
  cp = _mm256_add_ps(cp, SET(1.0f));
  __m256 sp = _mm256_fmadd_ps(_mm256_fmadd_ps(SET(kSin0), z, SET(kSin1)), z, SET(kSin2));
  sp = _mm256_mul_ps(sp, z);
  sp = _mm256_fmadd_ps(sp, x, x);
  const __m256 keep = _mm256_castsi256_ps(_mm256_cmpeq_epi32(_mm256_and_si256(j, _mm256_set1_epi32(2)), _mm256_setzero_si256()));
  const __m256 sn = _mm256_add_ps(_mm256_and_ps(keep, sp), _mm256_andnot_ps(keep, cp));
  const __m256 cs = _mm256_add_ps(_mm256_and_ps(keep, cp), _mm256_andnot_ps(keep, sp));
  const __m256i sign_s = _mm256_slli_epi32(_mm256_and_si256(j, _mm256_set1_epi32(4)), 29);
  const __m256i sign_c = _mm256_slli_epi32(_mm256_andnot_si256(_mm256_sub_epi32(j, _mm256_set1_epi32(2)), _mm256_set1_epi32(4)), 29);
  *s = _mm256_xor_ps(sn, _mm256_castsi256_ps(sign_s));
  *c = _mm256_xor_ps(cs, _mm256_castsi256_ps(sign_c));
}

TL_EXACT_AVX2 void fill16_avx2(float* d, int64_t blocks, float mean, float sd) {
  const __m256 vm = SET(mean), vs = SET(sd);
  for (int64_t b = 0; b < blocks; ++b, d += 16) {
    const __m256 u1 = _mm256_sub_ps(SET(1.0f), _mm256_loadu_ps(d));
    const __m256 u2 = _mm256_loadu_ps(d + 8);
    const __m256 rad = _mm256_sqrt_ps(_mm256_mul_ps(SET(-2.0f), log_v8(u1)));
    __m256 s, c;
    sincos_v8(_mm256_mul_ps(SET(kTwoPi), u2), &s, &c);
    _mm256_storeu_ps(d, _mm256_fmadd_ps(_mm256_mul_ps(rad, c), vs, vm));
    _mm256_storeu_ps(d + 8, _mm256_fmadd_ps(_mm256_mul_ps(rad, s), vs, vm));
  }
}

void fill16_blocks(float* d, int64_t blocks, float mean, float sd) {
  if (tl::exact_has_avx2()) {
    fill16_avx2(d, blocks, mean, sd);
    return;
  }
  for (int64_t b = 0; b < blocks; ++b) fill16_generic(d + 16 * b, mean, sd);
}

// Reads (state, left, next, out, a, b) and checks the position; false after throwing.
bool engine_args(const Napi::CallbackInfo& info, Engine* e, float** out, int64_t* n, float* a, float* b) {
  uint32_t* mt = nullptr;
  int64_t words = 0;
  if (!tl::typed_arg(info, 0, napi_uint32_array, &mt, &words) || !tl::typed_arg(info, 3, napi_float32_array, out, n)) return false;
  if (info.Length() < 6 || !info[1].IsNumber() || !info[2].IsNumber() || !info[4].IsNumber() || !info[5].IsNumber()) {
    return tl::throw_type(info.Env(), "expected (state, left, next, out, a, b)");
  }
  const int64_t left = info[1].As<Napi::Number>().Int64Value(), next = info[2].As<Napi::Number>().Int64Value();
  if (words != kN || left < 1 || left > kN || next < 0 || next > kN) return tl::throw_range(info.Env(), "invalid mt19937 state");
  *e = Engine{mt, static_cast<int>(left), static_cast<int>(next)};
  *a = info[4].As<Napi::Number>().FloatValue();
  *b = info[5].As<Napi::Number>().FloatValue();
  return true;
}

// out[i] = fma(out[i], range, lo), one rounding.
TL_EXACT_AVX2 void affine_avx2(float* out, int64_t n, float range, float lo) {
  int64_t i = 0;
  for (; i + 8 <= n; i += 8) _mm256_storeu_ps(out + i, _mm256_fmadd_ps(_mm256_loadu_ps(out + i), SET(range), SET(lo)));
  for (; i < n; ++i) out[i] = std::fmaf(out[i], range, lo);
}

// uniformF32(state, left, next, out, lo, range) -> next: out[i] = fma(u24, range, lo).
Napi::Value UniformF32(const Napi::CallbackInfo& info) {
  Engine e;
  float* out;
  int64_t n;
  float lo, range;
  if (!engine_args(info, &e, &out, &n, &lo, &range)) return info.Env().Undefined();
  fill_unit(e, out, n);
  if (lo == 0.0f && range == 1.0f) return Napi::Number::New(info.Env(), e.next);  // fma(u, 1, 0) is u
  if (tl::exact_has_avx2()) {
    affine_avx2(out, n, range, lo);
  } else {
    for (int64_t i = 0; i < n; ++i) out[i] = std::fmaf(out[i], range, lo);
  }
  return Napi::Number::New(info.Env(), e.next);
}

// normalF32(state, left, next, out, mean, std) -> next, out.length >= 16: PyTorch's normal_fill.
Napi::Value NormalF32(const Napi::CallbackInfo& info) {
  Engine e;
  float* out;
  int64_t n;
  float mean, sd;
  if (!engine_args(info, &e, &out, &n, &mean, &sd)) return info.Env().Undefined();
  if (n < 16) {
    tl::throw_range(info.Env(), "normalF32 needs at least 16 elements");
    return info.Env().Undefined();
  }
  fill_unit(e, out, n);
  fill16_blocks(out, n / 16, mean, sd);
  if (n % 16 != 0) {
    fill_unit(e, out + n - 16, 16);
    fill16_blocks(out + n - 16, 1, mean, sd);
  }
  return Napi::Number::New(info.Env(), e.next);
}

}  // namespace

namespace tl {
void register_random(Napi::Env env, Napi::Object exports) {
  exports.Set("randomUniformF32", Napi::Function::New(env, UniformF32));
  exports.Set("randomNormalF32", Napi::Function::New(env, NormalF32));
}
}  // namespace tl
