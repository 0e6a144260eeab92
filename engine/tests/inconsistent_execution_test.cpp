// An execution whose graph violates RC11's SC axiom (a psc cycle) is
// abandoned at the access that closes the cycle: the thread never acts on
// what it read, a store in a destructor does not throw, and the search
// counts the execution as blocked.
#include <gtest/gtest.h>

#include "interleave/interleave.hpp"

namespace interleave {
namespace {

using S = model_sync;

Options dfs() {
  Options o;
  o.strategy = Strategy::dfs;
  o.max_preemptions = -1;
  return o;
}

/// SB with seq_cst accesses: T1 checks, right after its load, that the two
/// loads did not both read 0. The relaxed load at the end puts the search
/// in weak-memory mode. Both loads reading 0 closes a psc cycle, so the
/// check never sees it, though the weak-memory search offers both reads of
/// the initial values.
void store_buffering_checked() {
  S::atomic<int> x{0, "x"}, y{0, "y"};
  int r0 = -1;
  S::thread t0([&] {
    x.store(1);
    r0 = y.load();
  });
  S::thread t1([&] {
    y.store(1);
    const int r1 = x.load();
    assert_that(!(r0 == 0 && r1 == 0), "both loads read 0");
  });
  t0.join();
  t1.join();
  (void)x.load(std::memory_order_relaxed);
}

TEST(InconsistentExecution, AThreadDoesNotActOnAReadThatClosesAPscCycle) {
  const Result r = check(store_buffering_checked, dfs());
  EXPECT_EQ(r.verdict, Verdict::holds) << r.note;
  EXPECT_GT(r.stats.executions_blocked, 0u);
}

/// The same under the random walk, which runs a thread on without a switch
/// while it is chosen again, from its first step on: the thread stops at
/// the read all the same.
TEST(InconsistentExecution, AThreadRunOnWithoutASwitchDoesNotActOnSuchARead) {
  Options o;
  o.strategy = Strategy::random;
  o.seed = 1;
  o.budget_executions = 2000;
  const Result r = check(store_buffering_checked, o);
  EXPECT_EQ(r.verdict, Verdict::holds) << r.note;
  EXPECT_GT(r.stats.executions_blocked, 0u);
}

struct StoreOnExit {
  S::atomic<int>& a;
  int value;
  ~StoreOnExit() { a.store(value); }
};

/// 2+2W with seq_cst stores, the last store of each thread made by a
/// destructor: placing both second stores first in mo closes a psc cycle at
/// a store, which must return (destructors do not throw), not terminate.
TEST(InconsistentExecution, AStoreInADestructorThatClosesAPscCycleReturns) {
  const Result r = check(
      [] {
        S::atomic<int> x{0, "x"}, y{0, "y"};
        S::thread t0([&] {
          StoreOnExit later{y, 2};
          x.store(1);
        });
        S::thread t1([&] {
          StoreOnExit later{x, 2};
          y.store(1);
        });
        t0.join();
        t1.join();
        const int fx = x.load(std::memory_order_relaxed), fy = y.load(std::memory_order_relaxed);
        assert_that(!(fx == 1 && fy == 1), "both locations ended at 1");
      },
      dfs());
  EXPECT_EQ(r.verdict, Verdict::holds) << r.note;
  EXPECT_GT(r.stats.executions_blocked, 0u);
}

}  // namespace
}  // namespace interleave
