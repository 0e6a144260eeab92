// Models of the timer thread (primitives/timer.hpp): one timer is cancelled at
// the very instant it is due, another is left to fire. Virtual time makes
// "at the same instant" a real race the search explores both ways.
#if defined(__clang__)  // model_sync's mutex carries no capability: the analysis is for real_sync
#pragma clang diagnostic ignored "-Wthread-safety-analysis"
#endif

#include <chrono>

#include "interleave/interleave.hpp"
#include "models/registry.hpp"
#include "primitives/timer.hpp"

namespace {

using namespace std::chrono_literals;
using interleave::model_sync;
using interleave::TimerFlaw;

constexpr const char* kPassage =
    "Timer thread: Executes a callback after a given duration in a thread: timer = Timer(5, timer_task); "
    "timer.start()";

template <TimerFlaw Flaw>
void cancel_when_due() {
  model_sync::atomic<bool> cancel_returned(false, "cancel returned");
  int cancelled_runs = 0, kept_runs = 0;
  const auto start = model_sync::now();
  interleave::Timer<model_sync, Flaw> cancelled(
      5s,
      [&] {
        interleave::assert_that(model_sync::now() - start >= 5s, "the callback never runs before its delay");
        interleave::assert_that(!cancel_returned.load(), "the callback never runs after cancel() returned");
        ++cancelled_runs;
      },
      "cancelled timer");
  interleave::Timer<model_sync, Flaw> kept(
      3s,
      [&] {
        interleave::assert_that(model_sync::now() - start >= 3s, "the callback never runs before its delay");
        ++kept_runs;
      },
      "kept timer");
  cancelled.start();
  kept.start();
  model_sync::sleep_for(5s);
  cancelled.cancel();
  cancel_returned.store(true);
  cancelled.join();
  kept.join();
  interleave::assert_that(cancelled_runs <= 1, "a cancelled timer's callback ran at most once");
  interleave::assert_that(kept_runs == 1, "an uncancelled timer's callback runs exactly once");
}

const bool registered = [] {
  interleave::register_model({
      .name = "timer",
      .primitive = "timer",
      .summary = "A 5 s timer cancelled at 5 s and a 3 s timer left alone (spurious wake-ups explored): "
                 "never early, at most once, never after cancel returns; the other fires once.",
      .passage = kPassage,
      .expected = std::nullopt,
      .scenario = [] { cancel_when_due<TimerFlaw::none>(); },
      .options = {.max_spurious_wakeups = 1},
      .model_only = "its checks are instants of the virtual clock",
  });
  interleave::register_model({
      .name = "timer/cancel-race",
      .primitive = "timer",
      .summary = "The same timers, with a cancel() that only sets the flag (Python's Timer.cancel).",
      .flaw = "cancel() sets `cancelled` and returns. The timer thread, due at the same instant, has already "
              "seen `not cancelled` and released the lock: its callback runs after cancel() returned, when "
              "the caller may already have freed what it uses.",
      .passage = kPassage,
      .expected = interleave::ViolationKind::assertion,
      .scenario = [] { cancel_when_due<TimerFlaw::cancel_race>(); },
      .options = {.max_spurious_wakeups = 0},
      .model_only = "its checks are instants of the virtual clock",
  });
  return true;
}();

}  // namespace
