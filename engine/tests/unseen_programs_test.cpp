// Small concurrent programs written against the public API only, each with a
// ground truth justified in its comment (the C++ standard, RC11 = Lahav et al.
// PLDI 2017, the litmus results published with herd and GenMC, or a hand
// argument), checked under DFS and DPOR, and random walk for the violating
// ones: the verdict and the violation kind must match, and "holds" must come
// from an exhaustive search. Programs the engine gets wrong today are in
// unseen_failures.cpp.txt (not built), with the analysis of each.
#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <initializer_list>
#include <stdexcept>
#include <string>
#include <vector>

#include "interleave/interleave.hpp"

namespace interleave {
namespace {

using S = model_sync;
using Lock = S::unique_lock<S::mutex>;
constexpr std::memory_order rlx = std::memory_order_relaxed;
constexpr std::memory_order acq = std::memory_order_acquire;
constexpr std::memory_order rel = std::memory_order_release;
constexpr std::memory_order sc = std::memory_order_seq_cst;

using Program = std::function<void()>;
constexpr std::initializer_list<Strategy> kExhaustive = {Strategy::dfs, Strategy::dpor};
constexpr std::initializer_list<Strategy> kAll = {Strategy::dfs, Strategy::dpor, Strategy::random};

std::string describe(const Result& r) {
  std::string out = std::string(to_string(r.verdict)) + " (" + r.strategy + ", " +
                    std::to_string(r.stats.executions) + " executions, exhaustive " + (r.exhaustive ? "yes" : "no") +
                    "); note: " + r.note;
  for (const Violation& v : r.violations) out += "\n  " + std::string(to_string(v.kind)) + ": " + v.message;
  return out;
}

Options with(Strategy strategy) {
  Options o;
  o.strategy = strategy;
  o.max_steps = 400;
  o.budget_seconds = 20;  // a safety net only: a search that hits it is bound_reached and fails below
  if (strategy == Strategy::random) o.budget_executions = 2000;
  return o;
}

/// Every exhaustive strategy explores the whole program and finds nothing.
void expect_holds(const Program& program, std::initializer_list<Strategy> strategies = kExhaustive,
                  Options base = {}) {
  for (Strategy s : strategies) {
    Options o = with(s);
    o.max_spurious_wakeups = base.max_spurious_wakeups;
    const Result r = check(program, o);
    EXPECT_EQ(r.verdict, Verdict::holds) << describe(r);
    EXPECT_TRUE(r.exhaustive) << describe(r);
    EXPECT_TRUE(r.violations.empty()) << describe(r);
  }
}

/// Every strategy reports a violation of one of `kinds`, and none of another
/// kind; each violation's schedule replays to a violation of its kind.
void expect_violation(std::initializer_list<ViolationKind> kinds, const Program& program,
                      std::initializer_list<Strategy> strategies = kAll, Options base = {}) {
  for (Strategy s : strategies) {
    Options o = with(s);
    o.max_spurious_wakeups = base.max_spurious_wakeups;
    if (base.max_steps != Options{}.max_steps) o.max_steps = base.max_steps;
    const Result r = check(program, o);
    EXPECT_EQ(r.verdict, Verdict::violated) << describe(r);
    ASSERT_FALSE(r.violations.empty()) << describe(r);
    for (const Violation& v : r.violations) {
      EXPECT_NE(std::find(kinds.begin(), kinds.end(), v.kind), kinds.end()) << describe(r);
      // The counterexample's schedule replays to the same kind of violation.
      const Result again = replay(program, v.schedule, o);
      EXPECT_TRUE(again.verdict == Verdict::violated && again.has(v.kind))
          << "replay of " << v.schedule << ": " << describe(again);
    }
  }
}
void expect_violation(ViolationKind kind, const Program& program, std::initializer_list<Strategy> strategies = kAll,
                      Options base = {}) {
  expect_violation({kind}, program, strategies, base);
}

// ---------------------------------------------------------------------------
// Data races on shared<T>. Ground truth: C++20 [intro.races]/21 — two
// conflicting accesses, at least one non-atomic, not ordered by happens-before.

/// Two threads write x with no synchronisation: a data race.
TEST(UnseenRaces, UnlockedWritesRace) {
  expect_violation(ViolationKind::data_race, [] {
    S::shared<int> x{0, "x"};
    run_together({[&] { x.set(1); }, [&] { x.set(2); }});
  });
}

/// Both writes under the same mutex: unlock synchronises with the next lock.
TEST(UnseenRaces, WritesUnderOneMutexDoNotRace) {
  expect_holds([] {
    S::mutex m{"m"};
    S::shared<int> x{0, "x"};
    auto bump = [&] {
      Lock l(m);
      x.update([](int v) { return v + 1; });
    };
    run_together({bump, bump});
    assert_that(x.get() == 2, "x == 2 after both increments");
  });
}

/// Each thread takes a different mutex: no synchronises-with edge between them.
TEST(UnseenRaces, WritesUnderDifferentMutexesRace) {
  expect_violation(ViolationKind::data_race, [] {
    S::mutex a{"a"}, b{"b"};
    S::shared<int> x{0, "x"};
    run_together({[&] {
                    Lock l(a);
                    x.set(1);
                  },
                  [&] {
                    Lock l(b);
                    x.set(2);
                  }});
  });
}

/// Message passing through a release store and an acquire load of a flag:
/// the reader that sees the flag reads data with happens-before ([atomics.order]/2).
void publish(std::memory_order store_order, std::memory_order load_order) {
  S::shared<int> data{0, "data"};
  S::atomic<int> flag{0, "flag"};
  run_together({[&] {
                  data.set(42);
                  flag.store(1, store_order);
                },
                [&] {
                  if (flag.load(load_order) == 1) assert_that(data.get() == 42, "published data seen");
                }});
}

TEST(UnseenRaces, ReleaseAcquireFlagPublishesData) {
  expect_holds([] { publish(rel, acq); });
}

/// The same with a relaxed flag: no synchronisation, a data race on data.
TEST(UnseenRaces, RelaxedFlagDoesNotPublishData) {
  expect_violation(ViolationKind::data_race, [] { publish(rlx, rlx); });
}

/// Release store, relaxed load followed by an acquire fence: the fence
/// synchronises with the store the load read ([atomics.fences]/4).
TEST(UnseenRaces, AcquireFenceAfterARelaxedLoadPublishes) {
  expect_holds([] {
    S::shared<int> data{0, "data"};
    S::atomic<int> flag{0, "flag"};
    run_together({[&] {
                    data.set(42);
                    flag.store(1, rel);
                  },
                  [&] {
                    if (flag.load(rlx) == 1) {
                      S::atomic_thread_fence(acq);
                      assert_that(data.get() == 42, "published data seen");
                    }
                  }});
  });
}

/// A release sequence: the release store is followed by a relaxed RMW of a
/// third thread; an acquire load that reads the RMW's value still synchronises
/// with the release store (C++20 [intro.races]/5: RMWs continue a release
/// sequence). With a plain relaxed store instead of the RMW the sequence is
/// broken (C++20 removed same-thread stores from it; here it is another
/// thread anyway): the reader of 2 races on data.
void release_sequence(bool rmw) {
  S::shared<int> data{0, "data"};
  S::atomic<int> flag{0, "flag"};
  run_together({[&] {
                  data.set(42);
                  flag.store(1, rel);
                },
                [&] {
                  if (rmw) {
                    flag.fetch_add(1, rlx);
                  } else if (flag.load(rlx) == 1) {
                    flag.store(2, rlx);
                  }
                },
                [&] {
                  if (flag.load(acq) == 2) assert_that(data.get() == 42, "published data seen");
                }});
}

TEST(UnseenRaces, ARelaxedRmwContinuesTheReleaseSequence) {
  expect_holds([] { release_sequence(true); });
}

TEST(UnseenRaces, ARelaxedStoreBreaksTheReleaseSequence) {
  expect_violation(ViolationKind::data_race, [] { release_sequence(false); });
}

// ---------------------------------------------------------------------------
// Litmus shapes. Each test asserts that the weak outcome does not happen: a
// shape whose weak outcome RC11 allows must be an assertion violation, one it
// forbids must hold. Allowed sets: RC11 (PLDI 2017, Sec. 2-3) and the
// outcomes GenMC's litmus tests (tests/correct/litmus in MPI-SWS/genmc) and
// herd's C11 model publish for the same shapes.

/// LB: T0 r0=x; y=1 | T1 r1=y; x=1. r0=r1=1 is forbidden by RC11's
/// no-thin-air axiom (po ∪ rf acyclic) for every order, relaxed included.
TEST(UnseenLitmus, LoadBufferingRelaxedIsForbiddenByRc11) {
  expect_holds([] {
    S::atomic<int> x{0, "x"}, y{0, "y"};
    int r0 = -1, r1 = -1;
    run_together({[&] {
                    r0 = x.load(rlx);
                    y.store(1, rlx);
                  },
                  [&] {
                    r1 = y.load(rlx);
                    x.store(1, rlx);
                  }});
    assert_that(!(r0 == 1 && r1 == 1), "LB weak outcome r0=r1=1");
  });
}

/// IRIW: x=1 | y=1 | r0=x; r1=y | r2=y; r3=x. The readers disagree on the
/// order of the writes (1,0,1,0): allowed for relaxed and for
/// release/acquire (C11 is not multi-copy atomic for them), forbidden when
/// all accesses are seq_cst (psc).
void iriw(std::memory_order store, std::memory_order load) {
  S::atomic<int> x{0, "x"}, y{0, "y"};
  int r0 = -1, r1 = -1, r2 = -1, r3 = -1;
  run_together({[&] { x.store(1, store); }, [&] { y.store(1, store); },
                [&] {
                  r0 = x.load(load);
                  r1 = y.load(load);
                },
                [&] {
                  r2 = y.load(load);
                  r3 = x.load(load);
                }});
  assert_that(!(r0 == 1 && r1 == 0 && r2 == 1 && r3 == 0), "IRIW weak outcome 1,0,1,0");
}

TEST(UnseenLitmus, IriwReleaseAcquireAllowsTheReadersToDisagree) {
  expect_violation(ViolationKind::assertion, [] { iriw(rel, acq); }, kExhaustive);
}

TEST(UnseenLitmus, IriwSeqCstForbidsTheReadersToDisagree) {
  expect_holds([] { iriw(sc, sc); });
}

/// 2+2W: T0 x=1; y=2 | T1 y=1; x=2, final x=1 and y=1 (each thread's first
/// write last in mo): allowed for relaxed and release/acquire (coherence is
/// per location), forbidden when all are seq_cst (GenMC 2+2W; RC11 psc).
void two_plus_two_w(std::memory_order order) {
  S::atomic<int> x{0, "x"}, y{0, "y"};
  run_together({[&] {
                  x.store(1, order);
                  y.store(2, order);
                },
                [&] {
                  y.store(1, order);
                  x.store(2, order);
                }});
  // After the join the main thread's view is the mo-last store of each.
  assert_that(!(x.load(acq) == 1 && y.load(acq) == 1), "2+2W weak outcome x=1, y=1");
}

TEST(UnseenLitmus, TwoPlusTwoWriteReleaseIsAllowed) {
  expect_violation(ViolationKind::assertion, [] { two_plus_two_w(rel); }, kExhaustive);
}

TEST(UnseenLitmus, TwoPlusTwoWriteSeqCstIsForbidden) {
  expect_holds([] { two_plus_two_w(sc); });
}

/// WRC: x=1 | r0=x; y=1 | r1=y; r2=x, weak 1,1,0. Relaxed: allowed (no
/// happens-before from x=1 to r2). Release stores and acquire loads: x=1 sw
/// r0, y=1 sw r1, so x=1 hb r2 and coherence (hb;rb irreflexive) forbids 0.
void wrc(std::memory_order store, std::memory_order load) {
  S::atomic<int> x{0, "x"}, y{0, "y"};
  int r0 = -1, r1 = -1, r2 = -1;
  run_together({[&] { x.store(1, store); },
                [&] {
                  r0 = x.load(load);
                  y.store(1, store);
                },
                [&] {
                  r1 = y.load(load);
                  r2 = x.load(load);
                }});
  assert_that(!(r0 == 1 && r1 == 1 && r2 == 0), "WRC weak outcome 1,1,0");
}

TEST(UnseenLitmus, WrcRelaxedIsAllowed) {
  expect_violation(ViolationKind::assertion, [] { wrc(rlx, rlx); }, kExhaustive);
}

TEST(UnseenLitmus, WrcReleaseAcquireIsForbidden) {
  expect_holds([] { wrc(rel, acq); });
}

/// R: T0 x=1; y=1 | T1 y=2; r0=x, weak: final y=2 (T0's y=1 mo-before y=2)
/// and r0=0. Allowed for release/acquire (it is SB through mo), forbidden
/// for seq_cst (herd C11 R: forbidden with SC; RC11 psc).
void r_shape(std::memory_order store, std::memory_order load) {
  S::atomic<int> x{0, "x"}, y{0, "y"};
  int r0 = -1;
  run_together({[&] {
                  x.store(1, store);
                  y.store(1, store);
                },
                [&] {
                  y.store(2, store);
                  r0 = x.load(load);
                }});
  assert_that(!(y.load(acq) == 2 && r0 == 0), "R weak outcome y=2, r0=0");
}

TEST(UnseenLitmus, RShapeReleaseAcquireIsAllowed) {
  expect_violation(ViolationKind::assertion, [] { r_shape(rel, acq); }, kExhaustive);
}

TEST(UnseenLitmus, RShapeSeqCstIsForbidden) {
  expect_holds([] { r_shape(sc, sc); });
}

/// S: T0 x=2; y=1 | T1 r0=y; x=1, weak: r0=1 and final x=2. Relaxed:
/// allowed. y=1 release read by an acquire: x=2 hb x=1, so mo agrees and
/// the final value is 1 (RC11 coherence; herd S+rel+acq forbidden).
void s_shape(std::memory_order store, std::memory_order load) {
  S::atomic<int> x{0, "x"}, y{0, "y"};
  int r0 = -1;
  run_together({[&] {
                  x.store(2, rlx);
                  y.store(1, store);
                },
                [&] {
                  r0 = y.load(load);
                  x.store(1, rlx);
                }});
  assert_that(!(r0 == 1 && x.load(acq) == 2), "S weak outcome r0=1, x=2");
}

TEST(UnseenLitmus, SShapeRelaxedIsAllowed) {
  expect_violation(ViolationKind::assertion, [] { s_shape(rlx, rlx); }, kExhaustive);
}

TEST(UnseenLitmus, SShapeReleaseAcquireIsForbidden) {
  expect_holds([] { s_shape(rel, acq); });
}

/// CoRR: x=1 | r0=x; r1=x with r0=1, r1=0: read-read coherence forbids it
/// even for relaxed accesses ([intro.races]/16).
TEST(UnseenLitmus, CoherenceOfTwoRelaxedReadsHolds) {
  expect_holds([] {
    S::atomic<int> x{0, "x"};
    int r0 = -1, r1 = -1;
    run_together({[&] { x.store(1, rlx); },
                  [&] {
                    r0 = x.load(rlx);
                    r1 = x.load(rlx);
                  }});
    assert_that(!(r0 == 1 && r1 == 0), "CoRR: read went back in coherence order");
  });
}

// ---------------------------------------------------------------------------
// Spin constructs.

/// A test-and-set spin lock: exchange(acquire) to take it, store(release) to
/// give it back. Mutual exclusion and the counter's happens-before both
/// follow from the release/acquire pair (by hand; the textbook TAS lock).
struct TasLock {
  S::atomic<int> held{0, "held"};
  std::memory_order take = acq, give = rel;
  void lock() {
    while (held.exchange(1, take) == 1) S::spin_loop();
  }
  void unlock() { held.store(0, give); }
};

void tas_counter(std::memory_order take, std::memory_order give) {
  TasLock lock;
  lock.take = take;
  lock.give = give;
  S::shared<int> count{0, "count"};
  auto bump = [&] {
    lock.lock();
    count.update([](int v) { return v + 1; });
    lock.unlock();
  };
  run_together({bump, bump});
  assert_that(count.get() == 2, "count == 2");
}

TEST(UnseenSpins, TestAndSetLockProtectsTheCounter) {
  expect_holds([] { tas_counter(acq, rel); });
}

/// The same lock with relaxed orders still excludes (the exchange is atomic)
/// but does not order the critical sections: a data race on the counter.
TEST(UnseenSpins, RelaxedTestAndSetLockDoesNotOrderTheCriticalSections) {
  expect_violation(ViolationKind::data_race, [] { tas_counter(rlx, rlx); }, kExhaustive);
}

/// A sense-reversing barrier for two threads used for two phases. Each
/// thread marks its slot of the phase, passes the barrier and checks that
/// the other slot of that phase is marked. Correct: the local sense flips
/// every phase. Bug: it never flips, so in phase 2 the sense already equals
/// the local one and the first thread to arrive passes without waiting. The
/// slots are plain memory (each thread writes only its own, and the check is
/// an assertion, not a race), which keeps the plain DFS search small.
void sense_barrier(bool flips) {
  S::atomic<int> count{0, "count"};
  S::atomic<int> sense{0, "sense"};
  bool slot[2][2] = {{false, false}, {false, false}};
  auto body = [&](int me) {
    int local = 0;
    for (int phase = 0; phase < 2; ++phase) {
      slot[phase][me] = true;
      if (flips || phase == 0) local = 1 - local;
      if (count.fetch_add(1) == 1) {
        count.store(0);
        sense.store(local);
      } else {
        while (sense.load() != local) S::spin_loop();
      }
      assert_that(slot[phase][1 - me], "the other thread reached the barrier first");
    }
  };
  run_together({[&] { body(0); }, [&] { body(1); }});
}

TEST(UnseenSpins, SenseReversingBarrierHolds) {
  expect_holds([] { sense_barrier(true); });
}

TEST(UnseenSpins, SenseReversingBarrierThatDoesNotFlipLetsAThreadThrough) {
  expect_violation(ViolationKind::assertion, [] { sense_barrier(false); });
}

/// A thread spins on a flag nobody ever sets: it never terminates. Must not
/// hold; livelock (a spin nobody can end) or non-termination are both right.
TEST(UnseenSpins, SpinOnAFlagNobodySetsDoesNotHold) {
  for (bool yields : {true, false}) {
    expect_violation({ViolationKind::livelock, ViolationKind::non_termination}, [yields] {
      S::atomic<int> go{0, "go"};
      S::atomic<int> other{0, "other"};
      run_together({[&] {
                      while (go.load() == 0)
                        if (yields) S::spin_loop();
                    },
                    [&] { other.store(1); }});
    });
  }
}

/// A TAS lock whose waiters back off: after each failed exchange the waiter
/// spins `backoff` times (1, 2, 4, capped) before trying again. The lock is
/// correct and every execution under a fair scheduler ends: holds.
TEST(UnseenSpins, SpinLockWithExponentialBackOffHolds) {
  expect_holds([] {
    S::atomic<int> held{0, "held"};
    S::shared<int> count{0, "count"};
    auto bump = [&] {
      int backoff = 1;
      while (held.exchange(1, acq) == 1) {
        for (int i = 0; i < backoff; ++i) S::spin_loop();
        backoff = std::min(backoff * 2, 4);
      }
      count.update([](int v) { return v + 1; });
      held.store(0, rel);
    };
    run_together({bump, bump});
    assert_that(count.get() == 2, "count == 2");
  });
}

/// A lock taken by a try_lock loop protects like lock() (try_lock that
/// succeeds synchronises with the previous unlock, [thread.mutex.requirements]).
void try_lock_counter(bool checks_result) {
  S::mutex m{"m"};
  S::shared<int> count{0, "count"};
  auto bump = [&] {
    if (checks_result) {
      while (!m.try_lock()) S::yield();
      count.update([](int v) { return v + 1; });
      m.unlock();
    } else {
      // Bug: enters the critical section whether or not it got the lock.
      const bool got = m.try_lock();
      count.update([](int v) { return v + 1; });
      if (got) m.unlock();
    }
  };
  run_together({bump, bump});
  assert_that(count.get() == 2, "count == 2");
}

TEST(UnseenSpins, TryLockLoopProtectsTheCounter) {
  expect_holds([] { try_lock_counter(true); });
}

TEST(UnseenSpins, IgnoringTryLockResultRaces) {
  expect_violation({ViolationKind::data_race, ViolationKind::assertion}, [] { try_lock_counter(false); });
}

// ---------------------------------------------------------------------------
// Lost wake-ups (condition variables).

/// Two consumers, one item, notify_all, and `if` instead of `while` around
/// the wait: both wake, one takes the item, the other finds none. Found with
/// spurious wake-ups off (the classic bug does not need them).
TEST(UnseenWakeups, IfInsteadOfWhileWithTwoConsumersTakesAMissingItem) {
  Options no_spurious;
  no_spurious.max_spurious_wakeups = 0;
  expect_violation(
      ViolationKind::assertion,
      [] {
        S::mutex m{"m"};
        S::condition_variable cv{"cv"};
        S::shared<int> items{0, "items"};
        auto consume = [&] {
          Lock l(m);
          if (items.get() == 0) cv.wait(l);
          assert_that(items.get() > 0, "an item is there after the wait");
          items.set(items.get() - 1);
        };
        auto produce = [&] {
          Lock l(m);
          items.set(items.get() + 1);
          cv.notify_all();
        };
        S::thread a(consume), b(consume), p(produce);
        p.join();
        // a second item, after the first has been claimed or not, so the
        // correct program would let both consumers finish
        {
          Lock l(m);
          items.set(items.get() + 1);
          cv.notify_all();
        }
        a.join();
        b.join();
      },
      kAll, no_spurious);
}

/// One consumer with `if` instead of `while`: only a spurious wake-up breaks
/// it, and the standard allows one ([thread.condition.condvar]/10).
TEST(UnseenWakeups, IfInsteadOfWhileBreaksOnASpuriousWakeup) {
  expect_violation(ViolationKind::assertion, [] {
    S::mutex m{"m"};
    S::condition_variable cv{"cv"};
    S::shared<bool> ready{false, "ready"};
    run_together({[&] {
                    Lock l(m);
                    if (!ready.get()) cv.wait(l);
                    assert_that(ready.get(), "ready after the wait");
                  },
                  [&] {
                    Lock l(m);
                    ready.set(true);
                    cv.notify_one();
                  }});
  });
}

/// The flag is an atomic set without the mutex: between the waiter's check
/// and its wait the setter stores and notifies nobody. Lost wake-up.
TEST(UnseenWakeups, FlagSetOutsideTheMutexLosesTheWakeup) {
  Options no_spurious;
  no_spurious.max_spurious_wakeups = 0;
  expect_violation(
      ViolationKind::deadlock,
      [] {
        S::mutex m{"m"};
        S::condition_variable cv{"cv"};
        S::atomic<int> ready{0, "ready"};
        run_together({[&] {
                        Lock l(m);
                        while (ready.load() == 0) cv.wait(l);
                      },
                      [&] {
                        ready.store(1);
                        cv.notify_one();
                      }});
      },
      kAll, no_spurious);
}

/// The same with the flag under the mutex and notify after unlocking: correct.
TEST(UnseenWakeups, FlagSetUnderTheMutexIsNotLost) {
  expect_holds([] {
    S::mutex m{"m"};
    S::condition_variable cv{"cv"};
    S::shared<int> ready{0, "ready"};
    run_together({[&] {
                    Lock l(m);
                    while (ready.get() == 0) cv.wait(l);
                  },
                  [&] {
                    {
                      Lock l(m);
                      ready.set(1);
                    }
                    cv.notify_one();
                  }});
  });
}

/// A wait with no predicate at all: the notify can come before the wait.
TEST(UnseenWakeups, NotifyBeforeTheWaitIsLost) {
  Options no_spurious;
  no_spurious.max_spurious_wakeups = 0;
  expect_violation(
      ViolationKind::deadlock,
      [] {
        S::mutex m{"m"};
        S::condition_variable cv{"cv"};
        run_together({[&] {
                        Lock l(m);
                        cv.wait(l);
                      },
                      [&] {
                        Lock l(m);
                        cv.notify_one();
                      }});
      },
      kAll, no_spurious);
}

/// Two waiters for one event: notify_one leaves one asleep, notify_all not.
void two_waiters(bool all) {
  S::mutex m{"m"};
  S::condition_variable cv{"cv"};
  S::shared<int> open{0, "open"};
  auto waiter = [&] {
    Lock l(m);
    while (open.get() == 0) cv.wait(l);
  };
  run_together({waiter, waiter, [&] {
                  Lock l(m);
                  open.set(1);
                  if (all)
                    cv.notify_all();
                  else
                    cv.notify_one();
                }});
}

TEST(UnseenWakeups, NotifyOneWithTwoWaitersLeavesOneAsleep) {
  expect_violation(ViolationKind::deadlock, [] { two_waiters(false); });
}

TEST(UnseenWakeups, NotifyAllWithTwoWaitersWakesBoth) {
  expect_holds([] { two_waiters(true); });
}

// ---------------------------------------------------------------------------
// Deadlocks.

/// Lock-order inversion across three threads: a→b, b→c, c→a. The cycle
/// needs each thread to take its first lock before any takes its second.
TEST(UnseenDeadlocks, ThreeThreadLockOrderCycle) {
  expect_violation(ViolationKind::deadlock, [] {
    S::mutex a{"a"}, b{"b"}, c{"c"};
    auto take = [](S::mutex& first, S::mutex& second) {
      Lock l1(first);
      Lock l2(second);
    };
    run_together({[&] { take(a, b); }, [&] { take(b, c); }, [&] { take(c, a); }});
  });
}

/// The same three threads with one global order (a<b<c): no cycle.
TEST(UnseenDeadlocks, ThreeThreadsWithOneLockOrderHold) {
  expect_holds([] {
    S::mutex a{"a"}, b{"b"}, c{"c"};
    auto take = [](S::mutex& first, S::mutex& second) {
      Lock l1(first);
      Lock l2(second);
    };
    run_together({[&] { take(a, b); }, [&] { take(b, c); }, [&] { take(a, c); }});
  });
}

/// Relocking a non-recursive mutex the thread holds.
TEST(UnseenDeadlocks, RelockingANonRecursiveMutex) {
  expect_violation(ViolationKind::self_deadlock, [] {
    S::mutex m{"m"};
    S::thread t([&] {
      Lock l1(m);
      Lock l2(m);
    });
    t.join();
  });
}

/// The parent joins a child while holding the mutex the child needs.
TEST(UnseenDeadlocks, JoiningAChildThatNeedsAHeldMutex) {
  expect_violation(ViolationKind::deadlock, [] {
    S::mutex m{"m"};
    Lock l(m);
    S::thread t([&] { Lock inner(m); });
    t.join();
  });
}

/// Two threads join each other (each waits for its handle to be made), and
/// the main thread waits on an atomic that only the end of a join would set.
TEST(UnseenDeadlocks, TwoThreadsJoiningEachOther) {
  expect_violation(ViolationKind::deadlock, [] {
    S::atomic<int> handles{0, "handles"};
    S::atomic<int> finished{0, "finished"};
    S::thread ta, tb;
    tb = S::thread([&] {
      handles.wait(0);
      ta.join();
      finished.store(1);
      finished.notify_one();
    });
    ta = S::thread([&] {
      handles.wait(0);
      tb.join();
      finished.store(1);
      finished.notify_one();
    });
    handles.store(1);
    handles.notify_all();
    finished.wait(0);
  });
}

// ---------------------------------------------------------------------------
// Lock-free structures.

/// A Treiber stack over preallocated nodes (no reuse, so no ABA). A node's
/// value and next are plain data published by the push's CAS (release) and
/// read after the pop's load (acquire).
struct TreiberStack {
  enum class Push { cas, load_then_store };
  S::atomic<int> head{-1, "head"};
  S::shared<int> value[3] = {S::shared<int>{"value0"}, S::shared<int>{"value1"}, S::shared<int>{"value2"}};
  S::shared<int> next[3] = {S::shared<int>{"next0"}, S::shared<int>{"next1"}, S::shared<int>{"next2"}};
  Push how = Push::cas;
  std::memory_order publish = rel, consume = acq;

