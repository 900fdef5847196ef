// Comparisons with a scalar into bool (uint8 0/1) and where(cond, a, b) for float32: relu's
// backward is where(out <= 0, 0, g), two passes that otherwise go through the js/wasm kernels
// with a WebAssembly copy of every operand. Comparisons are done in double, as JS compares a
// float32 element with a number; where copies the chosen element.
#include <napi.h>

#include <algorithm>
#include <cstdint>

#include "elementwise.h"
#include "napi_args.h"
#include "opcodes.h"
#include "pool.h"

namespace tl {
namespace {

template <int OP>
static inline __attribute__((always_inline)) void compare_loop(const float* __restrict x, double s,
                                                                uint8_t* __restrict o, int64_t n) {
  for (int64_t i = 0; i < n; ++i) {
    const double v = x[i];
    if (OP == kEq) o[i] = v == s;
    if (OP == kNe) o[i] = v != s;
    if (OP == kLt) o[i] = v < s;
    if (OP == kLe) o[i] = v <= s;
    if (OP == kGt) o[i] = v > s;
    if (OP == kGe) o[i] = v >= s;
  }
}

// out[i] = cond[i] ? a[i mod pa] : b[i mod pb] over [i0, i1); periods are 1 (one value) or n.
static inline __attribute__((always_inline)) void where_loop(const uint8_t* __restrict c, const float* __restrict a,
                                                              int64_t pa, const float* __restrict b, int64_t pb,
                                                              float* __restrict o, int64_t i0, int64_t i1) {
  // Both sides are read unconditionally (a select, not a branch), so the loops vectorize: a
  // conditional read of b[i] kept GCC from vectorizing the one-value forms (6x slower).
  const float a0 = a[0], b0 = b[0];
  if (pa == 1 && pb == 1) {
    for (int64_t i = i0; i < i1; ++i) o[i] = c[i] ? a0 : b0;
  } else if (pa == 1) {
    for (int64_t i = i0; i < i1; ++i) {
      const float bv = b[i];
      o[i] = c[i] ? a0 : bv;
    }
  } else if (pb == 1) {
    for (int64_t i = i0; i < i1; ++i) {
      const float av = a[i];
      o[i] = c[i] ? av : b0;
    }
  } else {
    for (int64_t i = i0; i < i1; ++i) {
      const float av = a[i], bv = b[i];
      o[i] = c[i] ? av : bv;
    }
  }
}

using CompareFn = void (*)(const float*, double, uint8_t*, int64_t);
using WhereFn = void (*)(const uint8_t*, const float*, int64_t, const float*, int64_t, float*, int64_t, int64_t);

#define TL_SELECT_KERNELS(NAME, TARGET)                                                                   \
  template <int OP>                                                                                      \
  TARGET void NAME##_compare(const float* x, double s, uint8_t* o, int64_t n) {                          \
    compare_loop<OP>(x, s, o, n);                                                                        \
  }                                                                                                      \
  TARGET void NAME##_where(const uint8_t* c, const float* a, int64_t pa, const float* b, int64_t pb, float* o, \
                           int64_t i0, int64_t i1) {                                                     \
    where_loop(c, a, pa, b, pb, o, i0, i1);                                                              \
  }                                                                                                      \
  CompareFn NAME##_compare_fn(int64_t op) {                                                              \
    switch (op) {                                                                                        \
      case kEq: return NAME##_compare<kEq>;                                                              \
      case kNe: return NAME##_compare<kNe>;                                                              \
      case kLt: return NAME##_compare<kLt>;                                                              \
      case kLe: return NAME##_compare<kLe>;                                                              \
      case kGt: return NAME##_compare<kGt>;                                                              \
      case kGe: return NAME##_compare<kGe>;                                                              \
      default: return nullptr;                                                                           \
    }                                                                                                    \
  }

TL_SELECT_KERNELS(avx512, __attribute__((target("avx512f,avx512bw,avx2,fma"))))
TL_SELECT_KERNELS(avx2, __attribute__((target("avx2,fma"))))
TL_SELECT_KERNELS(generic, )

enum class Isa { kAvx512, kAvx2, kGeneric };

Isa isa() {
  static const Isa best = [] {
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw")) return Isa::kAvx512;
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return Isa::kAvx2;
    return Isa::kGeneric;
  }();
  return best;
}

