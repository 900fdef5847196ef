// Large float32 elementwise kernels and row sums, vectorised per instruction set and threaded.
#pragma once
#include <napi.h>

namespace tl {
void register_elementwise(Napi::Env env, Napi::Object exports);
}
