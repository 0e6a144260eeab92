// Real-thread throughput of the primitives against their standard-library
// counterparts: Semaphore vs std::counting_semaphore, Barrier vs std::barrier,
// the readers-writer locks vs std::shared_mutex (90% reads), BlockingQueue vs
// a plain mutex + deque queue. Items/s counts operations of all threads.
// Figures and what they mean: bench/RESULTS-primitives.md.
#include <benchmark/benchmark.h>

#include <barrier>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <semaphore>
#include <shared_mutex>

#include "primitives/atomic_semaphore.hpp"
#include "primitives/barrier.hpp"
#include "primitives/blocking_queue.hpp"
#include "primitives/fair_rwlock.hpp"
#include "primitives/rwlock.hpp"
#include "primitives/semaphore.hpp"

namespace {

constexpr int kPermits = 2;

// --- semaphore: every thread acquires and releases one of two permits ---

void BM_Semaphore(benchmark::State& state) {
  static interleave::Semaphore<> semaphore(kPermits);
  for (auto _ : state) {
    semaphore.acquire();
    semaphore.release();
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Semaphore)->Threads(1)->Threads(2)->Threads(4)->UseRealTime();

void BM_StdCountingSemaphore(benchmark::State& state) {
  static std::counting_semaphore<> semaphore(kPermits);
  for (auto _ : state) {
    semaphore.acquire();
    semaphore.release();
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_StdCountingSemaphore)->Threads(1)->Threads(2)->Threads(4)->UseRealTime();

void BM_AtomicSemaphore(benchmark::State& state) {
  static interleave::AtomicSemaphore<> semaphore(kPermits);
  for (auto _ : state) {
    semaphore.acquire();
    semaphore.release();
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_AtomicSemaphore)->Threads(1)->Threads(2)->Threads(4)->UseRealTime();

// --- barrier: N threads pass one barrier per iteration (every thread of a
// multi-threaded benchmark runs the same number of iterations) ---

template <int N>
void BM_Barrier(benchmark::State& state) {
  static interleave::Barrier<> barrier(N);
  for (auto _ : state) benchmark::DoNotOptimize(barrier.wait());
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Barrier<2>)->Threads(2)->UseRealTime();
BENCHMARK(BM_Barrier<4>)->Threads(4)->UseRealTime();

template <int N>
void BM_StdBarrier(benchmark::State& state) {
  static std::barrier<> barrier(N);
  for (auto _ : state) barrier.arrive_and_wait();
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_StdBarrier<2>)->Threads(2)->UseRealTime();
BENCHMARK(BM_StdBarrier<4>)->Threads(4)->UseRealTime();

// --- readers-writer lock: 9 reads to 1 write ---

template <class Lock>
void BM_RWLock(benchmark::State& state) {
  static Lock lock;
  static long shared_value = 0;
  long i = 0;
  for (auto _ : state) {
    if (++i % 10 == 0) {
      lock.acquire_write();
      ++shared_value;
      lock.release_write();
    } else {
      lock.acquire_read();
      benchmark::DoNotOptimize(shared_value);
      lock.release_read();
    }
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_RWLock<interleave::RWLock<>>)->Threads(1)->Threads(2)->Threads(4)->UseRealTime();
BENCHMARK(BM_RWLock<interleave::FairRWLock<>>)->Threads(1)->Threads(2)->Threads(4)->UseRealTime();

/// std::shared_mutex behind the same method names.
struct StdSharedMutex {
  std::shared_mutex m;
  void acquire_read() { m.lock_shared(); }
  void release_read() { m.unlock_shared(); }
  void acquire_write() { m.lock(); }
  void release_write() { m.unlock(); }
};
BENCHMARK(BM_RWLock<StdSharedMutex>)->Threads(1)->Threads(2)->Threads(4)->UseRealTime();

// --- blocking queue: thread 0 produces, thread 1 consumes, capacity 64 ---

constexpr int kCapacity = 64;

/// The plain comparison: std::mutex, two condition variables, std::deque.
class PlainQueue {
 public:
  void enqueue(int item) {
    std::unique_lock lk(m_);
    not_full_.wait(lk, [&] { return int(items_.size()) < kCapacity; });
    items_.push_back(item);
    not_empty_.notify_one();
  }
  int dequeue() {
    std::unique_lock lk(m_);
    not_empty_.wait(lk, [&] { return !items_.empty(); });
    const int item = items_.front();
    items_.pop_front();
    not_full_.notify_one();
    return item;
  }

 private:
  std::mutex m_;
  std::condition_variable not_full_, not_empty_;
  std::deque<int> items_;
};

template <class Queue>
Queue& queue_instance();
template <>
interleave::BlockingQueue<int>& queue_instance() {
  static interleave::BlockingQueue<int> queue(kCapacity);
  return queue;
}
template <>
PlainQueue& queue_instance() {
  static PlainQueue queue;
  return queue;
}

template <class Queue>
void BM_Queue(benchmark::State& state) {
  Queue& queue = queue_instance<Queue>();
  const bool producer = state.thread_index() == 0;
  int i = 0;
  for (auto _ : state) {
    if (producer)
      queue.enqueue(i++);
    else
      benchmark::DoNotOptimize(queue.dequeue());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Queue<interleave::BlockingQueue<int>>)->Threads(2)->UseRealTime();
BENCHMARK(BM_Queue<PlainQueue>)->Threads(2)->UseRealTime();

}  // namespace
