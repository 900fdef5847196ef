// Kernels that replay the js oracle's float32 rounding order bit for bit (PyTorch 1.13's CPU
// kernels): OpenBLAS's small TN product, softmax and its backward, the fused updates, gelu and its
// backward, layer norm and its backward.
#pragma once
#include <napi.h>

#include <algorithm>
#include <atomic>
#include <cstdint>

#include "elementwise.h"
#include "pool.h"

namespace tl {

void register_small_tn(Napi::Env env, Napi::Object exports);
void register_softmax(Napi::Env env, Napi::Object exports);
void register_fused(Napi::Env env, Napi::Object exports);
void register_gelu_backward(Napi::Env env, Napi::Object exports);
void register_layer_norm(Napi::Env env, Napi::Object exports);
// Strided float32 copies (csrc/copy.cc): no rounding at all, registered with the others.
void register_copy(Napi::Env env, Napi::Object exports);

// Tests: forces the scalar forms on a CPU that has AVX2 (setExactGeneric).
inline std::atomic<bool>& exact_force_generic() {
  static std::atomic<bool> forced{false};
  return forced;
}

// True when the AVX2+FMA forms run (the scalar forms give the same bits, slower).
inline bool exact_has_avx2() {
  static const bool yes = [] {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
  }();
  return yes && !exact_force_generic().load(std::memory_order_relaxed);
}

// Runs fn(i0, i1) over [0, n) items, split across the pool when `work` (elements touched) is
// large enough to repay a second thread. Every item is computed the same way on any split.
template <typename Fn>
void exact_parallel(int64_t n, int64_t work, const Fn& fn) {
  const int64_t per_thread = std::max<int64_t>(1, parallel_min_elems());
  const int nt = static_cast<int>(std::min<int64_t>({ThreadPool::instance().threads(), std::max<int64_t>(1, work / per_thread), n}));
  if (nt <= 1) {
    fn(int64_t{0}, n);
    return;
  }
  const int64_t chunks = std::min<int64_t>(n, 4 * nt);
  ThreadPool::instance().parallel_for(nt, chunks, [&](int64_t c, int) {
    const int64_t i0 = n * c / chunks, i1 = n * (c + 1) / chunks;
    if (i1 > i0) fn(i0, i1);
  });
}

}  // namespace tl
