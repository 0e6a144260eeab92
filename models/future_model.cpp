// Models of the future (primitives/future.hpp). In `race`, a worker claims
// and completes the future while a client adds a done callback and tries to
// cancel, and a third thread waits for the result. Whatever the order: the
// work runs only if not cancelled, cancel() succeeds exactly when the work
// never ran, result() returns the value or throws CancelledError and never
// before done, and the callback runs exactly once, seeing the future done.
// `timeout` checks result(timeout) on the virtual clock.
#if defined(__clang__)  // model_sync's mutex carries no capability: the analysis is for real_sync
#pragma clang diagnostic ignored "-Wthread-safety-analysis"
#endif

#include <chrono>

#include "interleave/interleave.hpp"
#include "models/registry.hpp"
#include "primitives/future.hpp"

namespace {

using interleave::FutureFlaw;
using interleave::model_sync;
using interleave::real_sync;
using std::chrono::seconds;

constexpr const char* kPassage =
    "You can think of Future as an entity that represents a deferred computation that may or may not have been "
    "completed. ... future.running(), future.done(), future.cancel(), future.cancelled(), future.exception(), "
    "future.add_done_callback(my_special_callback)";

template <class S, unsigned Flaws>
void race() {
  using Fut = interleave::Future<int, S, Flaws>;
  Fut future;
  bool ran = false, cancel_succeeded = false;
  int callback_runs = 0, late_callback_runs = 0;
  S::run_together({
      [&] {  // the worker
        if (!future.set_running_or_notify_cancel()) return;
        ran = true;
        future.set_result(42);
      },
      [&] {  // the client
        future.add_done_callback([&](const Fut& f) {
          ++callback_runs;
          S::assert_that(f.done(), "a callback sees its future done");
        });
        cancel_succeeded = future.cancel();
      },
      [&] {  // a waiter
        try {
          const int value = future.result();
          S::assert_that(value == 42 && ran, "result() returns the stored value, after the work ran");
        } catch (const interleave::CancelledError&) {
          S::assert_that(future.cancelled(), "result() throws CancelledError only when cancelled");
        }
      },
  });
  S::assert_that(future.done(), "the future is done once both sides finished");
  S::assert_that(cancel_succeeded == !ran, "cancel() succeeds exactly when the work never ran");
  S::assert_that(future.cancelled() == cancel_succeeded, "cancelled() reports a successful cancel");
  S::assert_that(callback_runs == 1, "the done callback runs exactly once");
  future.add_done_callback([&](const Fut&) { ++late_callback_runs; });
  S::assert_that(late_callback_runs == 1, "a callback added to a done future runs at once, in the caller");
}

// The worker takes 2 s; the client gives up after 1 s, then waits 5 s more.
void timeout() {
  interleave::Future<int, model_sync> future;
  interleave::run_together({
      [&] {
        future.set_running_or_notify_cancel();
        model_sync::sleep_for(seconds(2));
        future.set_result(7);
      },
      [&] {
        bool timed_out = false;
        try {
          future.result(seconds(1));
        } catch (const interleave::FutureTimeoutError&) {
          timed_out = true;
        }
        interleave::assert_that(timed_out && model_sync::now().time_since_epoch() == seconds(1),
                                "result(1 s) on a 2 s computation times out at 1 s");
        interleave::assert_that(!future.cancel() && future.running(), "a running future cannot be cancelled");
        interleave::assert_that(future.result(seconds(5)) == 7 && model_sync::now().time_since_epoch() == seconds(2),
                                "result(5 s) returns the value as soon as it is set, at 2 s");
      },
  });
}

const interleave::Options kDpor = {.strategy = interleave::Strategy::dpor};

const bool registered = [] {
  interleave::register_model({
      .name = "future",
      .primitive = "future",
      .summary = "A worker completes the future while a client adds a callback and cancels and a third thread "
                 "waits (spurious wake-ups explored): the work runs only if not cancelled, result() never "
                 "returns early, the callback runs exactly once.",
      .passage = kPassage,
      .expected = std::nullopt,
      .scenario = [] { race<model_sync, FutureFlaw::none>(); },
      .options = kDpor,
      .real_scenario = [] { race<real_sync, FutureFlaw::none>(); },
  });
  interleave::register_model({
      .name = "future/timeout",
      .primitive = "future",
      .summary = "result(timeout) on the virtual clock: times out at exactly 1 s on a 2 s computation, then "
                 "returns the value at 2 s; a running future cannot be cancelled.",
      .passage = kPassage,
      .expected = std::nullopt,
      .scenario = [] { timeout(); },
      .options = kDpor,
      .model_only = "result(timeout) is checked at exact instants of the virtual clock",
  });
  interleave::register_model({
      .name = "future/callback-race",
      .primitive = "future",
      .summary = "add_done_callback checks done() and appends the callback under two separate holds of the lock.",
      .flaw = "add_done_callback sees the future not done, lets the lock go, and appends the callback under a "
              "second hold. The worker completes the future in between and takes the (still empty) callback "
              "list: the callback is appended to a future that will never complete again, and never runs.",
      .passage = kPassage,
      .expected = interleave::ViolationKind::assertion,
      .scenario = [] { race<model_sync, FutureFlaw::callback_race>(); },
      .options = kDpor,
      .real_scenario = [] { race<real_sync, FutureFlaw::callback_race>(); },
  });
  interleave::register_model({
      .name = "future/callback-under-lock",
      .primitive = "future",
      .summary = "The completing thread runs the done callbacks while still holding the future's lock.",
      .flaw = "set_result() and cancel() run the callbacks before releasing the future's lock. The callback "
              "asks f.done(), which takes the same non-recursive lock: the completing thread deadlocks on "
              "itself (with Python's RLock the same code would instead let a callback see a half-updated future).",
      .passage = kPassage,
      .expected = interleave::ViolationKind::self_deadlock,
      .scenario = [] { race<model_sync, FutureFlaw::callback_under_lock>(); },
      .options = kDpor,
      .real_scenario = [] { race<real_sync, FutureFlaw::callback_under_lock>(); },
  });
  return true;
}();

}  // namespace
