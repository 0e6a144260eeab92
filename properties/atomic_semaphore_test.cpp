// Properties of AtomicSemaphore (the semaphore on atomic wait/notify) on real threads: for random permits, threads,
// rounds and chaos, never more holders than permits, every acquirer gets in, and no permit is lost; try_acquire agrees
// with a plain counter. More cases: RC_PARAMS="max_success=500" ./property_atomic_semaphore_test
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <atomic>
#include <thread>
#include <vector>

#include "primitives/atomic_semaphore.hpp"
#include "properties/chaos.hpp"

namespace {

using interleave::properties::Chaos;

RC_GTEST_PROP(AtomicSemaphore, NeverAdmitsMoreThanPermitsAndLosesNone, ()) {
  const int permits = *rc::gen::inRange(1, 5);
  const int threads = *rc::gen::inRange(1, 7);
  const int rounds = *rc::gen::inRange(1, 30);
  const int chaos = *rc::gen::inRange(0, 3);
  const auto seed = *rc::gen::arbitrary<std::uint32_t>();

  interleave::AtomicSemaphore<> semaphore(permits);
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
RC_GTEST_PROP(AtomicSemaphore, TryAcquireAgreesWithACounter, ()) {
  const int permits = *rc::gen::inRange(0, 4);
  const auto ops = *rc::gen::container<std::vector<bool>>(rc::gen::arbitrary<bool>());
  interleave::AtomicSemaphore<> semaphore(permits);
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

}  // namespace
