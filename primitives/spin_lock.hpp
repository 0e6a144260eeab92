// SpinLock: a test-and-test-and-set (TTAS) spin lock on one atomic flag, over
// a sync policy.
//
// Seed passage: "Mutex" ("A mutex allows only a single thread to access a
// resource or critical section. Once a thread acquires a mutex, all other
// threads attempting to acquire the same mutex are blocked until the first
// thread releases the mutex."). A spin lock keeps that contract but waits by
// spinning on the CPU instead of sleeping in the kernel.
//
// Contract
//   lock()      returns once the caller holds the lock; spins meanwhile.
//   try_lock()  takes the lock if it is free; never spins.
//   unlock()    the holder releases the lock. Unlocking a lock one does not
//               hold is undefined (no owner is kept).
//   At most one holder at a time, and everything the holder wrote in its
//   critical section happens-before the next holder's critical section.
//   No fairness: a waiter may be bypassed any number of times.
//
// State transitions (f = locked flag)
//   | state  | operation | next                                           |
//   | f == 0 | lock      | exchange(1) reads 0: f = 1, the caller holds it |
//   | f == 1 | lock      | spins reading f (no writes) until it reads 0,   |
//   |        |           | then tries the exchange again                   |
//   | f == 0 | try_lock  | f = 1, returns true                             |
//   | f == 1 | try_lock  | unchanged, returns false                        |
//   | f == 1 | unlock    | f = 0                                           |
//
// The "test" before the "test-and-set": a waiter spins on a load, which
// keeps the cache line shared, and only tries the exchange (a write) once
// the flag reads free. Each spin iteration calls Sync::spin_loop(): a CPU
// pause hint on real threads, a visible yield in the model. The atomics use
// the default (sequentially consistent) order.
//
// Teaching variant (SpinLockFlaw::plain_flag, model "spin-lock/plain-flag"):
// the flag is a plain variable (`Sync::shared<bool>`), so the release is a
// plain write and the spin a plain read, unordered with each other; and with
// no exchange, the test and the set are two steps. A data race on the flag
// (two threads that both read it free then both enter, too).
//
// Teaching variant (SpinLockFlaw::relaxed_unlock, model
// "spin-lock/relaxed-unlock"): unlock() stores the flag with
// memory_order_relaxed. The next holder's exchange reads that store but does
// not synchronise with it, so the critical sections are not ordered by
// happens-before: a data race on what they protect. x86 stores are releases
// in hardware, so only a weak-memory machine (or the compiler) shows it.
#pragma once

#include <atomic>
#include <type_traits>

#include "interleave/real_sync.hpp"

namespace interleave {

/// Known-buggy variants of SpinLock kept for teaching (see the header comment).
enum class SpinLockFlaw { none, plain_flag, relaxed_unlock };

template <class Sync = real_sync, SpinLockFlaw Flaw = SpinLockFlaw::none>
class SpinLock {
  using Flag = std::conditional_t<Flaw == SpinLockFlaw::plain_flag, typename Sync::template shared<bool>,
                                  typename Sync::template atomic<bool>>;

 public:
  explicit SpinLock(const char* name = "spin_lock") : locked_(false, name) {}
  SpinLock(const SpinLock&) = delete;
  SpinLock& operator=(const SpinLock&) = delete;

  /// Spins until the caller holds the lock.
  void lock() {
    for (;;) {
      if (try_lock()) return;
      while (is_locked()) Sync::spin_loop();
    }
  }

  /// Takes the lock if it is free; returns whether it did. Never spins.
  bool try_lock() {
    if constexpr (Flaw == SpinLockFlaw::plain_flag) {
      if (locked_.get()) return false;
      locked_.set(true);
      return true;
    } else {
      return !locked_.exchange(true);
    }
  }

  /// Releases the lock; the caller must hold it.
  void unlock() {
    if constexpr (Flaw == SpinLockFlaw::plain_flag)
      locked_.set(false);
    else if constexpr (Flaw == SpinLockFlaw::relaxed_unlock)
      locked_.store(false, std::memory_order_relaxed);
    else
      locked_.store(false);
  }

 private:
  bool is_locked() const {
    if constexpr (Flaw == SpinLockFlaw::plain_flag)
      return locked_.get();
    else
      return locked_.load();
  }

  Flag locked_;
};

}  // namespace interleave
