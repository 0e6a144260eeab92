// AtomicSemaphore: a counting semaphore on C++20 atomic wait/notify instead of
// a mutex and a condition variable (primitives/semaphore.hpp), over a sync
// policy. A release with nobody waiting is one atomic add and one load: no
// lock, no notify.
//
// Contract: as Semaphore (semaphore.hpp).
//   AtomicSemaphore(permits)  starts with `permits` >= 0 free permits.
//   acquire()                 blocks while no permit is free, then takes one.
//   try_acquire()             takes a permit if one is free; never blocks.
//   release(n = 1)            returns n permits and wakes waiters to take them.
//
// The algorithm (p = free permits, w = announced waiters; every access
// seq_cst): acquire takes a permit by compare-exchange while p > 0;
// otherwise it announces itself (w + 1), waits on p while it is 0 (the
// atomic wait re-checks p after every wake-up), withdraws (w - 1) and tries
// again. release adds to p, then reads w and notifies only if someone is
// announced. No wake-up is lost: of the releaser's add-then-read and the
// waiter's announce-then-check, in the single total order of seq_cst
// operations one comes second and sees the other's write, so either the
// releaser sees the waiter and notifies, or the waiter sees the permit and
// does not block. (The shipped libc++/libstdc++ semaphores skipped the
// notify on a positive count instead, and lost wake-ups: std_semaphore.hpp.)
//
// State transitions
//   | state          | operation    | next                                 |
//   | p > 0          | acquire      | p - 1                                |
//   | p == 0         | acquire      | w + 1; blocks while p == 0; w - 1    |
//   | w == 0         | release(n)   | p + n                                |
//   | w > 0          | release(n)   | p + n; wakes one (n == 1) or all     |
#pragma once

#include "interleave/real_sync.hpp"

namespace interleave {

template <class Sync = real_sync>
class AtomicSemaphore {
 public:
  explicit AtomicSemaphore(int permits, const char* name = "permits")
      : permits_(permits, name), waiters_(0, "waiters") {}
  AtomicSemaphore(const AtomicSemaphore&) = delete;
  AtomicSemaphore& operator=(const AtomicSemaphore&) = delete;

  /// Blocks until a permit is free, then takes it.
  void acquire() {
    while (!try_acquire()) {
      waiters_.fetch_add(1);
      permits_.wait(0);
      waiters_.fetch_sub(1);
    }
  }

  /// Takes a permit if one is free; returns whether it did. Never blocks.
  bool try_acquire() {
    int seen = permits_.load();
    while (seen > 0)
      if (permits_.compare_exchange_strong(seen, seen - 1)) return true;
    return false;
  }

  /// Returns `n` permits and wakes waiters to take them.
  void release(int n = 1) {
    permits_.fetch_add(n);
    if (waiters_.load() == 0) return;
    if (n == 1)
      permits_.notify_one();
    else
      permits_.notify_all();
  }

  /// Free permits (a plain load).
  int available() const { return permits_.load(); }

 private:
  typename Sync::template atomic<int> permits_;
  typename Sync::template atomic<int> waiters_;
};

}  // namespace interleave
