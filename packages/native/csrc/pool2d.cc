// 2-D max pooling of float32 planes with the argmax's flat index (PyTorch's cpu_max_pool loop:
// padding taps skipped, a value replaces the max when greater or NaN, the index starting at the
// window's first tap inside the plane), and its backward as one scatter pass. Planes split
// across the pool; the js oracle is core's backend/js/conv2d.ts.
#include <napi.h>

#include <algorithm>
#include <cmath>

#include "exact.h"
#include "napi_args.h"

namespace tl {
namespace {

struct Pool {
  const float* x;
  float* out;
  int32_t* idx;
  int64_t B, H, W, kh, kw, sh, sw, ph, pw, dh, dw, oh, ow;
};

#define TL_INLINE static inline __attribute__((always_inline))

// One window, scalar: taps row by row; a value replaces the max when greater or NaN.
TL_INLINE void window(const Pool& k, const float* plane, int64_t h0, int64_t h1, int64_t ox, float* out, int32_t* idx) {
  int64_t w0 = ox * k.sw - k.pw;
  const int64_t w1 = std::min(w0 + (k.kw - 1) * k.dw + 1, k.W);
  while (w0 < 0) w0 += k.dw;
  float best = -INFINITY;
  int64_t at = h0 * k.W + w0;
  for (int64_t h = h0; h < h1; h += k.dh) {
    for (int64_t w = w0; w < w1; w += k.dw) {
      const float v = plane[h * k.W + w];
      if (v > best || std::isnan(v)) {
        best = v;
        at = h * k.W + w;
      }
    }
  }
  *out = best;
  *idx = static_cast<int32_t>(at);
}

// Planes [b0, b1). The windows whose columns all lie inside the plane run column-parallel (the
// same taps in the same order per window, with selects, so the compiler vectorizes across
// windows: on noisy data a branch per tap mispredicts); the edge windows run one by one.
TL_INLINE void max_pool_body(const Pool& k, int64_t b0, int64_t b1) {
  int64_t cx0 = 0, cx1 = k.ow;
  while (cx0 < k.ow && cx0 * k.sw - k.pw < 0) ++cx0;
  while (cx1 > cx0 && (cx1 - 1) * k.sw - k.pw + (k.kw - 1) * k.dw >= k.W) --cx1;
  for (int64_t b = b0; b < b1; ++b) {
    const float* plane = k.x + b * k.H * k.W;
    for (int64_t oy = 0; oy < k.oh; ++oy) {
      int64_t h0 = oy * k.sh - k.ph;
      const int64_t h1 = std::min(h0 + (k.kh - 1) * k.dh + 1, k.H);
      while (h0 < 0) h0 += k.dh;
      float* out = k.out + (b * k.oh + oy) * k.ow;
      int32_t* idx = k.idx + (b * k.oh + oy) * k.ow;
      for (int64_t ox = 0; ox < cx0; ++ox) window(k, plane, h0, h1, ox, out + ox, idx + ox);
      for (int64_t ox = cx1; ox < k.ow; ++ox) window(k, plane, h0, h1, ox, out + ox, idx + ox);
      for (int64_t ox = cx0; ox < cx1; ++ox) {
        out[ox] = -INFINITY;
        idx[ox] = static_cast<int32_t>(h0 * k.W + ox * k.sw - k.pw);
      }
      for (int64_t h = h0; h < h1; h += k.dh) {
        for (int64_t j = 0; j < k.kw; ++j) {
          const int32_t base = static_cast<int32_t>(h * k.W + j * k.dw - k.pw), step = static_cast<int32_t>(k.sw);
          const float* row = plane + base;
          for (int64_t ox = cx0; ox < cx1; ++ox) {
            const float v = row[ox * k.sw];
            const bool take = (v > out[ox]) | (v != v);
            out[ox] = take ? v : out[ox];
            idx[ox] = take ? base + static_cast<int32_t>(ox) * step : idx[ox];
          }
        }
      }
    }
  }
}

__attribute__((target("avx512f,avx512bw,avx512vl,avx2,fma"))) void max_pool_avx512(const Pool& k, int64_t b0, int64_t b1) { max_pool_body(k, b0, b1); }
__attribute__((target("avx2,fma"))) void max_pool_avx2(const Pool& k, int64_t b0, int64_t b1) { max_pool_body(k, b0, b1); }
void max_pool_generic(const Pool& k, int64_t b0, int64_t b1) { max_pool_body(k, b0, b1); }

// maxPool2dF32(x, out, indices, [B, H, W, kh, kw, sh, sw, ph, pw, dh, dw, oh, ow, xOff]): outputs dense from 0.
Napi::Value MaxPool2dF32(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int64_t p[14];
  if (info.Length() < 4 || !int_params(info, 3, p, 14)) {
    if (!env.IsExceptionPending()) throw_type(env, "maxPool2dF32 expects 4 arguments");
    return env.Undefined();
  }
  for (int i = 0; i < 13; ++i) {
    if (p[i] < (i == 7 || i == 8 ? 0 : 1)) {
      throw_range(env, "maxPool2dF32: bad geometry");
      return env.Undefined();
    }
  }
  float *x, *out;
  int32_t* idx;
  int64_t xl, ol, il;
  if (!typed_arg(info, 0, napi_float32_array, &x, &xl) || !typed_arg(info, 1, napi_float32_array, &out, &ol) ||
      !typed_arg(info, 2, napi_int32_array, &idx, &il)) {
    return env.Undefined();
  }
  const Pool k{x + p[13], out, idx, p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8], p[9], p[10], p[11], p[12]};
  const int64_t outs = k.B * k.oh * k.ow;
  if (p[13] < 0 || p[13] + k.B * k.H * k.W > xl || ol < outs || il < outs || k.H * k.W > INT32_MAX) {
    throw_range(env, "maxPool2dF32: operand out of bounds");
    return env.Undefined();
  }
  static const bool avx512 = [] {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512vl");
  }();
  void (*fn)(const Pool&, int64_t, int64_t) = exact_has_avx2() ? (avx512 ? max_pool_avx512 : max_pool_avx2) : max_pool_generic;
  exact_parallel(k.B, outs * k.kh * k.kw, [&](int64_t b0, int64_t b1) { fn(k, b0, b1); });
  return env.Undefined();
}

// maxPool2dBackwardF32(gy, indices, out, [B, L, plane, gOff, iOff, oOff]): out[b, idx] += gy[b, l] in order.
Napi::Value MaxPool2dBackwardF32(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int64_t p[6];
  if (info.Length() < 4 || !int_params(info, 3, p, 6)) {
    if (!env.IsExceptionPending()) throw_type(env, "maxPool2dBackwardF32 expects 4 arguments");
    return env.Undefined();
  }
  float *gy, *out;
  int32_t* idx;
  int64_t gl, il, ol;
  if (!typed_arg(info, 0, napi_float32_array, &gy, &gl) || !typed_arg(info, 1, napi_int32_array, &idx, &il) ||
      !typed_arg(info, 2, napi_float32_array, &out, &ol)) {
    return env.Undefined();
  }
  const int64_t B = p[0], L = p[1], plane = p[2];
  if (B < 0 || L < 0 || plane < 0 || p[3] < 0 || p[4] < 0 || p[5] < 0 || p[3] + B * L > gl || p[4] + B * L > il || p[5] + B * plane > ol) {
    throw_range(env, "maxPool2dBackwardF32: operand out of bounds");
    return env.Undefined();
  }
  gy += p[3];
  idx += p[4];
  out += p[5];
  // Indices come from the forward, but a wrong one must not write outside its plane.
  for (int64_t e = 0; e < B * L; ++e) {
    if (idx[e] < 0 || idx[e] >= plane) {
      throw_range(env, "maxPool2dBackwardF32: index out of range");
      return env.Undefined();
    }
  }
  exact_parallel(B, B * L * 2, [&](int64_t b0, int64_t b1) {
    for (int64_t b = b0; b < b1; ++b) {
      const float* g = gy + b * L;
      const int32_t* ix = idx + b * L;
      float* o = out + b * plane;
      for (int64_t l = 0; l < L; ++l) o[ix[l]] = o[ix[l]] + g[l];
    }
  });
  return env.Undefined();
}

}  // namespace

void register_pool2d(Napi::Env env, Napi::Object exports) {
  exports.Set("maxPool2dF32", Napi::Function::New(env, MaxPool2dF32));
  exports.Set("maxPool2dBackwardF32", Napi::Function::New(env, MaxPool2dBackwardF32));
}

}  // namespace tl
