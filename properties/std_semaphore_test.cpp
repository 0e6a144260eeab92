// Properties of StdSemaphore (the standard semaphore's algorithm with the fix,
// primitives/std_semaphore.hpp) on real threads: for random units, threads,
// rounds and chaos, never more holders than units, every acquirer gets in, no
// unit is lost; and the scenario of llvm/llvm-project issue #46357 (two
// acquirers blocked, two release(1)) always finishes. try_acquire agrees with
// a plain counter. More cases: RC_PARAMS="max_success=500" ./property_std_semaphore_test
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "primitives/std_semaphore.hpp"
#include "properties/chaos.hpp"

namespace {

using interleave::properties::Chaos;

RC_GTEST_PROP(StdSemaphore, NeverAdmitsMoreThanUnitsAndLosesNone, ()) {
  const int units = *rc::gen::inRange(1, 5);
  const int threads = *rc::gen::inRange(1, 7);
  const int rounds = *rc::gen::inRange(1, 30);
  const int chaos = *rc::gen::inRange(0, 3);
  const auto seed = *rc::gen::arbitrary<std::uint32_t>();

  interleave::StdSemaphore<> semaphore(units);
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
  RC_ASSERT(most.load() <= units);
  RC_ASSERT(entries.load() == threads * rounds);
  RC_ASSERT(semaphore.available() == units);
}

// The lost wake-up's scenario, with chaos between the steps: a hang here is
// the bug (ctest's timeout reports it).
RC_GTEST_PROP(StdSemaphore, TwoBlockedAcquirersAndTwoReleasesAlwaysFinish, ()) {
  const int chaos = *rc::gen::inRange(0, 3);
  const auto seed = *rc::gen::arbitrary<std::uint32_t>();
  interleave::StdSemaphore<> semaphore(0);
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

// Single-threaded: a random sequence of try_acquire/release matches a counter.
RC_GTEST_PROP(StdSemaphore, TryAcquireAgreesWithACounter, ()) {
  const int units = *rc::gen::inRange(0, 4);
  const auto ops = *rc::gen::container<std::vector<bool>>(rc::gen::arbitrary<bool>());
  interleave::StdSemaphore<> semaphore(units);
  int free = units;
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
