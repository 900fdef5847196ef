// Float32 elementwise kernels for large contiguous arrays. Each loop body is written once as a
// template; target attributes compile it for AVX-512, AVX2 and baseline SSE, and the best one
// this CPU supports runs. Arithmetic matches the js kernels bit for bit: tensor-tensor ops are
// float32 operations (exactly what JS computes in double and rounds), scalar ops go via double.
#include "elementwise.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdint>

#include "napi_args.h"
#include "opcodes.h"
#include "pool.h"

namespace tl {
namespace {

// The ops with native kernels (op codes: opcodes.h, generated from the shared op lists). The
// host sends only these (src/kernels.ts); the tables' other slots stay empty.
#define TL_BINARY_KERNELS(X, NAME) X(NAME, kAdd) X(NAME, kSub) X(NAME, kMul) X(NAME, kDiv) X(NAME, kMaximum) X(NAME, kMinimum)
#define TL_UNARY_KERNELS(X, NAME) X(NAME, kNeg) X(NAME, kAbs) X(NAME, kRelu) X(NAME, kSqrt) X(NAME, kSquare) X(NAME, kClamp)

// Below this many elements per thread a second thread costs more than it saves (more when the
// workers sleep and must be woken, see ThreadPool::hot).
constexpr int64_t kParallelMinElemsHot = int64_t{1} << 16;
constexpr int64_t kParallelMinElemsCold = int64_t{1} << 18;

std::atomic<int64_t> gGrainOverride{0};  // tests: > 0 replaces the per-thread minimum

}  // namespace

int64_t parallel_min_elems() {
  const int64_t forced = gGrainOverride.load(std::memory_order_relaxed);
  if (forced > 0) return forced;
  return ThreadPool::instance().hot() ? kParallelMinElemsHot : kParallelMinElemsCold;
}

namespace {

template <typename T>
static inline __attribute__((always_inline)) T maximum(T u, T v) {
  return (u != u || v != v) ? (u != u ? u : v) : (u > v ? u : v);
}
template <typename T>
static inline __attribute__((always_inline)) T minimum(T u, T v) {
  return (u != u || v != v) ? (u != u ? u : v) : (u < v ? u : v);
}

template <int OP>
static inline __attribute__((always_inline)) void binary_loop(const float* __restrict a, const float* __restrict b,
                                                               float* __restrict o, int64_t n) {
  for (int64_t i = 0; i < n; ++i) {
    const float u = a[i], v = b[i];
    if (OP == kAdd) o[i] = u + v;
    if (OP == kSub) o[i] = u - v;
    if (OP == kMul) o[i] = u * v;
    if (OP == kDiv) o[i] = u / v;
    if (OP == kMaximum) o[i] = maximum(u, v);
    if (OP == kMinimum) o[i] = minimum(u, v);
  }
}

template <int OP>
static inline __attribute__((always_inline)) void scalar_loop(const float* __restrict a, double s,
                                                               float* __restrict o, int64_t n) {
  for (int64_t i = 0; i < n; ++i) {
    const double u = a[i];
    if (OP == kAdd) o[i] = static_cast<float>(u + s);
    if (OP == kSub) o[i] = static_cast<float>(u - s);
    if (OP == kMul) o[i] = static_cast<float>(u * s);
    if (OP == kDiv) o[i] = static_cast<float>(u / s);
    if (OP == kMaximum) o[i] = static_cast<float>(maximum(u, s));
    if (OP == kMinimum) o[i] = static_cast<float>(minimum(u, s));
  }
}

template <int OP>
static inline __attribute__((always_inline)) void unary_loop(const float* __restrict x, float* __restrict o,
                                                              int64_t n, float p0, float p1) {
  for (int64_t i = 0; i < n; ++i) {
    const float v = x[i];
    if (OP == kNeg) o[i] = -v;
    if (OP == kAbs) o[i] = std::fabs(v);
    if (OP == kRelu) o[i] = v > 0.0f ? v : (v != v ? v : 0.0f);
    if (OP == kSqrt) o[i] = std::sqrt(v);
    if (OP == kSquare) o[i] = v * v;
    if (OP == kClamp) o[i] = std::min(std::max(v, p0), p1);  // a NaN bound or input compares false, as in JS
  }
}

using BinaryFn = void (*)(const float*, const float*, float*, int64_t);
using ScalarFn = void (*)(const float*, double, float*, int64_t);
using UnaryFn = void (*)(const float*, float*, int64_t, float, float);

// Indexed by op code; null where the op has no native kernel.
struct ElementwiseTable {
  BinaryFn binary[kBinaryOpCount] = {};
  ScalarFn scalar[kBinaryOpCount] = {};
  UnaryFn unary[kUnaryOpCount] = {};
};

#define TL_EW_SET_BINARY(NAME, OP) \
  t.binary[OP] = NAME##_binary<OP>;  \
  t.scalar[OP] = NAME##_scalar<OP>;
#define TL_EW_SET_UNARY(NAME, OP) t.unary[OP] = NAME##_unary<OP>;

#define TL_EW_TABLE(NAME, TARGET)                                                                          \
  template <int OP>                                                                                       \
  TARGET void NAME##_binary(const float* a, const float* b, float* o, int64_t n) {                       \
    binary_loop<OP>(a, b, o, n);                                                                          \
  }                                                                                                       \
  template <int OP>                                                                                       \
  TARGET void NAME##_scalar(const float* a, double s, float* o, int64_t n) {                             \
    scalar_loop<OP>(a, s, o, n);                                                                          \
  }                                                                                                       \
  template <int OP>                                                                                       \
  TARGET void NAME##_unary(const float* x, float* o, int64_t n, float p0, float p1) {                    \
    unary_loop<OP>(x, o, n, p0, p1);                                                                      \
  }                                                                                                       \
  constexpr ElementwiseTable NAME##_make() {                                                              \
    ElementwiseTable t;                                                                                   \
    TL_BINARY_KERNELS(TL_EW_SET_BINARY, NAME)                                                             \
    TL_UNARY_KERNELS(TL_EW_SET_UNARY, NAME)                                                               \
    return t;                                                                                             \
  }                                                                                                       \
  constexpr ElementwiseTable NAME##_table = NAME##_make();

