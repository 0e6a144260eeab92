// Properties of the notify_all Gate on real threads: for random numbers of
// waiters and opening delays, every waiter wakes, and the woken hold the lock
// one at a time.
// More cases: RC_PARAMS="max_success=500" ./property_notify_all_test
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include "primitives/notify_all.hpp"

namespace {

RC_GTEST_PROP(Gate, WakesEveryWaiterOneLockHolderAtATime, ()) {
  const int waiters = *rc::gen::inRange(1, 8);
  const auto open_after = std::chrono::microseconds(*rc::gen::inRange(0, 500));
  interleave::Gate<> gate;
  std::atomic<int> holding{0}, through{0};
  std::atomic<bool> overlap{false};
  std::vector<std::thread> threads;
  for (int t = 0; t < waiters; ++t)
    threads.emplace_back([&] {
      gate.wait([&] {
        if (++holding != 1) overlap = true;
        std::this_thread::yield();
        --holding;
        ++through;
      });
    });
  std::this_thread::sleep_for(open_after);
  gate.open();
  for (auto& t : threads) t.join();
  RC_ASSERT(through.load() == waiters);
  RC_ASSERT(!overlap.load());
  RC_ASSERT(gate.waiting() == 0);
}

}  // namespace
