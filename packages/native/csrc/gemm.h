// BLIS-style single-precision GEMM over strided operands: packed panels, a register-blocked
// micro-kernel per instruction set chosen at run time, and a persistent thread pool.
#pragma once
#include <cstdint>

namespace tl {

// C (mr x nr tile, row stride ldc) = [C +] A-panel (kc x mr) * B-panel (kc x nr).
using MicroKernel = void (*)(int64_t kc, const float* a, const float* b, float* c, int64_t ldc, bool accumulate);
// Packs an m x k block (element (i,j) at src[i*rs + j*cs]) into row panels of mr, zero-padded.
using PackFn = void (*)(int64_t m, int64_t k, const float* src, int64_t rs, int64_t cs, float* dst);

struct GemmKernel {
  const char* name;   // "avx512", "avx2", "generic", or a test layout
  int mr, nr;         // micro-tile
  int64_t mc, kc, nc; // cache blocking
  MicroKernel ukr;
  PackFn pack_a;      // panels of mr rows of A, k-major inside a panel
  PackFn pack_b;      // panels of nr columns of B (called on B transposed: rows = columns of B)
  bool (*supported)();
};

// Every kernel compiled in, best first; supported() tells which this CPU can run.
const GemmKernel* const* gemm_kernels(int* count);
const GemmKernel* best_gemm_kernel();
// Changes a kernel's cache blocking (benchmarks and tuning); mc and nc round down to mr and nr.
bool set_gemm_blocking(const char* name, int64_t mc, int64_t kc, int64_t nc);

// A strided batched operand: element (b, i, j) at p[b*sb + i*si + j*sj].
struct Strided3 {
  const float* p;
  int64_t sb, si, sj;
};

// Tests: the fewest multiply-adds that use more than one thread (-1 restores the defaults).
void set_gemm_parallel_min(int64_t macs);

// out[b] (contiguous M x N) = A[b] (M x K) * B[b] (K x N) for b in [0, batch). False if the
// packing buffers could not be allocated (out is then unchanged).
bool sgemm_batched(const GemmKernel& kern, int nthreads, int64_t batch, int64_t M, int64_t N, int64_t K,
                   Strided3 A, Strided3 B, float* out);

}  // namespace tl