// Runs fn(i0, i1) over [0, n) in chunks of whole 64-element blocks, threaded above the grain.
template <typename Fn>
void split(int64_t n, const Fn& fn) {
  ThreadPool& pool = ThreadPool::instance();
  const int nt = static_cast<int>(std::min<int64_t>(pool.threads(), std::max<int64_t>(1, n / parallel_min_elems())));
  if (nt <= 1) {
    fn(int64_t{0}, n);
    return;
  }
  const int64_t blocks = (n + 63) / 64, chunks = std::min<int64_t>(blocks, 4 * nt);
  pool.parallel_for(nt, chunks, [&](int64_t c, int) {
    const int64_t i0 = std::min(n, blocks * c / chunks * 64), i1 = std::min(n, blocks * (c + 1) / chunks * 64);
    if (i1 > i0) fn(i0, i1);
  });
}

// compareScalarF32(op, x, s, out, [n, xOff]): out[i] = x[xOff + i] op s as 0/1 (op: eq..ge codes).
Napi::Value CompareScalarF32(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  float* x;
  uint8_t* out;
  int64_t xlen, olen, p[2];
  if (!info[0].IsNumber() || !typed_arg(info, 1, napi_float32_array, &x, &xlen) || !info[2].IsNumber() ||
      !typed_arg(info, 3, napi_uint8_array, &out, &olen) || !int_params(info, 4, p, 2)) {
    if (!env.IsExceptionPending()) throw_type(env, "compareScalarF32: bad arguments");
    return env.Undefined();
  }
  const int64_t op = info[0].As<Napi::Number>().Int64Value();
  const double s = info[2].As<Napi::Number>().DoubleValue();
  const int64_t n = p[0], xoff = p[1];
  const CompareFn fn = isa() == Isa::kAvx512 ? avx512_compare_fn(op) : isa() == Isa::kAvx2 ? avx2_compare_fn(op) : generic_compare_fn(op);
  if (!fn) {
    throw_range(env, "compareScalarF32: unknown op");
    return env.Undefined();
  }
  if (n <= 0) return env.Undefined();
  if (xoff < 0 || xoff + n > xlen || n > olen) {
    throw_range(env, "compareScalarF32: bad operand layout");
    return env.Undefined();
  }
  x += xoff;
  split(n, [&](int64_t i0, int64_t i1) { fn(x + i0, s, out + i0, i1 - i0); });
  return env.Undefined();
}

// whereF32(cond, a, b, out, [n, cOff, aOff, aPeriod, bOff, bPeriod]): out[i] = cond[cOff + i] ?
// a[aOff + i mod aPeriod] : b[...], each period 1 (one value) or n (dense).
Napi::Value WhereF32(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  uint8_t* c;
  float *a, *b, *out;
  int64_t clen, alen, blen, olen, p[6];
  if (!typed_arg(info, 0, napi_uint8_array, &c, &clen) || !typed_arg(info, 1, napi_float32_array, &a, &alen) ||
      !typed_arg(info, 2, napi_float32_array, &b, &blen) || !typed_arg(info, 3, napi_float32_array, &out, &olen) ||
      !int_params(info, 4, p, 6)) {
    if (!env.IsExceptionPending()) throw_type(env, "whereF32: bad arguments");
    return env.Undefined();
  }
  const int64_t n = p[0], coff = p[1], aoff = p[2], pa = p[3], boff = p[4], pb = p[5];
  if (n <= 0) return env.Undefined();
  if ((pa != 1 && pa != n) || (pb != 1 && pb != n) || coff < 0 || aoff < 0 || boff < 0 || coff + n > clen ||
      aoff + pa > alen || boff + pb > blen || n > olen) {
    throw_range(env, "whereF32: bad operand layout");
    return env.Undefined();
  }
  const WhereFn fn = isa() == Isa::kAvx512 ? avx512_where : isa() == Isa::kAvx2 ? avx2_where : generic_where;
  c += coff;
  a += aoff;
  b += boff;
  split(n, [&](int64_t i0, int64_t i1) { fn(c, a, pa, b, pb, out, i0, i1); });
  return env.Undefined();
}

}  // namespace

void register_select(Napi::Env env, Napi::Object exports) {
  exports.Set("compareScalarF32", Napi::Function::New(env, CompareScalarF32));
  exports.Set("whereF32", Napi::Function::New(env, WhereF32));
}

}  // namespace tl
