// Properties of the event loop on real threads (primitives/event_loop.hpp).
//   - Many tasks with random sleeps, and a canceller task cancelling a random
//     subset at random times: no task takes a step after cancel() returned
//     true for it, every other task's result arrives, and gather over the
//     survivors gives their values in input order.
//   - Other threads submit coroutines with run_coroutine_threadsafe while
//     tasks hand work to a thread pool with run_in_executor: every result
//     arrives, through the future or the awaiting task (also under TSan).
//   - wait_for: a task that cannot finish in time is cancelled and
//     TaskTimeoutError thrown; one that is done at once returns its value.
// More cases: RC_PARAMS="max_success=500" ./property_event_loop_test
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include "primitives/event_loop.hpp"
#include "primitives/event_loop_gather.hpp"
#include "primitives/thread_pool_executor.hpp"
#include "properties/chaos.hpp"

namespace {

using interleave::EventLoop;
using interleave::task;
using std::chrono::microseconds;

RC_GTEST_PROP(EventLoop, NoStepAfterCancellationAndNoResultLost, ()) {
  const int n = *rc::gen::inRange(1, 40);
  const auto steps = *rc::gen::container<std::vector<int>>(n, rc::gen::inRange(0, 5));
  const auto sleep_us = *rc::gen::container<std::vector<int>>(n, rc::gen::inRange(0, 200));
  const auto cancel = *rc::gen::container<std::vector<bool>>(n, rc::gen::arbitrary<bool>());
  const auto cancel_after_us = *rc::gen::container<std::vector<int>>(n, rc::gen::inRange(0, 300));

  EventLoop<> loop;
  std::vector<int> taken(n, 0), taken_at_cancel(n, -1);
  std::vector<char> cancel_succeeded(n, 0);
  auto worker = [&](int i) -> task<int> {
    for (int s = 0; s < steps[i]; ++s) {
      co_await interleave::sleep(microseconds(sleep_us[i] * (s % 2)));  // odd steps sleep, even ones only yield
      ++taken[i];
    }
    co_return i * 7;
  };
  std::vector<task<int>> tasks;
  for (int i = 0; i < n; ++i) tasks.push_back(loop.create_task(worker(i)));
  auto canceller = [&](int i) -> task<int> {
    co_await interleave::sleep(microseconds(cancel_after_us[i]));
    cancel_succeeded[i] = tasks[i].cancel();
    taken_at_cancel[i] = taken[i];
    co_return 0;
  };
  std::vector<task<int>> cancellers;
  for (int i = 0; i < n; ++i)
    if (cancel[i]) cancellers.push_back(loop.create_task(canceller(i)));

  std::vector<int> survivors_seen;
  loop.run_until_complete([&]() -> task<int> {
    for (const task<int>& c : cancellers) co_await c;
    std::vector<task<int>> survivors;
    for (int i = 0; i < n; ++i)
      if (!cancel_succeeded[i]) survivors.push_back(tasks[i]);
    survivors_seen = co_await interleave::gather(survivors);
    for (const task<int>& t : tasks) {  // let every cancelled task end
      try {
        co_await t;
      } catch (const interleave::CancelledError&) {
      }
    }
    co_return 0;
  }());

  std::vector<int> expected_survivors;
  for (int i = 0; i < n; ++i) {
    RC_ASSERT(tasks[i].done());
    if (cancel_succeeded[i]) {
      RC_ASSERT(tasks[i].cancelled());
      RC_ASSERT(taken[i] == taken_at_cancel[i]);  // no step after the cancel was acknowledged
    } else {
      RC_ASSERT(!tasks[i].cancelled());
      RC_ASSERT(taken[i] == steps[i]);
      RC_ASSERT(tasks[i].result() == i * 7);
      expected_survivors.push_back(i * 7);
    }
  }
  RC_ASSERT(survivors_seen == expected_survivors);  // gather: input order, nothing lost
  RC_ASSERT(loop.pending_tasks() == 0u);
}

RC_GTEST_PROP(EventLoop, ThreadsafeSubmissionsAndExecutorWorkAllArrive, ()) {
  const int clients = *rc::gen::inRange(1, 4);
  const int per_client = *rc::gen::inRange(1, 12);
  const int offloads = *rc::gen::inRange(0, 12);
  const int chaos = *rc::gen::inRange(0, 3);
  const auto seed = *rc::gen::arbitrary<std::uint32_t>();

  EventLoop<> loop;
  interleave::ThreadPoolExecutor<> pool(2);  // destroyed before the loop
  std::vector<std::vector<int>> client_results(clients);
  std::vector<std::thread> threads;
  std::atomic<int> clients_left{clients};
  for (int c = 0; c < clients; ++c) {
    threads.emplace_back([&, c] {
      interleave::properties::Chaos noise(chaos, seed + c);
      auto coroutine = [](int x, int us) -> task<int> {
        co_await interleave::sleep(microseconds(us));
        co_return x * 3;
      };
      std::vector<interleave::Future<int>> futures;
      for (int k = 0; k < per_client; ++k) {
        noise.point();
        futures.push_back(loop.run_coroutine_threadsafe(coroutine(c * 100 + k, k % 3 * 20)));
      }
      for (auto& f : futures) client_results[c].push_back(f.result());
      if (--clients_left == 0) loop.call_soon_threadsafe([&] { loop.stop(); });
    });
  }
  std::vector<int> offloaded;
  auto offloader = [&]() -> task<int> {
    for (int k = 0; k < offloads; ++k) offloaded.push_back(co_await loop.run_in_executor(pool, [k] { return k + 1; }));
    co_return 0;
  };
  task<int> off = loop.create_task(offloader());
  loop.run_forever();
  for (auto& t : threads) t.join();
  loop.run_until_complete([&]() -> task<int> { co_return co_await off; }());  // the offloader may outlast the clients

  for (int c = 0; c < clients; ++c)
    for (int k = 0; k < per_client; ++k) RC_ASSERT(client_results[c][k] == (c * 100 + k) * 3);
  RC_ASSERT(static_cast<int>(offloaded.size()) == offloads);
  for (int k = 0; k < offloads; ++k) RC_ASSERT(offloaded[k] == k + 1);
}

TEST(EventLoop, WaitForCancelsATaskThatCannotFinishInTime) {
  EventLoop<> loop;
  bool finished = false;
  auto forever = [&]() -> task<int> {
    co_await interleave::sleep(std::chrono::hours(1));
    finished = true;
    co_return 1;
  };
  task<int> t = loop.create_task(forever());
  EXPECT_THROW(loop.run_until_complete(interleave::wait_for(t, std::chrono::milliseconds(1))),
               interleave::TaskTimeoutError);
  EXPECT_TRUE(t.cancelled());
  EXPECT_FALSE(finished);
  auto at_once = []() -> task<int> { co_return 5; };
  EXPECT_EQ(loop.run_until_complete(interleave::wait_for(at_once(), std::chrono::hours(1))), 5);
}

}  // namespace
