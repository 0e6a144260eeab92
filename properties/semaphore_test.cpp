// Properties of the semaphores on real threads, the same for each: Semaphore,
// AtomicSemaphore (on atomic wait/notify) and StdSemaphore (the standard
// semaphore's algorithm with the fix, primitives/std_semaphore.hpp). For random
// permits, threads, rounds and chaos, never more holders than permits, every
// acquirer gets in, and no permit is lost; try_acquire agrees with a plain
// counter; and the scenario of llvm/llvm-project issue #46357 (two acquirers
// blocked, two release(1)) always finishes.
// More cases: RC_PARAMS="max_success=500" ./property_semaphore_test
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <atomic>
#include <thread>
#include <vector>

#include "primitives/atomic_semaphore.hpp"
#include "primitives/semaphore.hpp"
#include "primitives/std_semaphore.hpp"
#include "properties/chaos.hpp"

namespace {

using interleave::properties::Chaos;

template <class SemaphoreType>
void never_admits_more_than_permits_and_loses_none() {
  const int permits = *rc::gen::inRange(1, 5);
  const int threads = *rc::gen::inRange(1, 7);
  const int rounds = *rc::gen::inRange(1, 30);
  const int chaos = *rc::gen::inRange(0, 3);
  const auto seed = *rc::gen::arbitrary<std::uint32_t>();

  SemaphoreType semaphore(permits);
  std::atomic<int> holders{0}, most{0}, entries{0};
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t)
    workers.emplace_back([&, t] {
      Chaos noise(chaos, seed + t);
      for (int r = 0; r < rounds; ++r) {
        noise.point();
        semaphore.acquire();
        const int now = ++holders;
        int seen = most.load();
        while (now > seen && !most.compare_exchange_weak(seen, now)) {
        }
        ++entries;
        noise.point();
        --holders;
        semaphore.release();
      }
    });
  for (auto& w : workers) w.join();
  RC_ASSERT(most.load() <= permits);
  RC_ASSERT(entries.load() == threads * rounds);
  RC_ASSERT(semaphore.available() == permits);
}

// Single-threaded: a random sequence of try_acquire/release matches a counter.
template <class SemaphoreType>
void try_acquire_agrees_with_a_counter() {
  const int permits = *rc::gen::inRange(0, 4);
  const auto ops = *rc::gen::container<std::vector<bool>>(rc::gen::arbitrary<bool>());
  SemaphoreType semaphore(permits);
  int free = permits;
  for (bool take : ops) {
    if (take) {
      RC_ASSERT(semaphore.try_acquire() == (free > 0));
      if (free > 0) --free;
    } else {
      semaphore.release();
      ++free;
    }
    RC_ASSERT(semaphore.available() == free);
  }
}

// The lost wake-up's scenario, with chaos between the steps: a hang here is
// the bug (ctest's timeout reports it).
template <class SemaphoreType>
void two_blocked_acquirers_and_two_releases_always_finish() {
  const int chaos = *rc::gen::inRange(0, 3);
  const auto seed = *rc::gen::arbitrary<std::uint32_t>();
  SemaphoreType semaphore(0);
  std::atomic<int> entered{0};
  auto acquirer = [&](int id) {
    Chaos noise(chaos, seed + id);
    noise.point();
    semaphore.acquire();
    ++entered;
  };
  std::thread a(acquirer, 1), b(acquirer, 2);
  std::thread releaser([&] {
    Chaos noise(chaos, seed + 3);
    noise.point();
    semaphore.release();
    noise.point();
    semaphore.release();
  });
  a.join();
  b.join();
  releaser.join();
  RC_ASSERT(entered.load() == 2);
  RC_ASSERT(semaphore.available() == 0);
}

#define SEMAPHORE_PROPERTIES(Name, Type)                                                               \
  RC_GTEST_PROP(Name, NeverAdmitsMoreThanPermitsAndLosesNone, ()) {                                    \
    never_admits_more_than_permits_and_loses_none<Type>();                                             \
  }                                                                                                    \
  RC_GTEST_PROP(Name, TryAcquireAgreesWithACounter, ()) { try_acquire_agrees_with_a_counter<Type>(); } \
  RC_GTEST_PROP(Name, TwoBlockedAcquirersAndTwoReleasesAlwaysFinish, ()) {                             \
    two_blocked_acquirers_and_two_releases_always_finish<Type>();                                      \
  }

SEMAPHORE_PROPERTIES(Semaphore, interleave::Semaphore<>)
SEMAPHORE_PROPERTIES(AtomicSemaphore, interleave::AtomicSemaphore<>)
SEMAPHORE_PROPERTIES(StdSemaphore, interleave::StdSemaphore<>)

}  // namespace
