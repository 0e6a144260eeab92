// The event loop under the model: the engine's choice of the next ready task
// reaches every order of ready tasks (a model that "holds" says nothing about
// an order it never ran), time is virtual, and the cancel in event-loop/cancel
// can come before or after the sleeper finished.
#include <gtest/gtest.h>

#include <chrono>
#include <set>
#include <vector>

#include "interleave/interleave.hpp"
#include "primitives/event_loop.hpp"
#include "primitives/event_loop_gather.hpp"

namespace interleave {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

constexpr Options kDpor = {.strategy = Strategy::dpor};

// Three tasks yielding 3, 1 and 2 times: each of the 3! finishing orders is
// explored, and every one gives gather's values in input order.
TEST(EventLoopOrders, EveryFinishingOrderOfThreeTasksIsExplored) {
  std::set<std::vector<int>> orders;
  bool gather_in_order = true;
  const Result r = check(
      [&] {
        EventLoop<model_sync> loop;
        std::vector<int> finished;
        auto worker = [&](int id, int yields) -> task<int> {
          for (int i = 0; i < yields; ++i) co_await interleave::sleep(milliseconds(0));
          finished.push_back(id);
          co_return id;
        };
        const std::vector<int> values =
            loop.run_until_complete(gather(std::vector<task<int>>{worker(0, 3), worker(1, 1), worker(2, 2)}));
        gather_in_order = gather_in_order && values == std::vector<int>{0, 1, 2};
        orders.insert(finished);
      },
      kDpor);
  EXPECT_TRUE(r.ok());
  EXPECT_TRUE(gather_in_order);
  EXPECT_EQ(orders.size(), 6u);
}

// On real threads the ready queue is FIFO: one order only.
TEST(EventLoopOrders, RealThreadsRunReadyTasksInFifoOrder) {
  EventLoop<real_sync> loop;
  std::vector<int> trace;
  auto worker = [&](int id) -> task<int> {
    for (int i = 0; i < 2; ++i) {
      trace.push_back(id);
      co_await interleave::sleep(milliseconds(0));
    }
    co_return id;
  };
  loop.run_until_complete(gather(std::vector<task<int>>{worker(0), worker(1), worker(2)}));
  EXPECT_EQ(trace, (std::vector<int>{0, 1, 2, 0, 1, 2}));
}

// Sleeps run on the virtual clock: 2, 3 and 1 s overlap into exactly 3 s
// in every explored order.
TEST(EventLoopOrders, SleepsOverlapOnTheVirtualClock) {
  std::set<std::int64_t> ends;
  const Result r = check(
      [&] {
        EventLoop<model_sync> loop;
        auto after = [](int s) -> task<int> {
          co_await interleave::sleep(seconds(s));
          co_return s;
        };
        loop.run_until_complete(gather(std::vector<task<int>>{after(2), after(3), after(1)}));
        ends.insert(std::chrono::duration_cast<seconds>(model_sync::now().time_since_epoch()).count());
      },
      kDpor);
  EXPECT_TRUE(r.ok());
  EXPECT_EQ(ends, (std::set<std::int64_t>{3}));
}

// A cancel racing a task's last await: both outcomes are reached.
TEST(EventLoopOrders, ACancelCanLandBeforeOrAfterTheTaskFinished) {
  std::set<bool> outcomes;
  const Result r = check(
      [&] {
        EventLoop<model_sync> loop;
        auto sleeper = []() -> task<int> {
          co_await interleave::sleep(milliseconds(0));
          co_return 1;
        };
        task<int> s = loop.create_task(sleeper());
        loop.run_until_complete([&]() -> task<int> {
          co_await interleave::sleep(milliseconds(0));
          outcomes.insert(s.cancel());
          co_return 0;
        }());
      },
      kDpor);
  EXPECT_TRUE(r.ok());
  EXPECT_EQ(outcomes, (std::set<bool>{true, false}));
}

}  // namespace
}  // namespace interleave
