// Lock ordering: two threads each take two mutexes. Taking them in one global
// order is deadlock-free; taking them in opposite orders is the classic
// lock-order inversion (the notes' definition of a deadlock).
#include "interleave/interleave.hpp"
#include "models/registry.hpp"

namespace {

using interleave::model_sync;
using interleave::real_sync;

/// Two transfers between two accounts, each guarded by its own mutex.
template <class S>
void transfers(bool inverted) {
  typename S::mutex a{"account_a"};
  typename S::mutex b{"account_b"};
  typename S::template shared<int> balance_a{100, "balance_a"};
  typename S::template shared<int> balance_b{100, "balance_b"};
  auto move = [&](typename S::mutex& first, typename S::mutex& second, int amount) {
    typename S::template unique_lock<typename S::mutex> l1(first);
    typename S::template unique_lock<typename S::mutex> l2(second);
    balance_a.update([&](int v) { return v - amount; });
    balance_b.update([&](int v) { return v + amount; });
  };
  typename S::thread t1([&] { move(a, b, 10); });
  typename S::thread t2([&] { inverted ? move(b, a, -5) : move(a, b, -5); });
  t1.join();
  t2.join();
  S::assert_that(balance_a.get() + balance_b.get() == 200, "money is neither created nor lost");
}

const bool registered = [] {
  interleave::register_model({
      .name = "lock-order",
      .primitive = "lock-order",
      .summary = "Two threads take two mutexes in the same order: no deadlock, totals preserved.",
      .passage = "Deadlocks occur when two or more threads aren't able to make any progress ...",
      .expected = std::nullopt,
      .scenario = [] { transfers<model_sync>(false); },
      .real_scenario = [] { transfers<real_sync>(false); },
  });
  interleave::register_model({
      .name = "lock-order/inversion",
      .primitive = "lock-order",
      .summary = "Two threads take two mutexes in opposite orders.",
      .flaw = "Thread 1 locks account_a then account_b; thread 2 locks account_b then account_a. If each takes "
              "its first lock before the other takes its second, each waits for the lock the other holds "
              "forever: the wait-for cycle the notes define as a deadlock.",
      .passage = "Deadlocks occur when two or more threads aren't able to make any progress ...",
      .expected = interleave::ViolationKind::deadlock,
      .scenario = [] { transfers<model_sync>(true); },
      .real_scenario = [] { transfers<real_sync>(true); },
  });
  return true;
}();

}  // namespace
