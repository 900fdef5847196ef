#include "pool.h"

#include <algorithm>
#include <chrono>

namespace tl {

namespace {
// How long an idle worker spins before it sleeps on the condition variable.
constexpr auto kSpin = std::chrono::microseconds(200);

int64_t now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

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
  std::lock_guard<std::mutex> loop(loop_mu_);
  // Bounded by the cores, as core's setNumThreads bounds the count it passes here.
  const unsigned hc = std::thread::hardware_concurrency();
  n = std::max(1, std::min(n, hc == 0 ? 1 : static_cast<int>(hc)));
  if (static_cast<int>(workers_.size()) > n - 1) stop_workers();
  nthreads_.store(n, std::memory_order_relaxed);
}

void ThreadPool::start_workers(int count) {
  stop_.store(false, std::memory_order_relaxed);
  // A new worker waits for the generation after this one, even if it starts late.
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

void ThreadPool::claim_chunks(int tid) {
  for (;;) {
    const int64_t c = next_.fetch_add(1, std::memory_order_relaxed);
    if (c >= nchunks_) return;
    (*fn_)(c, tid);
    done_.fetch_add(1, std::memory_order_release);
  }
}

void ThreadPool::worker_loop(int id, uint64_t seen) {
  for (;;) {
    const auto t0 = std::chrono::steady_clock::now();
    unsigned spins = 0;
    while (gen_.load(std::memory_order_acquire) == seen) {
      if ((++spins & 1023u) == 0 && std::chrono::steady_clock::now() - t0 > kSpin) {
        std::unique_lock<std::mutex> lk(mu_);
        cv_.wait(lk, [&] { return gen_.load(std::memory_order_acquire) != seen; });
        break;
      }
      if (spins > 8192) {
        std::this_thread::yield();
      } else {
        cpu_relax();
      }
    }
    seen = gen_.load(std::memory_order_acquire);
    if (stop_.load(std::memory_order_acquire)) return;
    active_.fetch_add(1, std::memory_order_seq_cst);
    if (open_.load(std::memory_order_seq_cst) && id + 1 < max_tid_) claim_chunks(id + 1);
    active_.fetch_sub(1, std::memory_order_release);
  }
}

void ThreadPool::parallel_for(int nt, int64_t nchunks, const ChunkFn& fn) {
  if (nchunks <= 0) return;
  nt = std::max(1, std::min(nt, threads()));
  std::unique_lock<std::mutex> loop(loop_mu_, std::try_to_lock);
  if (nt == 1 || nchunks == 1 || !loop.owns_lock()) {
    for (int64_t c = 0; c < nchunks; ++c) fn(c, 0);
    return;
  }
  const int nworkers = threads() - 1;
  if (static_cast<int>(workers_.size()) != nworkers) {
    if (static_cast<int>(workers_.size()) > nworkers) stop_workers();
    start_workers(nworkers);
  }
  fn_ = &fn;
  nchunks_ = nchunks;
  max_tid_ = nt;
  next_.store(0, std::memory_order_relaxed);
  done_.store(0, std::memory_order_relaxed);
  open_.store(true, std::memory_order_seq_cst);
  {
    std::lock_guard<std::mutex> lk(mu_);
    gen_.fetch_add(1, std::memory_order_release);
  }
  cv_.notify_all();
  claim_chunks(0);
  Backoff backoff;
  while (done_.load(std::memory_order_acquire) != nchunks) backoff.pause();  // chunks still in flight
  open_.store(false, std::memory_order_seq_cst);
  while (active_.load(std::memory_order_seq_cst) != 0) backoff.pause();  // late workers leaving
  fn_ = nullptr;
  last_end_ns_.store(now_ns(), std::memory_order_relaxed);
}

bool ThreadPool::hot() const {
  const int64_t idle = now_ns() - last_end_ns_.load(std::memory_order_relaxed);
  return idle < std::chrono::duration_cast<std::chrono::nanoseconds>(kSpin).count() * 3 / 4;
}

}  // namespace tl
