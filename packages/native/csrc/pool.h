// A persistent thread pool: the calling (JS) thread is thread 0 and n-1 workers join it. Workers
// spin briefly after a task (back-to-back kernels wake them in nanoseconds), then sleep.
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

// A sense-counting spin barrier for the threads of one parallel region.
class SpinBarrier {
 public:
  explicit SpinBarrier(int n) : n_(n) {}
  void wait() {
    if (n_ <= 1) return;
    const int g = gen_.load(std::memory_order_acquire);
    if (count_.fetch_add(1, std::memory_order_acq_rel) == n_ - 1) {
      count_.store(0, std::memory_order_relaxed);
      gen_.fetch_add(1, std::memory_order_release);
    } else {
      Backoff backoff;
      while (gen_.load(std::memory_order_acquire) == g) backoff.pause();
    }
  }

 private:
  const int n_;
  std::atomic<int> count_{0};
  std::atomic<int> gen_{0};
};

using Task = std::function<void(int tid, int nthreads)>;

class ThreadPool {
 public:
  static ThreadPool& instance();
  ~ThreadPool();
  // Total threads including the caller; takes effect for the next parallel region.
  void set_threads(int n);
  int threads() const { return nthreads_.load(std::memory_order_relaxed); }
  // Runs task(tid, nt) for tid in [0, nt) with the caller as tid 0; nt is clamped to threads().
  // A second caller (another JS worker thread) that finds the pool busy runs serially instead.
  void run(int nt, const Task& task);

 private:
  ThreadPool();
  void start_workers(int count);
  void stop_workers();
  void worker_loop(int id, uint64_t seen);

  std::atomic<int> nthreads_;
  std::vector<std::thread> workers_;
  std::mutex region_mu_;  // one parallel region at a time
  std::mutex mu_;
  std::condition_variable cv_;
  std::atomic<uint64_t> gen_{0};
  std::atomic<int> pending_{0};
  std::atomic<bool> stop_{false};
  const Task* task_ = nullptr;
  int task_nt_ = 0;
};

}  // namespace tl
