// The explorer is exhaustive and exact: closed-form counts of interleavings,
// the same final states as a brute-force enumerator, and replay that
// reproduces a trace exactly.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <map>
#include <set>

#include "interleave/interleave.hpp"
#include "program_gen.hpp"

namespace interleave {
namespace {

using S = model_sync;

/// n threads, each doing k writes to its own variable: (nk)!/(k!)^n executions.
std::uint64_t count_independent(int n, int k) {
  const Result r = check([n, k] {
    std::vector<std::unique_ptr<S::shared<int>>> vars;
    std::vector<std::function<void()>> bodies;
    for (int t = 0; t < n; ++t) {
      vars.push_back(std::make_unique<S::shared<int>>(0, "v"));
      bodies.push_back([&var = *vars.back(), k] {
        for (int i = 0; i < k; ++i) var.set(i);
      });
    }
    run_together(std::move(bodies));
  });
  EXPECT_EQ(r.verdict, Verdict::holds);
  return r.stats.executions;
}

TEST(Exhaustive, TwoThreadsOfThreeStepsHaveTwentyInterleavings) { EXPECT_EQ(count_independent(2, 3), 20u); }
TEST(Exhaustive, ThreeThreadsOfThreeStepsHave1680Interleavings) { EXPECT_EQ(count_independent(3, 3), 1680u); }
TEST(Exhaustive, ThreeThreadsOfTwoStepsHaveNinetyInterleavings) { EXPECT_EQ(count_independent(3, 2), 90u); }

constexpr std::uint64_t kExecutionBudget = 200'000;

/// Explores `program` with `strategy`; returns the final states reached.
std::set<testing_gen::State> explore(const testing_gen::Program& program, Strategy strategy, Result& result,
                                     std::uint64_t max_steps = Options{}.max_steps) {
  std::set<testing_gen::State> explored;
  Options o;
  o.strategy = strategy;
  o.max_steps = max_steps;
  // A program too large to search is the same size on every machine: an
  // execution budget cuts it, the time budget only backs it
  // up against a search that hangs.
  o.budget_executions = kExecutionBudget;
  o.budget_seconds = 300;
  o.keep_going = true;    // races are expected in random programs; explore everything
  result = check([&] { explored.insert(testing_gen::run_model(program)); }, o);
  return explored;
}

RC_GTEST_PROP(Exhaustive, ReachesExactlyTheFinalStatesOfABruteForceEnumerator, ()) {
  const testing_gen::Program program = *testing_gen::program();
  Result r;
  const auto explored = explore(program, Strategy::dfs, r);
  RC_ASSERT(r.verdict != Verdict::error);
  if (!r.complete) RC_DISCARD("plain DFS did not finish within its budget");
  RC_ASSERT(!r.has(ViolationKind::deadlock));
  RC_ASSERT(explored == testing_gen::enumerate(program).states);
}

// Optimal DPOR: the same final states, one complete execution per
// Mazurkiewicz trace, and without locks none cut short by a sleep set.
// (Reversing two critical sections may cut a few short.)
RC_GTEST_PROP(Dpor, ExploresEachMazurkiewiczTraceOfABruteForceEnumeratorOnce, ()) {
  const testing_gen::Program program = *testing_gen::program();
  const testing_gen::Enumeration expected = testing_gen::enumerate(program);
  Result r;
  const auto explored = explore(program, Strategy::dpor, r);
  RC_ASSERT(r.verdict != Verdict::error);
  RC_ASSERT(r.complete);
  RC_ASSERT(explored == expected.states);
  RC_ASSERT(r.stats.executions == expected.traces);
  const bool locks = std::any_of(program.begin(), program.end(), [](const testing_gen::Thread& t) {
    return std::any_of(t.begin(), t.end(), [](const testing_gen::Op& op) { return op.kind == testing_gen::Op::lock; });
  });
  if (!locks) RC_ASSERT(r.stats.executions_blocked == 0u);
}

/// Explores `program` under DPOR as `shards` shards, one after another; adds
/// the final states reached to `explored` and returns the executions summed.
std::uint64_t explore_sharded(const testing_gen::Program& program, int shards, std::set<testing_gen::State>& explored) {
  std::uint64_t executions = 0;
  for (int k = 0; k < shards; ++k) {
    Options o;
    o.strategy = Strategy::dpor;
    o.keep_going = true;
    o.shard_index = k;
    o.shard_count = shards;
    executions += check([&] { explored.insert(testing_gen::run_model(program)); }, o).stats.executions;
  }
  return executions;
}

// Sharded DPOR: the parts of N shards add up to the traces, with the
// shared top of the search several levels deep in these small programs.
RC_GTEST_PROP(Dpor, ShardsTogetherExploreEachTraceOnce, ()) {
  const testing_gen::Program program = *testing_gen::program();
  std::set<testing_gen::State> explored;
  const std::uint64_t executions = explore_sharded(program, *rc::gen::inRange(2, 4), explored);
  const testing_gen::Enumeration expected = testing_gen::enumerate(program);
  RC_ASSERT(explored == expected.states);
  RC_ASSERT(executions == expected.traces);
}

// Regression: a shard followed sequences inserted at the shared top from its
// own races only, and lost the trace where thread 1 reads 0 then 1.
TEST(Dpor, ShardsOfALockAndReadsProgramAddUpToItsTraces) {
  using testing_gen::Op;
  const testing_gen::Program program{{{Op::read, 0, 1}, {Op::read, 0, 1}, {Op::write, 0, 1}},
                                     {{Op::lock, 0, 0}, {Op::read, 0, 1}, {Op::unlock, 0, 0}, {Op::read, 0, 1}},
                                     {{Op::read, 0, 1}, {Op::read, 0, 1}}};
  std::set<testing_gen::State> explored;
  EXPECT_EQ(explore_sharded(program, 2, explored), testing_gen::enumerate(program).traces);
}

// Regression: three shards of a program whose threads share two locks
// added up to 10 of its 12 traces.
TEST(Dpor, ThreeShardsOfATwoLockProgramAddUpToItsTraces) {
  using testing_gen::Op;
  const testing_gen::Program program{
      {{Op::lock, 1, 0}, {Op::write, 1, 1}, {Op::unlock, 1, 0}},
      {{Op::read, 0, 1}, {Op::lock, 1, 0}, {Op::write, 1, 1}, {Op::unlock, 1, 0}},
      {{Op::lock, 0, 0}, {Op::read, 1, 1}, {Op::unlock, 0, 0}, {Op::lock, 1, 0}, {Op::read, 0, 1}, {Op::unlock, 1, 0}}};
  std::set<testing_gen::State> explored;
  EXPECT_EQ(explore_sharded(program, 3, explored), testing_gen::enumerate(program).traces);
  EXPECT_EQ(explored, testing_gen::enumerate(program).states);
}

// Regression: a spurious wake-up's wake step looked as if a notify had caused it.
TEST(Dpor, ANotifyDoesNotOrderASpuriousWakeUp) {
  using testing_gen::Op;
  const testing_gen::Program program{
      {{Op::lock, 0, 0}, {Op::write, 0, 1}, {Op::notify_one, 1, 0}, {Op::unlock, 0, 0}},
      {{Op::read, 0, 1}},
      {{Op::lock, 0, 0}, {Op::read, 0, 1}, {Op::wait, 1, 0}, {Op::unlock, 0, 0}, {Op::read, 0, 1}, {Op::read, 0, 1}}};
  Result all, reduced;
  EXPECT_EQ(explore(program, Strategy::dpor, reduced), explore(program, Strategy::dfs, all));
}

// With condition variables (spurious wake-ups included), plain DFS is the
// reference: DPOR reaches the same final states and the same deadlocks.
RC_GTEST_PROP(Dpor, ReachesTheFinalStatesOfPlainDfsWithConditionVariables, ()) {
  const testing_gen::Program program = *testing_gen::program_with_conditions();
  Result all, reduced;
  const auto expected = explore(program, Strategy::dfs, all);
  RC_ASSERT(all.verdict != Verdict::error);
  if (!all.complete) RC_DISCARD("plain DFS did not finish within its budget");
  const auto explored = explore(program, Strategy::dpor, reduced);
  RC_ASSERT(reduced.verdict != Verdict::error);
  RC_ASSERT(reduced.complete);
  RC_ASSERT(explored == expected);
  RC_ASSERT(reduced.has(ViolationKind::deadlock) == all.has(ViolationKind::deadlock));
  RC_ASSERT(reduced.stats.executions <= all.stats.executions);
}

TEST(Replay, AFailuresScheduleReproducesTheIdenticalTrace) {
  auto scenario = [] {
    S::shared<int> count{0, "count"};
    S::mutex m{"m"};
    auto inc = [&] { count.update([](int v) { return v + 1; }); };
    S::thread a(inc), b(inc);
    a.join();
    b.join();
    assert_that(count.get() == 2, "lost update");
  };
  Options o;
  o.keep_going = true;
  const Result found = check(scenario, o);
  ASSERT_EQ(found.verdict, Verdict::violated);
  for (const Violation& v : found.violations) {
    const Result again = replay(scenario, v.schedule);
    ASSERT_TRUE(again.has(v.kind)) << v.schedule;
    const Violation* same = nullptr;
    for (const Violation& w : again.violations)
      if (w.kind == v.kind) same = &w;
    ASSERT_EQ(same->schedule, v.schedule);
    ASSERT_EQ(same->trace.size(), v.trace.size());
    for (std::size_t i = 0; i < v.trace.size(); ++i) {
      EXPECT_EQ(same->trace[i].thread, v.trace[i].thread);
      EXPECT_EQ(same->trace[i].operation, v.trace[i].operation);
      EXPECT_EQ(same->trace[i].object, v.trace[i].object);
      EXPECT_EQ(same->trace[i].detail, v.trace[i].detail);
      EXPECT_EQ(same->trace[i].line, v.trace[i].line);
    }
  }
}

TEST(Replay, AScheduleThatDoesNotFitIsAnErrorNotACrash) {
  const Result r = replay(
      [] {
        S::thread t([] {});
        t.join();
      },
      "1:5,5,5");
  EXPECT_EQ(r.verdict, Verdict::error);
  EXPECT_EQ(r.strategy, "replay");
  EXPECT_NE(r.note.find("does not fit"), std::string::npos) << r.note;
  EXPECT_NE(r.note.find("thread 5 cannot run"), std::string::npos) << r.note;
}

TEST(Replay, AScheduleThatEndsTooSoonIsAnError) {
  const Result r = replay(
      [] {
        S::thread t([] {});
        t.join();
      },
      "1:0");
  EXPECT_EQ(r.verdict, Verdict::error);
  EXPECT_NE(r.note.find("ends after 1 steps"), std::string::npos) << r.note;
}

TEST(Replay, AMalformedScheduleIsAnErrorThatQuotesIt) {
  const Result r = replay([] {}, "garbage");
  EXPECT_EQ(r.verdict, Verdict::error);
  EXPECT_EQ(r.stats.executions, 0u);
  EXPECT_NE(r.note.find("bad schedule \"garbage\""), std::string::npos) << r.note;
}

}  // namespace
}  // namespace interleave

