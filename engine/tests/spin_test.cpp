// Spin loops: a spin that re-reads values nobody changed is not explored
// again; a spin that never ends is a livelock, found without a state hash; a
// thread passed over at a mutex past --max-bypass is starved.
#include <gtest/gtest.h>

#include "interleave/interleave.hpp"

namespace interleave {
namespace {

using S = model_sync;

std::string describe(const Result& r) {
  std::string out =
      std::string(to_string(r.verdict)) + " after " + std::to_string(r.stats.executions) + " executions; " + r.note;
  for (const Violation& v : r.violations) out += "\n" + std::string(to_string(v.kind)) + ": " + v.message;
  return out;
}

/// A test-and-test-and-set lock: spin on a load (with or without a yield), then exchange.
struct TtasLock {
  S::atomic<int> locked{0, "locked"};
  bool yields = true;
  void lock() {
    for (;;) {
      while (locked.load() != 0)
        if (yields) S::yield();
      if (locked.exchange(1) == 0) return;
    }
  }
  void unlock() { locked.store(0); }
};

void ttas_counter(int threads, bool yields) {
  TtasLock lock;
  lock.yields = yields;
  S::shared<int> count{0, "count"};
  std::vector<std::function<void()>> bodies;
  for (int i = 0; i < threads; ++i)
    bodies.push_back([&] {
      lock.lock();
      count.update([](int v) { return v + 1; });
      lock.unlock();
    });
  run_together(bodies);
  assert_that(count.get() == threads, "lost update");
}

Options with(Strategy strategy) {
  Options o;
  o.strategy = strategy;
  o.budget_seconds = 60;
  return o;
}

TEST(SpinLoops, ThreeThreadTtasLockIsExhaustedByDpor) {
  const Result r = check([] { ttas_counter(3, true); }, with(Strategy::dpor));
  EXPECT_EQ(r.verdict, Verdict::holds) << describe(r);
  EXPECT_LT(r.stats.executions, 20'000u) << describe(r);
}

TEST(SpinLoops, ASpinWithoutAYieldCostsNoMoreThanOneWithAYield) {
  const Result with_yield = check([] { ttas_counter(2, true); }, with(Strategy::dpor));
  const Result without = check([] { ttas_counter(2, false); }, with(Strategy::dpor));
  ASSERT_EQ(with_yield.verdict, Verdict::holds) << describe(with_yield);
  ASSERT_EQ(without.verdict, Verdict::holds) << describe(without);
  EXPECT_LE(without.stats.executions, 2 * with_yield.stats.executions)
      << with_yield.stats.executions << " with a yield, " << without.stats.executions << " without";
}

TEST(SpinLoops, TwoThreadTtasLockIsExhaustedByDfs) {
  const Result r = check([] { ttas_counter(2, true); }, with(Strategy::dfs));
  EXPECT_EQ(r.verdict, Verdict::holds) << describe(r);
}

/// Each thread raises its flag; seeing the other's, it lowers its own, yields and retries.
void polite_backoff(bool one_insists) {
  S::atomic<int> a_wants{0, "a_wants"}, b_wants{0, "b_wants"};
  S::shared<int> inside{0, "inside"};
  auto polite = [&](S::atomic<int>& mine, S::atomic<int>& theirs, bool insists) {
    for (;;) {
      mine.store(1);
      if (theirs.load() == 0 || insists) break;
      mine.store(0);
      S::yield();
    }
    if (insists)
      while (theirs.load() != 0) S::yield();
    inside.update([](int v) { return v + 1; });
    mine.store(0);
  };
  S::thread a([&] { polite(a_wants, b_wants, one_insists); });
  S::thread b([&] { polite(b_wants, a_wants, false); });
  a.join();
  b.join();
}

TEST(Livelock, PoliteBackOffIsFoundByEveryExhaustiveStrategyAndRandomWithoutAStateHash) {
  for (Strategy s : {Strategy::dfs, Strategy::dpor, Strategy::random}) {
    const Result r = check([] { polite_backoff(false); }, with(s));
    EXPECT_TRUE(r.has(ViolationKind::livelock)) << to_string(s) << ": " << describe(r);
    for (const Violation& v : r.violations)
      if (v.kind == ViolationKind::livelock)
        EXPECT_NE(v.message.find("return to the same state"), std::string::npos) << v.message;
  }
}

TEST(Livelock, BackOffWhereOneThreadInsistsHolds) {
  for (Strategy s : {Strategy::dfs, Strategy::dpor}) {
    const Result r = check([] { polite_backoff(true); }, with(s));
    EXPECT_EQ(r.verdict, Verdict::holds) << to_string(s) << ": " << describe(r);
  }
}

/// A thread spins for a flag: set by the main thread, or (`never`) by nobody.
void wait_for_flag(bool never, bool yields) {
  S::atomic<int> ready{0, "ready"};
  S::thread t([&] {
    while (ready.load() == 0)
      if (yields) S::yield();
  });
  if (!never) ready.store(1);
  t.join();
}

TEST(Livelock, ASpinForAFlagNobodySetsIsALivelock) {
  for (bool yields : {true, false}) {
    Options o = with(Strategy::dpor);
    o.max_steps = 200;
    const Result r = check([=] { wait_for_flag(true, yields); }, o);
    EXPECT_TRUE(r.has(ViolationKind::livelock)) << "yields " << yields << ": " << describe(r);
  }
}

TEST(Livelock, ASpinForAFlagThatIsSetHoldsInFewExecutions) {
  for (bool yields : {true, false}) {
    const Result r = check([=] { wait_for_flag(false, yields); }, with(Strategy::dpor));
    EXPECT_EQ(r.verdict, Verdict::holds) << "yields " << yields << ": " << describe(r);
    EXPECT_LE(r.stats.executions, 4u) << "yields " << yields << ": " << describe(r);
  }
}

/// Weak memory: a spin may read an older store than the latest; its yield
/// catches it up, and it sees the flag next time, with no thread changing
/// anything after the yield. Its first read (of a flag nobody sets) makes the
/// state after it look the same before and after the stale read unless the
/// state counts what the thread may still read. Not a livelock: every
/// execution ends with the flag seen.
TEST(Livelock, ASpinThatReadAStaleFlagSeesTheFlagAfterItsYield) {
  for (Strategy s : {Strategy::dfs, Strategy::dpor}) {
    const Result r = check(
        [] {
          S::atomic<int> stop{0, "stop"};
          S::atomic<int> ready{0, "ready"};
          S::thread t([&] {
            while (stop.load(std::memory_order_relaxed) == 0 && ready.load(std::memory_order_acquire) == 0) S::yield();
          });
          ready.store(1, std::memory_order_release);
          t.join();
        },
        with(s));
    EXPECT_EQ(r.verdict, Verdict::holds) << to_string(s) << ": " << describe(r);
  }
}

/// A bounded spin gives up after a few tries and takes the slow path: not a livelock.
TEST(Livelock, ABoundedSpinThatGivesUpIsNotALivelock) {
  const Result r = check(
      [] {
        S::atomic<int> ready{0, "ready"};
        S::mutex m{"m"};
        S::thread t([&] {
          for (int i = 0; i < 5 && ready.load() == 0; ++i) {
          }
          S::unique_lock<S::mutex> l(m);
        });
        t.join();
      },
      with(Strategy::dpor));
  EXPECT_EQ(r.verdict, Verdict::holds) << describe(r);
}

/// A thread reads one place a fixed number of times while another writes it:
/// a bounded loop, not a spin. With implicit spins off, every interleaving of
/// the reads with the write is explored (the documented limit of the
/// assumption); on, the reads after the third wait for the write.
int reads_of_zero(bool implicit_spins) {
  int most = 0;
  Options o = with(Strategy::dfs);
  o.implicit_spins = implicit_spins;
  const Result r = check(
      [&] {
        S::atomic<int> x{0, "x"};
        int zeros = 0;
        S::thread writer([&] { x.store(1); });
        for (int i = 0; i < 4; ++i) zeros += x.load() == 0 ? 1 : 0;
        writer.join();
        most = std::max(most, zeros);
      },
      o);
  EXPECT_EQ(r.verdict, Verdict::holds) << describe(r);
  return most;
}

TEST(SpinLoops, ABoundedReadLoopIsExploredFullyWithImplicitSpinsOff) {
  EXPECT_EQ(reads_of_zero(false), 4);
  EXPECT_EQ(reads_of_zero(true), 3);
}

/// Two threads take one mutex `rounds` times each.
void take_turns(int rounds) {
  S::mutex m{"m"};
  auto body = [&] {
    for (int i = 0; i < rounds; ++i) {
      S::unique_lock<S::mutex> l(m);
    }
  };
  S::thread a(body);
  S::thread b(body);
  a.join();
  b.join();
}

TEST(Starvation, AThreadBypassedAtAMutexPastTheBoundIsStarvedWithoutHooks) {
  Options o = with(Strategy::dpor);
  o.max_bypass = 2;
  const Result r = check([] { take_turns(3); }, o);
  ASSERT_TRUE(r.has(ViolationKind::starvation)) << describe(r);
  for (const Violation& v : r.violations)
    if (v.kind == ViolationKind::starvation) EXPECT_NE(v.message.find("mutex m"), std::string::npos) << v.message;
}

TEST(Starvation, BypassesWithinTheBoundHold) {
  Options o = with(Strategy::dpor);
  o.max_bypass = 3;
  const Result r = check([] { take_turns(3); }, o);
  EXPECT_EQ(r.verdict, Verdict::holds) << describe(r);
}

}  // namespace
}  // namespace interleave