TL_EW_TABLE(avx512, __attribute__((target("avx512f,avx2,fma"))))
TL_EW_TABLE(avx2, __attribute__((target("avx2,fma"))))
TL_EW_TABLE(generic, )

const ElementwiseTable& table() {
  static const ElementwiseTable* t = [] {
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f")) return &avx512_table;
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return &avx2_table;
    return &generic_table;
  }();
  return *t;
}

int threads_for(int64_t n) {
  return static_cast<int>(std::min<int64_t>(ThreadPool::instance().threads(), std::max<int64_t>(1, n / parallel_min_elems())));
}

// Splits [0, n) into a few chunks per thread (multiples of `align` elements), run as fn(i0, i1).
template <typename Fn>
void parallel_range(int64_t n, int64_t align, const Fn& fn) {
  const int nt = threads_for(n);
  if (nt <= 1) {
    fn(int64_t{0}, n);
    return;
  }
  const int64_t blocks = (n + align - 1) / align;
  const int64_t chunks = std::min<int64_t>(blocks, 4 * nt);
  ThreadPool::instance().parallel_for(nt, chunks, [&](int64_t c, int) {
    const int64_t i0 = std::min(n, blocks * c / chunks * align), i1 = std::min(n, blocks * (c + 1) / chunks * align);
    if (i1 > i0) fn(i0, i1);
  });
}

// True when `op` (an op code) has a kernel in `fns` (count slots); else throws.
template <typename Fn>
bool valid_op(Napi::Env env, int64_t op, const Fn* fns, int64_t count) {
  return (op >= 0 && op < count && fns[op] != nullptr) || throw_range(env, "unknown elementwise op");
}

