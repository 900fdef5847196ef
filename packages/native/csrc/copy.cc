// Strided float32 copies (Backend.copy without a cast): dst = src over any shape, both views
// read through their strides (0 for a broadcast source). Elements are copied in row-major
// order one at a time, as the js kernel does, except that rows dense on both sides move with
// memcpy (the host sends only views of different buffers, so the order cannot show).
#include <napi.h>

#include <cstring>

#include "exact.h"
#include "napi_args.h"

namespace tl {
namespace {

constexpr int kMaxDims = 8;

// copyF32(src, dst, [nd, srcOff, dstOff, shape x nd, srcStrides x nd, dstStrides x nd])
Napi::Value CopyF32(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  float *src, *dst;
  int64_t slen = 0, dlen = 0, head[1];
  if (!typed_arg(info, 0, napi_float32_array, &src, &slen) || !typed_arg(info, 1, napi_float32_array, &dst, &dlen) ||
      !int_params(info, 2, head, 1)) {
    return env.Undefined();
  }
  const int64_t nd = head[0];
  if (nd < 1 || nd > kMaxDims) {
    throw_range(env, "copyF32: 1 to 8 dims");
    return env.Undefined();
  }
  int64_t p[3 + 3 * kMaxDims];
  if (!int_params(info, 2, p, 3 + 3 * nd)) return env.Undefined();
  const int64_t *shape = p + 3, *ss = p + 3 + nd, *ds = p + 3 + 2 * nd;
  if (!view_in_bounds(slen, p[1], shape, ss, static_cast<int>(nd)) || !view_in_bounds(dlen, p[2], shape, ds, static_cast<int>(nd))) {
    throw_range(env, "copyF32: view out of bounds");
    return env.Undefined();
  }
  int64_t rows = 1;
  for (int64_t d = 0; d + 1 < nd; ++d) rows *= shape[d];
  const int64_t len = shape[nd - 1], sl = ss[nd - 1], dl = ds[nd - 1];
  if (rows == 0 || len == 0) return env.Undefined();
  int64_t idx[kMaxDims] = {};
  const float* s = src + p[1];
  float* o = dst + p[2];
  for (int64_t r = 0; r < rows; ++r) {
    if (sl == 1 && dl == 1) {
      std::memcpy(o, s, static_cast<size_t>(len) * sizeof(float));
    } else {
      for (int64_t j = 0; j < len; ++j) o[j * dl] = s[j * sl];
    }
    // Next row: bump the outer index like an odometer.
    for (int64_t d = nd - 2; d >= 0; --d) {
      s += ss[d];
      o += ds[d];
      if (++idx[d] < shape[d]) break;
      s -= ss[d] * shape[d];
      o -= ds[d] * shape[d];
      idx[d] = 0;
    }
  }
  return env.Undefined();
}

}  // namespace

void register_copy(Napi::Env env, Napi::Object exports) {
  exports.Set("copyF32", Napi::Function::New(env, CopyF32));
}

}  // namespace tl
