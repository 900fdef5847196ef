// The GEMM driver: jc (NC columns) -> pc (KC depth) -> ic (MC rows) -> jr -> ir micro-tiles, as in
// BLIS. B's KC x NC panel is packed once per (jc, pc) and shared by the threads; each thread packs
// its own MC x KC blocks of A. Packing reads any strides, so transposed views need no copy.
#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <vector>

#include "gemm.h"
#include "pool.h"

namespace tl {
namespace {

// Below this many multiply-adds per parallel region a second thread costs more than it saves.
constexpr int64_t kParallelMinMacs = int64_t{1} << 18;

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

// Packing buffers, reused across calls; one GEMM runs at a time (guarded by gBuffersMu).
std::mutex gBuffersMu;
std::vector<AlignedBuffer> gApack, gBpack;

struct Mat {  // a 2-D strided operand
  const float* p;
  int64_t rs, cs;
};

struct Problem {
  int64_t M, N, K;
  Mat a, b;
  float* c;  // contiguous M x N
};

inline int64_t ceil_div(int64_t a, int64_t b) { return (a + b - 1) / b; }
inline int64_t part(int64_t n, int t, int nt) { return n * t / nt; }

// Multiplies the packed A block (mc x kc) by B panels [p0, p1) of the packed KC x NC block.
void macro_kernel(const GemmKernel& kn, const Problem& pb, int64_t ic, int64_t mc, int64_t jc, int64_t nc,
                  int64_t kc, int64_t p0, int64_t p1, const float* ap, const float* bp, bool accumulate) {
  alignas(64) float edge[32 * 32];
  const int64_t mr = kn.mr, nr = kn.nr;
  for (int64_t jp = p0; jp < p1; ++jp) {
    const int64_t j = jp * nr;
    const int64_t n = std::min(nr, nc - j);
    const float* bpanel = bp + jp * nr * kc;
    for (int64_t ir = 0; ir < mc; ir += mr) {
      const int64_t m = std::min(mr, mc - ir);
      float* c = pb.c + (ic + ir) * pb.N + jc + j;
      if (m == mr && n == nr) {
        kn.ukr(kc, ap + ir * kc, bpanel, c, pb.N, accumulate);
        continue;
      }
      kn.ukr(kc, ap + ir * kc, bpanel, edge, nr, false);
      for (int64_t r = 0; r < m; ++r) {
        float* crow = c + r * pb.N;
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

// Thread tid's share of one GEMM; with nt > 1 all threads call it together and meet at `bar`.
void gemm_part(const GemmKernel& kn, const Problem& pb, int tid, int nt, SpinBarrier* bar, float* ap, float* bp) {
  const int64_t mr = kn.mr, nr = kn.nr;
  const int64_t mtiles = ceil_div(pb.M, mr);
  const int64_t nkb = ceil_div(pb.K, kn.kc);
  const int64_t kc_even = ceil_div(pb.K, nkb);  // equal depth blocks, none of them a sliver
  for (int64_t jc = 0; jc < pb.N; jc += kn.nc) {
    const int64_t nc = std::min(kn.nc, pb.N - jc);
    const int64_t npanels = ceil_div(nc, nr);
    // Split rows when there are enough row tiles; else split B panels (each thread packs its own).
    const bool split_rows = nt == 1 || mtiles >= 4 * nt || mtiles >= npanels;
    const int64_t p0 = split_rows ? 0 : part(npanels, tid, nt);
    const int64_t p1 = split_rows ? npanels : part(npanels, tid + 1, nt);
    const int64_t m0 = split_rows ? std::min(pb.M, part(mtiles, tid, nt) * mr) : 0;
    const int64_t m1 = split_rows ? std::min(pb.M, part(mtiles, tid + 1, nt) * mr) : pb.M;
    for (int64_t pc = 0; pc < pb.K; pc += kc_even) {
      const int64_t kc = std::min(kc_even, pb.K - pc);
      const int64_t q0 = split_rows ? part(npanels, tid, nt) : p0;
      const int64_t q1 = split_rows ? part(npanels, tid + 1, nt) : p1;
      if (q1 > q0) {
        const int64_t j0 = q0 * nr, cols = std::min(q1 * nr, nc) - j0;
        kn.pack_b(cols, kc, pb.b.p + pc * pb.b.rs + (jc + j0) * pb.b.cs, pb.b.cs, pb.b.rs, bp + q0 * nr * kc);
      }
      if (split_rows && nt > 1) bar->wait();
      for (int64_t ic = m0; ic < m1; ic += kn.mc) {
        const int64_t mc = std::min(kn.mc, m1 - ic);
        kn.pack_a(mc, kc, pb.a.p + ic * pb.a.rs + pc * pb.a.cs, pb.a.rs, pb.a.cs, ap);
        macro_kernel(kn, pb, ic, mc, jc, nc, kc, p0, p1, ap, bp, pc > 0);
      }
      if (split_rows && nt > 1) bar->wait();  // the shared B block is repacked next
    }
  }
}

void zero_fill(float* out, int64_t n) { std::memset(out, 0, static_cast<size_t>(n) * sizeof(float)); }

}  // namespace

void sgemm_batched(const GemmKernel& kn, int nthreads, int64_t batch, int64_t M, int64_t N, int64_t K,
                   Strided3 A, Strided3 B, float* out) {
  if (batch <= 0 || M <= 0 || N <= 0) return;
  if (K <= 0) {
    zero_fill(out, batch * M * N);
    return;
  }
  const int64_t macs = batch * M * N * K;
  int nt = std::max(1, std::min<int>(nthreads, ThreadPool::instance().threads()));
  if (macs < kParallelMinMacs) nt = 1;
  const bool by_batch = nt > 1 && (batch >= 2 * nt || (batch >= nt && batch % nt == 0));

  std::lock_guard<std::mutex> lock(gBuffersMu);
  if (static_cast<int>(gApack.size()) < nt) {
    gApack.resize(nt);
    gBpack.resize(nt);
  }
  const size_t asize = static_cast<size_t>(kn.mc) * kn.kc;
  const size_t bsize = static_cast<size_t>(kn.kc) * (ceil_div(std::min(N, kn.nc), kn.nr) * kn.nr);
  for (int t = 0; t < nt; ++t) {
    if (!gApack[t].get(asize)) return;
    if ((by_batch || t == 0) && !gBpack[t].get(bsize)) return;
  }
  auto problem = [&](int64_t bi) {
    return Problem{M, N, K, Mat{A.p + bi * A.sb, A.si, A.sj}, Mat{B.p + bi * B.sb, B.si, B.sj}, out + bi * M * N};
  };
  if (nt == 1) {
    for (int64_t bi = 0; bi < batch; ++bi) gemm_part(kn, problem(bi), 0, 1, nullptr, gApack[0].get(0), gBpack[0].get(0));
    return;
  }
  SpinBarrier bar(nt);
  ThreadPool::instance().run(nt, [&](int tid, int n) {
    if (by_batch) {
      for (int64_t bi = part(batch, tid, n); bi < part(batch, tid + 1, n); ++bi) {
        gemm_part(kn, problem(bi), 0, 1, nullptr, gApack[tid].get(0), gBpack[tid].get(0));
      }
      return;
    }
    for (int64_t bi = 0; bi < batch; ++bi) gemm_part(kn, problem(bi), tid, n, &bar, gApack[tid].get(0), gBpack[0].get(0));
  });
}

}  // namespace tl
