// The GEMM driver: jc (NC columns) -> pc (KC depth) -> ic (MC rows) -> jr -> ir micro-tiles, as in
// BLIS, with the KC x NC block of B and MC x KC blocks of A packed into per-thread buffers.
// Packing reads any strides, so transposed views need no copy. Threads take whole products
// (batches) or column / row slices of one, claimed dynamically: no barriers, so a thread the OS
// has descheduled never stalls the others, at the price of packing the shared operand per slice.
#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <vector>

#include "gemm.h"
#include "pool.h"

namespace tl {
namespace {

// Below this many multiply-adds a second thread costs more than it saves: about 64^3 while the
// workers still spin from the last region, about 128^3 when one must be woken from sleep (a
// futex wake measured at 20-40 us in this VM).
constexpr int64_t kParallelMinMacsHot = int64_t{1} << 18;
constexpr int64_t kParallelMinMacsCold = int64_t{1} << 21;
std::atomic<int64_t> gMinMacsOverride{-1};  // tests: >= 0 replaces both

class AlignedBuffer {
 public:
  AlignedBuffer() = default;
  AlignedBuffer(const AlignedBuffer&) = delete;
  AlignedBuffer& operator=(const AlignedBuffer&) = delete;
  AlignedBuffer(AlignedBuffer&& o) noexcept : p_(o.p_), cap_(o.cap_) { o.p_ = nullptr; o.cap_ = 0; }
  ~AlignedBuffer() { std::free(p_); }
  float* get(size_t n) {
    if (n > cap_) {
      std::free(p_);
      const size_t bytes = (n * sizeof(float) + 63) & ~size_t{63};
      p_ = static_cast<float*>(std::aligned_alloc(64, bytes));
      cap_ = p_ ? n : 0;
    }
    return p_;
  }

