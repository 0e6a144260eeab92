// Model of the counting semaphore on atomic wait/notify
// (primitives/atomic_semaphore.hpp): two threads share one permit, and two
// acquirers blocked on an empty semaphore get the permits of two release(1)
// calls (the scenario that lost a wake-up in the standard libraries'
// semaphores, std_semaphore_model.cpp). Invariants count the holders from
// outside (from acquire()'s return until release()).
#include <atomic>

#include "interleave/interleave.hpp"
#include "models/registry.hpp"
#include "primitives/atomic_semaphore.hpp"

namespace {

using interleave::AtomicSemaphore;
using interleave::model_sync;
using interleave::real_sync;

constexpr const char* kPassage =
    "Semaphores: If a semaphore has given out all the permits it has, then any new thread that comes "
    "along requesting a permit will be blocked till an earlier thread with a permit returns it.";

template <class S>
void crowd(int permits, int threads) {
  AtomicSemaphore<S> semaphore(permits);
  std::atomic<int> holders{0};  // atomic: with more than one permit, holders overlap on real threads
  S::invariant("never more holders than permits", [&] { return holders <= permits; });
  std::vector<std::function<void()>> bodies;
  for (int t = 0; t < threads; ++t)
    bodies.push_back([&] {
      semaphore.acquire();
      ++holders;
      S::yield();  // the work inside: a point where others may run
      --holders;
      semaphore.release();
    });
  S::run_together(std::move(bodies));
  S::assert_that(semaphore.available() == permits, "no permit lost: all are free again at the end");
}

template <class S>
void two_waiters_two_releases() {
  AtomicSemaphore<S> semaphore(0);
  std::atomic<int> entered{0};  // atomic: both acquirers may be past acquire() at once on real threads
  S::run_together({[&] { semaphore.acquire(), ++entered; }, [&] { semaphore.acquire(), ++entered; },
                   [&] {
                     semaphore.release();
                     semaphore.release();
                   }});
  S::assert_that(entered == 2 && semaphore.available() == 0, "both acquirers got a permit, none is left");
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
            two_waiters_two_releases<model_sync>();
            crowd<model_sync>(1, 2);
          },
      .options = {.strategy = interleave::Strategy::dpor},
      .real_scenario =
          [] {
            two_waiters_two_releases<real_sync>();
            crowd<real_sync>(1, 2);
          },
  });
  return true;
}();

}  // namespace
