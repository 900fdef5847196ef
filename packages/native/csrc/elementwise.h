// Large float32 elementwise kernels and row sums, vectorised per instruction set and threaded.
#pragma once
#include <napi.h>

#include <cstdint>

namespace tl {
void register_elementwise(Napi::Env env, Napi::Object exports);
// Tests: the minimum elements per thread (0 restores the measured defaults).
void set_elementwise_grain(int64_t elems);
// The minimum elements per thread now (the override, or a default by whether workers spin).
int64_t parallel_min_elems();
// sumRowsF32, sumColsF32 (csrc/sum.cc).
void register_sum(Napi::Env env, Napi::Object exports);
// compareScalarF32, whereF32 (csrc/select.cc).
void register_select(Napi::Env env, Napi::Object exports);
}
