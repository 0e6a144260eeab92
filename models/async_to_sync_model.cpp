// Models of the async-to-sync executor (primitives/async_to_sync.hpp): the
// caller runs execute() twice; each must return only after its callback ran.
#include <chrono>

#include "interleave/interleave.hpp"
#include "models/registry.hpp"
#include "primitives/async_to_sync.hpp"

namespace {

using interleave::AsyncToSyncFlaw;
using interleave::model_sync;
using interleave::real_sync;

constexpr const char* kPassage =
    "Async to Sync problem: Imagine we have an AsyncExecutor class that performs some useful task "
    "asynchronously via the method execute() ... make it synchronous (an actual interview question asked at "
    "Netflix).";

template <class S, AsyncToSyncFlaw Flaw>
void execute_twice(std::chrono::nanoseconds work_time) {
  interleave::SyncExecutor<S, Flaw> executor(work_time);
  int ran = 0;
  executor.execute([&] { ++ran; });
  S::assert_that(ran == 1, "the first execute() returned after its callback ran");
  executor.execute([&] { ++ran; });
  S::assert_that(ran == 2, "the second execute() returned after its callback ran");
}

// On real threads the work takes a millisecond, not the model's virtual second, so that a stress run
// makes many runs.
constexpr std::chrono::milliseconds kRealWorkTime{1};

interleave::Options exhaustive() {
  interleave::Options o;
  o.strategy = interleave::Strategy::dpor;
  o.max_spurious_wakeups = 1;  // the wait loop must survive a spurious wake-up
  return o;
}

const bool registered = [] {
  interleave::register_model({
      .name = "async-to-sync",
      .primitive = "async-to-sync",
      .summary = "execute() twice: each returns only after its callback ran; no lost wake-up.",
      .passage = kPassage,
      .expected = std::nullopt,
      .scenario = [] { execute_twice<model_sync, AsyncToSyncFlaw::none>(std::chrono::seconds(1)); },
      .options = exhaustive(),
      .real_scenario = [] { execute_twice<real_sync, AsyncToSyncFlaw::none>(kRealWorkTime); },
  });
  interleave::register_model({
      .name = "async-to-sync/flag-after-unlock",
      .primitive = "async-to-sync",
      .summary = "The worker notifies and unlocks before it sets is_done.",
      .flaw = "work() calls notify_all() and releases the lock, then sets is_done. If execute() was already "
              "waiting, it wakes, takes the lock before the store, sees is_done false and waits again: the only "
              "notify has come and gone. The worker finishes; execute() sleeps forever, a lost wake-up the "
              "checker reports as a deadlock. (The notes notify before setting the flag too, but under the "
              "lock, which makes the order harmless.)",
      .passage = kPassage,
      .expected = interleave::ViolationKind::deadlock,
      .scenario = [] { execute_twice<model_sync, AsyncToSyncFlaw::flag_after_unlock>(std::chrono::seconds(1)); },
      .options = exhaustive(),
      .real_scenario = [] { execute_twice<real_sync, AsyncToSyncFlaw::flag_after_unlock>(kRealWorkTime); },
  });
  return true;
}();

}  // namespace
