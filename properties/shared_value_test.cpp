// Value and Array in shared memory across real processes: the notes'
// Value('I', 1) counter incremented from several processes under get_lock()
// loses no update; load/store and Array elements written by children are seen
// by the parent.
#include <gtest/gtest.h>

#include <chrono>
#include <vector>

#include "primitives/process/process.hpp"
#include "primitives/process/value.hpp"

namespace {

using interleave::process_sync;
using interleave::process::Array;
using interleave::process::Process;
using interleave::process::Value;
using namespace std::chrono_literals;

TEST(SharedValue, CounterIncrementedUnderGetLockFromSeveralProcessesLosesNothing) {
  constexpr int kWorkers = 4, kRounds = 20000;
  Value<unsigned> counter(1);  // Value('I', 1)
  std::vector<Process> workers;
  for (int w = 0; w < kWorkers; ++w)
    workers.emplace_back([&counter] {
      for (int r = 0; r < kRounds; ++r) {
        process_sync::unique_lock<process_sync::mutex> hold(counter.get_lock());
        // A read-modify-write with a yield inside now and then, so that an
        // unlocked version loses updates even on one core.
        const unsigned seen = counter.get();
        if (r % 16 == 0) process_sync::yield();
        counter.set(seen + 1);
      }
    });
  for (auto& w : workers) w.start();
  for (auto& w : workers) {
    ASSERT_TRUE(w.join(30s));
    EXPECT_EQ(w.exitcode(), 0);
  }
  EXPECT_EQ(counter.load(), 1u + kWorkers * kRounds);
}

TEST(SharedValue, StoreInAChildIsSeenByTheParent) {
  Value<double> v(0.5);
  Process child([&v] { v.store(v.load() * 4); });
  child.start();
  ASSERT_TRUE(child.join(10s));
  EXPECT_EQ(child.exitcode(), 0);
  EXPECT_EQ(v.load(), 2.0);
}

TEST(SharedValue, ArrayElementsWrittenByChildrenAreSeenByTheParent) {
  Array<int, 8> squares;
  std::vector<Process> children;
  for (int i = 0; i < 8; ++i)
    children.emplace_back([&squares, i] {
      process_sync::unique_lock<process_sync::mutex> hold(squares.get_lock());
      squares[static_cast<std::size_t>(i)] = i * i;
    });
  for (auto& c : children) c.start();
  for (auto& c : children) ASSERT_TRUE(c.join(10s));
  const auto all = squares.snapshot();
  for (int i = 0; i < 8; ++i) EXPECT_EQ(all[static_cast<std::size_t>(i)], i * i);
}

}  // namespace
