// Properties of RLock on real threads: for random threads, nesting depths and
// chaos, one owner at a time, the owner re-enters, the lock is free after as
// many releases as acquires, and a non-owner's release is refused.
// More cases: RC_PARAMS="max_success=500" ./property_rlock_test
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <atomic>
#include <stdexcept>
#include <thread>
#include <vector>

#include "primitives/rlock.hpp"
#include "properties/chaos.hpp"

namespace {

using interleave::properties::Chaos;

RC_GTEST_PROP(RLock, OneOwnerAtATimeReenteringToAnyDepth, ()) {
  const int threads = *rc::gen::inRange(1, 6);
  const int rounds = *rc::gen::inRange(1, 20);
  const int depth = *rc::gen::inRange(1, 5);
  const int chaos = *rc::gen::inRange(0, 3);
  const auto seed = *rc::gen::arbitrary<std::uint32_t>();

  interleave::RLock<> lock;
  std::atomic<int> inside{0};
  std::atomic<bool> broken{false};
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t)
    workers.emplace_back([&, t] {
      Chaos noise(chaos, seed + t);
      for (int r = 0; r < rounds; ++r) {
        lock.acquire();
        if (++inside != 1) broken = true;
        for (int d = 1; d < depth; ++d) lock.acquire();  // nested re-entry
        if (!lock.owned_by_caller()) broken = true;
        noise.point();
        for (int d = 1; d < depth; ++d) lock.release();
        if (!lock.owned_by_caller()) broken = true;  // still held once
        --inside;
        lock.release();
      }
    });
  for (auto& w : workers) w.join();
  RC_ASSERT(!broken.load());
  RC_ASSERT(lock.peek_depth() == 0);
}

RC_GTEST_PROP(RLock, RefusesAReleaseByANonOwner, ()) {
  const int depth = *rc::gen::inRange(0, 4);  // 0: not held at all
  interleave::RLock<> lock;
  for (int d = 0; d < depth; ++d) lock.acquire();
  bool refused = false;
  std::thread stranger([&] {
    try {
      lock.release();
    } catch (const std::logic_error&) {
      refused = true;
    }
  });
  stranger.join();
  RC_ASSERT(refused);
  RC_ASSERT(lock.peek_depth() == depth);
  for (int d = 0; d < depth; ++d) lock.release();
  RC_ASSERT(!lock.owned_by_caller());
}

}  // namespace
