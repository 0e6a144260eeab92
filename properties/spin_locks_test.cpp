// Properties of the spin-based locks on real threads: for random threads,
// increments and chaos, a plain counter incremented under the lock loses no
// update, and a monitor never sees two threads inside. Under ThreadSanitizer
// the plain counter is also checked for races (the lock must order it).
// More cases: RC_PARAMS="max_success=500" ./property_spin_locks_test
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <atomic>
#include <functional>
#include <thread>
#include <vector>

#include "primitives/mcs_lock.hpp"
#include "primitives/peterson_lock.hpp"
#include "primitives/spin_lock.hpp"
#include "primitives/ticket_lock.hpp"
#include "properties/chaos.hpp"

namespace {

using interleave::properties::Chaos;

// The FIFO locks (ticket, MCS) hand the lock to one chosen waiter; with more
// spinning threads than cores that waiter is often descheduled, and each
// hand-off waits for its time slice. Fewer increments keep them quick.
constexpr int kIncrements = 2000;
constexpr int kFifoIncrements = 200;

/// A random run: `threads` threads each enter `critical` up to
/// `max_increments` times, with chaos before each entry. `critical(me, body)` runs body under the lock
/// as thread `me`. Asserts no lost update and never two inside.
void increments_under(int threads, int max_increments,
                      const std::function<void(int, const std::function<void()>&)>& critical) {
  const int increments = *rc::gen::inRange(0, max_increments);
  const int chaos = *rc::gen::inRange(0, 2);
  const auto seed = *rc::gen::arbitrary<std::uint32_t>();
  long count = 0;  // plain: the lock must order every access
  std::atomic<int> inside{0};
  std::atomic<bool> overlapped{false};
  std::atomic<bool> go{false};  // threads start together, so they contend
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t)
    workers.emplace_back([&, t] {
      Chaos noise(chaos, seed + t);
      while (!go.load()) std::this_thread::yield();
      for (int i = 0; i < increments; ++i) {
        noise.point();
        critical(t, [&] {
          if (inside.fetch_add(1) != 0) overlapped = true;
          count += 1;
          inside.fetch_sub(1);
        });
      }
    });
  go = true;
  for (auto& w : workers) w.join();
  RC_ASSERT(!overlapped);
  RC_ASSERT(count == long(threads) * increments);
}

RC_GTEST_PROP(SpinLock, LetsOneThreadInAndLosesNoUpdate, ()) {
  interleave::SpinLock<> lock;
  increments_under(*rc::gen::inRange(1, 5), kIncrements, [&](int, const std::function<void()>& body) {
    lock.lock();
    body();
    lock.unlock();
  });
}

RC_GTEST_PROP(TicketLock, LetsOneThreadInAndLosesNoUpdate, ()) {
  interleave::TicketLock<> lock;
  increments_under(*rc::gen::inRange(1, 5), kFifoIncrements, [&](int, const std::function<void()>& body) {
    lock.lock();
    body();
    lock.unlock();
  });
}

RC_GTEST_PROP(PetersonLock, LetsOneOfTwoThreadsInAndLosesNoUpdate, ()) {
  interleave::PetersonLock<> lock;
  increments_under(*rc::gen::inRange(1, 3), kIncrements, [&](int me, const std::function<void()>& body) {
    lock.lock(me);
    body();
    lock.unlock(me);
  });
}

RC_GTEST_PROP(McsLock, LetsOneThreadInAndLosesNoUpdate, ()) {
  interleave::McsLock<> lock;
  increments_under(*rc::gen::inRange(1, 5), kFifoIncrements, [&](int, const std::function<void()>& body) {
    interleave::McsLock<>::Node node;  // a fresh node per acquisition, on the stack
    lock.lock(node);
    body();
    lock.unlock(node);
  });
}

}  // namespace
