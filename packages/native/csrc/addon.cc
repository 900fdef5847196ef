// Node-API bindings. Kernels read and write the typed arrays' own memory (no copies); integer
// arguments come packed in one Float64Array so a call costs one buffer lookup, not a dozen.
#include <napi.h>

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <string>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include "elementwise.h"
#include "exact.h"
#include "gemm.h"
#include "napi_args.h"
#include "pool.h"

namespace tl {
void register_random(Napi::Env env, Napi::Object exports);  // csrc/random.cc
void register_conv(Napi::Env env, Napi::Object exports);    // csrc/conv.cc
void register_pool2d(Napi::Env env, Napi::Object exports);  // csrc/pool2d.cc
}

namespace {

using tl::int_params;
using tl::throw_range;
using tl::throw_type;
using tl::typed_arg;
using tl::view_in_bounds;

const tl::GemmKernel* gKernel = nullptr;

const tl::GemmKernel& active_kernel() {
  if (!gKernel) gKernel = tl::best_gemm_kernel();
  return *gKernel;
}

// sgemm(a, b, out, [aOff, sab, sam, sak, bOff, sbb, sbk, sbn, B, M, K, N], nthreads?)
Napi::Value Sgemm(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  float *a, *b, *out;
  int64_t alen, blen, olen, p[12];
  if (!typed_arg(info, 0, napi_float32_array, &a, &alen) || !typed_arg(info, 1, napi_float32_array, &b, &blen) ||
      !typed_arg(info, 2, napi_float32_array, &out, &olen) || !int_params(info, 3, p, 12)) {
    return env.Undefined();
  }
  const int64_t batch = p[8], M = p[9], K = p[10], N = p[11];
  const int64_t adims[3] = {batch, M, K}, bdims[3] = {batch, K, N};
  if (!view_in_bounds(alen, p[0], adims, p + 1, 3) || !view_in_bounds(blen, p[4], bdims, p + 5, 3)) {
    throw_range(env, "sgemm: operand view out of bounds");
    return env.Undefined();
  }
  if (batch < 0 || M < 0 || N < 0 || K < 0 || olen < batch * M * N) {
    throw_range(env, "sgemm: output too small");
    return env.Undefined();
  }
  int nthreads = tl::ThreadPool::instance().threads();
  if (info.Length() > 4 && info[4].IsNumber()) nthreads = info[4].As<Napi::Number>().Int32Value();
  if (!tl::sgemm_batched(active_kernel(), nthreads, batch, M, N, K, tl::Strided3{a + p[0], p[1], p[2], p[3]},
                         tl::Strided3{b + p[4], p[5], p[6], p[7]}, out)) {
    Napi::Error::New(env, "sgemm: out of memory for packing buffers").ThrowAsJavaScriptException();
  }
  return env.Undefined();
}

Napi::Value SetNumThreads(const Napi::CallbackInfo& info) {
  if (info.Length() < 1 || !info[0].IsNumber()) {
    throw_type(info.Env(), "setNumThreads expects a number");
    return info.Env().Undefined();
  }
  // The JS side checks and clamps first; never wrap (2^31 became 1) or clamp silently here.
  const double n = info[0].As<Napi::Number>().DoubleValue();
  if (!(n >= 1) || n != std::floor(n)) {
    Napi::Error::New(info.Env(), "set_num_threads expects a positive integer").ThrowAsJavaScriptException();
    return info.Env().Undefined();
  }
  tl::ThreadPool::instance().set_threads(n > 65536 ? 65536 : static_cast<int>(n));
  return info.Env().Undefined();
}

Napi::Value GetNumThreads(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), tl::ThreadPool::instance().threads());
}

// Names of the GEMM kernels this CPU can run, best first.
Napi::Value GemmKernels(const Napi::CallbackInfo& info) {
  int count = 0;
  const tl::GemmKernel* const* all = tl::gemm_kernels(&count);
  Napi::Array names = Napi::Array::New(info.Env());
  uint32_t k = 0;
  for (int i = 0; i < count; ++i) {
    if (all[i]->supported()) names.Set(k++, Napi::String::New(info.Env(), all[i]->name));
  }
  return names;
}

Napi::Value GemmKernelName(const Napi::CallbackInfo& info) {
  return Napi::String::New(info.Env(), active_kernel().name);
}