 private:
  float* p_ = nullptr;
  size_t cap_ = 0;
};

// Per-thread packing buffers, reused across calls; one GEMM runs at a time (gBuffersMu).
std::mutex gBuffersMu;
std::vector<AlignedBuffer> gApack, gBpack;

struct Mat {  // a 2-D strided operand
  const float* p;
  int64_t rs, cs;
};

struct Problem {
  int64_t M, N, K;
  Mat a, b;
  float* c;
  int64_t ldc;
};

inline int64_t ceil_div(int64_t a, int64_t b) { return (a + b - 1) / b; }

// Multiplies the packed A block (mc x kc) by every packed B panel (kc x nr) of an nc-wide block.
void macro_kernel(const GemmKernel& kn, const Problem& pb, int64_t ic, int64_t mc, int64_t jc, int64_t nc,
                  int64_t kc, const float* ap, const float* bp, bool accumulate) {
  alignas(64) float edge[32 * 32];
  const int64_t mr = kn.mr, nr = kn.nr;
  for (int64_t j = 0; j < nc; j += nr) {
    const int64_t n = std::min(nr, nc - j);
    const float* bpanel = bp + j * kc;
    for (int64_t ir = 0; ir < mc; ir += mr) {
      const int64_t m = std::min(mr, mc - ir);
      float* c = pb.c + (ic + ir) * pb.ldc + jc + j;
      if (m == mr && n == nr) {
        kn.ukr(kc, ap + ir * kc, bpanel, c, pb.ldc, accumulate);
        continue;
      }
      kn.ukr(kc, ap + ir * kc, bpanel, edge, nr, false);
      for (int64_t r = 0; r < m; ++r) {
        float* crow = c + r * pb.ldc;
        const float* erow = edge + r * nr;
        if (accumulate) {
          for (int64_t q = 0; q < n; ++q) crow[q] += erow[q];
        } else {
          std::memcpy(crow, erow, n * sizeof(float));
        }
      }
    }
  }
}

// One product on one thread with its own packing buffers.
void gemm_serial(const GemmKernel& kn, const Problem& pb, float* ap, float* bp) {
  const int64_t nkb = ceil_div(pb.K, kn.kc);
  const int64_t kc_even = ceil_div(pb.K, nkb);  // equal depth blocks, none of them a sliver
  for (int64_t jc = 0; jc < pb.N; jc += kn.nc) {
    const int64_t nc = std::min(kn.nc, pb.N - jc);
    for (int64_t pc = 0; pc < pb.K; pc += kc_even) {
      const int64_t kc = std::min(kc_even, pb.K - pc);
      kn.pack_b(nc, kc, pb.b.p + pc * pb.b.rs + jc * pb.b.cs, pb.b.cs, pb.b.rs, bp);
      for (int64_t ic = 0; ic < pb.M; ic += kn.mc) {
        const int64_t mc = std::min(kn.mc, pb.M - ic);
        kn.pack_a(mc, kc, pb.a.p + ic * pb.a.rs + pc * pb.a.cs, pb.a.rs, pb.a.cs, ap);
        macro_kernel(kn, pb, ic, mc, jc, nc, kc, ap, bp, pc > 0);
      }
    }
  }
}

// Rows [lo, hi) (split_rows) or columns [lo, hi) of a product, as a product of its own.
Problem slice(const Problem& pb, bool split_rows, int64_t lo, int64_t hi) {
  Problem s = pb;
  if (split_rows) {
    s.M = hi - lo;
    s.a.p += lo * pb.a.rs;
    s.c += lo * pb.ldc;
  } else {
    s.N = hi - lo;
    s.b.p += lo * pb.b.cs;
    s.c += lo;
  }
  return s;
}

void zero_fill(float* out, int64_t n) { std::memset(out, 0, static_cast<size_t>(n) * sizeof(float)); }

}  // namespace

void set_gemm_parallel_min(int64_t macs) { gMinMacsOverride.store(macs, std::memory_order_relaxed); }

bool sgemm_batched(const GemmKernel& kn, int nthreads, int64_t batch, int64_t M, int64_t N, int64_t K,
                   Strided3 A, Strided3 B, float* out) {
  if (batch <= 0 || M <= 0 || N <= 0) return true;
  if (K <= 0) {
    zero_fill(out, batch * M * N);
    return true;
  }
  ThreadPool& pool = ThreadPool::instance();
  int nt = std::max(1, std::min<int>(nthreads, pool.threads()));
  const int64_t forced = gMinMacsOverride.load(std::memory_order_relaxed);
  const int64_t min_macs = forced >= 0 ? forced : pool.hot() ? kParallelMinMacsHot : kParallelMinMacsCold;
  if (batch * M * N * K < min_macs) nt = 1;

  // Slices per product: none when the batches share out evenly, else nt slices of the larger of
  // M and N (the other operand is then packed once per slice).
  const bool split_rows = ceil_div(M, kn.mr) > ceil_div(N, kn.nr);
  const int64_t unit = split_rows ? kn.mr : kn.nr;
  const int64_t tiles = ceil_div(split_rows ? M : N, unit);
  const int64_t slices = nt == 1 || batch % nt == 0 || batch >= 4 * nt ? 1 : std::min<int64_t>(nt, tiles);

  std::lock_guard<std::mutex> lock(gBuffersMu);
  if (static_cast<int>(gApack.size()) < nt) {
    gApack.resize(nt);
    gBpack.resize(nt);
  }
  const size_t asize = static_cast<size_t>(kn.mc) * kn.kc;
  const size_t bsize = static_cast<size_t>(kn.kc) * (ceil_div(std::min(N, kn.nc), kn.nr) * kn.nr);
  for (int t = 0; t < nt; ++t) {
    if (!gApack[t].get(asize) || !gBpack[t].get(bsize)) return false;
  }
  pool.parallel_for(nt, batch * slices, [&](int64_t chunk, int tid) {
    const int64_t bi = chunk / slices, si = chunk % slices;
    Problem pb{M, N, K, Mat{A.p + bi * A.sb, A.si, A.sj}, Mat{B.p + bi * B.sb, B.si, B.sj}, out + bi * M * N, N};
    if (slices > 1) {
      const int64_t total = split_rows ? M : N;
      pb = slice(pb, split_rows, std::min(total, tiles * si / slices * unit), std::min(total, tiles * (si + 1) / slices * unit));
    }
    if (pb.M > 0 && pb.N > 0) gemm_serial(kn, pb, gApack[tid].get(0), gBpack[tid].get(0));
  });
  return true;
}

}  // namespace tl