  void push(int node, int v) {
    value[node].set(v);
    if (how == Push::load_then_store) {
      next[node].set(head.load(consume));
      head.store(node, publish);  // bug: another push between load and store is lost
      return;
    }
    int old = head.load(rlx);
    do {
      next[node].set(old);
    } while (!head.compare_exchange_weak(old, node, publish, rlx));
  }
  /// The popped value, or -1 when empty.
  int pop() {
    int old = head.load(consume);
    while (old != -1 && !head.compare_exchange_weak(old, next[old].get(), consume, consume)) {
    }
    return old == -1 ? -1 : value[old].get();
  }
};

void treiber(TreiberStack::Push how, int pushers) {
  TreiberStack s;
  s.how = how;
  std::vector<int> popped;
  std::vector<std::function<void()>> bodies;
  for (int i = 0; i < pushers; ++i) bodies.push_back([&s, i] { s.push(i, 10 + i); });
  bodies.push_back([&] {
    const int v = s.pop();
    if (v != -1) popped.push_back(v);
  });
  run_together(bodies);
  for (int v = s.pop(); v != -1; v = s.pop()) popped.push_back(v);
  std::sort(popped.begin(), popped.end());
  std::vector<int> pushed;
  for (int i = 0; i < pushers; ++i) pushed.push_back(10 + i);
  assert_that(popped == pushed, "every pushed value popped exactly once");
}

TEST(UnseenLockFree, TreiberStackWithCasHolds) {
  expect_holds([] { treiber(TreiberStack::Push::cas, 2); });
}

TEST(UnseenLockFree, TreiberStackPushWithoutCasLosesANode) {
  expect_violation(ViolationKind::assertion, [] { treiber(TreiberStack::Push::load_then_store, 2); });
}

/// The push's CAS relaxed: the node's value is not published to the popper.
TEST(UnseenLockFree, TreiberStackWithARelaxedPushRacesOnTheNode) {
  expect_violation(
      ViolationKind::data_race,
      [] {
        TreiberStack s;
        s.publish = rlx;
        s.consume = rlx;
        run_together({[&] { s.push(0, 10); }, [&] { (void)s.pop(); }});
      },
      kExhaustive);
}

/// A bounded MPMC ring after Vyukov's design: each cell has a sequence
/// number; a producer claims position p by CAS when cell.seq == p, writes the
/// data, then stores seq = p+1 (release); a consumer claims p when seq ==
/// p+1, reads the data, stores seq = p + capacity. Seeded bug: the producer
/// stores the sequence before it writes the data, so a consumer may read the
/// cell while it is being written (a data race). All accesses seq_cst here,
/// so that DPOR reduces the search (with the design's relaxed position loads
/// and acquire/release sequences the exhaustive search of two producers and
/// two consumers is over a million executions).
struct Ring {
  static constexpr int kCapacity = 2;
  bool publish_first = false;
  S::atomic<int> enqueue_pos{0, "enqueue_pos"}, dequeue_pos{0, "dequeue_pos"};
  S::atomic<int> seq[kCapacity] = {S::atomic<int>{0, "seq0"}, S::atomic<int>{1, "seq1"}};
  S::shared<int> data[kCapacity] = {S::shared<int>{0, "data0"}, S::shared<int>{0, "data1"}};

