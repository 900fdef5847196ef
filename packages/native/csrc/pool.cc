#include "pool.h"

#include <algorithm>
#include <chrono>

namespace tl {

namespace {
// How long an idle worker spins before it sleeps on the condition variable.
constexpr auto kSpin = std::chrono::microseconds(200);

int default_threads() {
  const unsigned hc = std::thread::hardware_concurrency();
  return hc == 0 ? 1 : static_cast<int>(std::min(hc, 64u));
}
}  // namespace

ThreadPool& ThreadPool::instance() {
  static ThreadPool pool;
  return pool;
}

ThreadPool::ThreadPool() : nthreads_(default_threads()) {}

ThreadPool::~ThreadPool() { stop_workers(); }

void ThreadPool::set_threads(int n) {
  std::lock_guard<std::mutex> region(region_mu_);
  n = std::max(1, std::min(n, 256));
  if (static_cast<int>(workers_.size()) > n - 1) stop_workers();
  nthreads_.store(n, std::memory_order_relaxed);
}

void ThreadPool::start_workers(int count) {
  stop_.store(false, std::memory_order_relaxed);
  // A new worker must wait for the generation after this one, even if it starts late.
  const uint64_t start_gen = gen_.load(std::memory_order_acquire);
  for (int i = static_cast<int>(workers_.size()); i < count; ++i) {
    workers_.emplace_back([this, i, start_gen] { worker_loop(i, start_gen); });
  }
}

void ThreadPool::stop_workers() {
  {
    std::lock_guard<std::mutex> lk(mu_);
    stop_.store(true, std::memory_order_release);
    gen_.fetch_add(1, std::memory_order_release);
  }
  cv_.notify_all();
  for (auto& w : workers_) w.join();
  workers_.clear();
}

void ThreadPool::worker_loop(int id, uint64_t seen) {
  for (;;) {
    auto t0 = std::chrono::steady_clock::now();
    unsigned spins = 0;
    while (gen_.load(std::memory_order_acquire) == seen) {
      if ((++spins & 1023u) == 0 && std::chrono::steady_clock::now() - t0 > kSpin) {
        std::unique_lock<std::mutex> lk(mu_);
        cv_.wait(lk, [&] { return gen_.load(std::memory_order_acquire) != seen; });
        break;
      }
      if (spins > 8192) std::this_thread::yield(); else cpu_relax();
    }
    seen = gen_.load(std::memory_order_acquire);
    if (stop_.load(std::memory_order_acquire)) return;
    // Every worker checks in, so a stale worker can never pick up the next region's task.
    if (id + 1 < task_nt_) (*task_)(id + 1, task_nt_);
    pending_.fetch_sub(1, std::memory_order_acq_rel);
  }
}

void ThreadPool::run(int nt, const Task& task) {
  nt = std::max(1, std::min(nt, threads()));
  std::unique_lock<std::mutex> region(region_mu_, std::try_to_lock);
  if (nt == 1 || !region.owns_lock()) {
    task(0, 1);
    return;
  }
  const int nworkers = threads() - 1;
  if (static_cast<int>(workers_.size()) != nworkers) {
    if (static_cast<int>(workers_.size()) > nworkers) stop_workers();
    start_workers(nworkers);
  }
  task_ = &task;
  task_nt_ = nt;
  pending_.store(nworkers, std::memory_order_relaxed);
  {
    std::lock_guard<std::mutex> lk(mu_);
    gen_.fetch_add(1, std::memory_order_release);
  }
  cv_.notify_all();
  task(0, nt);
  Backoff backoff;
  while (pending_.load(std::memory_order_acquire) != 0) backoff.pause();
  task_ = nullptr;
}

}  // namespace tl
