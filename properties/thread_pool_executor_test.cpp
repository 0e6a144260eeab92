// Properties of ThreadPoolExecutor, map, wait and as_completed on real
// threads. Clients submit random tasks (some throwing, some cancelled) while
// another thread shuts the pool down: every accepted task runs at most once,
// exactly once unless cancelled, a cancelled one never; none runs after
// shutdown(wait=true) returned; no more than max_workers run at once, and no
// worker starts before work arrives. map keeps input order and rethrows at
// the failing position; as_completed yields each future of two executors
// once; wait(first_exception) returns with the failure done.
// More cases: RC_PARAMS="max_success=500" ./property_thread_pool_executor_test
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <optional>
#include <set>
#include <stdexcept>
#include <thread>
#include <vector>

#include "primitives/future_wait.hpp"
#include "primitives/thread_pool_executor.hpp"
#include "properties/chaos.hpp"

namespace {

using interleave::properties::Chaos;
using Fut = interleave::Future<int>;
using Pool = interleave::ThreadPoolExecutor<>;

RC_GTEST_PROP(ThreadPoolExecutor, RunsEachAcceptedTaskOnceAndShutsDownClean, ()) {
  const int max_workers = *rc::gen::inRange(1, 5);
  const int max_tasks_per_worker = *rc::gen::inRange(0, 4);
  const int clients = *rc::gen::inRange(1, 4);
  const int per_client = *rc::gen::inRange(0, 25);
  const bool cancel_futures = *rc::gen::arbitrary<bool>();
  const int chaos = *rc::gen::inRange(0, 3);
  const auto seed = *rc::gen::arbitrary<std::uint32_t>();
  const int total = clients * per_client;

  std::vector<std::atomic<int>> runs(total);
  std::atomic<int> running{0}, most_running{0}, initialized{0};
  std::vector<std::optional<Fut>> futures(total);
  std::vector<char> cancel_ok(total, 0);
  int runs_when_shutdown_returned = -1;
  std::atomic<int> started_clients{0};
  Pool pool(
      max_workers, [&] { ++initialized; }, max_tasks_per_worker);
  RC_ASSERT(pool.live_workers() == 0);

  std::vector<std::thread> threads;
  for (int c = 0; c < clients; ++c)
    threads.emplace_back([&, c] {
      Chaos noise(chaos, seed + c);
      ++started_clients;
      for (int i = c * per_client; i < (c + 1) * per_client; ++i) {
        noise.point();
        try {
          futures[i] = pool.submit(
              [&, i](int x) {
                const int now = ++running;
                int seen = most_running.load();
                while (now > seen && !most_running.compare_exchange_weak(seen, now)) {
                }
                ++runs[i];
                --running;
                if (x % 3 == 0) throw std::runtime_error("task failed");
                return x * 2;
              },
              i);
        } catch (const interleave::ExecutorShutdownError&) {
          continue;
        }
        if (i % 4 == 1) cancel_ok[i] = futures[i]->cancel();
      }
    });
  threads.emplace_back([&] {
    Chaos noise(chaos, seed + 99);
    while (started_clients.load() < clients) std::this_thread::yield();
    noise.point();
    pool.shutdown(true, cancel_futures);
    int sum = 0;
    for (auto& r : runs) sum += r.load();
    runs_when_shutdown_returned = sum;
  });
  for (auto& t : threads) t.join();

  RC_ASSERT(pool.live_workers() == 0);
  RC_ASSERT_THROWS_AS(pool.submit([] { return 0; }), interleave::ExecutorShutdownError);
  RC_ASSERT(most_running.load() <= max_workers);
  int sum = 0;
  for (int i = 0; i < total; ++i) {
    const int r = runs[i].load();
    sum += r;
    RC_ASSERT(r <= 1);
    if (!futures[i]) {
      RC_ASSERT(r == 0);
      continue;
    }
    const Fut& f = *futures[i];
    RC_ASSERT(f.done());
    RC_ASSERT(f.cancelled() == (r == 0));
    if (cancel_ok[i]) RC_ASSERT(f.cancelled());
    if (f.cancelled()) continue;
    if (i % 3 == 0)
      RC_ASSERT_THROWS_AS(f.result(), std::runtime_error);
    else
      RC_ASSERT(f.result() == i * 2);
  }
  RC_ASSERT(sum == runs_when_shutdown_returned);
  if (sum > 0) RC_ASSERT(initialized.load() >= 1);     // each worker runs the initializer first
  if (total == 0) RC_ASSERT(initialized.load() == 0);  // no work, no worker
}

RC_GTEST_PROP(ThreadPoolExecutor, MapKeepsInputOrderAndRethrowsAtItsPosition, ()) {
  const auto items = *rc::gen::container<std::vector<int>>(rc::gen::inRange(0, 1000));
  const std::size_t chunksize = *rc::gen::inRange(1, 5);
  const int max_workers = *rc::gen::inRange(1, 4);
  const int poison = *rc::gen::inRange(-1, int(items.size()));  // the position that throws, or none
  Pool pool(max_workers);
  std::vector<int> tagged;  // item * 1000 + position: the call knows where it is
  for (std::size_t k = 0; k < items.size(); ++k) tagged.push_back(items[k] * 1000 + int(k));
  auto results = pool.map(
      [poison](int t) {
        if (t % 1000 == poison) throw std::domain_error("poison");
        std::this_thread::sleep_for(std::chrono::microseconds(t % 7));
        return t / 1000 + 1;
      },
      tagged, chunksize);
  for (std::size_t k = 0; k < items.size(); ++k) {
    if (int(k) == poison) {
      RC_ASSERT_THROWS_AS(results.next(), std::domain_error);
      // The rest of the poisoned chunk is not computed; later chunks are.
      k = std::min(items.size(), (k / chunksize + 1) * chunksize) - 1;
      continue;
    }
    RC_ASSERT(results.has_next());
    RC_ASSERT(results.next() == items[k] + 1);
  }
  RC_ASSERT(!results.has_next());
}

RC_GTEST_PROP(FutureWait, AsCompletedAndWaitAcrossTwoExecutors, ()) {
  const int n = *rc::gen::inRange(0, 16);
  const int failing = *rc::gen::inRange(-1, std::max(n, 1));
  Pool a(2), b(3);
  std::vector<Fut> futures;
  for (int i = 0; i < n; ++i)
    futures.push_back((i % 2 ? a : b).submit([i, failing] {
      std::this_thread::sleep_for(std::chrono::microseconds((i * 37) % 200));
      if (i == failing) throw std::runtime_error("failed");
      return i;
    }));
  auto first_failure = interleave::wait(futures, interleave::ReturnWhen::first_exception);
  for (const Fut& f : first_failure.done) RC_ASSERT(f.done());
  if (failing >= 0 && failing < n) {
    const bool has_failure = std::any_of(first_failure.done.begin(), first_failure.done.end(),
                                         [&](const Fut& f) { return f.same_as(futures[failing]); });
    RC_ASSERT(has_failure);
  } else {
    RC_ASSERT(int(first_failure.done.size()) == n);
  }
  auto order = interleave::as_completed(futures);
  std::set<const void*> seen;
  while (auto f = order.next()) {
    RC_ASSERT(f->done());
    RC_ASSERT(seen.insert(f->identity()).second);
  }
  RC_ASSERT(int(seen.size()) == n);
  auto all = interleave::wait(futures);
  RC_ASSERT(int(all.done.size()) == n && all.not_done.empty());
}

// An initializer that throws breaks the pool: the queued futures fail and
// later submits are refused.
TEST(ThreadPoolExecutor, AFailingInitializerBreaksThePool) {
  Pool pool(1, [] { throw std::runtime_error("no database"); });
  Fut f = pool.submit([] { return 1; });
  EXPECT_THROW(f.result(), interleave::BrokenExecutorError);
  EXPECT_THROW(pool.submit([] { return 2; }), interleave::BrokenExecutorError);
}

}  // namespace
