// Models of the thread pool executor (primitives/thread_pool_executor.hpp)
// and of waiting for futures together (primitives/future_wait.hpp).
//
// `executor`: one task is submitted, then a client submits a second while
// another thread shuts the pool down (waiting). The second is accepted or
// refused; every accepted task runs exactly once, none after
// shutdown(wait=true) returned, and every future is done. With cancel_futures
// a task runs exactly when its future was not cancelled.
// `executor/self-submit`: a task submits to its own pool and waits for it.
// `executor/map`: results in input order, the exception at its position.
// `executor/notes-cancel`: the notes' cancel attempt on a maybe-running future.
// `futures-wait`: futures of two executors waited together.
#if defined(__clang__)  // model_sync's mutex carries no capability: the analysis is for real_sync
#pragma clang diagnostic ignored "-Wthread-safety-analysis"
#endif

#include <chrono>
#include <optional>
#include <stdexcept>
#include <vector>

#include "interleave/interleave.hpp"
#include "models/registry.hpp"
#include "primitives/future_wait.hpp"
#include "primitives/thread_pool_executor.hpp"

namespace {

using interleave::ExecutorFlaw;
using interleave::model_sync;
using interleave::real_sync;
using std::chrono::seconds;
template <class S>
using FutureOf = interleave::Future<int, S>;
using Fut = FutureOf<model_sync>;

constexpr const char* kPassage =
    "executor = ThreadPoolExecutor(max_workers=10) ... lst.append(executor.submit(say_hi, \"guest\" + str(i))) ... "
    "for future in lst: future.result() ... executor.shutdown()";
constexpr const char* kFuturePassage =
    "future = executor.submit(square, 7) ... print(\"is running : \" + str(future.running())) ... "
    "print(\"Attempt to cancel : \" + str(future.cancel())) ... future.add_done_callback(my_special_callback)";
constexpr const char* kMapPassage =
    "it = executor.map(square, (1, 2, 3, 4, 5, 6, 7, 8, 9, 10), chunksize=1) # looping over futures: for sq in it: "
    "print(sq)";
constexpr const char* kWaitPassage =
    "The concurrent.futures module provides two methods to wait for futures collectively. These are: 1. wait "
    "2. as_completed ... result = wait(lst, timeout=None, return_when='ALL_COMPLETED')";

template <class S, unsigned Flaws>
void shutdown_race(bool cancel_futures) {
  int runs[2] = {0, 0};
  int runs_when_shutdown_returned = -1;
  FutureOf<S> first;
  std::optional<FutureOf<S>> second;
  {
    interleave::ThreadPoolExecutor<S, Flaws> pool(1);
    first = pool.submit([&] { return ++runs[0]; });
    S::run_together({
        [&] {
          try {
            second = pool.submit([&] { return ++runs[1]; });
          } catch (const interleave::ExecutorShutdownError&) {
          }
        },
        [&] {
          pool.shutdown(true, cancel_futures);
          runs_when_shutdown_returned = runs[0] + runs[1];
          S::assert_that(pool.live_workers() == 0, "no worker is left after shutdown(wait=true)");
        },
    });
  }
  std::vector<FutureOf<S>> accepted{first};
  if (second) accepted.push_back(*second);
  int ran = 0;
  for (std::size_t k = 0; k < accepted.size(); ++k) {
    S::assert_that(runs[k] <= 1, "a task runs at most once");
    S::assert_that(accepted[k].done(), "every accepted task's future is done after shutdown(wait=true)");
    S::assert_that(accepted[k].cancelled() == (runs[k] == 0),
                   "a task runs exactly once unless cancelled, and a cancelled one never runs");
    if (!cancel_futures) S::assert_that(runs[k] == 1, "without cancel_futures every accepted task runs");
    ran += runs[k];
  }
  S::assert_that(runs_when_shutdown_returned == ran, "no task runs after shutdown(wait=true) returned");
}

// A task submits another to its own pool and waits for its result.
template <class S>
void self_submit(int max_workers) {
  interleave::ThreadPoolExecutor<S> pool(max_workers);
  FutureOf<S> outer = pool.submit([&] { return pool.submit([] { return 20; }).result() + 1; });
  S::assert_that(outer.result() == 21, "the outer task returns the inner result plus one");
}

template <class S>
void map_in_order() {
  interleave::ThreadPoolExecutor<S> pool(2);
  auto results = pool.map(
      [](int x) {
        if (x == 3) throw std::domain_error("three");
        return x * x;
      },
      std::vector<int>{1, 2, 3, 4}, 2);
  S::assert_that(results.next() == 1 && results.next() == 4, "map yields results in input order");
  bool threw = false;
  try {
    results.next();
  } catch (const std::domain_error&) {
    threw = true;
  }
  S::assert_that(threw, "map rethrows a call's exception at its position");
  S::assert_that(!results.has_next(), "the failed call ends its chunk: 4 is not computed");
}

// Two one-worker pools; a takes 2 s, b no time. At 1 s only b is done.
void wait_two_executors() {
  interleave::ThreadPoolExecutor<model_sync> slow(1), fast(1);
  const Fut a = slow.submit([] {
    model_sync::sleep_for(seconds(2));
    return 1;
  });
  const Fut b = fast.submit([] { return 2; });
  const std::vector<Fut> both{a, b, a};  // a repeated: each future counts once
  auto partial = interleave::wait(both, interleave::ReturnWhen::all_completed, seconds(1));
  interleave::assert_that(model_sync::now().time_since_epoch() == seconds(1) && partial.done.size() == 1 &&
                              partial.done[0].same_as(b) && partial.not_done.size() == 1,
                          "wait(all, 1 s) returns at 1 s with b done and a not done");
  auto first = interleave::wait(both, interleave::ReturnWhen::first_completed);
  interleave::assert_that(!first.done.empty(), "wait(first_completed) returns with a done future");
  auto order = interleave::as_completed(both);
  std::optional<Fut> x = order.next(), y = order.next();
  interleave::assert_that(x && y && x->same_as(b) && y->same_as(a) && !order.next(),
                          "as_completed yields each future once, as it completes");
  interleave::assert_that(model_sync::now().time_since_epoch() == seconds(2) && a.result() + b.result() == 3,
                          "a completes at 2 s");
}

// The notes' future example: square(7) sleeps 5 s on a pool; the main thread
// asks running(), done(), tries cancel(), asks exception() and adds a
// callback. Whether the cancel succeeds depends on whether the worker has
// claimed the task yet: both outcomes are explored, and each is consistent.
void notes_cancel_attempt() {
  bool ran = false, cancel_succeeded = false;
  int callback_runs = 0;
  {
    interleave::ThreadPoolExecutor<model_sync> executor(10);
    const Fut future = executor.submit(
        [&](int item) {
          ran = true;
          model_sync::sleep_for(seconds(5));
          return item * item;
        },
        7);
    const bool was_running = future.running();
    interleave::assert_that(!future.done(), "is done: False (the square takes 5 s)");
    const bool cancelled = future.cancel();
    cancel_succeeded = cancelled;
    interleave::assert_that(!(was_running && cancelled), "cancel() fails on a future seen running");
    interleave::assert_that(future.cancelled() == cancelled, "cancelled() reports the attempt's outcome");
    if (!cancelled) {
      interleave::assert_that(future.exception() == nullptr && model_sync::now().time_since_epoch() == seconds(5),
                              "exception() waits the 5 s and finds none");
      future.add_done_callback([&](const Fut& f) {
        ++callback_runs;
        interleave::assert_that(f.result() == 49, "my_special_callback sees 49");
      });
      interleave::assert_that(callback_runs == 1, "a callback added to a done future runs at once");
    }
    executor.shutdown();
  }
  interleave::assert_that(ran == !cancel_succeeded && ran == (callback_runs == 1),
                          "cancel() succeeds exactly when the task had not started; else it ran and the callback too");
}

const interleave::Options kDpor = {.strategy = interleave::Strategy::dpor};

const bool registered = [] {
  interleave::register_model({
      .name = "executor",
      .primitive = "executor",
      .summary = "A one-worker pool: a submit races shutdown(wait=true) (spurious wake-ups explored): each "
                 "accepted task runs exactly once, none after shutdown returned, no worker left.",
      .passage = kPassage,
      .expected = std::nullopt,
      .scenario = [] { shutdown_race<model_sync, ExecutorFlaw::none>(false); },
      .options = kDpor,
      .real_scenario = [] { shutdown_race<real_sync, ExecutorFlaw::none>(false); },
  });
  interleave::register_model({
      .name = "executor/cancel-futures",
      .primitive = "executor",
      .summary = "The same race with shutdown(wait=true, cancel_futures=true): a task runs exactly when its "
                 "future was not cancelled.",
      .passage = kPassage,
      .expected = std::nullopt,
      .scenario = [] { shutdown_race<model_sync, ExecutorFlaw::none>(true); },
      .options = kDpor,
      .real_scenario = [] { shutdown_race<real_sync, ExecutorFlaw::none>(true); },
  });
  interleave::register_model({
      .name = "executor/self-submit",
      .primitive = "executor",
      .summary = "A task of a two-worker pool submits to its own pool and waits: the spare worker runs it.",
      .passage = kPassage,
      .expected = std::nullopt,
      .scenario = [] { self_submit<model_sync>(2); },
      .options = kDpor,
      .real_scenario = [] { self_submit<real_sync>(2); },
  });
  interleave::register_model({
      .name = "executor/map",
      .primitive = "executor",
      .summary = "map over 1, 2, 3, 4 in chunks of 2 on two workers, the call on 3 throwing: 1, 4, then the "
                 "exception, whichever chunk finishes first.",
      .passage = kMapPassage,
      .expected = std::nullopt,
      .scenario = [] { map_in_order<model_sync>(); },
      .options = kDpor,
      .real_scenario = [] { map_in_order<real_sync>(); },
  });
  interleave::register_model({
      .name = "executor/notes-cancel",
      .primitive = "executor",
      .summary = "The notes' future example: running(), done(), the cancel attempt on a task that may or may not "
                 "have started, exception(), a done callback. Both outcomes of the cancel are explored.",
      .passage = kFuturePassage,
      .expected = std::nullopt,
      .scenario = [] { notes_cancel_attempt(); },
      .options = kDpor,
      .model_only = "its checks are instants of the virtual clock",
  });
  interleave::register_model({
      .name = "futures-wait",
      .primitive = "futures-wait",
      .summary = "Futures of two executors waited together on the virtual clock: wait with a timeout, "
                 "first_completed, and as_completed yielding each future once, in completion order.",
      .passage = kWaitPassage,
      .expected = std::nullopt,
      .scenario = [] { wait_two_executors(); },
      .options = kDpor,
      .model_only = "its checks are instants of the virtual clock",
  });
  interleave::register_model({
      .name = "executor/lost-task",
      .primitive = "executor",
      .summary = "Workers exit as soon as they see shutdown, queued tasks or not.",
      .flaw = "The worker's loop leaves when the shutdown flag is set, without draining the queue. The second "
              "task is accepted, then shutdown() sets the flag before the worker takes it: the worker exits, "
              "shutdown(wait=true) returns, and the accepted task never runs; its future never completes.",
      .passage = kPassage,
      .expected = interleave::ViolationKind::assertion,
      .scenario = [] { shutdown_race<model_sync, ExecutorFlaw::lost_task>(false); },
      .options = kDpor,
      .real_scenario = [] { shutdown_race<real_sync, ExecutorFlaw::lost_task>(false); },
  });
  interleave::register_model({
      .name = "executor/shutdown-no-wake",
      .primitive = "executor",
      .summary = "shutdown() sets the flag but does not notify the workers.",
      .flaw = "shutdown() sets the flag without notify_all. A worker that finished its task and waits for "
              "more is never woken to see the flag, and shutdown(wait=true) joins it forever: deadlock.",
      .passage = kPassage,
      .expected = interleave::ViolationKind::deadlock,
      .scenario = [] { shutdown_race<model_sync, ExecutorFlaw::shutdown_no_wake>(false); },
      .options = kDpor,
      .real_scenario = [] { shutdown_race<real_sync, ExecutorFlaw::shutdown_no_wake>(false); },
  });
  interleave::register_model({
      .name = "executor/self-wait",
      .primitive = "executor",
      .summary = "A task of a one-worker pool submits to its own pool and waits for that task's result.",
      .flaw = "The only worker runs the outer task, which waits for the inner one; the inner one is queued "
              "behind it, for the same worker. Nobody can run it: deadlock (the pool is correct; the use "
              "is not: a task must not wait on work that needs its own worker).",
      .passage = kPassage,
      .expected = interleave::ViolationKind::deadlock,
      .scenario = [] { self_submit<model_sync>(1); },
      .options = kDpor,
      .real_scenario = [] { self_submit<real_sync>(1); },
  });
  return true;
}();

}  // namespace
