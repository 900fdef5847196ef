// Micro-kernels and packing routines, one copy per instruction set. The kernel body is a single
// template over GCC vector types; per-function target attributes make the compiler emit AVX-512,
// AVX2+FMA or baseline SSE code for it, and __builtin_cpu_supports picks one at run time.
#include <cstring>

#include "gemm.h"

namespace tl {
namespace {

typedef float v4sf __attribute__((vector_size(16)));
typedef float v8sf __attribute__((vector_size(32)));
typedef float v16sf __attribute__((vector_size(64)));

// MR rows x NV vectors of V: MR*NV accumulators stay in registers for the whole k loop.
template <int MR, int NV, typename V>
static inline __attribute__((always_inline)) void ukr_body(int64_t kc, const float* __restrict a,
                                                           const float* __restrict b, float* __restrict c,
                                                           int64_t ldc, bool accumulate) {
  constexpr int L = sizeof(V) / sizeof(float);
  constexpr int NR = NV * L;
  // A panel: scalar broadcasts only. B panel: NR floats per k, from a 64-byte aligned buffer.
  b = static_cast<const float*>(__builtin_assume_aligned(b, sizeof(V)));
  V acc[MR][NV];
#pragma GCC unroll 16
  for (int r = 0; r < MR; ++r)
#pragma GCC unroll 4
    for (int v = 0; v < NV; ++v) acc[r][v] = V{};
#pragma GCC unroll 4
  for (int64_t k = 0; k < kc; ++k) {
    V bv[NV];
#pragma GCC unroll 4
    for (int v = 0; v < NV; ++v) bv[v] = *reinterpret_cast<const V*>(b + v * L);
    __builtin_prefetch(b + 8 * NR);
#pragma GCC unroll 16
    for (int r = 0; r < MR; ++r) {
      const float ar = a[r];
#pragma GCC unroll 4
      for (int v = 0; v < NV; ++v) acc[r][v] += bv[v] * ar;
    }
    a += MR;
    b += NR;
  }
#pragma GCC unroll 16
  for (int r = 0; r < MR; ++r) {
#pragma GCC unroll 4
    for (int v = 0; v < NV; ++v) {
      float* dst = c + r * ldc + v * L;
      V out = acc[r][v];
      if (accumulate) {
        V old;
        std::memcpy(&old, dst, sizeof(V));
        out += old;
      }
      std::memcpy(dst, &out, sizeof(V));
    }
  }
}

// Panels of R rows of an m x k block, k-major inside a panel: dst[p][k][r] = src[(p*R + r)*rs + k*cs].
template <int R>
static inline __attribute__((always_inline)) void pack_body(int64_t m, int64_t k, const float* src, int64_t rs,
                                                            int64_t cs, float* dst) {
  for (int64_t i = 0; i < m; i += R) {
    const int64_t rows = m - i < R ? m - i : R;
    const float* s = src + i * rs;
    if (rows == R && rs == 1) {
      for (int64_t j = 0; j < k; ++j) std::memcpy(dst + j * R, s + j * cs, R * sizeof(float));
    } else if (rows == R && cs == 1) {
      for (int64_t j = 0; j < k; ++j) {
#pragma GCC unroll 32
        for (int r = 0; r < R; ++r) dst[j * R + r] = s[r * rs + j];
      }
    } else {
      for (int64_t j = 0; j < k; ++j) {
        for (int64_t r = 0; r < rows; ++r) dst[j * R + r] = s[r * rs + j * cs];
        for (int64_t r = rows; r < R; ++r) dst[j * R + r] = 0.0f;
      }
    }
    dst += R * k;
  }
}

#define TL_ISA_FUNCS(SUFFIX, TARGET, MR, NV, V, NR)                                                      \
  TARGET void ukr_##SUFFIX(int64_t kc, const float* a, const float* b, float* c, int64_t ldc, bool acc) { \
    ukr_body<MR, NV, V>(kc, a, b, c, ldc, acc);                                                          \
  }                                                                                                      \
  TARGET void pack_a_##SUFFIX(int64_t m, int64_t k, const float* s, int64_t rs, int64_t cs, float* d) {  \
    pack_body<MR>(m, k, s, rs, cs, d);                                                                   \
  }                                                                                                      \
  TARGET void pack_b_##SUFFIX(int64_t m, int64_t k, const float* s, int64_t rs, int64_t cs, float* d) {  \
    pack_body<NR>(m, k, s, rs, cs, d);                                                                   \
  }

#define TL_AVX512 __attribute__((target("avx512f,avx2,fma")))
#define TL_AVX2 __attribute__((target("avx2,fma")))
#define TL_BASE

TL_ISA_FUNCS(avx512, TL_AVX512, 8, 2, v16sf, 32)
TL_ISA_FUNCS(avx2, TL_AVX2, 6, 2, v8sf, 16)
TL_ISA_FUNCS(generic, TL_BASE, 4, 2, v4sf, 8)
// The AVX-512 tile layout (8x32) in baseline code: lets any CPU test that layout's blocking.
TL_ISA_FUNCS(layout8x32, TL_BASE, 8, 2, v16sf, 32)

bool has_avx512() {
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx512f");
}
bool has_avx2() {
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
}
bool always() { return true; }

GemmKernel kAvx512{"avx512", 8, 32, 128, 384, 2048, ukr_avx512, pack_a_avx512, pack_b_avx512, has_avx512};
GemmKernel kAvx2{"avx2", 6, 16, 144, 256, 4080, ukr_avx2, pack_a_avx2, pack_b_avx2, has_avx2};
GemmKernel kGeneric{"generic", 4, 8, 128, 256, 2048, ukr_generic, pack_a_generic, pack_b_generic, always};
GemmKernel kLayout8x32{"layout8x32", 8, 32, 128, 384, 2048, ukr_layout8x32, pack_a_layout8x32,
                             pack_b_layout8x32, always};
GemmKernel* const kAll[] = {&kAvx512, &kAvx2, &kGeneric, &kLayout8x32};

}  // namespace

const GemmKernel* const* gemm_kernels(int* count) {
  *count = static_cast<int>(sizeof(kAll) / sizeof(kAll[0]));
  return kAll;
}

bool set_gemm_blocking(const char* name, int64_t mc, int64_t kc, int64_t nc) {
  for (GemmKernel* k : kAll) {
    if (std::strcmp(k->name, name) != 0) continue;
    if (mc < k->mr || kc < 1 || nc < k->nr) return false;
    k->mc = mc / k->mr * k->mr;
    k->kc = kc;
    k->nc = nc / k->nr * k->nr;
    return true;
  }
  return false;
}

const GemmKernel* best_gemm_kernel() {
  if (has_avx512()) return &kAvx512;
  if (has_avx2()) return &kAvx2;
  return &kGeneric;
}

}  // namespace tl
