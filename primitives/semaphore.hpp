// Semaphore: a counting semaphore built from one mutex and one condition
// variable, over a sync policy.
//
// Seed passage: "Semaphores" ("Think of semaphore as having a limited number
// of permits to give out ... block till an earlier thread with a permit
// returns it"), with its `threading.Semaphore(3)` example.
//
// Contract
//   Semaphore(permits)  starts with `permits` >= 0 free permits.
//   acquire()           blocks while no permit is free, then takes one.
//   try_acquire()       takes a permit if one is free; never blocks.
//   release(n = 1)      returns n permits and wakes up to n waiters. Any
//                       thread may release (a semaphore has no owner).
//   Never more holders than permits given out; no permit is lost: after every
//   acquire is matched by a release, available() equals the initial count.
//
// State transitions (p = free permits, w = blocked acquirers)
//   | state        | operation    | next                              |
//   | p > 0        | acquire      | p - 1, returns at once            |
//   | p == 0       | acquire      | w + 1, sleeps until p > 0         |
//   | p == 0       | try_acquire  | unchanged, returns false          |
//   | any          | release(n)   | p + n; n waiters woken, each re-  |
//   |              |              | checks p under the lock           |
//
// Teaching variant (SemaphoreFlaw::if_not_while, model "semaphore/if-not-while"):
// `if (p == 0) wait` instead of `while`. A woken waiter does not re-check:
// a spurious wake-up, or a third thread that takes the released permit
// between the notify and the waiter's re-lock, lets it decrement p below
// zero: more holders than permits.
#pragma once

#include "interleave/real_sync.hpp"
#include "interleave/thread_annotations.hpp"

namespace interleave {

/// Known-buggy variants of Semaphore kept for teaching (see the header comment).
enum class SemaphoreFlaw { none, if_not_while };

template <class Sync = real_sync, SemaphoreFlaw Flaw = SemaphoreFlaw::none>
class Semaphore {
 public:
  explicit Semaphore(int permits, const char* name = "semaphore") : m_(name), cv_(name), permits_(permits) {}
  Semaphore(const Semaphore&) = delete;
  Semaphore& operator=(const Semaphore&) = delete;

  /// Blocks until a permit is free, then takes it.
  void acquire() {
    typename Sync::template unique_lock<typename Sync::mutex> lock(m_);
    if constexpr (Flaw == SemaphoreFlaw::if_not_while) {
      if (permits_ == 0) cv_.wait(lock);
    } else {
      while (permits_ == 0) cv_.wait(lock);
    }
    --permits_;
  }

  /// Takes a permit if one is free; returns whether it did. Never blocks.
  bool try_acquire() {
    typename Sync::template unique_lock<typename Sync::mutex> lock(m_);
    if (permits_ <= 0) return false;
    --permits_;
    return true;
  }

  /// Returns `n` permits and wakes up to `n` waiters.
  void release(int n = 1) {
    typename Sync::template unique_lock<typename Sync::mutex> lock(m_);
    permits_ += n;
    if (n == 1)
      cv_.notify_one();
    else
      cv_.notify_all();
  }

  /// Free permits, read under the lock.
  int available() {
    typename Sync::template unique_lock<typename Sync::mutex> lock(m_);
    return permits_;
  }

  /// Free permits without locking: for model invariants (which run between
  /// steps, when no thread is mid-operation). Racy on real threads.
  int peek_available() const NO_THREAD_SAFETY_ANALYSIS { return permits_; }

 private:
  typename Sync::mutex m_;
  typename Sync::condition_variable cv_;
  int permits_ GUARDED_BY(m_);
};

}  // namespace interleave
