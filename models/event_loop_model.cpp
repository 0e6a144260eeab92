// Models of the event loop (primitives/event_loop.hpp). The loop runs on
// model thread 0; whenever more than one task is ready, the engine chooses
// which runs next (Sync::choose), so every order of ready tasks is explored,
// and the only switches are at co_await. Time is the model's virtual clock:
// sleeping costs no real time and a 3 s program finishes at exactly t=3 s.
//
//   event-loop                 gather: values in input order whatever order
//                              the tasks finish in; a read-modify-write with
//                              no await inside is never interleaved.
//   event-loop/gather-failure  the first failure propagates, the others are
//                              cancelled on request and never finish.
//   event-loop/cancel          cancellation lands at the next suspension
//                              point; a task cancelled before it started never
//                              runs; after cancel() returns, the task does no
//                              more work.
//   event-loop/wait-for        wait_for times out at exactly its timeout and
//                              cancels the task; in time it returns the value.
//   event-loop/url-fetch       the notes' example: three fetches sleeping 2, 3
//                              and 1 s finish at t=3 s, results in input order.
//   event-loop/executor        run_in_executor on a one-worker pool, and
//                              run_coroutine_threadsafe from another thread.
//   event-loop/check-then-act-across-await  (teaching) a lost update between
//                              two tasks of one thread.
#if defined(__clang__)  // model_sync's mutex carries no capability: the analysis is for real_sync
#pragma clang diagnostic ignored "-Wthread-safety-analysis"
#endif

#include <chrono>
#include <stdexcept>
#include <string>
#include <vector>

#include "interleave/interleave.hpp"
#include "models/registry.hpp"
#include "primitives/event_loop.hpp"
#include "primitives/event_loop_gather.hpp"
#include "primitives/thread_pool_executor.hpp"

