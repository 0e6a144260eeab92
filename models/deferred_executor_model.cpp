// Models of the deferred callback executor (primitives/deferred_executor.hpp)
// on the virtual clock. The scenario adds A (due 2.5 s), B (due 1.5 s, runs
// for a second), C (due 1.5 s), then at 2 s adds D (due 2.2 s). Each action
// must run once, start exactly when it is due or when the previous action
// returned (whichever is later: threads take no time between operations on
// the virtual clock), in due order; and add() must return at once.
#include <chrono>
#include <vector>

#include "interleave/interleave.hpp"
#include "models/registry.hpp"
#include "models/timed_options.hpp"
#include "primitives/deferred_executor.hpp"

namespace {

using interleave::DeferredFlaw;
using interleave::model_sync;
using time_point = model_sync::clock::time_point;
using std::chrono::milliseconds;

constexpr const char* kPassage =
    "Thread Safe Deferred Callback: Design and implement a thread-safe class that allows registration of "
    "callback methods that are executed after a user specified time interval in seconds has elapsed.";

struct Run {
  int action;
  time_point start, end;
};

template <unsigned Flaws>
void four_actions() {
  std::vector<time_point> due;
  std::vector<Run> runs;
  int late_adds = 0;  // asserted after the executor is gone: see below
  {
    interleave::DeferredExecutor<model_sync, Flaws> executor;
    auto add = [&](milliseconds delay, milliseconds takes) {
      const int id = int(due.size());
      const time_point called = model_sync::now();
      due.push_back(called + delay);
      executor.add(delay, [&runs, id, takes] {
        const time_point start = model_sync::now();
        if (takes.count() > 0) model_sync::sleep_for(takes);
        runs.push_back({id, start, model_sync::now()});
      });
      if (model_sync::now() != called) ++late_adds;
    };
    add(milliseconds(2500), milliseconds(0));     // A
    add(milliseconds(1500), milliseconds(1000));  // B: a one-second action
    add(milliseconds(1500), milliseconds(0));     // C
    model_sync::sleep_for(milliseconds(2000));
    add(milliseconds(200), milliseconds(0));  // D, added while B runs
    executor.wait_idle();
  }
  // Every check runs once the executor is destroyed: failing while it is
  // alive would unwind through its destructor mid-execution.
  interleave::assert_that(late_adds == 0, "add() returns at once");
  interleave::assert_that(runs.size() == due.size(), "every action ran once");
  time_point free_at{};  // when the executor finished the previous action
  for (std::size_t k = 0; k < runs.size(); ++k) {
    const Run& r = runs[k];
    interleave::assert_that(r.start >= due[r.action], "no action runs before its time");
    interleave::assert_that(r.start == std::max(due[r.action], free_at),
                            "each action starts as soon as it is due and the executor is free");
    if (k > 0) interleave::assert_that(due[runs[k - 1].action] <= due[r.action], "due actions run in due order");
    free_at = r.end;
  }
}

const bool registered = [] {
  interleave::register_model({
      .name = "deferred-executor",
      .primitive = "deferred-executor",
      .summary = "Four actions, one added while another runs: each runs once, on time, in due order; add() "
                 "never waits.",
      .passage = kPassage,
      .expected = std::nullopt,
      .scenario = [] { four_actions<DeferredFlaw::none>(); },
      .options = interleave::timed_model_options(),
      .model_only = "its checks are run times on the virtual clock",
  });
  interleave::register_model({
      .name = "deferred-executor/floored-time",
      .primitive = "deferred-executor",
      .summary = "The notes' time arithmetic: exact due time minus floor(now).",
      .flaw = "sleep_for = exec_secs_after - math.floor(time.time()) compares an exact time with a floored "
              "one. At 1.5 s, B's wait is computed as 1.5 - 1 = 0.5 s, so the executor wakes at 2 s; never "
              "early, but up to a second late. The checker shows B starting at 2 s, not 1.5 s.",
      .passage = kPassage,
      .expected = interleave::ViolationKind::assertion,
      .scenario = [] { four_actions<DeferredFlaw::floored_time>(); },
      .options = interleave::timed_model_options(),
      .model_only = "its checks are run times on the virtual clock",
  });
  interleave::register_model({
      .name = "deferred-executor/action-under-lock",
      .primitive = "deferred-executor",
      .summary = "The notes run the action while holding the condition's lock.",
      .flaw = "start() calls action_to_execute_now.action(...) before cond.release(). B runs from 1.5 s to "
              "2.5 s holding the lock, so the add() of D at 2 s blocks until 2.5 s: registering a callback "
              "waits for someone else's callback. (In C++ with a non-recursive mutex an action that calls "
              "add() would deadlock on the spot; Python's Condition uses an RLock, which hides that.)",
      .passage = kPassage,
      .expected = interleave::ViolationKind::assertion,
      .scenario = [] { four_actions<DeferredFlaw::action_under_lock>(); },
      .options = interleave::timed_model_options(),
      .model_only = "its checks are run times on the virtual clock",
  });
  interleave::register_model({
      .name = "deferred-executor/notes",
      .primitive = "deferred-executor",
      .summary = "The notes' DeferredCallbackExecutor, translated: floored time and the action under the lock.",
      .flaw = "Both flaws of the notes' version at once: actions run up to a second late (exact due time "
              "against floor(now)), and add() blocks while an action runs (the action holds the lock).",
      .passage = kPassage,
      .expected = interleave::ViolationKind::assertion,
      .scenario = [] { four_actions<DeferredFlaw::notes>(); },
      .options = interleave::timed_model_options(),
      .model_only = "its checks are run times on the virtual clock",
  });
  return true;
}();

}  // namespace
