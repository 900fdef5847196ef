// float32 layer norm rows and their backward as torch 1.13's CPU kernel rounds them, bit for bit
// the js oracle (core's exact/layer-norm-f32.ts): per row a Welford mean/variance over 8 lanes in
// chunks of 16 vectors merged in a binary cascade, lanes merged last with the scalar tail; rstd
// = 1 / sqrt(var + eps), y = fma(fma(x, rstd, -rstd * mean), w, b). Backward: the row sums
// ds = sum(dy x w), db = sum(dy w) in 8 fma lanes folded 4-2-1, dx from them; dw, db summed
// over rows in order. Each loop is written once and compiled for AVX2+FMA and for any x86-64
// (no contraction: every rounding where the oracle has it). Rows (and columns of dw/db) split
// across the pool; each element is computed the same way on any split.
#include <napi.h>

#include "exact.h"
#include "exact_math.h"
#include "napi_args.h"

namespace tl {
namespace {

#define TL_INLINE static inline __attribute__((always_inline))
constexpr int kLanes = 8, kChunk = 16;

struct Moments {
  int64_t n = 0;
  float m1[kLanes] = {}, m2[kLanes] = {};
};

// AddMomentsVec: merges (n_add, m1_add, m2_add) into acc lane by lane, each product rounded.
TL_INLINE void add_moments(int64_t n_add, const float* m1a, const float* m2a, Moments& acc) {
  const int64_t n = acc.n + n_add;
  const float c = n == 0 ? 0.0f : static_cast<float>(n_add) / static_cast<float>(n);
  const float m0 = static_cast<float>(acc.n);
  for (int l = 0; l < kLanes; ++l) {
    const float delta = m1a[l] - acc.m1[l];
    acc.m1[l] = acc.m1[l] + c * delta;
    acc.m2[l] = acc.m2[l] + (m2a[l] + ((delta * delta) * c) * m0);
  }
  acc.n = n;
}

// RowwiseMoments of x[0, N): mean and biased variance.
TL_INLINE void row_moments(const float* x, int64_t N, float* mean, float* var) {
  static const float* inv = [] {
    static float t[kChunk];
    for (int i = 0; i < kChunk; ++i) t[i] = 1.0f / static_cast<float>(i + 1);
    return t;
  }();
  const int64_t nv = N / kLanes, chunks = (nv + kChunk - 1) / kChunk;
  int depth = 0;
  if (chunks > 1) while ((int64_t{1} << depth) < chunks) ++depth;
  Moments stk[64];
  for (int64_t i = 0; i < chunks; ++i) {
    const float* base = x + i * kChunk * kLanes;
    const int64_t m0 = std::min<int64_t>(kChunk, nv - i * kChunk);
    float m1v[kLanes] = {}, m2v[kLanes] = {};
    for (int64_t j = 0; j < m0; ++j) {
      for (int l = 0; l < kLanes; ++l) {
        const float xv = base[j * kLanes + l];
        const float delta = xv - m1v[l];
        m1v[l] = m1v[l] + delta * inv[j];
        m2v[l] = m2v[l] + delta * (xv - m1v[l]);
      }
    }
    add_moments(m0, m1v, m2v, stk[0]);
    int64_t mask = i + 1;
    for (int j = 1; j < depth && (mask & 1) == 0; ++j) {
      add_moments(stk[j - 1].n, stk[j - 1].m1, stk[j - 1].m2, stk[j]);
      stk[j - 1] = Moments();
      mask >>= 1;
    }
  }
  for (int i = 1; i < depth; ++i) add_moments(stk[i].n, stk[i].m1, stk[i].m2, stk[0]);
  // The scalar tail, then each lane merged in.
  int64_t m0 = 0;
  float m1 = 0.0f, m2 = 0.0f;
  for (int64_t i = nv * kLanes; i < N; ++i) {
    const float xv = x[i];
    const float delta = xv - m1;
    ++m0;
    m1 = m1 + delta / static_cast<float>(m0);
    m2 = m2 + delta * (xv - m1);
  }
  const Moments& s = stk[0];
  for (int l = 0; l < kLanes; ++l) {
    const int64_t n = m0 + nv;
    const float c = n == 0 ? 0.0f : static_cast<float>(nv) / static_cast<float>(n);
    const float delta = s.m1[l] - m1;
    m1 = m1 + c * delta;
    m2 = m2 + (s.m2[l] + ((delta * delta) * c) * static_cast<float>(m0));
    m0 = n;
  }
  *mean = m1;
  *var = m2 / static_cast<float>(N);
}

struct Fwd {
  const float *x, *w, *b;
  float *y, *mean, *rstd;
  int64_t N;
  float eps;
};

TL_INLINE void forward_rows(const Fwd& f, int64_t r0, int64_t r1) {
  const int64_t N = f.N;
  for (int64_t i = r0; i < r1; ++i) {
    const float* xr = f.x + i * N;
    float mu, v;
    row_moments(xr, N, &mu, &v);
    const float r = 1.0f / std::sqrt(v + f.eps);
    const float bias = -r * mu;
    if (f.mean) f.mean[i] = mu;
    if (f.rstd) f.rstd[i] = r;
    if (!f.y) continue;
    float* yr = f.y + i * N;
    for (int64_t j = 0; j < N; ++j) yr[j] = std::fmaf(std::fmaf(xr[j], r, bias), f.w ? f.w[j] : 1.0f, f.b ? f.b[j] : 0.0f);
  }
}

TL_EXACT_AVX2 void forward_avx2(const Fwd& f, int64_t r0, int64_t r1) { forward_rows(f, r0, r1); }
void forward_generic(const Fwd& f, int64_t r0, int64_t r1) { forward_rows(f, r0, r1); }

struct Bwd {
  const float *dy, *x, *mean, *rstd, *w;
  float *dx, *dw, *db;
  int64_t M, N;
};

// map{2,3}_reduce_all over one row: the product's last multiply fused into 8 running lanes, a
// partial last vector updating only its lanes, lanes folded 4-2-1; rows under 8 sum in order.
TL_INLINE float row_dot(const float* a, const float* b, const float* g, int64_t N) {
  const bool one = !b && !g;
  auto pq = [&](int64_t j, float* q) -> float {
    if (!b) {
      *q = g ? g[j] : 1.0f;
      return a[j];
    }
    if (!g) {
      *q = b[j];
      return a[j];
    }
    *q = g[j];
    return a[j] * b[j];
  };
  auto prod = [&](int64_t j) -> float {
    float q;
    const float p = pq(j, &q);
    return one ? p : p * q;
  };
  if (N < kLanes) {
    float s = prod(0);
    for (int64_t j = 1; j < N; ++j) s = s + prod(j);
    return s;
  }
  float acc[kLanes];
  for (int l = 0; l < kLanes; ++l) acc[l] = prod(l);
  for (int64_t d = kLanes; d < N; d += kLanes) {
    const int64_t k = std::min<int64_t>(kLanes, N - d);
    for (int64_t l = 0; l < k; ++l) {
      float q;
      const float p = pq(d + l, &q);
      acc[l] = one ? acc[l] + p : std::fmaf(p, q, acc[l]);
    }
  }
  for (int s : {4, 2, 1}) {
    float prev[kLanes];
    for (int l = 0; l < kLanes; ++l) prev[l] = acc[l];
    for (int l = 0; l < kLanes; ++l) acc[l] = prev[l] + prev[l ^ s];
  }
  return acc[0];
}

TL_INLINE void backward_dx(const Bwd& k, int64_t r0, int64_t r1) {
  const int64_t N = k.N;
  const float scale = 1.0f / static_cast<float>(N);
  for (int64_t i = r0; i < r1; ++i) {
    const float *dy = k.dy + i * N, *x = k.x + i * N;
    const float a = k.rstd[i], mu = k.mean[i];
    const float ds = row_dot(dy, x, k.w, N), db = row_dot(dy, nullptr, k.w, N);
    const float b = ((((std::fmaf(db, mu, -ds) * a) * a) * a) * scale);
    const float c = std::fmaf(-b, mu, -((db * a) * scale));
    float* dx = k.dx + i * N;
    for (int64_t j = 0; j < N; ++j) {
      const float ady = k.w ? (a * dy[j]) * k.w[j] : a * dy[j];
      dx[j] = std::fmaf(b, x[j], ady) + c;
    }
  }
}

// dw / db over columns [c0, c1): rows added in order, as the oracle's one thread does.
TL_INLINE void backward_dwdb(const Bwd& k, int64_t c0, int64_t c1) {
  const int64_t N = k.N;
  for (int64_t j = c0; j < c1; ++j) {
    if (k.dw) k.dw[j] = 0.0f;
    if (k.db) k.db[j] = 0.0f;
  }
  for (int64_t i = 0; i < k.M; ++i) {
    const float *dy = k.dy + i * N, *x = k.x + i * N;
    const float a = k.rstd[i], b = -a * k.mean[i];
    if (k.dw) for (int64_t j = c0; j < c1; ++j) k.dw[j] = std::fmaf(dy[j], std::fmaf(a, x[j], b), k.dw[j]);
    if (k.db) for (int64_t j = c0; j < c1; ++j) k.db[j] = k.db[j] + dy[j];
  }
}

TL_EXACT_AVX2 void dx_avx2(const Bwd& k, int64_t r0, int64_t r1) { backward_dx(k, r0, r1); }
void dx_generic(const Bwd& k, int64_t r0, int64_t r1) { backward_dx(k, r0, r1); }
TL_EXACT_AVX2 void dwdb_avx2(const Bwd& k, int64_t c0, int64_t c1) { backward_dwdb(k, c0, c1); }
void dwdb_generic(const Bwd& k, int64_t c0, int64_t c1) { backward_dwdb(k, c0, c1); }

// An optional float32 array argument: null, or n elements from `off` (checked).
bool opt_arg(const Napi::CallbackInfo& info, size_t i, int64_t off, int64_t n, float** p) {
  *p = nullptr;
  if (info[i].IsNull() || info[i].IsUndefined()) return true;
  int64_t len = 0;
  if (!typed_arg(info, i, napi_float32_array, p, &len)) return false;
  if (off < 0 || off + n > len) return throw_range(info.Env(), "layer norm: operand out of bounds");
  *p += off;
  return true;
}

// layerNormF32(x, w, b, y, mean, rstd, eps, [M, N, xOff, wOff, bOff]): w, b, y, mean, rstd may be
// null; y, mean, rstd are dense from 0.
Napi::Value LayerNormF32(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int64_t p[5];
  if (info.Length() < 8 || !info[6].IsNumber() || !int_params(info, 7, p, 5)) {
    if (!env.IsExceptionPending()) throw_type(env, "layerNormF32 expects (x, w, b, y, mean, rstd, eps, params)");
    return env.Undefined();
  }
  const int64_t M = p[0], N = p[1];
  float *x, *w, *b, *y, *mean, *rstd;
  if (M < 0 || N < 1 || !opt_arg(info, 0, p[2], M * N, &x) || !opt_arg(info, 1, p[3], N, &w) || !opt_arg(info, 2, p[4], N, &b) ||
      !opt_arg(info, 3, 0, M * N, &y) || !opt_arg(info, 4, 0, M, &mean) || !opt_arg(info, 5, 0, M, &rstd) || !x) {
    if (!env.IsExceptionPending()) throw_range(env, "layerNormF32: bad operands");
    return env.Undefined();
  }
  const Fwd f{x, w, b, y, mean, rstd, N, static_cast<float>(info[6].As<Napi::Number>().DoubleValue())};
  const bool avx2 = exact_has_avx2();
  exact_parallel(M, M * N * 4, [&](int64_t r0, int64_t r1) { (avx2 ? forward_avx2 : forward_generic)(f, r0, r1); });
  return env.Undefined();
}

// layerNormBackwardF32(dy, x, mean, rstd, w, dx, dw, db, [M, N, dyOff, xOff, meanOff, rstdOff, wOff]):
// w, dx, dw, db may be null; outputs dense from 0.
Napi::Value LayerNormBackwardF32(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int64_t p[7];
  if (info.Length() < 9 || !int_params(info, 8, p, 7)) {
    if (!env.IsExceptionPending()) throw_type(env, "layerNormBackwardF32 expects 9 arguments");
    return env.Undefined();
  }
  const int64_t M = p[0], N = p[1];
  float *dy, *x, *mean, *rstd, *w, *dx, *dw, *db;
  if (M < 0 || N < 1 || !opt_arg(info, 0, p[2], M * N, &dy) || !opt_arg(info, 1, p[3], M * N, &x) || !opt_arg(info, 2, p[4], M, &mean) ||
      !opt_arg(info, 3, p[5], M, &rstd) || !opt_arg(info, 4, p[6], N, &w) || !opt_arg(info, 5, 0, M * N, &dx) ||
      !opt_arg(info, 6, 0, N, &dw) || !opt_arg(info, 7, 0, N, &db) || !dy || !x || !mean || !rstd) {
    if (!env.IsExceptionPending()) throw_range(env, "layerNormBackwardF32: bad operands");
    return env.Undefined();
  }
  const Bwd k{dy, x, mean, rstd, w, dx, dw, db, M, N};
  const bool avx2 = exact_has_avx2();
  if (dx) exact_parallel(M, M * N * 6, [&](int64_t r0, int64_t r1) { (avx2 ? dx_avx2 : dx_generic)(k, r0, r1); });
  if (dw || db) {
    const int64_t blocks = (N + 63) / 64;
    exact_parallel(blocks, M * N * 3, [&](int64_t b0, int64_t b1) {
      (avx2 ? dwdb_avx2 : dwdb_generic)(k, b0 * 64, std::min(N, b1 * 64));
    });
  }
  return env.Undefined();
}

}  // namespace

void register_layer_norm(Napi::Env env, Napi::Object exports) {
  exports.Set("layerNormF32", Napi::Function::New(env, LayerNormF32));
  exports.Set("layerNormBackwardF32", Napi::Function::New(env, LayerNormBackwardF32));
}

}  // namespace tl