namespace {

using interleave::assert_that;
using interleave::EventLoop;
using interleave::model_sync;
using interleave::task;
using std::chrono::milliseconds;
using std::chrono::seconds;

constexpr const char* kPassage =
    "asyncio ... uses cooperative multitasking: a coroutine runs until it awaits, then the event loop runs "
    "another. import asyncio; async def fetch_url(url, delay): await asyncio.sleep(delay); return url; "
    "results = await asyncio.gather(fetch_url('a', 2), fetch_url('b', 3), fetch_url('c', 1))";

seconds elapsed() { return std::chrono::duration_cast<seconds>(model_sync::now().time_since_epoch()); }

/// Three tasks that yield 3, 1 and 2 times, each withdrawing from a shared
/// balance with no await between its read and its write.
void gather_in_input_order() {
  EventLoop<model_sync> loop;
  model_sync::shared<int> balance{100, "balance"};
  int withdrawn = 0;
  std::vector<int> finished;
  interleave::invariant("money is conserved: balance + withdrawn == 100",
                        [&] { return balance.get() + withdrawn == 100; });
  auto worker = [&](int id, int yields) -> task<int> {
    for (int i = 0; i < yields; ++i) co_await interleave::sleep(milliseconds(0));
    balance.set(balance.get() - 10);  // no await between the read and the write
    withdrawn += 10;
    finished.push_back(id);
    co_return id * 100;
  };
  const std::vector<int> results =
      loop.run_until_complete(interleave::gather(std::vector<task<int>>{worker(0, 3), worker(1, 1), worker(2, 2)}));
  assert_that(results == std::vector<int>{0, 100, 200}, "gather returns the values in input order");
  assert_that(finished.size() == 3, "every task ran to its end");
  assert_that(balance.get() == 70, "three withdrawals of 10 leave 70");
}

/// One task fails while two others are still running; gather asked to cancel the rest.
void gather_failure() {
  EventLoop<model_sync> loop;
  bool slow_finished = false, quick_finished = false;
  auto failing = [&]() -> task<int> {
    co_await interleave::sleep(milliseconds(0));
    throw std::runtime_error("fetch failed");
  };
  auto slow = [&]() -> task<int> {
    co_await interleave::sleep(seconds(1));
    slow_finished = true;
    co_return 1;
  };
  auto quick = [&]() -> task<int> {
    co_await interleave::sleep(milliseconds(0));
    quick_finished = true;
    co_return 2;
  };
  task<int> s = loop.create_task(slow());
  task<int> q = loop.create_task(quick());
  std::string error;
  try {
    loop.run_until_complete(interleave::gather(std::vector<task<int>>{s, failing(), q}, true));
  } catch (const std::runtime_error& e) {
    error = e.what();
  }
  assert_that(error == "fetch failed", "gather rethrows the failure");
  loop.run_until_complete([]() -> task<int> {
    co_await interleave::sleep(seconds(2));
    co_return 0;
  }());
  assert_that(s.cancelled() && !slow_finished, "the slow task was cancelled and never finished");
  assert_that(q.done() && (q.cancelled() != quick_finished), "the quick task either finished or was cancelled");
}

/// A sleeper (three awaits) that a second task cancels after two awaits of
/// its own, and a task cancelled before it starts.
void cancellation() {
  EventLoop<model_sync> loop;
  int sleeper_steps = 0, steps_at_cancel = -1;
  bool never_started_ran = false, sleeper_started = false, saw_cancelled_error = false, cancel_succeeded = false;
  auto sleeper = [&]() -> task<int> {
    sleeper_started = true;
    try {
      for (int i = 0; i < 3; ++i) {
        co_await interleave::sleep(milliseconds(0));
        ++sleeper_steps;
      }
    } catch (const interleave::CancelledError&) {
      saw_cancelled_error = true;
      throw;
    }
    co_return sleeper_steps;
  };
  auto never = [&]() -> task<int> {
    never_started_ran = true;
    co_return 0;
  };
  task<int> s = loop.create_task(sleeper());
  task<int> n = loop.create_task(never());
  assert_that(n.cancel(), "cancel() on a pending task succeeds");
  loop.run_until_complete([&]() -> task<int> {
    co_await interleave::sleep(milliseconds(0));
    co_await interleave::sleep(milliseconds(0));
    cancel_succeeded = s.cancel();
    assert_that(cancel_succeeded != s.done(), "cancel() succeeds exactly when the task is not done");
    steps_at_cancel = sleeper_steps;
    co_await interleave::sleep(milliseconds(0));
    co_return 0;
  }());
  loop.run_until_complete([&]() -> task<int> {  // until both have ended
    for (const task<int>& t : {s, n}) {
      try {
        co_await t;
      } catch (const interleave::CancelledError&) {
      }
    }
    co_return 0;
  }());
  if (cancel_succeeded) {
    assert_that(s.cancelled() && saw_cancelled_error == sleeper_started,
                "the sleeper ended cancelled: by CancelledError at its await if it had started");
    assert_that(sleeper_steps == steps_at_cancel, "no step of the sleeper ran after its cancellation was acknowledged");
  } else {
    assert_that(!s.cancelled() && s.result() == 3, "a sleeper that finished first kept its value");
  }
  assert_that(n.cancelled() && !never_started_ran, "a task cancelled before it started never ran");
  assert_that(!s.cancel(), "cancel() on a done task fails");
}

/// wait_for on the virtual clock.
void wait_for_timeout() {
  EventLoop<model_sync> loop;
  bool slow_finished = false;
  auto after = [&](seconds d, int value) -> task<int> {
    co_await interleave::sleep(d);
    if (value == 2) slow_finished = true;
    co_return value;
  };
  bool timed_out = false;
  task<int> slow = loop.create_task(after(seconds(2), 2));
  try {
    loop.run_until_complete(interleave::wait_for(slow, seconds(1)));
  } catch (const interleave::TaskTimeoutError&) {
    timed_out = true;
  }
  assert_that(timed_out && elapsed() == seconds(1), "wait_for(2 s task, 1 s) times out at t=1 s");
  assert_that(slow.cancelled() && !slow_finished, "the timed-out task was cancelled");
  const int v = loop.run_until_complete(interleave::wait_for(after(seconds(1), 1), seconds(2)));
  assert_that(v == 1 && elapsed() == seconds(2), "wait_for(1 s task, 2 s) returns the value at t=2 s");
}

/// The notes' URL-fetch example.
void url_fetch() {
  EventLoop<model_sync> loop;
  auto fetch_url = [](std::string url, seconds delay) -> task<std::string> {
    co_await interleave::sleep(delay);
    co_return url;
  };
  const std::vector<std::string> results = loop.run_until_complete(interleave::gather(std::vector<task<std::string>>{
      fetch_url("url1", seconds(2)), fetch_url("url2", seconds(3)), fetch_url("url3", seconds(1))}));
  assert_that(results == std::vector<std::string>{"url1", "url2", "url3"}, "results in input order");
  assert_that(elapsed() == seconds(3), "the three fetches overlap: 3 s in all, not 6");
}

/// The loop with other threads: an executor worker and a client thread.
void with_threads() {
  EventLoop<model_sync> loop;
  interleave::ThreadPoolExecutor<model_sync> executor(1);  // destroyed first: its worker never outlives the loop
  const int from_pool = loop.run_until_complete([&]() -> task<int> {
    const int v = co_await loop.run_in_executor(executor, [] { return 41; });
    co_return v + 1;
  }());
  assert_that(from_pool == 42, "run_in_executor returns the function's value");
  int from_client = 0;
  model_sync::thread client([&] {
    auto coroutine = [](int x) -> task<int> {
      co_await interleave::sleep(seconds(1));
      co_return x * 2;
    };
    interleave::Future<int, model_sync> f = loop.run_coroutine_threadsafe(coroutine(21));
    from_client = f.result();
    loop.call_soon_threadsafe([&] { loop.stop(); });
  });
  loop.run_forever();
  client.join();
  assert_that(from_client == 42, "run_coroutine_threadsafe's future holds the coroutine's value");
}

/// Two withdrawals that read the balance, await, and write it back.
void check_then_act_across_await() {
  EventLoop<model_sync> loop;
  model_sync::shared<int> balance{100, "balance"};
  int withdrawn = 0;
  interleave::invariant("money is conserved: balance + withdrawn == 100",
                        [&] { return balance.get() + withdrawn == 100; });
  auto withdraw = [&](int amount) -> task<int> {
    const int seen = balance.get();
    co_await interleave::sleep(milliseconds(0));  // e.g. awaiting a fraud check: another task runs here
    balance.set(seen - amount);
    withdrawn += amount;
    co_return amount;
  };
  loop.run_until_complete(interleave::gather(std::vector<task<int>>{withdraw(30), withdraw(50)}));
  // The teller reads the final balance: a visible step after the last write,
  // where the invariant is checked (the scenario's invariants end with it).
  assert_that(balance.get() >= 0, "the balance never goes negative");
}

const interleave::Options kDpor = {.strategy = interleave::Strategy::dpor};

void add(const char* name, const char* summary, void (*scenario)()) {
  interleave::register_model({
      .name = name,
      .primitive = "event-loop",
      .summary = summary,
      .passage = kPassage,
      .expected = std::nullopt,
      .scenario = scenario,
      .options = kDpor,
      .model_only =
          "the loop's order of ready tasks is Sync::choose, which the model checker explores and real threads fix",
  });
}

const bool registered = [] {
  add("event-loop",
      "Three tasks yielding 3, 1 and 2 times under gather, every order of ready tasks explored: values in input "
      "order, a read-modify-write with no await inside never interleaved.",
      gather_in_input_order);
  add("event-loop/gather-failure",
      "gather(cancel_on_error) over a failing, a slow and a quick task: the failure propagates, the slow task is "
      "cancelled and never finishes.",
      gather_failure);
  add("event-loop/cancel",
      "A sleeper cancelled by another task, in every order of the two, gets CancelledError at its await and "
      "does no more work (or finished first and keeps its value); a task cancelled before it started never runs.",
      cancellation);
  add("event-loop/wait-for",
      "wait_for on the virtual clock: a 2 s task with a 1 s timeout times out at exactly 1 s and is cancelled; "
      "a 1 s task with a 2 s timeout returns its value.",
      wait_for_timeout);
  add("event-loop/url-fetch",
      "The notes' example: fetches sleeping 2, 3 and 1 s under gather finish at t=3 s with results in input order.",
      url_fetch);
  add("event-loop/executor",
      "run_in_executor on a one-worker pool returns the function's value; run_coroutine_threadsafe from another "
      "thread returns the coroutine's value through a future, and stops the loop.",
      with_threads);
  interleave::register_model({
      .name = "event-loop/check-then-act-across-await",
      .primitive = "event-loop",
      .summary = "Two tasks on one thread each read a balance, await, then write back the balance they read "
                 "less their amount.",
      .flaw = "Cooperative multitasking removes preemption, not interleaving: every co_await is a point where "
              "the loop may run another task. Both tasks read 100, both await, and the later write (50 or 70) "
              "overwrites the earlier: one withdrawal is lost, with a single thread and no data race.",
      .passage = kPassage,
      .expected = interleave::ViolationKind::invariant,
      .scenario = check_then_act_across_await,
      .options = kDpor,
      .model_only =
          "the loop's order of ready tasks is Sync::choose, which the model checker explores and real threads fix",
  });
  return true;
}();

}  // namespace