namespace interleave {
namespace {

/// Fails in exactly one of its six executions: t1 stores, t3 reads 1, t2 stores.
void one_bad_order() {
  model_sync::atomic<int> x{0, "x"};
  int seen = 0;  // thread-local to t3 until the join publishes it
  run_together({[&] { x.store(1); }, [&] { x.store(2); }, [&] { seen = x.load(); }});
  assert_that(!(seen == 1 && x.load() == 2), "the one bad order");
}

TEST(Shards, ExecutionsOfAllShardsAddUpToTheWhole) {
  const std::uint64_t total = check([] { one_bad_order(); },
                                    [] {
                                      Options o;
                                      o.keep_going = true;
                                      return o;
                                    }())
                                  .stats.executions;
  EXPECT_EQ(total, 6u);
  for (int n : {2, 3, 5}) {
    std::uint64_t sum = 0;
    for (int k = 0; k < n; ++k) {
      Options o;
      o.keep_going = true;
      o.shard_index = k;
      o.shard_count = n;
      sum += check([] { one_bad_order(); }, o).stats.executions;
    }
    EXPECT_EQ(sum, total) << n << " shards";
  }
  EXPECT_EQ(count_independent(3, 3), 1680u);
}

TEST(Shards, ABugIsFoundByExactlyTheShardThatOwnsIt) {
  for (int n : {2, 3, 4}) {
    int finders = 0;
    for (int k = 0; k < n; ++k) {
      Options o;
      o.shard_index = k;
      o.shard_count = n;
      finders += check([] { one_bad_order(); }, o).has(ViolationKind::assertion) ? 1 : 0;
    }
    EXPECT_EQ(finders, 1) << n << " shards";
  }
}

/// Two threads writing their own variables: one execution under DPOR.
void two_independent_writes() {
  S::shared<int> a{0, "a"}, b{0, "b"};
  run_together({[&] { a.set(1); }, [&] { b.set(1); }});
}

TEST(Shards, MoreShardsThanExecutionsLeaveSomeEmptyAndTheyHold) {
  int empty = 0;
  for (int k = 0; k < 64; ++k) {
    Options o;
    o.strategy = Strategy::dpor;
    o.shard_index = k;
    o.shard_count = 64;
    const Result r = check([] { two_independent_writes(); }, o);
    if (r.stats.executions == 0) {
      ++empty;
      EXPECT_EQ(r.verdict, Verdict::holds) << k;
      EXPECT_NE(r.note.find("nothing to explore"), std::string::npos) << r.note;
    }
  }
  EXPECT_GT(empty, 0);
}

TEST(Shards, ManyJobsMergeEmptyShardsToTheWholeVerdict) {
  Options o;
  o.strategy = Strategy::dpor;
  o.jobs = 16;
  const Result holds = check([] { two_independent_writes(); }, o);
  EXPECT_EQ(holds.verdict, Verdict::holds) << holds.note;
  const Result bad = check([] { one_bad_order(); }, o);
  EXPECT_EQ(bad.verdict, Verdict::violated);
  EXPECT_EQ(bad.note.find("no execution completed"), std::string::npos) << bad.note;
}

TEST(Shards, JobsMergeToTheSameCountAndVerdict) {
  Options o;
  o.jobs = 2;
  o.keep_going = true;
  const Result r = check([] { one_bad_order(); }, o);
  EXPECT_EQ(r.stats.executions, 6u);
  EXPECT_TRUE(r.has(ViolationKind::assertion));
}

}  // namespace
}  // namespace interleave

