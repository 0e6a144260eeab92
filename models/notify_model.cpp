// Models of notify_all (primitives/notify_all.hpp): three threads wait at a
// gate and the main thread opens it. All must wake, and they hold the lock one
// at a time on the way out.
#if defined(__clang__)  // model_sync's mutex carries no capability: the analysis is for real_sync
#pragma clang diagnostic ignored "-Wthread-safety-analysis"
#endif

#include "interleave/interleave.hpp"
#include "models/registry.hpp"
#include "primitives/notify_all.hpp"

namespace {

using interleave::GateFlaw;
using interleave::model_sync;
using interleave::real_sync;

constexpr const char* kPassage =
    "notify_all(): The waiting threads are all woken up but only one of them gets to acquire the lock ... "
    "Once the thread that is the first to wake up and make progress releases the lock, other threads "
    "acquire the lock one by one and proceed ahead.";

template <class S, GateFlaw Flaw>
void waiters(int count) {
  interleave::Gate<S, Flaw> gate;
  int holding = 0, through = 0;
  S::invariant("woken threads hold the lock one at a time", [&] { return holding <= 1; });
  std::vector<typename S::thread> threads;
  for (int t = 0; t < count; ++t)
    threads.emplace_back([&] {
      gate.wait([&] {
        ++holding;
        S::yield();  // still under the gate's lock
        --holding;
        ++through;
      });
    });
  gate.open();
  for (auto& t : threads) t.join();
  S::assert_that(through == count, "every waiter woke and went through");
}

const bool registered = [] {
  interleave::register_model({
      .name = "notify",
      .primitive = "notify",
      .summary = "Three threads wait at a gate opened with notify_all: all wake, one holding the lock at a time.",
      .passage = kPassage,
      .expected = std::nullopt,
      .scenario = [] { waiters<model_sync, GateFlaw::none>(3); },
      .options = {.strategy = interleave::Strategy::dpor, .max_spurious_wakeups = 1},
      .real_scenario = [] { waiters<real_sync, GateFlaw::none>(3); },
  });
  interleave::register_model({
      .name = "notify/one-instead-of-all",
      .primitive = "notify",
      .summary = "Three threads wait at a gate opened with notify_one.",
      .flaw = "open() calls notify_one: one waiter wakes, the others sleep forever, and the main thread "
              "waiting to join them deadlocks.",
      .passage = kPassage,
      .expected = interleave::ViolationKind::deadlock,
      .scenario = [] { waiters<model_sync, GateFlaw::notify_one>(3); },
      .options = {.max_spurious_wakeups = 0},
      .real_scenario = [] { waiters<real_sync, GateFlaw::notify_one>(3); },
  });
  return true;
}();

}  // namespace
