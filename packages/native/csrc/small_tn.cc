// OpenBLAS 0.3.21's small-matrix TN sgemm (what torch 1.13 runs for a bare mm/bmm whose right
// operand is column-major, M*N <= 1200, K >= 32), replayed as the js kernel does
// (core's backend/js/matmul-small-tn.ts): each output sums k = l mod 16 in lane l with fmas from
// 0, masked lanes of the last block adding 0, then folds the 16 lanes (REDUCE_4, or
// _mm512_reduce_add_ps's halving for the last odd rows and columns). Operands are packed into
// zero-padded k-contiguous rows, so one 16-lane loop serves every stride.
#include <napi.h>

#include <vector>

#include "exact.h"
#include "exact_math.h"
#include "napi_args.h"

namespace tl {
namespace {

constexpr int kLanes = 16;

// Lanes 4g..4g+3 pairwise, then the four groups pairwise.
float reduce4(const float* l) {
  const float g0 = (l[0] + l[1]) + (l[2] + l[3]), g1 = (l[4] + l[5]) + (l[6] + l[7]);
  const float g2 = (l[8] + l[9]) + (l[10] + l[11]), g3 = (l[12] + l[13]) + (l[14] + l[15]);
  return (g0 + g1) + (g2 + g3);
}

// Halves 16 -> 8 -> 4, then (0 + 2) + (1 + 3).
float reduce_add(const float* l) {
  float t[8];
  for (int i = 0; i < 8; ++i) t[i] = l[i + 8] + l[i];
  for (int i = 0; i < 4; ++i) t[i] = t[i + 4] + t[i];
  return (t[0] + t[2]) + (t[1] + t[3]);
}

// lanes[l] = fma chain over a[k] * b[k] for k = l mod 16; kp is a multiple of 16 (zero-padded).
void lanes_generic(const float* a, const float* b, int64_t kp, float* lanes) {
  for (int l = 0; l < kLanes; ++l) lanes[l] = 0.0f;
  for (int64_t k = 0; k < kp; k += kLanes) {
    for (int l = 0; l < kLanes; ++l) lanes[l] = std::fmaf(a[k + l], b[k + l], lanes[l]);
  }
}

TL_EXACT_AVX2 void lanes_avx2(const float* a, const float* b, int64_t kp, float* lanes) {
  __m256 lo = _mm256_setzero_ps(), hi = _mm256_setzero_ps();
  for (int64_t k = 0; k < kp; k += kLanes) {
    lo = _mm256_fmadd_ps(_mm256_loadu_ps(a + k), _mm256_loadu_ps(b + k), lo);
    hi = _mm256_fmadd_ps(_mm256_loadu_ps(a + k + 8), _mm256_loadu_ps(b + k + 8), hi);
  }
  _mm256_storeu_ps(lanes, lo);
  _mm256_storeu_ps(lanes + 8, hi);
}

// Copies n elements at stride s into dst and zero-pads it to `padded`.
void pack(const float* src, int64_t s, int64_t n, int64_t padded, float* dst) {
  for (int64_t k = 0; k < n; ++k) dst[k] = src[k * s];
  for (int64_t k = n; k < padded; ++k) dst[k] = 0.0f;
}

struct SmallTn {
  const float *a, *b;
  int64_t sab, sam, sak, sbb, sbk, sbn, B, M, K, N;
  float* out;

  // Rows [r0, r1) of batch bi.
  void rows(int64_t bi, int64_t r0, int64_t r1) const {
    const int64_t kp = (K + kLanes - 1) / kLanes * kLanes;
    thread_local std::vector<float> abuf, bbuf;
    abuf.resize(kp);
    bbuf.resize(kp * N);
    for (int64_t j = 0; j < N; ++j) pack(b + bi * sbb + j * sbn, sbk, K, kp, bbuf.data() + j * kp);
    const bool avx2 = exact_has_avx2();
    // BLAS's i runs over our columns (m4 = N & ~3), its j over our rows (n4 = M & ~3).
    const int64_t m4 = N & ~int64_t{3}, n4 = M & ~int64_t{3};
    float lanes[kLanes];
    for (int64_t i = r0; i < r1; ++i) {
      pack(a + bi * sab + i * sam, sak, K, kp, abuf.data());
      float* o = out + (bi * M + i) * N;
      for (int64_t j = 0; j < N; ++j) {
        if (avx2) lanes_avx2(abuf.data(), bbuf.data() + j * kp, kp, lanes);
        else lanes_generic(abuf.data(), bbuf.data() + j * kp, kp, lanes);
        o[j] = j < m4 || i < n4 ? reduce4(lanes) : reduce_add(lanes);
      }
    }
  }
};

// smallTnF32(a, b, out, [aOff, sab, sam, sak, bOff, sbb, sbk, sbn, B, M, K, N]): out [B, M, N] dense.
Napi::Value SmallTnF32(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  float *a, *b, *out;
  int64_t alen, blen, olen, p[12];
  if (!typed_arg(info, 0, napi_float32_array, &a, &alen) || !typed_arg(info, 1, napi_float32_array, &b, &blen) ||
      !typed_arg(info, 2, napi_float32_array, &out, &olen) || !int_params(info, 3, p, 12)) {
    return env.Undefined();
  }
  const int64_t B = p[8], M = p[9], K = p[10], N = p[11];
  const int64_t adims[3] = {B, M, K}, bdims[3] = {B, K, N};
  if (B < 0 || M < 0 || K < 0 || N < 0 || !view_in_bounds(alen, p[0], adims, p + 1, 3) ||
      !view_in_bounds(blen, p[4], bdims, p + 5, 3) || olen < B * M * N) {
    throw_range(env, "smallTnF32: operand view out of bounds");
    return env.Undefined();
  }
  if (B == 0 || M == 0 || N == 0) return env.Undefined();
  const SmallTn job{a + p[0], b + p[4], p[1], p[2], p[3], p[5], p[6], p[7], B, M, K, N, out};
  // Items are (batch, block of rows); each item packs its batch's right operand once.
  const int64_t split = B >= 4 ? 1 : std::min<int64_t>(M, 4);
  exact_parallel(B * split, B * M * N * K / 2, [&](int64_t i0, int64_t i1) {
    for (int64_t it = i0; it < i1; ++it) {
      const int64_t bi = it / split, part = it % split;
      job.rows(bi, M * part / split, M * (part + 1) / split);
    }
  });
  return env.Undefined();
}

}  // namespace

void register_small_tn(Napi::Env env, Napi::Object exports) {
  exports.Set("smallTnF32", Napi::Function::New(env, SmallTnF32));
}

}  // namespace tl
