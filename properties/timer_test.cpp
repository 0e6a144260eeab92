// Properties of Timer on real threads: for random delays and cancel times, the
// callback runs at most once, never before its delay, never after cancel()
// returns; an uncancelled timer fires exactly once.
// More cases: RC_PARAMS="max_success=500" ./property_timer_test
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "primitives/timer.hpp"

namespace {

using namespace std::chrono;

RC_GTEST_PROP(Timer, NeverEarlyAtMostOnceNeverAfterCancelReturns, ()) {
  const auto delay = microseconds(*rc::gen::inRange(0, 3000));
  const auto cancel_after = microseconds(*rc::gen::inRange(0, 4000));
  std::atomic<int> runs{0};
  std::atomic<bool> early{false}, after_cancel{false}, cancel_returned{false};
  const auto start = steady_clock::now();
  {
    interleave::Timer<> timer(delay, [&] {
      if (steady_clock::now() - start < delay) early = true;
      std::this_thread::sleep_for(microseconds(100));  // a callback that takes a while
      if (cancel_returned.load()) after_cancel = true;
      ++runs;
    });
    timer.start();
    std::this_thread::sleep_for(cancel_after);
    timer.cancel();
    cancel_returned = true;
    const int runs_at_cancel = runs.load();
    std::this_thread::sleep_for(microseconds(200));
    RC_ASSERT(runs.load() == runs_at_cancel);  // nothing ran after cancel returned
  }
  RC_ASSERT(runs.load() <= 1);
  RC_ASSERT(!early.load());
  RC_ASSERT(!after_cancel.load());
}

RC_GTEST_PROP(Timer, FiresExactlyOnceWhenNotCancelled, ()) {
  const auto delay = microseconds(*rc::gen::inRange(0, 3000));
  std::atomic<int> runs{0};
  const auto start = steady_clock::now();
  steady_clock::time_point fired;
  {
    interleave::Timer<> timer(delay, [&] {
      fired = steady_clock::now();
      ++runs;
    });
    timer.start();
  }  // the destructor joins
  RC_ASSERT(runs.load() == 1);
  RC_ASSERT(fired - start >= delay);
}

}  // namespace
