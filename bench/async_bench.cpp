// Executors and the event loop on real threads.
//
// Executor task throughput: a batch of kBatch tasks is submitted and every one
// waited for, per iteration; items/s counts tasks. Tasks are empty or spin
// for 1 µs. Compared with
//   - ThreadPoolExecutor (1, 2, 4 workers): a Future per task, waited with result();
//   - std::async(std::launch::async) per task: a thread per task, waited with get();
//   - a mutex + condition-variable queue of std::function (1, 2, 4 workers):
//     no future per task, one counter for the batch (the least a pool can do).
//
// Event-loop task switches: kTasks coroutines each yield kYields times
// (co_await sleep(0)); items/s counts switches. Compared with Boost.Asio's
// io_context (single-threaded run()) running the same coroutines, each yield a
// co_await of asio::post(use_awaitable).
// Figures: README ("Executors and the event loop on real threads").
#include <benchmark/benchmark.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <mutex>
#include <thread>
#include <vector>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "primitives/event_loop.hpp"
#include "primitives/thread_pool_executor.hpp"

namespace {

constexpr int kBatch = 1000;

/// The work of one task: nothing, or a 1 µs spin on the steady clock.
template <bool Spin>
int work() {
  if constexpr (Spin) {
    const auto until = std::chrono::steady_clock::now() + std::chrono::microseconds(1);
    while (std::chrono::steady_clock::now() < until) {
    }
  }
  return 1;
}

template <bool Spin>
void BM_ThreadPoolExecutor(benchmark::State& state) {
  interleave::ThreadPoolExecutor<> pool(static_cast<int>(state.range(0)));
  std::vector<interleave::Future<int>> futures;
  futures.reserve(kBatch);
  for (auto _ : state) {
    futures.clear();
    for (int i = 0; i < kBatch; ++i) futures.push_back(pool.submit(work<Spin>));
    int sum = 0;
    for (auto& f : futures) sum += f.result();
    benchmark::DoNotOptimize(sum);
  }
  state.SetItemsProcessed(state.iterations() * kBatch);
}
BENCHMARK(BM_ThreadPoolExecutor<false>)
    ->Name("executor/empty/ThreadPoolExecutor")
    ->Arg(1)
    ->Arg(2)
    ->Arg(4)
    ->UseRealTime();
BENCHMARK(BM_ThreadPoolExecutor<true>)->Name("executor/1us/ThreadPoolExecutor")->Arg(1)->Arg(2)->Arg(4)->UseRealTime();

template <bool Spin>
void BM_StdAsync(benchmark::State& state) {
  std::vector<std::future<int>> futures;
  futures.reserve(kBatch);
  for (auto _ : state) {
    futures.clear();
    for (int i = 0; i < kBatch; ++i) futures.push_back(std::async(std::launch::async, work<Spin>));
    int sum = 0;
    for (auto& f : futures) sum += f.get();
    benchmark::DoNotOptimize(sum);
  }
  state.SetItemsProcessed(state.iterations() * kBatch);
}
BENCHMARK(BM_StdAsync<false>)->Name("executor/empty/std::async")->UseRealTime();
BENCHMARK(BM_StdAsync<true>)->Name("executor/1us/std::async")->UseRealTime();

/// The plainest pool: workers pop std::function from a deque under one mutex.
class CvQueuePool {
 public:
  explicit CvQueuePool(int workers) {
    for (int i = 0; i < workers; ++i) threads_.emplace_back([this] { run(); });
  }
  ~CvQueuePool() {
    {
      std::lock_guard lk(m_);
      stop_ = true;
    }
    cv_.notify_all();
    for (auto& t : threads_) t.join();
  }
  void post(std::function<void()> fn) {
    {
      std::lock_guard lk(m_);
      queue_.push_back(std::move(fn));
    }
    cv_.notify_one();
  }

 private:
  void run() {
    for (;;) {
      std::function<void()> fn;
      {
        std::unique_lock lk(m_);
        cv_.wait(lk, [&] { return stop_ || !queue_.empty(); });
        if (queue_.empty()) return;
        fn = std::move(queue_.front());
        queue_.pop_front();
      }
      fn();
    }
  }
  std::mutex m_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> queue_;
  bool stop_ = false;
  std::vector<std::thread> threads_;
};

template <bool Spin>
void BM_CvQueue(benchmark::State& state) {
  CvQueuePool pool(static_cast<int>(state.range(0)));
  std::mutex m;
  std::condition_variable all_done;
  for (auto _ : state) {
    int left = kBatch;
    for (int i = 0; i < kBatch; ++i)
      pool.post([&] {
        benchmark::DoNotOptimize(work<Spin>());
        std::lock_guard lk(m);
        if (--left == 0) all_done.notify_one();
      });
    std::unique_lock lk(m);
    all_done.wait(lk, [&] { return left == 0; });
  }
  state.SetItemsProcessed(state.iterations() * kBatch);
}
BENCHMARK(BM_CvQueue<false>)->Name("executor/empty/mutex+cv queue")->Arg(1)->Arg(2)->Arg(4)->UseRealTime();
BENCHMARK(BM_CvQueue<true>)->Name("executor/1us/mutex+cv queue")->Arg(1)->Arg(2)->Arg(4)->UseRealTime();

constexpr int kTasks = 100;
constexpr int kYields = 100;

interleave::task<int> yielder() {
  for (int i = 0; i < kYields; ++i) co_await interleave::sleep(std::chrono::nanoseconds(0));
  co_return 1;
}

void BM_EventLoopSwitches(benchmark::State& state) {
  interleave::EventLoop<> loop;
  for (auto _ : state) {
    std::vector<interleave::task<int>> tasks;
    for (int i = 0; i < kTasks; ++i) tasks.push_back(loop.create_task(yielder()));
    loop.run_until_complete([&]() -> interleave::task<int> {
      int sum = 0;
      for (const auto& t : tasks) sum += co_await t;
      co_return sum;
    }());
  }
  state.SetItemsProcessed(state.iterations() * kTasks * kYields);
}
BENCHMARK(BM_EventLoopSwitches)->Name("event-loop switches/interleave EventLoop");

namespace asio = boost::asio;

asio::awaitable<void> asio_yielder() {
  auto executor = co_await asio::this_coro::executor;
  for (int i = 0; i < kYields; ++i) co_await asio::post(executor, asio::use_awaitable);
}

void BM_AsioSwitches(benchmark::State& state) {
  for (auto _ : state) {
    asio::io_context io(1);
    for (int i = 0; i < kTasks; ++i) asio::co_spawn(io, asio_yielder(), asio::detached);
    io.run();
  }
  state.SetItemsProcessed(state.iterations() * kTasks * kYields);
}
BENCHMARK(BM_AsioSwitches)->Name("event-loop switches/asio io_context");

}  // namespace
