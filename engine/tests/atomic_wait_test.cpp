// C++20 atomic wait/notify in the model: a wait returns only once the value
// differs from the old one, a notify wakes the waiters blocked at that moment,
// and a waiter never woken is a deadlock. Each program is checked by plain DFS
// and by DPOR, which must agree: DPOR prunes only orders that cannot matter,
// so it must see a notify and a wait's check on the same atomic as dependent,
// and a store and a wait's check too.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "interleave/interleave.hpp"

namespace interleave {
namespace {

using S = model_sync;

Options with(Strategy strategy, int spurious = 1) {
  Options o;
  o.strategy = strategy;
  o.max_spurious_wakeups = spurious;
  return o;
}

const Violation* find(const Result& r, ViolationKind kind) {
  for (const Violation& v : r.violations)
    if (v.kind == kind) return &v;
  return nullptr;
}

// The setter notifies before it stores: a waiter that checks between the two
// blocks at 0 and is never woken.
void notify_before_store() {
  S::atomic<int> flag{0, "flag"};
  S::thread waiter([&] { flag.wait(0); });
  flag.notify_one();
  flag.store(1);
  waiter.join();
}

// The same with the store first: every waiter that blocked at 0 is woken.
void store_then_notify() {
  S::atomic<int> flag{0, "flag"};
  S::thread waiter([&] { flag.wait(0); });
  flag.store(1);
  flag.notify_one();
  waiter.join();
}

// One thread stores, another notifies: a waiter that checks (or, woken, checks
// again) after the notify and before the store is never woken again.
void notify_from_another_thread() {
  S::atomic<int> flag{0, "flag"};
  run_together({[&] { flag.wait(0); }, [&] { flag.store(1); }, [&] { flag.notify_one(); }});
}

class AtomicWait : public testing::TestWithParam<Strategy> {};

TEST_P(AtomicWait, ANotifyRacesTheChecksOfWaiters) {
  const Result r = check(notify_from_another_thread, with(GetParam(), 0));
  const Violation* deadlock = find(r, ViolationKind::deadlock);

  ASSERT_NE(deadlock, nullptr);
  EXPECT_NE(deadlock->message.find("waits on atomic flag (value 0, now 1: changed without a notify)"),
            std::string::npos)
      << deadlock->message;
}

TEST_P(AtomicWait, NotifyBeforeTheStoreIsALostWakeUp) {
  const Result r = check(notify_before_store, with(GetParam()));
  ASSERT_EQ(r.verdict, Verdict::violated);
  const Violation* deadlock = find(r, ViolationKind::deadlock);
  ASSERT_NE(deadlock, nullptr);
  EXPECT_NE(deadlock->message.find("waits on atomic flag (value 0, now 1: changed without a notify)"),
            std::string::npos)
      << deadlock->message;
  bool blocked_step = false;
  for (const TraceEvent& e : deadlock->trace)
    if (e.operation == "wait" && e.object == "atomic flag" && e.detail == "value 0: blocks") blocked_step = true;
  EXPECT_TRUE(blocked_step) << "the trace shows the wait that blocked at 0";
}

TEST_P(AtomicWait, StoreThenNotifyHolds) {
  const Result r = check(store_then_notify, with(GetParam()));
  EXPECT_EQ(r.verdict, Verdict::holds) << (r.violations.empty() ? "" : r.violations.front().message);
  EXPECT_GT(r.stats.executions, 1u);
}

TEST_P(AtomicWait, AWaitOnADifferentValueReturnsWithoutBlocking) {
  const Result r = check(
      [] {
        S::atomic<int> flag{1, "flag"};
        flag.wait(0);  // no notify will ever come: it must not block
      },
      with(GetParam()));
  EXPECT_EQ(r.verdict, Verdict::holds);
  EXPECT_EQ(r.stats.executions, 1u) << "no spurious branch for a wait that cannot block";
}

// Without a notify, the value's change is seen only by a check that comes
// after it, or by a spurious wake-up: the deadlock is still found, and the
// spurious branch is explored (more executions).
TEST_P(AtomicWait, SpuriousWakeUpsAreExploredButDoNotHideTheDeadlock) {
  auto no_notify = [] {
    S::atomic<int> flag{0, "flag"};
    S::thread waiter([&] { flag.wait(0); });
    flag.store(1);
    waiter.join();
  };
  const Result none = check(no_notify, with(GetParam(), 0));
  const Result one = check(no_notify, with(GetParam(), 1));
  EXPECT_NE(find(none, ViolationKind::deadlock), nullptr);
  EXPECT_NE(find(one, ViolationKind::deadlock), nullptr);
  Options all = with(GetParam(), 1);
  all.keep_going = true;
  EXPECT_GT(check(no_notify, all).stats.executions, check(no_notify,
                                                          [&] {
                                                            Options o = all;
                                                            o.max_spurious_wakeups = 0;
                                                            return o;
                                                          }())
                                                        .stats.executions);
}

INSTANTIATE_TEST_SUITE_P(DfsAndDpor, AtomicWait, testing::Values(Strategy::dfs, Strategy::dpor),
                         [](const auto& info) { return std::string(to_string(info.param)); });

// A counting semaphore on an atomic: acquire takes a unit when the count is
// positive and otherwise waits for it to change; release adds one and
// notifies, always or (the lost wake-up) only when the count was 0. The
// order in which the two acquirers got in is collected over the executions
// that finish.
std::set<std::string> orders;

void semaphore(bool notify_only_from_zero) {
  S::atomic<int> count{0, "count"};
  std::string order;
  auto acquire = [&](char who) {
    for (;;) {
      int seen = count.load();
      if (seen > 0 && count.compare_exchange_strong(seen, seen - 1)) break;
      if (seen == 0) count.wait(0);
    }
    order += who;
  };
  auto release = [&] {
    if (count.fetch_add(1) == 0 || !notify_only_from_zero) count.notify_one();
  };
  run_together({[&] { acquire('a'); }, [&] { acquire('b'); }, release, release});
  orders.insert(order);
}

std::set<std::string> outcomes(bool bug, Strategy strategy, Verdict& verdict) {
  orders.clear();
  Options o = with(strategy, 0);
  o.keep_going = bug;
  verdict = check([bug] { semaphore(bug); }, o).verdict;
  return orders;
}

TEST(AtomicWaitDpor, ReleaseThatNotifiesOnlyFromZeroLosesAWakeUpUnderBothStrategies) {
  for (const Strategy strategy : {Strategy::dfs, Strategy::dpor}) {
    const Result r = check([] { semaphore(true); }, with(strategy, 0));
    const Violation* deadlock = find(r, ViolationKind::deadlock);
    ASSERT_NE(deadlock, nullptr) << to_string(strategy);
    EXPECT_NE(deadlock->message.find("waits on atomic count (value 0, now 1: changed without a notify)"),
              std::string::npos)
        << deadlock->message;
  }
  Verdict dfs_verdict{}, dpor_verdict{};
  const std::set<std::string> by_dfs = outcomes(true, Strategy::dfs, dfs_verdict);
  const std::set<std::string> by_dpor = outcomes(true, Strategy::dpor, dpor_verdict);
  EXPECT_EQ(dfs_verdict, Verdict::violated);
  EXPECT_EQ(dpor_verdict, Verdict::violated);
  EXPECT_EQ(by_dfs, (std::set<std::string>{"ab", "ba"})) << "the executions without the lost wake-up finish";
  EXPECT_EQ(by_dpor, by_dfs);
}

TEST(AtomicWaitDpor, FixedSemaphoreHoldsAndDporSeesEveryOutcomeDfsSees) {
  Verdict dfs_verdict{}, dpor_verdict{};
  const std::set<std::string> by_dfs = outcomes(false, Strategy::dfs, dfs_verdict);
  const std::set<std::string> by_dpor = outcomes(false, Strategy::dpor, dpor_verdict);
  EXPECT_EQ(dfs_verdict, Verdict::holds);
  EXPECT_EQ(dpor_verdict, Verdict::holds);
  EXPECT_EQ(by_dfs, (std::set<std::string>{"ab", "ba"}));
  EXPECT_EQ(by_dpor, by_dfs);
}

// The waiter checks a separate flag, then waits on `bell`, whose value never
// changes; the ringer sets the flag, then notifies. A notify between the
// waiter's flag check and its wait is lost. Only the order of the notify and
// the wait's check on `bell` shows it: the store to the flag comes before
// both, so DPOR finds it only if it sees that notify and that wait as
// dependent.
TEST(AtomicWaitDpor, ANotifyBetweenACheckAndItsWaitIsLostUnderBothStrategies) {
  auto program = [] {
    S::atomic<int> flag{0, "flag"}, bell{0, "bell"};
    run_together({[&] {
                    while (flag.load() == 0) bell.wait(0);
                  },
                  [&] {
                    flag.store(1);
                    bell.notify_one();
                  }});
  };
  for (Strategy strategy : {Strategy::dfs, Strategy::dpor}) {
    const Result r = check(program, with(strategy, 0));
    EXPECT_NE(find(r, ViolationKind::deadlock), nullptr) << to_string(strategy);
  }
}

TEST(AtomicWaitDpor, DporExploresFewerSchedulesThanDfs) {
  const Result dfs = check([] { semaphore(false); }, with(Strategy::dfs, 0));
  const Result dpor = check([] { semaphore(false); }, with(Strategy::dpor, 0));
  ASSERT_EQ(dfs.verdict, Verdict::holds);
  ASSERT_EQ(dpor.verdict, Verdict::holds);
  EXPECT_LT(dpor.stats.executions, dfs.stats.executions);
}

}  // namespace
}  // namespace interleave
