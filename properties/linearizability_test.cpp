// Linearizability on real threads: RapidCheck generates a scenario (threads ×
// calls), real threads run it with chaos, the history is recorded with
// steady-clock stamps (properties/record_history.hpp) and checked against the
// sequential specification; a failing scenario is shrunk by RapidCheck.
// Scenarios are built so no call can block forever.
// More cases: RC_PARAMS="max_success=500" ./property_linearizability_test
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <numeric>

#include "interleave/specifications.hpp"
#include "primitives/blocking_queue.hpp"
#include "primitives/counter.hpp"
#include "primitives/semaphore.hpp"
#include "properties/record_history.hpp"

namespace {

using interleave::LinHistory;
using interleave::LinScenario;
using interleave::LinValue;
namespace specs = interleave::specs;

template <class S>
void assert_linearizable(const interleave::LinSpecification<S>& spec, const LinHistory& history) {
  const auto verdict = interleave::check_linearizable(spec, history);
  if (!verdict.linearizable) RC_FAIL(interleave::describe_counterexample(spec, history, verdict));
}

// Each thread enqueues, then dequeues no more than all threads enqueue in
// all: a thread waiting to dequeue always has an item coming. The capacity
// holds every item, so an enqueue never waits.
RC_GTEST_PROP(Linearizability, BlockingQueueHistoriesAreLinearizable, ()) {
  const int threads = *rc::gen::inRange(2, 5);
  LinScenario scenario(static_cast<std::size_t>(threads));
  int enqueued = 0, dequeued = 0;
  for (auto& mine : scenario) {
    const int puts = *rc::gen::inRange(0, 6);
    for (int i = 0; i < puts; ++i) mine.push_back({specs::enqueue, {*rc::gen::inRange<LinValue>(1, 4)}});
    enqueued += puts;
    const int takes = *rc::gen::inRange(0, enqueued - dequeued + 1);
    for (int i = 0; i < takes; ++i) mine.push_back({specs::dequeue, {}});
    dequeued += takes;
  }
  const int chaos = *rc::gen::inRange(0, 3);
  const auto seed = *rc::gen::arbitrary<std::uint32_t>();
  const int capacity = std::max(enqueued, 1);
  interleave::BlockingQueue<LinValue> queue(capacity);
  const LinHistory history = interleave::properties::record_history(
      scenario,
      [&](int, std::size_t op, const std::vector<LinValue>& args) -> LinValue {
        if (op == specs::enqueue) {
          queue.enqueue(args[0]);
          return 0;
        }
        return queue.dequeue();
      },
      chaos, seed);
  assert_linearizable(specs::queue(static_cast<std::size_t>(capacity)), history);
}

// Each thread acquires, then releases, a few times: nobody holds more than
// one permit, so an acquire always has a permit coming.
RC_GTEST_PROP(Linearizability, SemaphoreHistoriesAreLinearizable, ()) {
  const int permits = *rc::gen::inRange(1, 3);
  const int threads = *rc::gen::inRange(2, 5);
  LinScenario scenario(static_cast<std::size_t>(threads));
  for (auto& mine : scenario)
    for (int k = *rc::gen::inRange(1, 5); k > 0; --k) {
      mine.push_back({specs::acquire, {}});
      mine.push_back({specs::release, {}});
    }
  interleave::Semaphore<> semaphore(permits);
  const LinHistory history = interleave::properties::record_history(
      scenario,
      [&](int, std::size_t op, const std::vector<LinValue>&) -> LinValue {
        if (op == specs::acquire)
          semaphore.acquire();
        else
          semaphore.release();
        return 0;
      },
      *rc::gen::inRange(0, 3), *rc::gen::arbitrary<std::uint32_t>());
  assert_linearizable(specs::semaphore(permits), history);
}

RC_GTEST_PROP(Linearizability, CounterHistoriesAreLinearizable, ()) {
  const int threads = *rc::gen::inRange(2, 5);
  const int calls = *rc::gen::inRange(1, 8);
  const LinScenario scenario =
      interleave::generate_scenario(specs::counter(), threads, calls, *rc::gen::arbitrary<std::uint32_t>());
  interleave::Counter<> counter;
  const LinHistory history = interleave::properties::record_history(
      scenario,
      [&](int, std::size_t op, const std::vector<LinValue>&) -> LinValue {
        if (op == specs::increment) {
          counter.increment();
          return 0;
        }
        return counter.value();
      },
      *rc::gen::inRange(0, 3), *rc::gen::arbitrary<std::uint32_t>());
  assert_linearizable(specs::counter(), history);
}

// The recorder's stamps order calls as real time does: calls made one after
// another by one thread never overlap, and a scenario whose results no order
// explains is caught.
TEST(RecordHistory, StampsFollowProgramOrderAndAWrongResultIsCaught) {
  const LinScenario scenario = {{{specs::increment, {}}, {specs::increment, {}}, {specs::get, {}}}};
  const LinHistory history = interleave::properties::record_history(
      scenario, [&](int, std::size_t op, const std::vector<LinValue>&) -> LinValue { return op == specs::get ? 1 : 0; },
      0, 1);
  ASSERT_EQ(history.size(), 3u);
  for (std::size_t i = 0; i < history.size(); ++i) {
    EXPECT_LT(history[i].invoked, *history[i].returned);
    if (i > 0) {
      EXPECT_LT(*history[i - 1].returned, history[i].invoked);
    }
  }
  const auto verdict = interleave::check_linearizable(specs::counter(), history);
  EXPECT_FALSE(verdict.linearizable);  // get after two increments returned 1
  EXPECT_EQ(verdict.counterexample, (std::vector<std::size_t>{0, 1, 2}));
}

}  // namespace
