// Model of the counting semaphore on atomic wait/notify
// (primitives/atomic_semaphore.hpp): two threads share one permit, and two
// acquirers blocked on an empty semaphore get the permits of two release(1)
// calls (the scenario that lost a wake-up in the standard libraries'
// semaphores, std_semaphore_model.cpp). Invariants count the holders from
// outside (from acquire()'s return until release()).
#include "interleave/interleave.hpp"
#include "models/registry.hpp"
#include "primitives/atomic_semaphore.hpp"

namespace {

using interleave::AtomicSemaphore;
using interleave::model_sync;

constexpr const char* kPassage =
    "Semaphores: If a semaphore has given out all the permits it has, then any new thread that comes "
    "along requesting a permit will be blocked till an earlier thread with a permit returns it.";

void crowd(int permits, int threads) {
  AtomicSemaphore<model_sync> semaphore(permits);
  int holders = 0;
  interleave::invariant("never more holders than permits", [&] { return holders <= permits; });
  std::vector<std::function<void()>> bodies;
  for (int t = 0; t < threads; ++t)
    bodies.push_back([&] {
      semaphore.acquire();
      ++holders;
      model_sync::yield();  // the work inside: a point where others may run
      --holders;
      semaphore.release();
    });
  interleave::run_together(std::move(bodies));
  interleave::assert_that(semaphore.available() == permits, "no permit lost: all are free again at the end");
}

void two_waiters_two_releases() {
  AtomicSemaphore<model_sync> semaphore(0);
  int entered = 0;
  interleave::run_together({[&] { semaphore.acquire(), ++entered; }, [&] { semaphore.acquire(), ++entered; },
                            [&] {
                              semaphore.release();
                              semaphore.release();
                            }});
  interleave::assert_that(entered == 2 && semaphore.available() == 0, "both acquirers got a permit, none is left");
}

const bool registered = [] {
  interleave::register_model({
      .name = "atomic-semaphore",
      .primitive = "atomic-semaphore",
      .summary = "A semaphore on atomic wait/notify: two acquirers blocked on an empty semaphore and two "
                 "release(1) calls, then two threads share one permit (spurious wake-ups explored): nobody "
                 "sleeps while a permit is free, never more holders than permits, no permit lost.",
      .passage = kPassage,
      .expected = std::nullopt,
      .scenario =

          [] {
            two_waiters_two_releases();
            crowd(1, 2);
          },
      .options = {.strategy = interleave::Strategy::dpor},
  });
  return true;
}();

}  // namespace
