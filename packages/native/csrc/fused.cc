// The optimizers' fused float32 updates and oneDNN's gelu forward, rounded as the js oracle
// rounds them (core's backend/js/fused.ts, exact/gelu-onednn.ts): one fma where PyTorch's
// kernels fuse (GCC contracts `a + s*b` there), separate roundings elsewhere:
//   addScaled  fma(b, s, a)            addcmul  fma(s*b, c, a)         addcdiv  a + (s*b) / c
//   lerp       |w| < 0.5 ? fma(w, d, a) : fma(-d, 1 - w, b), d = b - a (w a tensor or the scalar)
// Operands are dense float32 runs of n elements; out may be one of them (an in-place update).
#include <napi.h>

#include "exact.h"
#include "exact_math.h"
#include "napi_args.h"

namespace tl {
namespace {

enum FusedCode { kAddScaled = 0, kAddcmul = 1, kAddcdiv = 2, kLerp = 3, kLerpScalar = 4 };

static inline __attribute__((always_inline)) float lerp_one(float a, float b, float w) {
  const float d = b - a;
  return std::fabs(w) < 0.5f ? std::fmaf(w, d, a) : std::fmaf(-d, 1.0f - w, b);
}

// One loop per op; written once, compiled for AVX2+FMA (vectorised fmas) and for any x86-64.
template <int OP>
static inline __attribute__((always_inline)) void fused_loop(const float* a, const float* b, const float* c, float s,
                                                             float* o, int64_t n) {
  for (int64_t i = 0; i < n; ++i) {
    if (OP == kAddScaled) o[i] = std::fmaf(b[i], s, a[i]);
    if (OP == kAddcmul) o[i] = std::fmaf(s * b[i], c[i], a[i]);
    if (OP == kAddcdiv) o[i] = a[i] + (s * b[i]) / c[i];
    if (OP == kLerp) o[i] = lerp_one(a[i], b[i], c[i]);
    if (OP == kLerpScalar) o[i] = lerp_one(a[i], b[i], s);
  }
}

using FusedFn = void (*)(const float*, const float*, const float*, float, float*, int64_t);

template <int OP>
TL_EXACT_AVX2 void fused_avx2(const float* a, const float* b, const float* c, float s, float* o, int64_t n) {
  fused_loop<OP>(a, b, c, s, o, n);
}
template <int OP>
void fused_generic(const float* a, const float* b, const float* c, float s, float* o, int64_t n) {
  fused_loop<OP>(a, b, c, s, o, n);
}

FusedFn fused_fn(int64_t op) {
  const bool avx2 = exact_has_avx2();
  switch (op) {
    case kAddScaled: return avx2 ? fused_avx2<kAddScaled> : fused_generic<kAddScaled>;
    case kAddcmul: return avx2 ? fused_avx2<kAddcmul> : fused_generic<kAddcmul>;
    case kAddcdiv: return avx2 ? fused_avx2<kAddcdiv> : fused_generic<kAddcdiv>;
    case kLerp: return avx2 ? fused_avx2<kLerp> : fused_generic<kLerp>;
    case kLerpScalar: return avx2 ? fused_avx2<kLerpScalar> : fused_generic<kLerpScalar>;
    default: return nullptr;
  }
}

// fusedF32(op, a, b, c, s, out, [n, aOff, bOff, cOff]); c is ignored (pass any float32 array)
// for addScaled and a scalar lerp weight.
Napi::Value FusedF32(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  float *a, *b, *c, *out;
  int64_t alen, blen, clen, olen, p[4];
  if (!info[0].IsNumber() || !typed_arg(info, 1, napi_float32_array, &a, &alen) ||
      !typed_arg(info, 2, napi_float32_array, &b, &blen) || !typed_arg(info, 3, napi_float32_array, &c, &clen) ||
      !info[4].IsNumber() || !typed_arg(info, 5, napi_float32_array, &out, &olen) || !int_params(info, 6, p, 4)) {
    if (!env.IsExceptionPending()) throw_type(env, "fusedF32: bad arguments");
    return env.Undefined();
  }
  const int64_t op = info[0].As<Napi::Number>().Int64Value();
  const FusedFn fn = fused_fn(op);
  const float s = info[4].As<Napi::Number>().FloatValue();
  const int64_t n = p[0];
  const bool uses_c = op == kAddcmul || op == kAddcdiv || op == kLerp;
  if (!fn) {
    throw_range(env, "fusedF32: unknown op");
    return env.Undefined();
  }
  if (n < 0 || p[1] < 0 || p[2] < 0 || p[3] < 0 || p[1] + n > alen || p[2] + n > blen || (uses_c && p[3] + n > clen) ||
      n > olen) {
    throw_range(env, "fusedF32: operand out of bounds");
    return env.Undefined();
  }
  const float *a0 = a + p[1], *b0 = b + p[2], *c0 = uses_c ? c + p[3] : c;
  exact_parallel((n + 63) / 64, n * 4, [&](int64_t i0, int64_t i1) {
    const int64_t e0 = i0 * 64, e1 = std::min(n, i1 * 64);
    fn(a0 + e0, b0 + e0, uses_c ? c0 + e0 : c0, s, out + e0, e1 - e0);
  });
  return env.Undefined();
}

TL_EXACT_AVX2 void gelu_avx2(const float* x, float* o, int64_t n) {
  int64_t i = 0;
  for (; i + 8 <= n; i += 8) _mm256_storeu_ps(o + i, exact::gelu_onednn_v8(_mm256_loadu_ps(x + i)));
  for (; i < n; ++i) o[i] = exact::gelu_onednn(x[i]);
}

// geluOneDnnF32(x, out, [n, xOff]): torch 1.13's gelu (erf) of a contiguous float32 run.
Napi::Value GeluOneDnnF32(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  float *x, *out;
  int64_t xlen, olen, p[2];
  if (!typed_arg(info, 0, napi_float32_array, &x, &xlen) || !typed_arg(info, 1, napi_float32_array, &out, &olen) ||
      !int_params(info, 2, p, 2)) {
    return env.Undefined();
  }
  const int64_t n = p[0];
  if (n < 0 || p[1] < 0 || p[1] + n > xlen || n > olen) {
    throw_range(env, "geluOneDnnF32: operand out of bounds");
    return env.Undefined();
  }
  const float* x0 = x + p[1];
  const bool avx2 = exact_has_avx2();
  exact_parallel((n + 63) / 64, n * 16, [&](int64_t i0, int64_t i1) {
    const int64_t e0 = i0 * 64, e1 = std::min(n, i1 * 64);
    if (avx2) {
      gelu_avx2(x0 + e0, out + e0, e1 - e0);
    } else {
      for (int64_t i = e0; i < e1; ++i) out[i] = exact::gelu_onednn(x0[i]);
    }
  });
  return env.Undefined();
}

// setExactGeneric(on): tests run the scalar forms of these kernels on an AVX2 CPU.
Napi::Value SetExactGeneric(const Napi::CallbackInfo& info) {
  exact_force_generic().store(info.Length() > 0 && info[0].ToBoolean().Value(), std::memory_order_relaxed);
  return info.Env().Undefined();
}

}  // namespace

void register_fused(Napi::Env env, Napi::Object exports) {
  exports.Set("setExactGeneric", Napi::Function::New(env, SetExactGeneric));
  exports.Set("fusedF32", Napi::Function::New(env, FusedF32));
  exports.Set("geluOneDnnF32", Napi::Function::New(env, GeluOneDnnF32));
}

}  // namespace tl