namespace interleave {
namespace {

// Spin loops (with a yield or without) wait until what they read changes:
// DFS and DPOR still reach exactly the final states of the enumerator, where
// a spin is a read that can go on only once its value is there, and report a
// livelock, deadlock or starvation (a thread blocked behind a spin that never
// ends) exactly when some interleaving gets stuck.
RC_GTEST_PROP(Spin, DfsAndDporReachTheFinalStatesOfABruteForceEnumerator, ()) {
  const testing_gen::Program program = *testing_gen::program_with_spins();
  const testing_gen::Enumeration expected = testing_gen::enumerate(program);
  for (Strategy strategy : {Strategy::dpor, Strategy::dfs}) {
    Result r;
    const auto explored = explore(program, strategy, r, 300);
    RC_ASSERT(r.verdict != Verdict::error);
    if (strategy == Strategy::dfs && !r.complete) RC_DISCARD("plain DFS did not finish within its budget");
    RC_ASSERT(r.complete);
    RC_ASSERT(explored == expected.states);
    RC_ASSERT(!r.has(ViolationKind::non_termination));
    RC_ASSERT((r.has(ViolationKind::livelock) || r.has(ViolationKind::deadlock) || r.has(ViolationKind::starvation)) ==
              expected.stuck);
  }
}

// Regression: T0 spins inside its critical section for a write T1 makes
// inside its own; T2 spins outside. DPOR's reversal for T1's acquisition,
// built from the first order, starts with T2's spin, which cannot run where
// it is inserted: the order where T1 goes first was never explored.
TEST(Spin, DporReachesTheOrderWhereTheWriterTakesTheLockFirst) {
  using testing_gen::Op;
  const testing_gen::Program program{{{Op::lock, 1, 0}, {Op::spin_yield, 0, 1}, {Op::unlock, 1, 0}},
                                     {{Op::lock, 1, 0}, {Op::read, 0, 1}, {Op::write, 0, 1}, {Op::unlock, 1, 0}},
                                     {{Op::read, 0, 1}, {Op::spin_yield, 0, 1}}};
  const testing_gen::Enumeration expected = testing_gen::enumerate(program);
  for (Strategy strategy : {Strategy::dpor, Strategy::dfs}) {
    Result r;
    EXPECT_EQ(explore(program, strategy, r, 300), expected.states) << "strategy " << int(strategy);
  }
}

}  // namespace
}  // namespace interleave
