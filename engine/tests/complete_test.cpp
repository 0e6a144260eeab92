// Result::complete says whether the search explored everything its strategy
// and options define: true only for an exhaustive search that ran out of
// executions; false for one a budget, a first violation or a preemption bound
// cut short, and for every sample.
#include <gtest/gtest.h>

#include "interleave/interleave.hpp"

namespace interleave {
namespace {

using S = model_sync;

/// Two threads of two unlocked writes each to one variable: a data race in
/// every one of the orders of the writes.
void racing_writes() {
  S::shared<int> v{0, "v"};
  run_together({[&] {
                  v.set(1);
                  v.set(2);
                },
                [&] {
                  v.set(3);
                  v.set(4);
                }});
}

/// Two threads of three stores each to one atomic: no bug, and orders of
/// the stores (every one for DPOR too) that need preemptions.
void six_stores() {
  S::atomic<int> x{0, "x"};
  run_together({[&] {
                  for (int i = 1; i <= 3; ++i) x.store(i);
                },
                [&] {
                  for (int i = 4; i <= 6; ++i) x.store(i);
                }});
}

Options with(Strategy s) {
  Options o;
  o.strategy = s;
  return o;
}

constexpr Strategy kExhaustive[] = {Strategy::dfs, Strategy::dpor};

TEST(Complete, AnExhaustiveSearchThatFinishesIsComplete) {
  for (Strategy s : kExhaustive) {
    const Result r = check(six_stores, with(s));
    EXPECT_EQ(r.verdict, Verdict::holds) << to_string(s);
    EXPECT_TRUE(r.complete) << to_string(s);
  }
}

TEST(Complete, ASearchThatFindsEveryViolationAndFinishesIsComplete) {
  for (Strategy s : kExhaustive) {
    Options o = with(s);
    o.keep_going = true;
    const Result r = check(racing_writes, o);
    EXPECT_EQ(r.verdict, Verdict::violated) << to_string(s);
    EXPECT_TRUE(r.complete) << to_string(s) << ": " << r.note;
  }
}

TEST(Complete, ASearchCutByItsExecutionBudgetAfterAViolationIsNot) {
  for (Strategy s : kExhaustive) {
    Options o = with(s);
    o.keep_going = true;
    const Result whole = check(racing_writes, o);
    ASSERT_GT(whole.stats.executions + whole.stats.executions_blocked, 2u) << to_string(s);
    o.budget_executions = 2;
    const Result r = check(racing_writes, o);
    ASSERT_EQ(r.verdict, Verdict::violated) << to_string(s);  // the race shows in every execution
    EXPECT_FALSE(r.complete) << to_string(s);
  }
}

TEST(Complete, ABudgetThatRunsOutWithTheSearchCutsNothing) {
  for (Strategy s : kExhaustive) {
    const Result whole = check(six_stores, with(s));
    Options o = with(s);
    o.budget_executions = whole.stats.executions + whole.stats.executions_blocked;
    const Result r = check(six_stores, o);
    EXPECT_EQ(r.verdict, Verdict::holds) << to_string(s) << ": " << r.note;
    EXPECT_TRUE(r.complete) << to_string(s);
  }
}

TEST(Complete, ASearchThatStopsAtTheFirstViolationIsNot) {
  for (Strategy s : kExhaustive) {
    const Result r = check(racing_writes, with(s));  // keep_going is off
    ASSERT_EQ(r.verdict, Verdict::violated) << to_string(s);
    EXPECT_FALSE(r.complete) << to_string(s);
  }
}

TEST(Complete, ASampleNeverIs) {
  for (Strategy s : {Strategy::random, Strategy::pct}) {
    Options o = with(s);
    o.budget_executions = 200;
    const Result r = check(six_stores, o);
    EXPECT_EQ(r.verdict, Verdict::holds) << to_string(s);
    EXPECT_FALSE(r.complete) << to_string(s);
  }
}

TEST(Complete, APreemptionBoundIsCompleteOnlyWhenItLeavesNothingOut) {
  for (Strategy s : kExhaustive) {
    Options o = with(s);
    o.max_preemptions = 0;
    const Result cut = check(six_stores, o);
    EXPECT_EQ(cut.verdict, Verdict::bound_reached) << to_string(s);
    EXPECT_FALSE(cut.complete) << to_string(s);
    o.max_preemptions = 10;  // six steps need at most five preemptions
    const Result whole = check(six_stores, o);
    EXPECT_EQ(whole.verdict, Verdict::holds) << to_string(s) << ": " << whole.note;
    EXPECT_TRUE(whole.exhaustive) << to_string(s);
    EXPECT_TRUE(whole.complete) << to_string(s);
  }
}

TEST(Complete, WorkersThatShareASearchAreCompleteTogether) {
  Options o = with(Strategy::dpor);
  o.jobs = 2;
  const Result holds = check(six_stores, o);
  EXPECT_EQ(holds.verdict, Verdict::holds) << holds.note;
  EXPECT_TRUE(holds.complete);
  const Result stopped = check(racing_writes, o);
  ASSERT_EQ(stopped.verdict, Verdict::violated);
  EXPECT_FALSE(stopped.complete);
}

TEST(Complete, EachShardIsCompleteForItsPartAndShardsAsThreadsTogether) {
  for (Strategy s : kExhaustive) {
    for (int k = 0; k < 2; ++k) {
      Options o = with(s);
      o.shard_index = k;
      o.shard_count = 2;
      const Result r = check(six_stores, o);
      EXPECT_EQ(r.verdict, Verdict::holds) << to_string(s) << " shard " << k << ": " << r.note;
      EXPECT_TRUE(r.complete) << to_string(s) << " shard " << k;
    }
  }
  Options o = with(Strategy::dfs);
  o.jobs = 2;  // two shards on two threads
  const Result whole = check(six_stores, o);
  EXPECT_EQ(whole.verdict, Verdict::holds) << whole.note;
  EXPECT_TRUE(whole.complete);
  o.budget_executions = 3;  // each shard cut by it
  const Result cut = check(six_stores, o);
  EXPECT_EQ(cut.verdict, Verdict::bound_reached);
  EXPECT_FALSE(cut.complete);
}

TEST(Complete, AReplayIsNot) {
  const Result found = check(racing_writes, with(Strategy::dfs));
  ASSERT_FALSE(found.violations.empty());
  const Result r = replay(racing_writes, found.violations[0].schedule);
  EXPECT_EQ(r.verdict, Verdict::violated);
  EXPECT_FALSE(r.complete);
}

}  // namespace
}  // namespace interleave
