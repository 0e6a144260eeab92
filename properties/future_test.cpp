// Properties of Future on real threads: a worker completes random futures
// with values or exceptions while a client cancels some and adds callbacks
// and waiters read the results. For every future: the work ran exactly when
// no cancel succeeded, every callback ran exactly once and saw the future
// done, and every waiter saw the value, the exception or the cancellation
// that the future ended with.
// More cases: RC_PARAMS="max_success=500" ./property_future_test
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <stdexcept>
#include <thread>
#include <vector>

#include "primitives/future.hpp"
#include "properties/chaos.hpp"

namespace {

using interleave::properties::Chaos;
using Fut = interleave::Future<int>;

enum Outcome { value = 0, error = 1, cancelled = 2, timed_out = 3 };

/// What one waiter saw from result() (with a short timeout when `patient` is false).
Outcome observe(const Fut& f, int index, bool patient) {
  try {
    const int v = patient ? f.result() : f.result(std::chrono::microseconds(50));
    if (v != index * 10) throw std::logic_error("wrong value");
    return value;
  } catch (const interleave::CancelledError&) {
    return cancelled;
  } catch (const interleave::FutureTimeoutError&) {
    return timed_out;
  } catch (const std::runtime_error&) {
    return error;
  }
}

RC_GTEST_PROP(Future, CompletesOnceAndCallbacksRunOnce, ()) {
  const int n = *rc::gen::inRange(1, 30);
  const auto fails = *rc::gen::container<std::vector<bool>>(n, rc::gen::arbitrary<bool>());
  const auto cancels = *rc::gen::container<std::vector<bool>>(n, rc::gen::arbitrary<bool>());
  const int callbacks_per_future = *rc::gen::inRange(0, 3);
  const int chaos = *rc::gen::inRange(0, 3);
  const auto seed = *rc::gen::arbitrary<std::uint32_t>();

  std::vector<Fut> futures(n);
  std::vector<std::atomic<int>> callback_runs(n), callbacks_not_done(n);
  std::vector<char> ran(n, 0), cancel_succeeded(n, 0);
  std::vector<Outcome> patient(n), impatient(n);

  std::thread worker([&] {
    Chaos noise(chaos, seed);
    for (int i = 0; i < n; ++i) {
      noise.point();
      if (!futures[i].set_running_or_notify_cancel()) continue;
      ran[i] = 1;
      noise.point();
      if (fails[i])
        futures[i].set_exception(std::make_exception_ptr(std::runtime_error("task failed")));
      else
        futures[i].set_result(i * 10);
    }
  });
  std::thread client([&] {
    Chaos noise(chaos, seed + 1);
    for (int i = 0; i < n; ++i) {
      for (int c = 0; c < callbacks_per_future; ++c) {
        noise.point();
        futures[i].add_done_callback([&, i](const Fut& f) {
          if (!f.done()) ++callbacks_not_done[i];
          ++callback_runs[i];
          throw std::runtime_error("a throwing callback is contained");
        });
      }
      if (cancels[i]) cancel_succeeded[i] = futures[i].cancel();
    }
  });
  std::thread waiter([&] {
    Chaos noise(chaos, seed + 2);
    for (int i = 0; i < n; ++i) {
      noise.point();
      impatient[i] = observe(futures[i], i, false);
      patient[i] = observe(futures[i], i, true);
    }
  });
  worker.join();
  client.join();
  waiter.join();

  for (int i = 0; i < n; ++i) {
    RC_ASSERT(futures[i].done());
    RC_ASSERT(bool(ran[i]) == !cancel_succeeded[i]);
    RC_ASSERT(futures[i].cancelled() == bool(cancel_succeeded[i]));
    const Outcome final_outcome = !ran[i] ? cancelled : fails[i] ? error : value;
    RC_ASSERT(patient[i] == final_outcome);
    RC_ASSERT(impatient[i] == final_outcome || impatient[i] == timed_out);
    RC_ASSERT(callback_runs[i].load() == callbacks_per_future);
    RC_ASSERT(callbacks_not_done[i].load() == 0);
    if (ran[i]) RC_ASSERT((futures[i].exception() != nullptr) == bool(fails[i]));
  }
}

// Single-threaded: the state table (see future.hpp), step by step.
RC_GTEST_PROP(Future, FollowsTheStateTable, ()) {
  const bool claim = *rc::gen::arbitrary<bool>();
  const bool cancel_first = *rc::gen::arbitrary<bool>();
  Fut f;
  int runs = 0;
  f.add_done_callback([&](const Fut&) { ++runs; });
  if (cancel_first) {
    RC_ASSERT(f.cancel());
    RC_ASSERT(f.cancel());
    RC_ASSERT(!f.set_running_or_notify_cancel());
    RC_ASSERT_THROWS_AS(f.set_result(1), interleave::InvalidStateError);
    RC_ASSERT_THROWS_AS(f.result(), interleave::CancelledError);
  } else {
    if (claim) {
      RC_ASSERT(f.set_running_or_notify_cancel());
      RC_ASSERT(f.running());
      RC_ASSERT(!f.cancel());
    }
    RC_ASSERT(runs == 0);
    RC_ASSERT_THROWS_AS(f.result(std::chrono::milliseconds(0)), interleave::FutureTimeoutError);
    f.set_result(5);
    RC_ASSERT(!f.cancel());
    RC_ASSERT_THROWS_AS(f.set_result(6), interleave::InvalidStateError);
    RC_ASSERT(f.result() == 5);
    RC_ASSERT(f.exception() == nullptr);
  }
  RC_ASSERT(runs == 1);
  f.add_done_callback([&](const Fut&) { ++runs; });
  RC_ASSERT(runs == 2);
}

}  // namespace
