// Every bug class the engine reports, each shown by a program that has
// exactly that bug, beside a correct counterpart that holds.
#include <gtest/gtest.h>

#include <stdexcept>

#include "interleave/interleave.hpp"

namespace interleave {
namespace {

using S = model_sync;
using Lock = S::unique_lock<S::mutex>;

Result run(const std::function<void()>& scenario, Options options = {}) { return check(scenario, options); }

const Violation& only(const Result& r, ViolationKind kind) {
  for (const Violation& v : r.violations)
    if (v.kind == kind) return v;
  std::string found;
  for (const Violation& v : r.violations) found += std::string(to_string(v.kind)) + ": " + v.message + "\n";
  throw std::runtime_error("no violation of the expected kind; found:\n" + found);
}

// The notes' first example: count += 1 from two threads.
void count_twice(bool locked) {
  S::mutex m{"m"};
  S::shared<int> count{0, "count"};
  auto increment = [&] {
    if (locked) {
      Lock lock(m);
      count.update([](int v) { return v + 1; });
    } else {
      count.update([](int v) { return v + 1; });
    }
  };
  S::thread a(increment);
  S::thread b(increment);
  a.join();
  b.join();
  assert_that(count.get() == 2, "lost update: count is not 2");
}

TEST(Counter, UnlockedIncrementIsADataRaceAndLosesAnUpdate) {
  Options o;
  o.keep_going = true;
  const Result r = run([] { count_twice(false); }, o);
  ASSERT_EQ(r.verdict, Verdict::violated);
  const Violation& race = only(r, ViolationKind::data_race);
  EXPECT_NE(race.message.find("shared count"), std::string::npos) << race.message;
  EXPECT_NE(race.message.find("thread 1"), std::string::npos) << race.message;
  EXPECT_NE(race.message.find("thread 2"), std::string::npos) << race.message;
  EXPECT_NE(race.message.find("bug_classes_test.cpp:"), std::string::npos) << race.message;
  const Violation& lost = only(r, ViolationKind::assertion);
  EXPECT_NE(lost.message.find("lost update"), std::string::npos);
  EXPECT_FALSE(lost.trace.empty());
}

TEST(Counter, LockedIncrementHolds) {
  const Result r = run([] { count_twice(true); });
  EXPECT_EQ(r.verdict, Verdict::holds) << r.violations.size();
  EXPECT_GT(r.stats.executions, 1u);
}

TEST(DataRace, ReportNamesBothAccessesWithValuesAndLines) {
  const Result r = run([] {
    S::shared<int> x{0, "x"};
    S::thread writer([&] { x.set(7); });
    const int seen = x.get();
    (void)seen;
    writer.join();
  });
  const Violation& v = only(r, ViolationKind::data_race);
  EXPECT_NE(v.message.find("thread 0 read"), std::string::npos) << v.message;
  EXPECT_NE(v.message.find("thread 1 write (wrote 7)"), std::string::npos) << v.message;
}

TEST(DataRace, AccessesOrderedByJoinDoNotRace) {
  const Result r = run([] {
    S::shared<int> x{0, "x"};
    S::thread writer([&] { x.set(7); });
    writer.join();
    assert_that(x.get() == 7, "join publishes the write");
  });
  EXPECT_EQ(r.verdict, Verdict::holds);
}

TEST(DataRace, AtomicFlagPublishesAPlainWrite) {
  const Result r = run([] {
    S::shared<int> data{"data"};
    S::atomic<bool> ready{false, "ready"};
    S::thread producer([&] {
      data.set(42);
      ready.store(true);
    });
    if (ready.load()) assert_that(data.get() == 42, "published");
    producer.join();
  });
  EXPECT_EQ(r.verdict, Verdict::holds);
}

TEST(UninitializedRead, ReadingASharedNeverWrittenIsReported) {
  const Result r = run([] {
    S::shared<int> x{"x"};
    (void)x.get();
  });
  EXPECT_TRUE(r.has(ViolationKind::uninitialized_read));
}

TEST(Assertion, FailureInsideAModelThreadIsReportedWithItsStep) {
  const Result r = run([] {
    S::atomic<int> x{0, "x"};
    S::thread t([&] { assert_that(x.load() == 0, "x is still 0"); });
    x.store(1);
    t.join();
  });
  const Violation& v = only(r, ViolationKind::assertion);
  EXPECT_EQ(v.trace.at(v.failing_step).operation, "violation");
  EXPECT_EQ(v.trace.at(v.failing_step).thread, 1);
}

TEST(Invariant, BrokenAfterAStepIsReported) {
  const Result r = run([] {
    S::atomic<int> a{0, "a"}, b{0, "b"};
    invariant("a and b move together", [&] { return a.load() == b.load(); });
    S::thread t([&] {
      a.fetch_add(1);
      b.fetch_add(1);
    });
    t.join();
  });
  EXPECT_TRUE(r.has(ViolationKind::invariant));
}

TEST(Invariant, KeptUnderALockHolds) {
  const Result r = run([] {
    S::mutex m{"m"};
    S::shared<int> a{0, "a"}, b{0, "b"};
    S::atomic<bool> inside{false, "inside"};
    invariant("a == b outside the lock", [&] { return inside.load() || a.get() == b.get(); });
    auto bump = [&] {
      Lock l(m);
      inside.store(true);
      a.update([](int v) { return v + 1; });
      b.update([](int v) { return v + 1; });
      inside.store(false);
    };
    S::thread t(bump);
    bump();
    t.join();
  });
  EXPECT_EQ(r.verdict, Verdict::holds);
}

// Orders of independent steps reach the same final state, not the same
// states between: an invariant checked after every step tells them apart.
// DPOR orders the writes to the objects an invariant reads.
Options dpor() {
  Options o;
  o.strategy = Strategy::dpor;
  return o;
}

/// Two threads each store 1 to their own atomic and then 0, under the
/// invariant `holds(a, b)`, explored by DPOR.
Result raise_and_lower(const char* name, bool (*holds)(const S::atomic<int>& a, const S::atomic<int>& b)) {
  return run(
      [&] {
        S::atomic<int> a{0, "a"}, b{0, "b"};
        invariant(name, [&] { return holds(a, b); });
        auto raise_and_lower_one = [](S::atomic<int>& x) {
          x.store(1);
          x.store(0);
        };
        run_together({[&] { raise_and_lower_one(a); }, [&] { raise_and_lower_one(b); }});
      },
      dpor());
}

TEST(Invariant, DporExploresTheOrdersOfIndependentStoresItReads) {
  const Result r = raise_and_lower("a + b <= 1", [](const S::atomic<int>& a, const S::atomic<int>& b) {
    return a.load() + b.load() <= 1;
  });
  EXPECT_TRUE(r.has(ViolationKind::invariant)) << to_string(r.verdict) << ", " << r.stats.executions;
}

TEST(Invariant, DporExploresTheOrdersOfCriticalSectionsOfDifferentMutexesItReads) {
  const Result r = run(
      [] {
        S::mutex ma{"ma"}, mb{"mb"};
        S::shared<int> a{0, "a"}, b{0, "b"};
        invariant("a + b <= 1", [&] { return a.get() + b.get() <= 1; });
        run_together({[&] {
                        Lock l(ma);
                        a.set(1);
                        a.set(0);
                      },
                      [&] {
                        Lock l(mb);
                        b.set(1);
                        b.set(0);
                      }});
      },
      dpor());
  EXPECT_TRUE(r.has(ViolationKind::invariant)) << to_string(r.verdict) << ", " << r.stats.executions;
}

TEST(Invariant, DporStillReducesWritesNoInvariantReads) {
  const Result r =
      raise_and_lower("a <= 1", [](const S::atomic<int>& a, const S::atomic<int>&) { return a.load() <= 1; });
  EXPECT_EQ(r.verdict, Verdict::holds) << r.note;
  EXPECT_EQ(r.stats.executions, 1u);  // b's stores commute with a's: one trace
}

TEST(Deadlock, LockOrderInversionNamesTheWaitForCycle) {
  const Result r = run([] {
    S::mutex a{"a"}, b{"b"};
    S::thread t([&] {
      Lock l1(b);
      Lock l2(a);
    });
    {
      Lock l1(a);
      Lock l2(b);
    }
    t.join();
  });
  const Violation& v = only(r, ViolationKind::deadlock);
  EXPECT_NE(v.message.find("wait-for cycle"), std::string::npos) << v.message;
  EXPECT_NE(v.message.find("mutex a held by thread 0"), std::string::npos) << v.message;
  EXPECT_NE(v.message.find("mutex b held by thread 1"), std::string::npos) << v.message;
}

TEST(Deadlock, WaitingForANotifyThatNeverComesIsReportedDespiteSpuriousWakeups) {
  const Result r = run([] {
    S::mutex m{"m"};
    S::condition_variable cv{"cv"};
    Lock l(m);
    cv.wait(l);
  });
  EXPECT_TRUE(r.has(ViolationKind::deadlock));
}

TEST(UnlockNotOwner, ReleasingAnotherThreadsMutexIsReported) {
  const Result r = run([] {
    S::mutex m{"m"};
    m.lock();
    S::thread t([&] { m.unlock(); });
    t.join();
    m.unlock();
  });
  const Violation& v = only(r, ViolationKind::unlock_not_owner);
  EXPECT_NE(v.message.find("which thread 0 holds"), std::string::npos) << v.message;
}

TEST(SelfDeadlock, RelockingANonRecursiveMutexIsReported) {
  const Result r = run([] {
    S::mutex m{"m"};
    m.lock();
    m.lock();
  });
  EXPECT_TRUE(r.has(ViolationKind::self_deadlock));
}

TEST(ThreadNotJoined, DroppingAJoinableHandleIsReported) {
  const Result r = run([] { S::thread t([] {}); });
  EXPECT_TRUE(r.has(ViolationKind::thread_not_joined));
}

// The assertion abandons the main thread before its join: the handle it
// drops on the way out is a consequence, not a second bug.
TEST(ThreadNotJoined, AFailureBeforeTheJoinIsTheOnlyCauseReported) {
  const Result r = run(
      [] {
        S::thread t([] {});
        assert_that(false, "checked before the join");
        t.join();
      },
      {.keep_going = true});
  ASSERT_TRUE(r.has(ViolationKind::assertion));
  EXPECT_EQ(r.violations.size(), 1u) << to_string(r.violations.back().kind) << ": " << r.violations.back().message;
}

TEST(ThreadNotJoined, ADetachedDaemonMayOutliveTheScenario) {
  const Result r = run([] {
    S::thread t([] {
      for (;;) S::sleep_for(std::chrono::seconds(1));
    });
    t.detach();
  });
  EXPECT_EQ(r.verdict, Verdict::holds);
}

// [thread.condition.condvar]: every thread waiting on a condition variable
// at once must wait with the same mutex.
TEST(Misuse, WaitingOnOneConditionVariableWithTwoMutexesIsReported) {
  Options o;
  o.strategy = Strategy::dpor;
  const Result r = run(
      [] {
        S::mutex m1{"m1"}, m2{"m2"};
        S::condition_variable cv{"cv"};
        S::atomic<int> go{0, "go"};
        run_together({[&] {
                        Lock l(m1);
                        while (go.load() == 0) cv.wait(l);
                      },
                      [&] {
                        Lock l(m2);
                        while (go.load() == 0) cv.wait(l);
                      },
                      [&] {
                        go.store(1);
                        Lock l1(m1);
                        Lock l2(m2);
                        cv.notify_all();
                      }});
      },
      o);
  ASSERT_TRUE(r.has(ViolationKind::misuse)) << to_string(r.verdict);
  EXPECT_NE(r.violations[0].message.find("same mutex"), std::string::npos) << r.violations[0].message;
}

TEST(Misuse, JoiningTwiceIsReported) {
  const Result r = run([] {
    S::thread t([] {});
    const int id = t.id();
    t.join();
    detail::join(id, location::current());
  });
  EXPECT_TRUE(r.has(ViolationKind::misuse));
}

TEST(Exception, EscapingAThreadIsReportedWithItsMessage) {
  const Result r = run([] {
    S::thread t([] { throw std::runtime_error("boom"); });
    t.join();
  });
  const Violation& v = only(r, ViolationKind::exception);
  EXPECT_NE(v.message.find("boom"), std::string::npos);
}

TEST(NonTermination, AnEndlessNonRepeatingExecutionIsReported) {
  Options o;
  o.max_steps = 50;
  const Result r = run(
      [] {
        S::atomic<int> x{0, "x"};
        for (int i = 0;; ++i) x.store(i);
      },
      o);
  EXPECT_TRUE(r.has(ViolationKind::non_termination));
}

// Two threads that count forever: every execution a systematic search
// tries first passes over one of them until the step bound (unfair, pruned);
// continued fairly, it still does not finish.
TEST(NonTermination, ThreadsThatNeverFinishUnderAnySchedulerAreReportedBySystematicSearch) {
  for (Strategy strategy : {Strategy::dfs, Strategy::dpor}) {
    Options o;
    o.strategy = strategy;
    o.max_steps = 50;
    o.budget_seconds = 60;  // a search that only prunes would otherwise not return
    const Result r = run(
        [] {
          S::atomic<int> x{0, "x"};
          auto count = [&] {
            for (;;) x.fetch_add(1);
          };
          run_together({count, count});
        },
        o);
    EXPECT_TRUE(r.has(ViolationKind::non_termination)) << to_string(strategy) << ": " << to_string(r.verdict) << " "
                                                       << r.note;
  }
}

TEST(NonTermination, AStepBoundTooSmallForATerminatingModelIsABoundNotAViolation) {
  Options o;
  o.max_steps = 5;
  const Result r = run(
      [] {
        S::atomic<int> x{0, "x"};
        for (int i = 0; i < 20; ++i) x.store(i);
      },
      o);
  EXPECT_FALSE(r.has(ViolationKind::non_termination));
  EXPECT_EQ(r.verdict, Verdict::bound_reached);
  EXPECT_NE(r.note.find("raise --max-steps"), std::string::npos) << r.note;
}

// The liveness scenarios, each with or without a state hash (a fair cycle is
// then found when its state first recurs, not at the step bound).

/// Two polite threads: each backs off while the other wants in. A livelock.
void polite_threads(bool hashed) {
  S::atomic<bool> a_wants{false, "a_wants"}, b_wants{false, "b_wants"};
  if (hashed) state_hash([&] { return static_cast<std::uint64_t>(a_wants.load() * 2 + b_wants.load()); });
  auto polite = [](S::atomic<bool>& mine, S::atomic<bool>& theirs) {
    for (;;) {
      mine.store(true);
      if (!theirs.load()) return;
      mine.store(false);
    }
  };
  S::thread a([&] { polite(a_wants, b_wants); });
  S::thread b([&] { polite(b_wants, a_wants); });
  a.join();
  b.join();
}

/// A thread spins until the main thread sets a flag: fine under fair scheduling.
void spin_until_released(bool hashed) {
  S::atomic<bool> go{false, "go"};
  if (hashed) state_hash([&] { return static_cast<std::uint64_t>(go.load()); });
  S::thread t([&] {
    while (!go.load()) S::yield();
  });
  go.store(true);
  t.join();
}

/// The main thread spins until a waiter has taken the mutex; with
/// `holding`, it holds the mutex meanwhile, so the waiter starves.
void spin_for_waiter(bool hashed, bool holding) {
  S::mutex m{"m"};
  S::atomic<bool> done{false, "done"};
  if (hashed) state_hash([&] { return static_cast<std::uint64_t>(done.load()); });
  if (holding) m.lock();
  S::thread waiter([&] {
    S::unique_lock<S::mutex> l(m);
    done.store(true);
  });
  while (!done.load()) S::yield();
  if (holding) m.unlock();
  waiter.join();
}

Options short_bound() {
  Options o;
  o.max_steps = 60;
  return o;
}

TEST(Livelock, ThreadsRepeatingTheSameStepsForeverAreALivelockWithTheCycle) {
  const Result r = run([] { polite_threads(false); }, short_bound());
  const Violation& v = only(r, ViolationKind::livelock);
  EXPECT_NE(v.message.find("repeat the same"), std::string::npos) << v.message;
  EXPECT_LT(v.failing_step, v.trace.size());
}

TEST(Livelock, ASpinLoopThatIsEventuallyReleasedHoldsUnderFairScheduling) {
  const Result r = run([] { spin_until_released(false); }, short_bound());
  EXPECT_EQ(r.verdict, Verdict::holds) << (r.violations.empty() ? "" : r.violations[0].message);
}

TEST(Starvation, AThreadBlockedWhileOthersCycleForeverIsReported) {
  const Result r = run([] { spin_for_waiter(false, true); }, short_bound());
  EXPECT_TRUE(r.has(ViolationKind::starvation));
}

TEST(Starvation, WithAStateHashAFairCycleIsFoundWhenTheStateFirstRecurs) {
  const Result r = run([] { spin_for_waiter(true, true); });
  const Violation& v = only(r, ViolationKind::starvation);
  EXPECT_NE(v.message.find("return to the same state"), std::string::npos) << v.message;
  EXPECT_LT(v.trace.size(), 30u);
}

TEST(Starvation, WithAStateHashAWaiterLetInHolds) {
  const Result r = run([] { spin_for_waiter(true, false); });
  EXPECT_EQ(r.verdict, Verdict::holds) << (r.violations.empty() ? "" : r.violations[0].message);
}

TEST(Livelock, WithAStateHashPoliteThreadsAreFoundWhenTheStateFirstRecurs) {
  const Result r = run([] { polite_threads(true); });
  const Violation& v = only(r, ViolationKind::livelock);
  EXPECT_NE(v.message.find("return to the same state"), std::string::npos) << v.message;
  EXPECT_LT(v.trace.size(), 40u);
}

TEST(Livelock, WithAStateHashASpinLoopThatIsEventuallyReleasedHolds) {
  const Result r = run([] { spin_until_released(true); });
  EXPECT_EQ(r.verdict, Verdict::holds) << (r.violations.empty() ? "" : r.violations[0].message);
}

int recurse(int depth) {
  volatile char frame[1024];
  frame[0] = static_cast<char>(depth);
  return depth <= 0 ? frame[0] : recurse(depth - 1) + frame[0];
}

TEST(StackOverflow, ADeepRecursionIsAViolationNotACrash) {
  Options o;
  o.stack_size = 32 * 1024;
  const Result r = run(
      [] {
        S::thread t([] { (void)recurse(1000); });
        t.join();
      },
      o);
  EXPECT_TRUE(r.has(ViolationKind::stack_overflow));
  // And the checker still works afterwards.
  EXPECT_EQ(run([] { count_twice(true); }).verdict, Verdict::holds);
}

TEST(Starvation, AWaiterBypassedPastTheBoundIsReported) {
  Options o;
  o.max_bypass = 1;
  const Result r = run(
      [] {
        S::mutex m{"m"};
        auto enter = [&] {
          S::wait_begin("room");
          Lock l(m);
          S::wait_end("room");
        };
        S::thread a(enter), b(enter), c(enter);
        a.join();
        b.join();
        c.join();
      },
      o);
  EXPECT_TRUE(r.has(ViolationKind::starvation));
}

/// Three threads wait for "room" (bypass bound 1; the mutex itself is not
/// counted), the first two for shared access if `first_two_shared`, the third
/// if `third_shared`. Each may enter after both others.
Result three_waiters(bool first_two_shared, bool third_shared) {
  Options o;
  o.max_bypass = 1;
  o.bypass_mutexes = false;
  return run(
      [=] {
        S::mutex m{"m"};
        auto enter = [&](bool shared) {
          if (shared)
            S::wait_begin_shared("room");
          else
            S::wait_begin("room");
          Lock l(m);
          if (shared)
            S::wait_end_shared("room");
          else
            S::wait_end("room");
        };
        S::thread a([&] { enter(first_two_shared); }), b([&] { enter(first_two_shared); }),
            c([&] { enter(third_shared); });
        a.join();
        b.join();
        c.join();
      },
      o);
}

TEST(Starvation, ASharedAcquisitionBypassesOnlyExclusiveWaiters) {
  EXPECT_EQ(three_waiters(true, true).verdict, Verdict::holds);  // readers never bypass readers
  // Two readers entering ahead of a waiting writer bypass it twice.
  EXPECT_TRUE(three_waiters(true, false).has(ViolationKind::starvation));
}

TEST(Bounds, AnExecutionBudgetIsBoundReachedNotAPass) {
  Options o;
  o.budget_executions = 3;
  const Result r = run([] { count_twice(true); }, o);
  EXPECT_EQ(r.verdict, Verdict::bound_reached);
}

TEST(Outside, UsingAModelObjectOutsideACheckThrowsAClearError) { EXPECT_THROW(S::mutex m{"m"}, std::logic_error); }

}  // namespace
}  // namespace interleave