// binaryF32(op, a, b, out, [n, aOff, aPeriod, bOff, bPeriod]): operand index is i mod its period.
Napi::Value BinaryF32(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  float *a, *b, *out;
  int64_t alen, blen, olen, p[5];
  if (!info[0].IsNumber() || !typed_arg(info, 1, napi_float32_array, &a, &alen) ||
      !typed_arg(info, 2, napi_float32_array, &b, &blen) || !typed_arg(info, 3, napi_float32_array, &out, &olen) ||
      !int_params(info, 4, p, 5)) {
    return env.Undefined();
  }
  const int64_t op = info[0].As<Napi::Number>().Int64Value();
  const int64_t n = p[0], aoff = p[1], ap = p[2], boff = p[3], bp = p[4];
  if (!valid_op(env, op, table().binary, kBinaryOpCount)) return env.Undefined();
  if (n <= 0) return env.Undefined();
  const int64_t row = std::min(ap, bp);
  if (ap <= 0 || bp <= 0 || n % ap || n % bp || ap % row || bp % row || aoff < 0 || boff < 0 ||
      aoff + ap > alen || boff + bp > blen || n > olen) {
    throw_range(env, "binaryF32: bad operand layout");
    return env.Undefined();
  }
  const BinaryFn fn = table().binary[op];
  a += aoff;
  b += boff;
  parallel_range(n, row < n ? row : 64, [&](int64_t i0, int64_t i1) {
    for (int64_t i = i0; i < i1;) {
      const int64_t len = std::min(row - i % row, i1 - i);
      fn(a + i % ap, b + i % bp, out + i, len);
      i += len;
    }
  });
  return env.Undefined();
}

// binaryScalarF32(op, a, s, out, [n, aOff])
Napi::Value BinaryScalarF32(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  float *a, *out;
  int64_t alen, olen, p[2];
  if (!info[0].IsNumber() || !typed_arg(info, 1, napi_float32_array, &a, &alen) || !info[2].IsNumber() ||
      !typed_arg(info, 3, napi_float32_array, &out, &olen) || !int_params(info, 4, p, 2)) {
    return env.Undefined();
  }
  const int64_t op = info[0].As<Napi::Number>().Int64Value();
  const double s = info[2].As<Napi::Number>().DoubleValue();
  const int64_t n = p[0], aoff = p[1];
  if (!valid_op(env, op, table().binary, kBinaryOpCount)) return env.Undefined();
  if (n <= 0) return env.Undefined();
  if (aoff < 0 || aoff + n > alen || n > olen) {
    throw_range(env, "binaryScalarF32: bad operand layout");
    return env.Undefined();
  }
  const ScalarFn fn = table().scalar[op];
  a += aoff;
  parallel_range(n, 64, [&](int64_t i0, int64_t i1) { fn(a + i0, s, out + i0, i1 - i0); });
  return env.Undefined();
}

// unaryF32(op, x, out, [n, xOff], p0, p1)
Napi::Value UnaryF32(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  float *x, *out;
  int64_t xlen, olen, p[2];
  if (!info[0].IsNumber() || !typed_arg(info, 1, napi_float32_array, &x, &xlen) ||
      !typed_arg(info, 2, napi_float32_array, &out, &olen) || !int_params(info, 3, p, 2) || !info[4].IsNumber() ||
      !info[5].IsNumber()) {
    if (!env.IsExceptionPending()) throw_type(env, "unaryF32: bad arguments");
    return env.Undefined();
  }
  const int64_t op = info[0].As<Napi::Number>().Int64Value();
  const float p0 = info[4].As<Napi::Number>().FloatValue(), p1 = info[5].As<Napi::Number>().FloatValue();
  const int64_t n = p[0], xoff = p[1];
  if (!valid_op(env, op, table().unary, kUnaryOpCount)) return env.Undefined();
  if (n <= 0) return env.Undefined();
  if (xoff < 0 || xoff + n > xlen || n > olen) {
    throw_range(env, "unaryF32: bad operand layout");
    return env.Undefined();
  }
  const UnaryFn fn = table().unary[op];
  x += xoff;
  parallel_range(n, 64, [&](int64_t i0, int64_t i1) { fn(x + i0, out + i0, i1 - i0, p0, p1); });
  return env.Undefined();
}

}  // namespace

void set_elementwise_grain(int64_t elems) { gGrainOverride.store(elems, std::memory_order_relaxed); }

void register_elementwise(Napi::Env env, Napi::Object exports) {
  exports.Set("binaryF32", Napi::Function::New(env, BinaryF32));
  exports.Set("binaryScalarF32", Napi::Function::New(env, BinaryScalarF32));
  exports.Set("unaryF32", Napi::Function::New(env, UnaryF32));
  register_sum(env, exports);
  register_select(env, exports);
}

}  // namespace tl
