// Models of the re-entrant lock (primitives/rlock.hpp): two workers take the
// lock twice, nested, while a confused third thread tries to release a lock it
// never acquired. An invariant counts the workers inside from outside.
#if defined(__clang__)  // model_sync's mutex carries no capability: the analysis is for real_sync
#pragma clang diagnostic ignored "-Wthread-safety-analysis"
#endif

#include <stdexcept>

#include "interleave/interleave.hpp"
#include "models/registry.hpp"
#include "primitives/rlock.hpp"

namespace {

using interleave::model_sync;
using interleave::real_sync;
using interleave::RLockFlaw;

constexpr const char* kPassage =
    "An RLock or reentrant lock allows the same thread to acquire the lock multiple times without causing "
    "a deadlock (useful in case of nested/recursive functions), and it must also release the lock the same "
    "number of times it acquired.";

template <class S, RLockFlaw Flaw>
void nested_workers_and_a_stray_release() {
  interleave::RLock<S, Flaw> lock;
  int inside = 0;
  S::invariant("at most one thread inside", [&] { return inside <= 1; });
  auto worker = [&] {
    lock.acquire();
    ++inside;
    lock.acquire();  // nested: a recursive call re-entering the lock
    S::yield();
    lock.release();
    S::yield();
    --inside;
    lock.release();
  };
  auto stray = [&] {
    bool refused = false;
    try {
      lock.release();  // never acquired
    } catch (const std::logic_error&) {
      refused = true;
    }
    if constexpr (Flaw == RLockFlaw::none)
      S::assert_that(refused, "a release by a thread that does not own the lock is refused");
  };
  S::run_together({worker, worker, stray});
}

const bool registered = [] {
  interleave::register_model({
      .name = "rlock",
      .primitive = "rlock",
      .summary = "Two threads take an RLock twice, nested, while a third releases it without owning it: the "
                 "nested acquire succeeds, the stray release is refused, one thread inside at a time.",
      .passage = kPassage,
      .expected = std::nullopt,
      .scenario = [] { nested_workers_and_a_stray_release<model_sync, RLockFlaw::none>(); },
      .options = {.max_spurious_wakeups = 1},
      .real_scenario = [] { nested_workers_and_a_stray_release<real_sync, RLockFlaw::none>(); },
  });
  interleave::register_model({
      .name = "rlock/no-owner-check",
      .primitive = "rlock",
      .summary = "The same threads, with an RLock whose release() does not check the owner.",
      .flaw = "release() only checks that the lock is held, not that the caller holds it. The stray "
              "release takes one of the owner's holds; the owner's inner release then frees the lock while "
              "it is still inside, and the other worker enters: two threads inside.",
      .passage = kPassage,
      .expected = interleave::ViolationKind::invariant,
      .scenario = [] { nested_workers_and_a_stray_release<model_sync, RLockFlaw::no_owner_check>(); },
      // The first violation found is often the owner's last release throwing "not held" (its hold was
      // taken by the stray release); keep going to the broken exclusion this model is about.
      .options = {.max_spurious_wakeups = 0, .keep_going = true},
      .real_scenario = [] { nested_workers_and_a_stray_release<real_sync, RLockFlaw::no_owner_check>(); },
  });
  interleave::register_model({
      .name = "rlock/plain-mutex",
      .primitive = "rlock",
      .summary = "The same threads, with a plain (non-re-entrant) mutex in place of the RLock.",
      .flaw = "A plain mutex is not re-entrant: the worker's nested acquire blocks on the lock it already "
              "holds.",
      .passage = kPassage,
      .expected = interleave::ViolationKind::self_deadlock,
      .scenario = [] { nested_workers_and_a_stray_release<model_sync, RLockFlaw::plain_mutex>(); },
      .options = {},
      .real_scenario = [] { nested_workers_and_a_stray_release<real_sync, RLockFlaw::plain_mutex>(); },
  });
  return true;
}();

}  // namespace