  bool try_enqueue(int v) {
    int pos = enqueue_pos.load();
    for (;;) {
      const int s = seq[pos % kCapacity].load();
      if (s == pos) {
        if (enqueue_pos.compare_exchange_weak(pos, pos + 1)) break;
      } else if (s < pos) {
        return false;  // full
      } else {
        pos = enqueue_pos.load();
      }
    }
    if (publish_first) {
      seq[pos % kCapacity].store(pos + 1);
      data[pos % kCapacity].set(v);
    } else {
      data[pos % kCapacity].set(v);
      seq[pos % kCapacity].store(pos + 1);
    }
    return true;
  }
  /// The value dequeued, or -1 when empty.
  int try_dequeue() {
    int pos = dequeue_pos.load();
    for (;;) {
      const int s = seq[pos % kCapacity].load();
      if (s == pos + 1) {
        if (dequeue_pos.compare_exchange_weak(pos, pos + 1)) break;
      } else if (s < pos + 1) {
        return -1;  // empty
      } else {
        pos = dequeue_pos.load();
      }
    }
    const int v = data[pos % kCapacity].get();
    seq[pos % kCapacity].store(pos + kCapacity);
    return v;
  }
};

void ring(bool publish_first) {
  Ring q;
  q.publish_first = publish_first;
  std::vector<int> got;
  auto consume = [&] {
    const int v = q.try_dequeue();
    if (v != -1) got.push_back(v);
  };
  run_together({[&] { assert_that(q.try_enqueue(1), "room for 1"); },
                [&] { assert_that(q.try_enqueue(2), "room for 2"); }, consume, consume});
  for (int v = q.try_dequeue(); v != -1; v = q.try_dequeue()) got.push_back(v);
  std::sort(got.begin(), got.end());
  assert_that(got == std::vector<int>{1, 2}, "each value dequeued exactly once");
}

TEST(UnseenLockFree, BoundedRingHolds) {
  expect_holds([] { ring(false); }, {Strategy::dpor});
}

TEST(UnseenLockFree, BoundedRingPublishingBeforeWritingRaces) {
  expect_violation({ViolationKind::data_race, ViolationKind::assertion}, [] { ring(true); });
}

/// A seqlock (Boehm, "Can seqlocks get along with programming language
/// memory models?", MSPC 2012) with seq_cst accesses: the writer makes the
/// sequence odd, writes a and b, makes it even; the reader retries while the
/// sequence was odd or changed. Bug: the reader forgets the second check and
/// may return a torn pair.
void seqlock(bool second_check) {
  S::atomic<int> seq{0, "seq"}, a{0, "a"}, b{0, "b"};
  run_together({[&] {
                  seq.store(1);
                  a.store(1);
                  b.store(1);
                  seq.store(2);
                },
                [&] {
                  for (;;) {
                    const int s1 = seq.load();
                    if (s1 % 2 == 1) {
                      S::spin_loop();
                      continue;
                    }
                    const int ra = a.load(), rb = b.load();
                    if (second_check && seq.load() != s1) continue;
                    assert_that(ra == rb, "the reader saw a consistent pair");
                    return;
                  }
                }});
}

TEST(UnseenLockFree, SeqlockReaderHolds) {
  expect_holds([] { seqlock(true); });
}

TEST(UnseenLockFree, SeqlockReaderWithoutTheSecondCheckSeesATornPair) {
  expect_violation(ViolationKind::assertion, [] { seqlock(false); });
}

// ---------------------------------------------------------------------------
// Exceptions, non-termination, budgets.

TEST(UnseenMisc, AnExceptionEscapingAThread) {
  expect_violation(ViolationKind::exception, [] {
    S::atomic<int> x{0, "x"};
    run_together({[&] { x.store(1); },
                  [&] {
                    if (x.load() == 1) throw std::runtime_error("saw 1");
                  }});
  });
}

/// An unbounded loop that counts in a local and stores it: every state is
/// new (the store changes the atomic), so it can only end at the step bound.
TEST(UnseenMisc, AnUnboundedCountingLoopDoesNotHold) {
  Options small;
  small.max_steps = 200;
  expect_violation(
      {ViolationKind::non_termination},
      [] {
        S::atomic<long> x{0, "x"};
        run_together({[&] {
          for (long i = 0;; ++i) x.store(i, rlx);
        }});
      },
      kAll, small);
}

/// An unbounded loop that counts in a local and reads an atomic nobody
/// changes: it never ends; livelock or non-termination, not holds.
TEST(UnseenMisc, AnUnboundedReadingLoopDoesNotHold) {
  Options small;
  small.max_steps = 200;
  expect_violation(
      {ViolationKind::livelock, ViolationKind::non_termination},
      [] {
        S::atomic<int> x{0, "x"};
        run_together({[&] {
          long sum = 0;
          for (long i = 0;; ++i) sum += i + x.load();
        }});
      },
      kAll, small);
}

/// A correct program searched with an execution budget far below its size:
/// bound_reached, never holds.
TEST(UnseenMisc, ABudgetBelowTheSearchIsNotAPass) {
  for (Strategy s : kExhaustive) {
    Options o = with(s);
    o.budget_executions = 3;
    const Result r = check([] { tas_counter(acq, rel); }, o);
    EXPECT_EQ(r.verdict, Verdict::bound_reached) << describe(r);
  }
}

/// Three threads each append their id twice to a log under a mutex; the
/// invariant breaks only for the one order 3,1,2,2,1,3 of the 90 orders of
/// the six critical sections.
TEST(UnseenMisc, AnInvariantBrokenInOneInterleavingOutOfNinety) {
  expect_violation(
      ViolationKind::invariant,
      [] {
        S::mutex m{"m"};
        S::shared<int> log{0, "log"};
        int mirror = 0;  // the log as a decimal number, read by the invariant
        invariant("log is not 312213", [&] { return mirror != 312213; });
        auto append = [&](int id) {
          for (int i = 0; i < 2; ++i) {
            Lock l(m);
            log.set(log.get() * 10 + id);
            mirror = log.get();
          }
        };
        run_together({[&] { append(1); }, [&] { append(2); }, [&] { append(3); }});
      },
      kExhaustive);
}


/// A correct program under random walk and PCT: no violation, and the result
/// says it was sampled, not exhaustive.
TEST(UnseenMisc, SamplingACorrectProgramIsNotExhaustive) {
  for (Strategy s : {Strategy::random, Strategy::pct}) {
    Options o = with(s);
    o.budget_executions = 300;
    const Result r = check([] { tas_counter(acq, rel); }, o);
    EXPECT_EQ(r.verdict, Verdict::holds) << describe(r);
    EXPECT_FALSE(r.exhaustive) << describe(r);
  }
}

/// A lost update needs one preemption; a search bounded to none finds
/// nothing and must say the bound was reached, not that the program holds.
TEST(UnseenMisc, APreemptionBoundThatHidesTheBugIsNotAPass) {
  for (Strategy s : kExhaustive) {
    Options o = with(s);
    o.max_preemptions = 0;
    const Result r = check(
        [] {
          S::atomic<int> x{0, "x"};
          run_together({[&] { x.store(x.load() + 1); }, [&] { x.store(x.load() + 1); }});
          assert_that(x.load() == 2, "lost update");
        },
        o);
    EXPECT_EQ(r.verdict, Verdict::bound_reached) << describe(r);
  }
}

TEST(UnseenMisc, AnExceptionFromTheMainThread) {
  expect_violation(ViolationKind::exception, [] {
    S::atomic<int> x{0, "x"};
    x.store(1);
    throw std::runtime_error("main threw");
  });
}

// ---------------------------------------------------------------------------
// Detached threads. A detached thread may still be running when the others
// have finished; its steps that did not run race with those that did, so the
// orders where it goes first must be explored too.

/// The detached thread's store may come before the main thread's load.
TEST(UnseenDetached, ADetachedThreadMayRunBeforeTheMainThreadsNextStep) {
  expect_violation(ViolationKind::assertion, [] {
    S::atomic<int> x{0, "x"};
    S::thread t([&] { x.store(1); });
    t.detach();
    assert_that(x.load() == 0, "the detached thread ran first");
  });
}

/// Its write and the main thread's write are not ordered: a data race.
TEST(UnseenDetached, ADetachedThreadRacesWithTheMainThread) {
  expect_violation(ViolationKind::data_race, [] {
    S::shared<int> x{0, "x"};
    S::thread t([&] { x.set(1); });
    t.detach();
    x.set(2);
  });
}

/// Published through release/acquire, the detached thread's write is ordered.
TEST(UnseenDetached, ADetachedThreadPublishingThroughAFlagDoesNotRace) {
  expect_holds([] {
    S::shared<int> x{0, "x"};
    S::atomic<int> done{0, "done"};
    S::thread t([&] {
      x.set(1);
      done.store(1, rel);
    });
    t.detach();
    if (done.load(acq) == 1) assert_that(x.get() == 1, "published");
  });
}

// ---------------------------------------------------------------------------
// More mutex, condition-variable and atomic-wait programs.

/// try_lock while another thread holds the mutex fails; before, it succeeds:
/// both outcomes must be reached.
void try_lock_outcome(bool expect_success) {
  S::mutex m{"m"};
  run_together({[&] {
                  m.lock();
                  m.unlock();
                },
                [&] {
                  const bool ok = m.try_lock();
                  if (ok) m.unlock();
                  assert_that(ok != expect_success, expect_success ? "try_lock failed" : "try_lock succeeded");
                }});
}

TEST(UnseenMutexes, TryLockCanFail) {
  expect_violation(ViolationKind::assertion, [] { try_lock_outcome(false); });
}

TEST(UnseenMutexes, TryLockCanSucceed) {
  expect_violation(ViolationKind::assertion, [] { try_lock_outcome(true); });
}

TEST(UnseenMutexes, UnlockingAMutexAnotherThreadHolds) {
  expect_violation(ViolationKind::unlock_not_owner, [] {
    S::mutex m{"m"};
    m.lock();
    S::thread t([&] { m.unlock(); });
    t.join();
  });
}

TEST(UnseenWakeups, WaitingWithoutHoldingTheMutexIsMisuse) {
  expect_violation(ViolationKind::misuse, [] {
    S::mutex m{"m"};
    S::condition_variable cv{"cv"};
    run_together({[&] {
                    Lock l(m, std::defer_lock);
                    cv.wait(l);
                  },
                  [&] { cv.notify_all(); }});
  });
}

/// The waiter of the lost wake-up above, with a timed wait: it times out,
/// checks the flag again and returns. No deadlock.
TEST(UnseenWakeups, ATimedWaitRecoversFromALostWakeup) {
  for (Strategy s : kExhaustive) {
    Options o = with(s);
    o.max_spurious_wakeups = 0;
    const Result r = check(
        [] {
          S::mutex m{"m"};
          S::condition_variable cv{"cv"};
          S::atomic<int> ready{0, "ready"};
          run_together({[&] {
                          Lock l(m);
                          while (ready.load() == 0) cv.wait_for(l, std::chrono::milliseconds(10));
                        },
                        [&] {
                          ready.store(1);
                          cv.notify_one();
                        }});
        },
        o);
    EXPECT_EQ(r.verdict, Verdict::holds) << describe(r);
    EXPECT_TRUE(r.exhaustive) << describe(r);
  }
}

/// The notifier sleeps past the waiter's deadline: on the virtual clock the
/// wait always times out first.
TEST(UnseenWakeups, ATimedWaitTimesOutBeforeALateNotify) {
  Options no_spurious;
  no_spurious.max_spurious_wakeups = 0;
  expect_violation(
      ViolationKind::assertion,
      [] {
        S::mutex m{"m"};
        S::condition_variable cv{"cv"};
        S::shared<int> ready{0, "ready"};
        run_together({[&] {
                        Lock l(m);
                        const bool got = cv.wait_for(l, std::chrono::milliseconds(5), [&] { return ready.get() == 1; });
                        assert_that(got, "woken by the notify before the deadline");
                      },
                      [&] {
                        S::sleep_for(std::chrono::milliseconds(10));
                        Lock l(m);
                        ready.set(1);
                        cv.notify_one();
                      }});
      },
      kAll, no_spurious);
}

/// atomic::wait on a value the notifier changes only after its notify: the
/// notify can find nobody waiting, and the waiter then sleeps forever.
TEST(UnseenWakeups, AnAtomicNotifyBeforeTheStoreIsLost) {
  expect_violation(ViolationKind::deadlock, [] {
    S::atomic<int> x{0, "x"};
    run_together({[&] { x.wait(0); },
                  [&] {
                    x.notify_one();
                    x.store(1);
                  }});
  });
}

TEST(UnseenWakeups, AnAtomicStoreThenNotifyIsNotLost) {
  expect_holds([] {
    S::atomic<int> x{0, "x"};
    run_together({[&] { x.wait(0); },
                  [&] {
                    x.store(1);
                    x.notify_one();
                  }});
  });
}

// ---------------------------------------------------------------------------
// Fences. SB with a seq_cst fence between each thread's relaxed store and
// load: r0 = r1 = 0 is forbidden (RC11 psc_F; GenMC SB+scfs); with acq_rel
// fences it is allowed (they create no order between a store and a later
// load of another location).
void sb_fenced(std::memory_order fence) {
  S::atomic<int> x{0, "x"}, y{0, "y"};
  int r0 = -1, r1 = -1;
  run_together({[&] {
                  x.store(1, rlx);
                  S::atomic_thread_fence(fence);
                  r0 = y.load(rlx);
                },
                [&] {
                  y.store(1, rlx);
                  S::atomic_thread_fence(fence);
                  r1 = x.load(rlx);
                }});
  assert_that(!(r0 == 0 && r1 == 0), "SB weak outcome r0=r1=0");
}

TEST(UnseenLitmus, StoreBufferingWithSeqCstFencesIsForbidden) {
  expect_holds([] { sb_fenced(sc); });
}

TEST(UnseenLitmus, StoreBufferingWithAcqRelFencesIsAllowed) {
  expect_violation(ViolationKind::assertion, [] { sb_fenced(std::memory_order_acq_rel); }, kExhaustive);
}

/// IRIW with relaxed accesses and a seq_cst fence between each reader's
/// loads: forbidden (RC11 Sec. 3, psc_F orders the fences; GenMC IRIW+scfs).
TEST(UnseenLitmus, IriwWithSeqCstFencesInTheReadersIsForbidden) {
  expect_holds([] {
    S::atomic<int> x{0, "x"}, y{0, "y"};
    int r0 = -1, r1 = -1, r2 = -1, r3 = -1;
    run_together({[&] { x.store(1, rlx); }, [&] { y.store(1, rlx); },
                  [&] {
                    r0 = x.load(rlx);
                    S::atomic_thread_fence(sc);
                    r1 = y.load(rlx);
                  },
                  [&] {
                    r2 = y.load(rlx);
                    S::atomic_thread_fence(sc);
                    r3 = x.load(rlx);
                  }});
    assert_that(!(r0 == 1 && r1 == 0 && r2 == 1 && r3 == 0), "IRIW weak outcome 1,0,1,0");
  });
}

/// A thread spawned by a thread is ordered after its parent's earlier steps
/// only: its write races with a sibling of its parent.
TEST(UnseenRaces, AGrandchildRacesWithItsParentsSibling) {
  expect_violation(ViolationKind::data_race, [] {
    S::shared<int> x{0, "x"};
    run_together({[&] {
                    S::thread inner([&] { x.set(1); });
                    inner.join();
                  },
                  [&] { (void)x.get(); }});
  });
}

// ---------------------------------------------------------------------------
// Classic algorithms whose correctness depends on the memory order.

/// Peterson's lock for two threads. With seq_cst it is correct; with release
/// stores and acquire loads each thread may read the other's `want` stale
/// (the SB shape, allowed for release/acquire), both enter, and the critical
/// sections are not ordered (a well-known failure of Peterson under C++
/// acquire/release; the RC11 SB result above).
void peterson(std::memory_order store, std::memory_order load) {
  S::atomic<int> want0{0, "want0"}, want1{0, "want1"}, turn{0, "turn"};
  S::atomic<int>* want[2] = {&want0, &want1};
  S::shared<int> inside{0, "inside"};
  auto body = [&](int me) {
    want[me]->store(1, store);
    turn.store(1 - me, store);
    while (want[1 - me]->load(load) == 1 && turn.load(load) == 1 - me) S::spin_loop();
    inside.update([](int v) { return v + 1; });
    assert_that(inside.get() == 1, "mutual exclusion");
    inside.update([](int v) { return v - 1; });
    want[me]->store(0, store);
  };
  run_together({[&] { body(0); }, [&] { body(1); }});
}

TEST(UnseenAlgorithms, PetersonSeqCstHolds) {
  expect_holds([] { peterson(sc, sc); });
}

TEST(UnseenAlgorithms, PetersonReleaseAcquireLetsBothIn) {
  expect_violation({ViolationKind::data_race, ViolationKind::assertion}, [] { peterson(rel, acq); }, kExhaustive);
}

/// Double-checked initialisation: the fast path reads `ready` and then the
/// object. With a release store and an acquire load the object is published;
/// with relaxed ones the fast path reads it without happens-before (the
/// classic broken DCLP, Meyers and Alexandrescu 2004).
void double_checked(std::memory_order publish, std::memory_order check) {
  S::mutex m{"m"};
  S::atomic<int> ready{0, "ready"};
  S::shared<int> object{"object"};
  auto get = [&] {
    if (ready.load(check) == 0) {
      Lock l(m);
      if (ready.load(rlx) == 0) {
        object.set(42);
        ready.store(1, publish);
      }
    }
    assert_that(object.get() == 42, "initialised");
  };
  run_together({get, get});
}

TEST(UnseenAlgorithms, DoubleCheckedInitialisationWithReleaseAcquireHolds) {
  expect_holds([] { double_checked(rel, acq); });
}

TEST(UnseenAlgorithms, DoubleCheckedInitialisationWithRelaxedFlagRaces) {
  expect_violation(ViolationKind::data_race, [] { double_checked(rlx, rlx); }, kExhaustive);
}

/// A ticket lock: take a ticket with a relaxed fetch_add, spin until it is
/// served (acquire), serve the next on release. Correct.
TEST(UnseenAlgorithms, TicketLockHolds) {
  expect_holds([] {
    S::atomic<int> next{0, "next"}, serving{0, "serving"};
    S::shared<int> count{0, "count"};
    auto bump = [&] {
      const int me = next.fetch_add(1, rlx);
      while (serving.load(acq) != me) S::spin_loop();
      count.update([](int v) { return v + 1; });
      serving.store(me + 1, rel);
    };
    run_together({bump, bump});
    assert_that(count.get() == 2, "count == 2");
  });
}

/// A spinner waits for x == 2, which holds only between two stores of the
/// other thread: if it looks before and after, it spins forever (a fair
/// infinite execution exists). Livelock, not holds.
TEST(UnseenSpins, ASpinThatMissesATransientValueSpinsForever) {
  expect_violation({ViolationKind::livelock, ViolationKind::non_termination}, [] {
    S::atomic<int> x{0, "x"};
    run_together({[&] {
                    while (x.load() != 2) S::spin_loop();
                  },
                  [&] {
                    x.store(2);
                    x.store(0);
                  }});
  });
}

/// A thread that keeps re-taking a mutex while another waits for it: with a
/// bypass bound of 2 the waiter is starved in some schedule.
TEST(UnseenSpins, AMutexHogStarvesAWaiterPastTheBypassBound) {
  for (Strategy s : kExhaustive) {
    Options o = with(s);
    o.max_bypass = 2;
    const Result r = check(
        [] {
          S::mutex m{"m"};
          S::atomic<int> stop{0, "stop"};
          run_together({[&] {
                          while (stop.load() == 0) {
                            Lock l(m);
                          }
                        },
                        [&] {
                          Lock l(m);
                          stop.store(1);
                        }});
        },
        o);
    EXPECT_EQ(r.verdict, Verdict::violated) << describe(r);
    EXPECT_TRUE(r.has(ViolationKind::starvation)) << describe(r);
  }
}

/// notify_one wakes one waiter, which one unspecified ([thread.condition.condvar]).
/// A waits first (for a_ready), B after it (for b_ready); P sets a_ready and
/// notifies one, then b_ready and notifies one. Waking A then B is fine; if
/// the first notify wakes B, B waits again, the second wakes A, and B sleeps
/// forever. Found with spurious wake-ups off, so by the choice of waiter.
/// `all`: P notifies all both times, which is correct.
void notify_picks_a_waiter(bool all) {
  S::mutex m{"m"};
  S::condition_variable cv{"cv"};
  S::shared<int> a_waits{0, "a_waits"}, b_waits{0, "b_waits"}, a_ready{0, "a_ready"}, b_ready{0, "b_ready"};
  auto notify = [&] {
    if (all)
      cv.notify_all();
    else
      cv.notify_one();
  };
  run_together({[&] {  // A: waits first
                  Lock l(m);
                  a_waits.set(1);
                  while (a_ready.get() == 0) cv.wait(l);
                },
                [&] {  // B: waits only once A waits
                  Lock l(m);
                  if (a_waits.get() == 0) return;
                  b_waits.set(1);
                  while (b_ready.get() == 0) cv.wait(l);
                },
                [&] {  // P: once both wait, a_ready and a notify, then b_ready and a notify
                  {
                    Lock l(m);
                    if (b_waits.get() == 0) {
                      a_ready.set(1);
                      b_ready.set(1);
                      cv.notify_all();
                      return;
                    }
                    a_ready.set(1);
                    notify();
                  }
                  Lock l(m);
                  b_ready.set(1);
                  notify();
                }});
}

TEST(UnseenWakeups, NotifyOneMayWakeTheLaterWaiter) {
  Options no_spurious;
  no_spurious.max_spurious_wakeups = 0;
  expect_violation(ViolationKind::deadlock, [] { notify_picks_a_waiter(false); }, kAll, no_spurious);
}

TEST(UnseenWakeups, NotifyAllWakesEveryWaiterInTheSameProgram) {
  Options no_spurious;
  no_spurious.max_spurious_wakeups = 0;
  expect_holds([] { notify_picks_a_waiter(true); }, kExhaustive, no_spurious);
}

}  // namespace
}  // namespace interleave
