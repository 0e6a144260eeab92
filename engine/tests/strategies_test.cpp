// Each sampling strategy finds a known bug, reproducibly from its seed, and
// iterative preemption bounding reports the fewest preemptions a bug needs.
#include <gtest/gtest.h>

#include "interleave/interleave.hpp"

namespace interleave {
namespace {

using S = model_sync;

/// A lost update that needs one preemption: read, (other thread), write.
void lost_update() {
  S::shared<int> count{0, "count"};
  auto inc = [&] { count.update([](int v) { return v + 1; }); };
  S::mutex m{"unused"};
  run_together({inc, inc});
  assert_that(count.get() == 2, "lost update");
}

Options with(Strategy s, std::uint64_t seed) {
  Options o;
  o.strategy = s;
  o.seed = seed;
  o.budget_executions = 2000;
  return o;
}

TEST(Random, FindsALostUpdateAndTheSameSeedFindsTheSameSchedule) {
  const Result a = check(lost_update, with(Strategy::random, 7));
  const Result b = check(lost_update, with(Strategy::random, 7));
  ASSERT_TRUE(a.has(ViolationKind::data_race));
  EXPECT_EQ(a.violations[0].schedule, b.violations[0].schedule);
}

TEST(Pct, FindsALostUpdateAndItsScheduleReplays) {
  Options o = with(Strategy::pct, 3);
  o.pct_depth = 2;
  o.keep_going = true;
  const Result r = check(lost_update, o);
  ASSERT_TRUE(r.has(ViolationKind::assertion));
  for (const Violation& v : r.violations) EXPECT_TRUE(replay(lost_update, v.schedule).has(v.kind)) << v.schedule;
}

TEST(PreemptionBounding, ReportsTheFewestPreemptionsABugNeeds) {
  Options o;
  o.max_preemptions = 3;
  o.keep_going = false;
  const Result r = check(
      [] {
        S::atomic<int> x{0, "x"};
        run_together({[&] {
                        const int v = x.load();
                        x.store(v + 1);
                      },
                      [&] {
                        const int v = x.load();
                        x.store(v + 1);
                      }});
        assert_that(x.load() == 2, "lost update");
      },
      o);
  ASSERT_TRUE(r.has(ViolationKind::assertion));
  EXPECT_EQ(r.violations[0].preemptions, 1);
}

TEST(PreemptionBounding, ASearchCutByTheBoundIsNotAPass) {
  Options o;
  o.max_preemptions = 0;
  const Result r = check(
      [] {
        S::atomic<int> x{0, "x"}, y{0, "y"};
        run_together({[&] {
                        x.store(1);
                        x.store(2);
                      },
                      [&] {
                        y.store(1);
                        y.store(2);
                      }});
      },
      o);
  EXPECT_EQ(r.verdict, Verdict::bound_reached) << r.note;
}

/// Two threads of three atomic stores each: no bug, and more schedules with
/// every preemption allowed.
void six_stores() {
  S::atomic<int> x{0, "x"}, y{0, "y"};
  run_together({[&] {
                  for (int i = 1; i <= 3; ++i) x.store(i);
                },
                [&] {
                  for (int i = 1; i <= 3; ++i) y.store(i);
                }});
}

TEST(PreemptionBounding, KeepGoingLooksForOtherKindsAtHigherBounds) {
  // The race needs no preemption; the lost update behind it needs one.
  Options o;
  o.max_preemptions = 2;
  o.keep_going = true;
  const Result r = check(lost_update, o);
  EXPECT_TRUE(r.has(ViolationKind::data_race));
  ASSERT_TRUE(r.has(ViolationKind::assertion)) << r.note;
  for (const Violation& v : r.violations)
    if (v.kind == ViolationKind::assertion) EXPECT_EQ(v.preemptions, 1);
}

TEST(PreemptionBounding, AnExhaustedBudgetIsTheNote) {
  Options o;
  o.max_preemptions = 2;
  o.budget_executions = 3;
  const Result r = check(six_stores, o);
  EXPECT_EQ(r.verdict, Verdict::bound_reached);
  EXPECT_NE(r.note.find("(budget)"), std::string::npos) << r.note;
}

TEST(PreemptionBounding, TheBudgetCoversEveryBoundTogether) {
  Options unbudgeted;
  unbudgeted.max_preemptions = 0;
  const Result bound0 = check(six_stores, unbudgeted);
  ASSERT_EQ(bound0.verdict, Verdict::bound_reached) << bound0.note;  // bound 0 alone fits the budget below

  Options o;
  o.max_preemptions = 3;
  o.budget_executions = bound0.stats.executions + bound0.stats.executions_blocked + 2;
  const Result r = check(six_stores, o);
  EXPECT_EQ(r.verdict, Verdict::bound_reached);
  EXPECT_LE(r.stats.executions + r.stats.executions_blocked, o.budget_executions) << r.note;
}

/// Two locked increments: holds under every schedule.
void locked_increments() {
  S::mutex m{"m"};
  S::shared<int> count{0, "count"};
  auto inc = [&] {
    S::unique_lock<S::mutex> lock(m);
    count.update([](int v) { return v + 1; });
  };
  run_together({inc, inc});
  assert_that(count.get() == 2, "lost update");
}

// Only a search that covers every schedule may say the model holds; a
// sampled "holds" is marked as a sample.
TEST(Exhaustive, IsSetForDfsAndDporAndNotForSampledSearches) {
  for (Strategy s : {Strategy::dfs, Strategy::dpor}) {
    const Result r = check(locked_increments, with(s, 1));
    EXPECT_EQ(r.verdict, Verdict::holds) << to_string(s);
    EXPECT_TRUE(r.exhaustive) << to_string(s);
  }
  for (Strategy s : {Strategy::random, Strategy::pct}) {
    const Result r = check(locked_increments, with(s, 1));
    EXPECT_EQ(r.verdict, Verdict::holds) << to_string(s);
    EXPECT_FALSE(r.exhaustive) << to_string(s);
  }
}

}  // namespace
}  // namespace interleave
