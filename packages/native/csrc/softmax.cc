// softmax / log_softmax over the last dim of float32 rows and their backward, in PyTorch 1.13's
// order as the js oracle replays it (core's backend/js/softmax.ts, K = 1 there): the max (NaN
// wins), e = SLEEF expf(x - max), the sum in 8 lanes folded as AVX2's horizontal add (a running
// sum below 8 items); log: (x - max) - SLEEF logf(sum), else e * (1 / sum). Backward: log
// g - exp(y) * sum(g) as one fma; else (g - sum(g * y)) * y with sum(g * y) in fma lanes.
// Rows are read through their strides (item c of row n at off + n*sN + c*sC); out is dense.
#include <napi.h>

#include <vector>

#include "exact.h"
#include "exact_math.h"
#include "napi_args.h"

namespace tl {
namespace {

using exact::sleef_expf;
using exact::sleef_logf;

// The 8 lanes' total: halves, pairs, neighbours (laneTotal).
float lane_total(float* l) {
  for (int i = 0; i < 4; ++i) l[i] = l[i] + l[i + 4];
  l[0] = l[0] + l[2];
  l[1] = l[1] + l[3];
  return l[0] + l[1];
}

// Sum of e[0..C) as reduce_all over 8-float vectors (reduceAll).
float reduce_all(const float* e, int64_t C) {
  if (C < 8) {
    float s = e[0];
    for (int64_t c = 1; c < C; ++c) s = s + e[c];
    return s;
  }
  float l[8];
  for (int i = 0; i < 8; ++i) l[i] = e[i];
  int64_t d = 8;
  for (; d + 8 <= C; d += 8) {
    for (int i = 0; i < 8; ++i) l[i] = l[i] + e[d + i];
  }
  for (int i = 0; d + i < C; ++i) l[i] = l[i] + e[d + i];
  return lane_total(l);
}

// sum(g * y) as map2_reduce_all: products, lanes accumulated with fma, then the tree (dotLanes).
float dot_lanes(const float* g, const float* y, int64_t C) {
  if (C < 8) {
    float s = g[0] * y[0];
    for (int64_t c = 1; c < C; ++c) s = s + g[c] * y[c];
    return s;
  }
  float l[8];
  for (int i = 0; i < 8; ++i) l[i] = g[i] * y[i];
  int64_t d = 8;
  for (; d + 8 <= C; d += 8) {
    for (int i = 0; i < 8; ++i) l[i] = std::fmaf(g[d + i], y[d + i], l[i]);
  }
  for (int i = 0; d + i < C; ++i) l[i] = std::fmaf(g[d + i], y[d + i], l[i]);
  return lane_total(l);
}

// e[c] = SLEEF expf(d[c]) (negated first when `neg`) over a buffer padded to a multiple of 8.
TL_EXACT_AVX2 void exp_avx2(const float* d, float* e, int64_t n, bool neg) {
  const __m256 flip = _mm256_set1_ps(neg ? -0.0f : 0.0f);
  for (int64_t c = 0; c < n; c += 8) _mm256_storeu_ps(e + c, exact::sleef_expf_v8(_mm256_xor_ps(_mm256_loadu_ps(d + c), flip)));
}

void exp_generic(const float* d, float* e, int64_t n, bool neg) {
  for (int64_t c = 0; c < n; ++c) e[c] = sleef_expf(neg ? -d[c] : d[c]);
}

void exp_row(const float* d, float* e, int64_t n, bool neg) {
  if (exact_has_avx2()) exp_avx2(d, e, (n + 7) & ~int64_t{7}, neg);
  else exp_generic(d, e, n, neg);
}

// Per-thread row buffers, padded to whole vectors.
struct Rows {
  std::vector<float> d, e, g;
};

Rows& scratch(int64_t C) {
  thread_local Rows rows;
  const size_t n = static_cast<size_t>((C + 7) & ~int64_t{7});
  if (rows.d.size() < n) {
    rows.d.resize(n);
    rows.e.resize(n);
    rows.g.resize(n);
  }
  return rows;
}

void softmax_row(const float* x, int64_t sC, int64_t C, bool log, float* out) {
  Rows& r = scratch(C);
  float max = x[0];
  for (int64_t c = 1; c < C; ++c) {
    const float v = x[c * sC];
    if (v > max || v != v) max = v;
    if (max != max) break;
  }
  float* d = r.d.data();
  float* e = r.e.data();
  for (int64_t c = 0; c < C; ++c) d[c] = x[c * sC] - max;
  exp_row(d, e, C, false);
  const float sum = reduce_all(e, C);
  if (log) {
    const float ls = sleef_logf(sum);
    for (int64_t c = 0; c < C; ++c) out[c] = d[c] - ls;
  } else {
    const float inv = 1.0f / sum;
    for (int64_t c = 0; c < C; ++c) out[c] = e[c] * inv;
  }
}

void softmax_backward_row(const float* g, int64_t gC, const float* y, int64_t yC, int64_t C, bool log, float* out) {
  Rows& r = scratch(C);
  float* gv = r.g.data();
  float* yv = r.d.data();
  for (int64_t c = 0; c < C; ++c) gv[c] = g[c * gC];
  for (int64_t c = 0; c < C; ++c) yv[c] = y[c * yC];
  if (log) {
    const float sum = reduce_all(gv, C);
    float* ey = r.e.data();
    exp_row(yv, ey, C, false);
    for (int64_t c = 0; c < C; ++c) out[c] = std::fmaf(-ey[c], sum, gv[c]);
  } else {
    const float sum = dot_lanes(gv, yv, C);
    for (int64_t c = 0; c < C; ++c) out[c] = (gv[c] - sum) * yv[c];
  }
}

// softmaxF32(x, out, [N, C, xOff, sN, sC], log)
Napi::Value SoftmaxF32(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  float *x, *out;
  int64_t xlen, olen, p[5];
  if (!typed_arg(info, 0, napi_float32_array, &x, &xlen) || !typed_arg(info, 1, napi_float32_array, &out, &olen) ||
      !int_params(info, 2, p, 5)) {
    return env.Undefined();
  }
  const int64_t N = p[0], C = p[1];
  const int64_t dims[2] = {N, C};
  if (N < 0 || C < 0 || !view_in_bounds(xlen, p[2], dims, p + 3, 2) || olen < N * C) {
    throw_range(env, "softmaxF32: view out of bounds");
    return env.Undefined();
  }
  if (N == 0 || C == 0) return env.Undefined();
  const bool log = info.Length() > 3 && info[3].ToBoolean().Value();
  const float* x0 = x + p[2];
  const int64_t sN = p[3], sC = p[4];
  exact_parallel(N, N * C * 8, [&](int64_t n0, int64_t n1) {
    for (int64_t n = n0; n < n1; ++n) softmax_row(x0 + n * sN, sC, C, log, out + n * C);
  });
  return env.Undefined();
}

// softmaxBackwardF32(g, y, out, [N, C, gOff, gsN, gsC, yOff, ysN, ysC], log)
Napi::Value SoftmaxBackwardF32(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  float *g, *y, *out;
  int64_t glen, ylen, olen, p[8];
  if (!typed_arg(info, 0, napi_float32_array, &g, &glen) || !typed_arg(info, 1, napi_float32_array, &y, &ylen) ||
      !typed_arg(info, 2, napi_float32_array, &out, &olen) || !int_params(info, 3, p, 8)) {
    return env.Undefined();
  }
  const int64_t N = p[0], C = p[1];
  const int64_t dims[2] = {N, C};
  if (N < 0 || C < 0 || !view_in_bounds(glen, p[2], dims, p + 3, 2) || !view_in_bounds(ylen, p[5], dims, p + 6, 2) ||
      olen < N * C) {
    throw_range(env, "softmaxBackwardF32: view out of bounds");
    return env.Undefined();
  }
  if (N == 0 || C == 0) return env.Undefined();
  const bool log = info.Length() > 4 && info[4].ToBoolean().Value();
  exact_parallel(N, N * C * 6, [&](int64_t n0, int64_t n1) {
    for (int64_t n = n0; n < n1; ++n) {
      softmax_backward_row(g + p[2] + n * p[3], p[4], y + p[5] + n * p[6], p[7], C, log, out + n * C);
    }
  });
  return env.Undefined();
}

// crossEntropyGradF32(logp, target, out, [N, C, lOff, sN, sC, tOff, tsN], ignoreIndex, gl): log_softmax's
// backward of nll's gradient (the js crossEntropyGrad for K = 1, no class weights, a reduced
// loss): out[n, c] = fma(-exp(logp[n, c]), gl, c == t ? gl : 0); rows whose target is
// ignoreIndex are left as they are (zeroed by the caller).
Napi::Value CrossEntropyGradF32(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  float *l, *out;
  int32_t* t;
  int64_t llen = 0, tlen = 0, olen = 0, p[7];
  if (!typed_arg(info, 0, napi_float32_array, &l, &llen) || !typed_arg(info, 1, napi_int32_array, &t, &tlen) ||
      !typed_arg(info, 2, napi_float32_array, &out, &olen) || !int_params(info, 3, p, 7) || !info[4].IsNumber() ||
      !info[5].IsNumber()) {
    if (!env.IsExceptionPending()) throw_type(env, "crossEntropyGradF32: bad arguments");
    return env.Undefined();
  }
  const int64_t N = p[0], C = p[1];
  const int64_t dims[2] = {N, C}, tdims[1] = {N};
  if (N < 0 || C < 0 || !view_in_bounds(llen, p[2], dims, p + 3, 2) || !view_in_bounds(tlen, p[5], tdims, p + 6, 1) ||
      olen < N * C) {
    throw_range(env, "crossEntropyGradF32: view out of bounds");
    return env.Undefined();
  }
  if (N == 0 || C == 0) return env.Undefined();
  const int64_t ignore = info[4].As<Napi::Number>().Int64Value();
  const float gl = info[5].As<Napi::Number>().FloatValue();
  exact_parallel(N, N * C * 4, [&](int64_t n0, int64_t n1) {
    Rows& r = scratch(C);
    for (int64_t n = n0; n < n1; ++n) {
      const int64_t target = t[p[5] + n * p[6]];
      if (target == ignore) continue;
      const float* row = l + p[2] + n * p[3];
      float* y = r.d.data();
      float* e = r.e.data();
      for (int64_t c = 0; c < C; ++c) y[c] = row[c * p[4]];
      exp_row(y, e, C, false);
      float* o = out + n * C;
      for (int64_t c = 0; c < C; ++c) o[c] = std::fmaf(-e[c], gl, c == target ? gl : 0.0f);
    }
  });
  return env.Undefined();
}

}  // namespace

void register_softmax(Napi::Env env, Napi::Object exports) {
  exports.Set("softmaxF32", Napi::Function::New(env, SoftmaxF32));
  exports.Set("softmaxBackwardF32", Napi::Function::New(env, SoftmaxBackwardF32));
  exports.Set("crossEntropyGradF32", Napi::Function::New(env, CrossEntropyGradF32));
}

}  // namespace tl
