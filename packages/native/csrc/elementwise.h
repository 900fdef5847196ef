// Large float32 elementwise kernels and row sums, vectorised per instruction set and threaded.
#pragma once
#include <napi.h>

namespace tl {
void register_elementwise(Napi::Env env, Napi::Object exports);
// Tests: the minimum elements per thread (0 restores the measured defaults).
void set_elementwise_grain(int64_t elems);
}
