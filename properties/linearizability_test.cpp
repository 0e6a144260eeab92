// Linearizability on real threads: RapidCheck generates a scenario (threads ×
// calls), real threads run it with chaos, the history is recorded with
// steady-clock stamps (properties/record_history.hpp) and checked against the
// sequential specification; a failing scenario is shrunk by RapidCheck.
// Scenarios are built so no call can block forever. Also: the token bucket
// as a counter with time (grant times against its refill clock), a future as
// a write-once register, and the process Queue with real producer and
// consumer processes (stamps from the system-wide monotonic clock).
// More cases: RC_PARAMS="max_success=500" ./property_linearizability_test
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <array>
#include <chrono>
#include <numeric>
#include <vector>

#include "interleave/specifications.hpp"
#include "primitives/blocking_queue.hpp"
#include "primitives/counter.hpp"
#include "primitives/future.hpp"
#include "primitives/process/process.hpp"
#include "primitives/process/queue.hpp"
#include "primitives/process/shared_object.hpp"
#include "primitives/semaphore.hpp"
#include "primitives/token_bucket.hpp"
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

LinValue nanoseconds(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count();
}

// Every grant time is explained by the counter with time started at the
// bucket's own start: a token earned per period, capped, the clock paused
// while full.
RC_GTEST_PROP(Linearizability, TokenBucketGrantTimesAreLinearizable, ()) {
  const int max_tokens = *rc::gen::inRange(1, 4);
  const auto period = std::chrono::microseconds(*rc::gen::inRange(200, 1500));
  const int threads = *rc::gen::inRange(2, 5);
  LinScenario scenario(static_cast<std::size_t>(threads));
  for (auto& mine : scenario)
    for (int k = *rc::gen::inRange(1, 4); k > 0; --k) mine.push_back({specs::get_token, {}});
  interleave::TokenBucket<> bucket(max_tokens, period);
  const LinHistory history = interleave::properties::record_history(
      scenario, [&](int, std::size_t, const std::vector<LinValue>&) { return nanoseconds(bucket.get_token()); },
      *rc::gen::inRange(0, 3), *rc::gen::arbitrary<std::uint32_t>());
  assert_linearizable(
      specs::token_bucket(max_tokens, std::chrono::duration_cast<std::chrono::nanoseconds>(period).count(),
                          nanoseconds(bucket.started())),
      history);
}

// Threads race to set one future and read it; thread 0 always sets, so no
// read waits forever. Exactly one set wins and every read returns its value.
RC_GTEST_PROP(Linearizability, FutureIsAWriteOnceRegister, ()) {
  const int threads = *rc::gen::inRange(2, 5);
  LinScenario scenario(static_cast<std::size_t>(threads));
  for (int t = 0; t < threads; ++t) {
    if (t == 0 || *rc::gen::arbitrary<bool>()) scenario[t].push_back({specs::set_once, {t + 1}});
    scenario[t].push_back({specs::get_once, {}});
  }
  interleave::Future<LinValue> future;
  const LinHistory history = interleave::properties::record_history(
      scenario,
      [&](int, std::size_t op, const std::vector<LinValue>& args) -> LinValue {
        if (op == specs::get_once) return future.result();
        try {
          future.set_result(args[0]);
          return 0;
        } catch (const interleave::InvalidStateError&) {
          return specs::kAlreadySet;
        }
      },
      *rc::gen::inRange(0, 3), *rc::gen::arbitrary<std::uint32_t>());
  assert_linearizable(specs::write_once(), history);
}

/// The calls one process made on the process Queue, stamped with the
/// system-wide monotonic clock (shared memory: written by the child).
struct ProcessCalls {
  static constexpr int kMax = 16;
  int count = 0;
  std::array<std::int64_t, kMax> invoked{}, returned{}, value{};
  std::array<bool, kMax> is_put{};
};

// Producer processes put distinct values, consumer processes get as many in
// all: the history of puts and gets across processes is linearizable
// against a FIFO queue.
RC_GTEST_PROP(Linearizability, ProcessQueueHistoriesAcrossProcessesAreLinearizable, ()) {
  using interleave::process::Process;
  const int producers = *rc::gen::inRange(1, 4);
  const int consumers = *rc::gen::inRange(1, 4);
  std::vector<int> puts(producers), gets(consumers, 0);
  int total = 0;
  for (int& n : puts) total += n = *rc::gen::inRange(0, ProcessCalls::kMax + 1);
  for (int k = 0; k < total; ++k) ++gets[*rc::gen::inRange(0, consumers)];
  for (int n : gets) RC_PRE(n <= ProcessCalls::kMax);
  interleave::process::Queue<long, 64, 32> queue;
  interleave::process::SharedObject<std::array<ProcessCalls, 6>> calls;
  auto stamp = [] { return nanoseconds(std::chrono::steady_clock::now()); };
  std::vector<Process> processes;
  for (int p = 0; p < producers; ++p)
    processes.emplace_back([&, p] {
      ProcessCalls& mine = (*calls)[p];
      for (int i = 0; i < puts[p]; ++i) {
        const long v = 100L * (p + 1) + i;
        const auto at = stamp();
        queue.put(v);
        mine.invoked[i] = at, mine.returned[i] = stamp(), mine.value[i] = v, mine.is_put[i] = true;
        mine.count = i + 1;
      }
    });
  for (int c = 0; c < consumers; ++c)
    processes.emplace_back([&, c] {
      ProcessCalls& mine = (*calls)[producers + c];
      for (int i = 0; i < gets[c]; ++i) {
        const auto at = stamp();
        const long v = queue.get();
        mine.invoked[i] = at, mine.returned[i] = stamp(), mine.value[i] = v, mine.is_put[i] = false;
        mine.count = i + 1;
      }
    });
  for (auto& p : processes) p.start();
  for (auto& p : processes) {
    if (!p.join(std::chrono::seconds(20))) p.kill();
    p.join();
    RC_ASSERT(p.exitcode() == 0);
  }
  LinHistory history;
  for (int who = 0; who < producers + consumers; ++who) {
    const ProcessCalls& mine = (*calls)[who];
    for (int i = 0; i < mine.count; ++i)
      history.push_back({who, static_cast<std::uint64_t>(mine.invoked[i]), static_cast<std::uint64_t>(mine.returned[i]),
                         mine.is_put[i] ? specs::enqueue : specs::dequeue,
                         mine.is_put[i] ? std::vector<LinValue>{mine.value[i]} : std::vector<LinValue>{},
                         mine.is_put[i] ? 0 : mine.value[i]});
  }
  RC_ASSERT(history.size() == static_cast<std::size_t>(2 * total));
  assert_linearizable(specs::queue(64), history);
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
