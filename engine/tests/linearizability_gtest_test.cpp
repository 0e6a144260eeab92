// EXPECT_LINEARIZABLE: passes for a queue behind a mutex, and fails, naming
// the history, for a counter whose get reads its two words without the lock.
#include "interleave/linearizability_gtest.hpp"

#include <gtest/gtest-spi.h>

#include <deque>
#include <memory>

#include "interleave/interleave.hpp"
#include "interleave/specifications.hpp"

namespace interleave {
namespace {

using S = model_sync;

struct LockedQueue {
  S::mutex m{"m"};
  S::condition_variable cv{"cv"};
  std::deque<LinValue> items;
};

auto make_locked_queue() {
  auto q = std::make_shared<LockedQueue>();
  return [q](std::size_t op, const std::vector<LinValue>& args) -> LinValue {
    S::unique_lock<S::mutex> lock(q->m);
    if (op == specs::enqueue) {
      q->items.push_back(args[0]);
      q->cv.notify_all();
      return 0;
    }
    while (q->items.empty()) q->cv.wait(lock);
    const LinValue v = q->items.front();
    q->items.pop_front();
    return v;
  };
}

// value = 2 × high + low; get reads low, then high, without the lock.
struct TornCounter {
  S::mutex m{"m"};
  S::atomic<LinValue> low{0, "low"}, high{0, "high"};
};

auto make_torn_counter() {
  auto c = std::make_shared<TornCounter>();
  return [c](std::size_t op, const std::vector<LinValue>&) -> LinValue {
    if (op == specs::get) {
      const LinValue low = c->low.load();
      return 2 * c->high.load() + low;
    }
    S::unique_lock<S::mutex> lock(c->m);
    if (c->low.load() == 0) {
      c->low.store(1);
    } else {
      c->low.store(0);
      c->high.store(c->high.load() + 1);
    }
    return 0;
  };
}

TEST(ExpectLinearizable, PassesForAQueueBehindAMutex) {
  const LinScenario scenario = {{{specs::enqueue, {1}}, {specs::dequeue, {}}},
                                {{specs::enqueue, {2}}, {specs::dequeue, {}}}};
  EXPECT_LINEARIZABLE(make_locked_queue, specs::queue(), scenario);
}

TEST(ExpectLinearizable, FailsWithTheHistoryForATornCounter) {
  const LinScenario scenario = {{{specs::increment, {}}, {specs::increment, {}}}, {{specs::get, {}}}};
  EXPECT_NONFATAL_FAILURE(EXPECT_LINEARIZABLE(make_torn_counter, specs::counter(), scenario),
                          "linearizability: the history");
}

}  // namespace
}  // namespace interleave
