// Counterexample shrinking: the shrunk schedule has the fewest preemptions
// the bug needs, is no longer than the original, shows the same kind, and
// replays to exactly its own trace.
#include <gtest/gtest.h>

#include "interleave/interleave.hpp"
#include "interleave/shrink.hpp"

namespace interleave {
namespace {

using S = model_sync;

// A lost update between two threads, each first doing steps that have
// nothing to do with it: the bug needs exactly one preemption (between one
// thread's load and its store).
void lost_update_with_noise() {
  S::atomic<int> count{0, "count"};
  S::atomic<int> noise{0, "noise"};
  auto work = [&] {
    for (int i = 0; i < 3; ++i) noise.store(noise.load() + 1);
    const int seen = count.load();
    count.store(seen + 1);
  };
  S::thread a(work);
  S::thread b(work);
  a.join();
  b.join();
  assert_that(count.load() == 2, "lost update: count is not 2");
}

Violation found_by_random_walk(std::uint64_t seed) {
  Options options;
  options.strategy = Strategy::random;
  options.seed = seed;
  options.budget_executions = 2000;
  const Result r = check(lost_update_with_noise, options);
  EXPECT_TRUE(r.has(ViolationKind::assertion)) << "seed " << seed;
  return r.violations.empty() ? Violation{} : r.violations.front();
}

TEST(Shrink, FindsTheOnePreemptionTheBugNeeds) {
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    const Violation original = found_by_random_walk(seed);
    const Violation shrunk = shrink(lost_update_with_noise, original);
    EXPECT_EQ(shrunk.kind, ViolationKind::assertion);
    EXPECT_EQ(shrunk.preemptions, 1) << "seed " << seed << ": " << original.schedule << " -> " << shrunk.schedule;
    EXPECT_LE(shrunk.trace.size(), original.trace.size());
  }
}

TEST(Shrink, RecordsTheOriginalLengthWhenItShrinks) {
  for (std::uint64_t seed : {1, 2, 3, 4, 5}) {
    const Violation original = found_by_random_walk(seed);
    const Violation shrunk = shrink(lost_update_with_noise, original);
    if (shrunk.schedule == original.schedule) {
      EXPECT_EQ(shrunk.original_steps, 0u);
    } else {
      EXPECT_EQ(shrunk.original_steps, original.trace.size());
      EXPECT_TRUE(shrunk.preemptions < original.preemptions || shrunk.trace.size() < original.trace.size());
    }
  }
}

TEST(Shrink, ShrunkScheduleReplaysToItsOwnTrace) {
  const Violation shrunk = shrink(lost_update_with_noise, found_by_random_walk(3));
  const Result again = replay(lost_update_with_noise, shrunk.schedule);
  ASSERT_TRUE(again.has(ViolationKind::assertion)) << again.note;
  const Violation& v = again.violations.front();
  ASSERT_EQ(v.trace.size(), shrunk.trace.size());
  for (std::size_t i = 0; i < v.trace.size(); ++i) {
    EXPECT_EQ(v.trace[i].thread, shrunk.trace[i].thread) << i;
    EXPECT_EQ(v.trace[i].operation, shrunk.trace[i].operation) << i;
    EXPECT_EQ(v.trace[i].detail, shrunk.trace[i].detail) << i;
  }
  EXPECT_EQ(v.failing_step, shrunk.failing_step);
}

TEST(Shrink, LeavesAnUnreadableScheduleAlone) {
  Violation v;
  v.kind = ViolationKind::assertion;
  v.schedule = "not a schedule";
  EXPECT_EQ(shrink(lost_update_with_noise, v).schedule, "not a schedule");
}

}  // namespace
}  // namespace interleave
