// Float32 row sums in PyTorch's order (aten's cascade_sum, as the js kernel in core's
// backend/js/sum.ts replays it): 8-lane vectors, four interleaved accumulators per row, a
// 4-level cascade of partial sums, the scalar tail, then the lanes, every addition rounded to
// float. The bits match the js kernel and PyTorch for rows of 8 or more contiguous floats.
#include <napi.h>

#include <algorithm>
#include <cstdint>
#include <cstring>

#include "elementwise.h"
#include "napi_args.h"
#include "pool.h"

namespace tl {
namespace {

typedef float v8sf __attribute__((vector_size(32)));
constexpr int kLanes = 8;
constexpr int kLevels = 4;

static inline __attribute__((always_inline)) v8sf load8(const float* p) {
  v8sf v;
  std::memcpy(&v, p, sizeof(v));
  return v;
}

// utils::CeilLog2: 1 for x <= 2, else the bit length of x - 1.
static inline int ceil_log2(int64_t x) {
  return x <= 2 ? 1 : 64 - __builtin_clzll(static_cast<unsigned long long>(x - 1));
}

template <typename V>
static inline __attribute__((always_inline)) V load_item(const float* p);
template <>
inline __attribute__((always_inline)) v8sf load_item<v8sf>(const float* p) { return load8(p); }
template <>
inline __attribute__((always_inline)) float load_item<float>(const float* p) { return *p; }

// multi_row_sum with 4 rows of one item V (8 lanes, or one float): item i of row k at
// base + i*row_stride + k*col_stride.
template <typename V>
static inline __attribute__((always_inline)) void multi_row_sum4(const float* base, int64_t row_stride, int64_t col_stride,
                                                                  int64_t size, V res[4]) {
  const int level_power = std::max(4, ceil_log2(size) / kLevels);
  const int64_t level_step = int64_t{1} << level_power;
  const int64_t level_mask = level_step - 1;
  V acc[kLevels][4] = {};
  int64_t i = 0;
  while (i + level_step <= size) {
    for (int64_t j = 0; j < level_step; ++j, ++i) {
      const float* at = base + i * row_stride;
      for (int k = 0; k < 4; ++k) acc[0][k] += load_item<V>(at + k * col_stride);
    }
    for (int j = 1; j < kLevels; ++j) {
      for (int k = 0; k < 4; ++k) {
        acc[j][k] += acc[j - 1][k];
        acc[j - 1][k] = V{};
      }
      if ((i & (level_mask << (j * level_power))) != 0) break;
    }
  }
  for (; i < size; ++i) {
    const float* at = base + i * row_stride;
    for (int k = 0; k < 4; ++k) acc[0][k] += load_item<V>(at + k * col_stride);
  }
  for (int j = 1; j < kLevels; ++j) {
    for (int k = 0; k < 4; ++k) acc[0][k] += acc[j][k];
  }
  for (int k = 0; k < 4; ++k) res[k] = acc[0][k];
}

// row_sum: `size` items `stride` apart as four interleaved multi-row sums, the leftovers into
// the first, then the four added in order.
template <typename V>
static inline __attribute__((always_inline)) V strided_row_sum(const float* base, int64_t stride, int64_t size) {
  const int64_t quads = size / 4;
  V part[4];
  multi_row_sum4<V>(base, 4 * stride, stride, quads, part);
  for (int64_t i = quads * 4; i < size; ++i) part[0] += load_item<V>(base + i * stride);
  for (int k = 1; k < 4; ++k) part[0] += part[k];
  return part[0];
}

// Column sums of a contiguous [rows, cols] block (cascade_sum's contiguous outer reduction, cols
// >= 8), columns [c0, c1) with c0 a multiple of 32: groups of four 8-lane vectors, then single
// vectors, then single columns. Each output is added into the zero-filled output once.
static inline __attribute__((always_inline)) void column_sums(const float* x, int64_t rows, int64_t cols, int64_t c0,
                                                              int64_t c1, float* out) {
  int64_t j = c0;
  for (; j + 4 * kLanes <= c1; j += 4 * kLanes) {
    v8sf res[4];
    multi_row_sum4<v8sf>(x + j, cols, kLanes, rows, res);
    for (int k = 0; k < 4; ++k) {
      for (int l = 0; l < kLanes; ++l) out[j + k * kLanes + l] = 0.0f + res[k][l];
    }
  }
  for (; j + kLanes <= c1; j += kLanes) {
    const v8sf v = strided_row_sum<v8sf>(x + j, cols, rows);
    for (int l = 0; l < kLanes; ++l) out[j + l] = 0.0f + v[l];
  }
  for (; j < c1; ++j) out[j] = 0.0f + strided_row_sum<float>(x + j, cols, rows);
}

// One contiguous row of len >= 8 floats: row_sum over its 8-lane vectors, the tail, the lanes.
static inline __attribute__((always_inline)) float cascade_row(const float* row, int64_t len) {
  const int64_t vecs = len / kLanes;
  const int64_t quads = vecs / 4;
  v8sf part[4];
  multi_row_sum4<v8sf>(row, 4 * kLanes, kLanes, quads, part);
  for (int64_t i = quads * 4; i < vecs; ++i) part[0] += load8(row + i * kLanes);
  for (int k = 1; k < 4; ++k) part[0] += part[k];
  float acc = 0.0f;
  for (int64_t k = vecs * kLanes; k < len; ++k) acc += row[k];
  for (int l = 0; l < kLanes; ++l) acc += part[0][l];
  return 0.0f + acc;  // added into the zero-filled output, as PyTorch does
}

#define TL_SUM_ROWS(NAME, TARGET)                                                  \
  TARGET void NAME(const float* x, int64_t r0, int64_t r1, int64_t len, float* out) { \
    for (int64_t r = r0; r < r1; ++r) out[r] = cascade_row(x + r * len, len);    \
  }

TL_SUM_ROWS(sum_rows_avx512, __attribute__((target("avx512f,avx2,fma"))))
TL_SUM_ROWS(sum_rows_avx2, __attribute__((target("avx2,fma"))))
TL_SUM_ROWS(sum_rows_generic, )

using SumRowsFn = void (*)(const float*, int64_t, int64_t, int64_t, float*);

#define TL_SUM_COLS(NAME, TARGET)                                                                      \
  TARGET void NAME(const float* x, int64_t rows, int64_t cols, int64_t c0, int64_t c1, float* out) { \
    column_sums(x, rows, cols, c0, c1, out);                                                           \
  }

TL_SUM_COLS(sum_cols_avx512, __attribute__((target("avx512f,avx2,fma"))))
TL_SUM_COLS(sum_cols_avx2, __attribute__((target("avx2,fma"))))
TL_SUM_COLS(sum_cols_generic, )

using SumColsFn = void (*)(const float*, int64_t, int64_t, int64_t, int64_t, float*);

SumColsFn sum_cols_fn() {
  static const SumColsFn fn = [] {
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f")) return &sum_cols_avx512;
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return &sum_cols_avx2;
    return &sum_cols_generic;
  }();
  return fn;
}

SumRowsFn sum_rows_fn() {
  static const SumRowsFn fn = [] {
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f")) return &sum_rows_avx512;
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return &sum_rows_avx2;
    return &sum_rows_generic;
  }();
  return fn;
}

// sumRowsF32(x, out, [rows, len, xOff]): out[r] = sum of x[xOff + r*len, + len), len >= 8.
// Rows go to threads whole, so the bits never depend on the thread count.
Napi::Value SumRowsF32(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  float *x, *out;
  int64_t xlen, olen, p[3];
  if (!typed_arg(info, 0, napi_float32_array, &x, &xlen) || !typed_arg(info, 1, napi_float32_array, &out, &olen) ||
      !int_params(info, 2, p, 3)) {
    return env.Undefined();
  }
  const int64_t rows = p[0], len = p[1], xoff = p[2];
  if (rows <= 0) return env.Undefined();
  if (len < kLanes || xoff < 0 || xoff + rows * len > xlen || rows > olen) {
    throw_range(env, "sumRowsF32: bad operand layout");
    return env.Undefined();
  }
  const SumRowsFn fn = sum_rows_fn();
  x += xoff;
  ThreadPool& pool = ThreadPool::instance();
  const int64_t per_thread_rows = std::max<int64_t>(1, parallel_min_elems() / len);
  const int nt = static_cast<int>(std::min<int64_t>(pool.threads(), std::max<int64_t>(1, rows / per_thread_rows)));
  const int64_t chunks = nt == 1 ? 1 : std::min<int64_t>(rows, 4 * nt);
  pool.parallel_for(nt, chunks, [&](int64_t c, int) {
    fn(x, rows * c / chunks, rows * (c + 1) / chunks, len, out);
  });
  return env.Undefined();
}

// sumColsF32(x, out, [rows, cols, xOff]): out[c] = sum of column c of the contiguous [rows, cols]
// block at xOff (bias gradients), cols >= 8. Threads take whole groups of 32 columns, so the bits
// never depend on the thread count.
Napi::Value SumColsF32(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  float *x, *out;
  int64_t xlen, olen, p[3];
  if (!typed_arg(info, 0, napi_float32_array, &x, &xlen) || !typed_arg(info, 1, napi_float32_array, &out, &olen) ||
      !int_params(info, 2, p, 3)) {
    return env.Undefined();
  }
  const int64_t rows = p[0], cols = p[1], xoff = p[2];
  if (rows <= 0 || cols < kLanes || xoff < 0 || xoff + rows * cols > xlen || cols > olen) {
    throw_range(env, "sumColsF32: bad operand layout");
    return env.Undefined();
  }
  const SumColsFn fn = sum_cols_fn();
  x += xoff;
  ThreadPool& pool = ThreadPool::instance();
  const int64_t groups = (cols + 4 * kLanes - 1) / (4 * kLanes);
  const int64_t per_thread = std::max<int64_t>(1, parallel_min_elems() / (rows * 4 * kLanes));
  const int nt = static_cast<int>(std::min<int64_t>(pool.threads(), std::max<int64_t>(1, groups / per_thread)));
  pool.parallel_for(nt, nt, [&](int64_t c, int) {
    const int64_t c0 = groups * c / nt * 4 * kLanes;
    const int64_t c1 = std::min(cols, groups * (c + 1) / nt * 4 * kLanes);
    fn(x, rows, cols, c0, c1, out);
  });
  return env.Undefined();
}

}  // namespace

void register_sum(Napi::Env env, Napi::Object exports) {
  exports.Set("sumRowsF32", Napi::Function::New(env, SumRowsF32));
  exports.Set("sumColsF32", Napi::Function::New(env, SumColsF32));
}

}  // namespace tl