// Selects a kernel by name (tests and benchmarks); returns false if unknown or unsupported here.
Napi::Value SetGemmKernel(const Napi::CallbackInfo& info) {
  if (info.Length() < 1 || !info[0].IsString()) {
    throw_type(info.Env(), "setGemmKernel expects a string");
    return info.Env().Undefined();
  }
  const std::string want = info[0].As<Napi::String>().Utf8Value();
  int count = 0;
  const tl::GemmKernel* const* all = tl::gemm_kernels(&count);
  for (int i = 0; i < count; ++i) {
    if (want == all[i]->name && all[i]->supported()) {
      gKernel = all[i];
      return Napi::Boolean::New(info.Env(), true);
    }
  }
  return Napi::Boolean::New(info.Env(), false);
}

// setGemmBlocking(name, mc, kc, nc) -> [mc, kc, nc] in force, for tuning on a new CPU.
Napi::Value SetGemmBlocking(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 4 || !info[0].IsString() || !info[1].IsNumber() || !info[2].IsNumber() || !info[3].IsNumber()) {
    throw_type(env, "setGemmBlocking expects (name, mc, kc, nc)");
    return env.Undefined();
  }
  const std::string name = info[0].As<Napi::String>().Utf8Value();
  const bool ok = tl::set_gemm_blocking(name.c_str(), info[1].As<Napi::Number>().Int64Value(),
                                        info[2].As<Napi::Number>().Int64Value(), info[3].As<Napi::Number>().Int64Value());
  return Napi::Boolean::New(env, ok);
}

// setParallelGrain(elems, macs): forces thread splits on small work so tests cover them;
// setParallelGrain(0, -1) restores the measured thresholds.
Napi::Value SetParallelGrain(const Napi::CallbackInfo& info) {
  if (info.Length() < 2 || !info[0].IsNumber() || !info[1].IsNumber()) {
    throw_type(info.Env(), "setParallelGrain expects (elems, macs)");
    return info.Env().Undefined();
  }
  tl::set_elementwise_grain(info[0].As<Napi::Number>().Int64Value());
  tl::set_gemm_parallel_min(info[1].As<Napi::Number>().Int64Value());
  return info.Env().Undefined();
}

// glibc serves blocks above its mmap threshold (128 KB until a free raises it) with a fresh mmap and
// unmaps them on free, so every new large tensor (V8 callocs ArrayBuffers) page-faults all its
// pages in again: ~0.5 ms per 800 KB here, most of the MLP step at batch 16. Below 32 MB blocks
// now stay in the heap for reuse (what glibc's own dynamic threshold settles at after frees).
// TORCHLET_NATIVE_MALLOC=0 keeps glibc's defaults.
void tune_malloc() {
#if defined(__GLIBC__)
  const char* env = std::getenv("TORCHLET_NATIVE_MALLOC");
  if (env && std::strcmp(env, "0") == 0) return;
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  mallopt(M_TRIM_THRESHOLD, 64 << 20);
#endif
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  tune_malloc();
  exports.Set("sgemm", Napi::Function::New(env, Sgemm));
  exports.Set("setNumThreads", Napi::Function::New(env, SetNumThreads));
  exports.Set("getNumThreads", Napi::Function::New(env, GetNumThreads));
  exports.Set("gemmKernels", Napi::Function::New(env, GemmKernels));
  exports.Set("gemmKernel", Napi::Function::New(env, GemmKernelName));
  exports.Set("setGemmKernel", Napi::Function::New(env, SetGemmKernel));
  exports.Set("setGemmBlocking", Napi::Function::New(env, SetGemmBlocking));
  exports.Set("setParallelGrain", Napi::Function::New(env, SetParallelGrain));
  tl::register_elementwise(env, exports);
  tl::register_small_tn(env, exports);
  tl::register_softmax(env, exports);
  tl::register_fused(env, exports);
  tl::register_gelu_backward(env, exports);
  tl::register_layer_norm(env, exports);
  tl::register_copy(env, exports);
  tl::register_random(env, exports);
  tl::register_conv(env, exports);
  tl::register_pool2d(env, exports);
  return exports;
}

}  // namespace

NODE_API_MODULE(torchlet_native, Init)
