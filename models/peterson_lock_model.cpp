// Models of Peterson's lock (primitives/peterson_lock.hpp): its two threads
// each increment a plain shared counter inside the lock; an invariant counts
// the threads inside, and the final count must be two.
#include "interleave/interleave.hpp"
#include "models/registry.hpp"
#include "primitives/peterson_lock.hpp"

namespace {

using interleave::model_sync;
using interleave::PetersonFlaw;
using interleave::real_sync;

constexpr const char* kPassage =
    "A mutex allows only a single thread to access a resource or critical section. Once a thread acquires a "
    "mutex, all other threads attempting to acquire the same mutex are blocked until the first thread releases "
    "the mutex.";

template <class S, PetersonFlaw Flaw>
void two_increments() {
  interleave::PetersonLock<S, Flaw> lock;
  typename S::template shared<int> count{0, "count"};
  int inside = 0;
  S::invariant("at most one thread inside", [&] { return inside <= 1; });
  auto body = [&](int me) {
    lock.lock(me);
    ++inside;
    count.update([](int c) { return c + 1; });
    --inside;
    lock.unlock(me);
  };
  S::run_together({[&] { body(0); }, [&] { body(1); }});
  S::assert_that(count.get() == 2, "no update lost: the count equals the increments");
}

const bool registered = [] {
  interleave::register_model({
      .name = "peterson-lock",
      .primitive = "peterson-lock",
      .summary = "Peterson's two threads each increment a shared counter once under the lock: one inside at a "
                 "time, and the count ends at two.",
      .passage = kPassage,
      .expected = std::nullopt,
      .scenario = [] { two_increments<model_sync, PetersonFlaw::none>(); },
      .options = {.strategy = interleave::Strategy::dpor},
      .real_scenario = [] { two_increments<real_sync, PetersonFlaw::none>(); },
  });
  interleave::register_model({
      .name = "peterson-lock/stores-swapped",
      .primitive = "peterson-lock",
      .summary = "The same two threads, with lock() setting the victim before its own flag.",
      .flaw = "lock(i) stores victim = i before wants[i] = true. Thread 0 sets victim = 0; thread 1 sets "
              "victim = 1 and its flag, sees thread 0's flag still down and enters; thread 0 raises its flag, "
              "sees victim == 1 and enters too: two threads in the critical section.",
      .passage = kPassage,
      .expected = interleave::ViolationKind::invariant,
      .scenario = [] { two_increments<model_sync, PetersonFlaw::stores_swapped>(); },
      .options = {.strategy = interleave::Strategy::dpor},
      .real_scenario = [] { two_increments<real_sync, PetersonFlaw::stores_swapped>(); },
  });
  interleave::register_model({
      .name = "peterson-lock/acquire-release",
      .primitive = "peterson-lock",
      .summary = "The same two threads, with release stores and acquire loads instead of seq_cst.",
      .flaw = "Release/acquire orders nothing between a thread's store to its own flag and its later load of "
              "the other's: both loads may read the old false (store buffering), and both threads enter the "
              "critical section (the counter is also a data race).",
      .passage = kPassage,
      .expected = interleave::ViolationKind::invariant,
      .scenario = [] { two_increments<model_sync, PetersonFlaw::acquire_release>(); },
      // The first violation found is the data race on the counter (a thread
      // may read the other's flag stale even after it left); keep going to
      // reach the two-inside invariant this variant is about.
      .options = {.strategy = interleave::Strategy::dpor, .keep_going = true},
      .real_scenario = [] { two_increments<real_sync, PetersonFlaw::acquire_release>(); },
  });
  return true;
}();

}  // namespace
