// Models of the counting semaphore (primitives/semaphore.hpp): three threads
// share fewer permits than threads; invariants count the holders from outside
// (a thread holds from the moment acquire() returns until it calls release()).
#if defined(__clang__)  // model_sync's mutex carries no capability: the analysis is for real_sync
#pragma clang diagnostic ignored "-Wthread-safety-analysis"
#endif

#include <atomic>

#include "interleave/interleave.hpp"
#include "models/registry.hpp"
#include "primitives/semaphore.hpp"

namespace {

using interleave::model_sync;
using interleave::real_sync;
using interleave::SemaphoreFlaw;

constexpr const char* kPassage =
    "Semaphores: If a semaphore has given out all the permits it has, then any new thread that comes "
    "along requesting a permit will be blocked till an earlier thread with a permit returns it.";

/// `threads` threads each take a permit `rounds` times from `permits`.
template <class S, SemaphoreFlaw Flaw>
void crowd(int permits, int threads, int rounds) {
  interleave::Semaphore<S, Flaw> semaphore(permits);
  std::atomic<int> holders{0};  // atomic: with more than one permit, holders overlap on real threads
  S::invariant("never more holders than permits", [&] { return holders <= permits; });
  S::invariant("free permits never negative", [&] { return semaphore.peek_available() >= 0; });
  std::vector<std::function<void()>> bodies;
  for (int t = 0; t < threads; ++t)
    bodies.push_back([&] {
      for (int r = 0; r < rounds; ++r) {
        semaphore.acquire();
        ++holders;
        S::yield();  // the work inside: a point where others may run
        --holders;
        semaphore.release();
      }
    });
  S::run_together(std::move(bodies));
  S::assert_that(semaphore.available() == permits, "no permit lost: all are free again at the end");
}

interleave::Options spurious(int wakeups) {
  interleave::Options o;
  o.max_spurious_wakeups = wakeups;
  return o;
}

const bool registered = [] {
  interleave::register_model({
      .name = "semaphore",
      .primitive = "semaphore",
      .summary = "Three threads share two permits (spurious wake-ups explored): never more than two holders, "
                 "every waiter gets in, no permit lost.",
      .passage = kPassage,
      .expected = std::nullopt,
      .scenario = [] { crowd<model_sync, SemaphoreFlaw::none>(2, 3, 1); },
      .options = spurious(1),
      .real_scenario = [] { crowd<real_sync, SemaphoreFlaw::none>(2, 3, 1); },
  });
  interleave::register_model({
      .name = "semaphore/if-not-while",
      .primitive = "semaphore",
      .summary = "Three threads share one permit through a semaphore that waits under `if`.",
      .flaw = "acquire() waits with `if (permits == 0) wait` instead of `while`. A waiter woken spuriously, "
              "or woken by a release whose permit a third thread took first, decrements the count below zero "
              "and enters: two holders of one permit.",
      .passage = kPassage,
      .expected = interleave::ViolationKind::invariant,
      .scenario = [] { crowd<model_sync, SemaphoreFlaw::if_not_while>(1, 3, 1); },
      .options = spurious(1),
      .real_scenario = [] { crowd<real_sync, SemaphoreFlaw::if_not_while>(1, 3, 1); },
  });
  return true;
}();

}  // namespace
