// A persistent thread pool for data-parallel loops. The calling (JS) thread works too and the
// chunks of a loop are claimed dynamically, so a worker that is slow to wake (a busy machine)
// only means the caller does more of the work: nobody waits for a thread that is not running.
#pragma once
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace tl {

inline void cpu_relax() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#endif
}

// Spin-waits politely: pause first, then yield the core, since on a busy machine the thread we
// wait for may be descheduled and spinning would only delay it.
class Backoff {
 public:
  void pause() {
    if (++spins_ < 4096) {
      cpu_relax();
    } else {
      std::this_thread::yield();
    }
  }

 private:
  unsigned spins_ = 0;
};

// fn(chunk, tid): tid in [0, threads) names per-thread scratch; the caller is tid 0.
using ChunkFn = std::function<void(int64_t chunk, int tid)>;

class ThreadPool {
 public:
  static ThreadPool& instance();
  ~ThreadPool();
  // Total threads including the caller, clamped to [1, cores]; takes effect for the next loop.
  void set_threads(int n);
  int threads() const { return nthreads_.load(std::memory_order_relaxed); }
  // Runs fn(c, tid) for every chunk c in [0, nchunks) on up to nt threads and returns when all
  // are done. A caller that finds the pool busy (another JS thread) runs the loop alone.
  void parallel_for(int nt, int64_t nchunks, const ChunkFn& fn);
  // True while the workers are likely still spinning after the last loop (waking them is then
  // nearly free; a sleeping worker takes tens of microseconds to wake).
  bool hot() const;

 private:
  ThreadPool();
  void start_workers(int count);
  void stop_workers();
  void worker_loop(int id, uint64_t seen);
  void claim_chunks(int tid);

  std::atomic<int> nthreads_;
  std::vector<std::thread> workers_;
  std::mutex loop_mu_;  // one loop at a time
  std::mutex mu_;
  std::condition_variable cv_;
  std::atomic<uint64_t> gen_{0};
  std::atomic<bool> stop_{false};
  // The open loop. Workers touch it only between active_++ and active_-- while open_ is set;
  // the caller closes it and waits for active_ == 0 before returning.
  std::atomic<bool> open_{false};
  std::atomic<int> active_{0};
  const ChunkFn* fn_ = nullptr;
  int64_t nchunks_ = 0;
  int max_tid_ = 0;
  std::atomic<int64_t> next_{0};
  std::atomic<int64_t> done_{0};
  std::atomic<int64_t> last_end_ns_{0};
};

}  // namespace tl
