// Argument readers shared by the bindings: typed arrays in place, integers packed in a Float64Array.
#pragma once
#include <napi.h>

#include <cmath>
#include <cstdint>
#include <string>

namespace tl {

inline bool throw_type(Napi::Env env, const char* msg) {
  Napi::TypeError::New(env, msg).ThrowAsJavaScriptException();
  return false;
}

inline bool throw_range(Napi::Env env, const std::string& msg) {
  Napi::RangeError::New(env, msg).ThrowAsJavaScriptException();
  return false;
}

// The typed array at info[i], which must have element type `type`; data already includes byteOffset.
template <typename T>
bool typed_arg(const Napi::CallbackInfo& info, size_t i, napi_typedarray_type type, T** data, int64_t* length) {
  if (i >= info.Length() || !info[i].IsTypedArray()) return throw_type(info.Env(), "expected a typed array argument");
  napi_typedarray_type t;
  size_t len;
  void* data_ptr;
  napi_value ab;
  size_t byte_offset;
  if (napi_get_typedarray_info(info.Env(), info[i], &t, &len, &data_ptr, &ab, &byte_offset) != napi_ok) {
    return throw_type(info.Env(), "cannot read typed array");
  }
  if (t != type) return throw_type(info.Env(), "typed array of the wrong element type");
  *data = static_cast<T*>(data_ptr);
  *length = static_cast<int64_t>(len);
  return true;
}

// Reads n integral parameters from the Float64Array at info[i].
inline bool int_params(const Napi::CallbackInfo& info, size_t i, int64_t* out, int64_t n) {
  double* p = nullptr;
  int64_t len = 0;
  if (!typed_arg(info, i, napi_float64_array, &p, &len)) return false;
  if (len < n) return throw_range(info.Env(), "parameter array too short");
  for (int64_t k = 0; k < n; ++k) {
    const double v = p[k];
    if (!(std::fabs(v) <= 9007199254740992.0) || v != std::floor(v)) {
      return throw_range(info.Env(), "non-integral parameter");
    }
    out[k] = static_cast<int64_t>(v);
  }
  return true;
}

// True when every element a strided view of `dims` touches lies inside [0, len).
inline bool view_in_bounds(int64_t len, int64_t offset, const int64_t* dims, const int64_t* strides, int nd) {
  int64_t lo = offset, hi = offset;
  for (int d = 0; d < nd; ++d) {
    if (dims[d] < 0) return false;
    if (dims[d] == 0) return true;
    const int64_t span = (dims[d] - 1) * strides[d];
    (span < 0 ? lo : hi) += span;
  }
  return lo >= 0 && hi < len;
}

}  // namespace tl
