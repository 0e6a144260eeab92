// Gate: threads wait until the gate is opened; opening wakes them all with
// notify_all, and they re-acquire the lock one at a time. The notes'
// notify_all() walk-through as a primitive, over a sync policy.
//
// Seed passage: "notify_all()" ("The waiting threads are all woken up but only
// one of them gets to acquire the lock ... other threads acquire the lock one
// by one and proceed ahead").
//
// Contract
//   wait()   blocks until open() has been called; returns immediately after.
//            Returns holding nothing; the caller's `inside` hook (optional)
//            runs under the gate's lock, one thread at a time.
//   open()   opens the gate for good and wakes every waiter.
//   waiting() threads blocked in wait().
//
// State transitions (o = open, w = waiters)
//   | state | operation | next                                         |
//   | !o    | wait      | w + 1, sleeps until o                        |
//   | o     | wait      | returns                                      |
//   | any   | open      | o = true; wakes all w; each re-locks in turn |
//
// Teaching variant (GateFlaw::notify_one, model "notify/one-instead-of-all"):
// open() calls notify_one. One waiter wakes; the rest sleep forever, and
// whoever joins them deadlocks.
#pragma once

#include <functional>

#include "interleave/real_sync.hpp"
#include "interleave/thread_annotations.hpp"

namespace interleave {

/// Known-buggy variants of Gate kept for teaching (see the header comment).
enum class GateFlaw { none, notify_one };

template <class Sync = real_sync, GateFlaw Flaw = GateFlaw::none>
class Gate {
 public:
  explicit Gate(const char* name = "gate") : m_(name), cv_(name) {}
  Gate(const Gate&) = delete;
  Gate& operator=(const Gate&) = delete;

  /// Blocks until the gate is open; runs `inside` under the lock on the way
  /// out (to show that woken threads hold the lock one at a time).
  void wait(const std::function<void()>& inside = {}) {
    typename Sync::template unique_lock<typename Sync::mutex> lock(m_);
    ++waiting_;
    while (!open_) cv_.wait(lock);
    --waiting_;
    if (inside) inside();
  }

  /// Opens the gate and wakes the waiters.
  void open() {
    typename Sync::template unique_lock<typename Sync::mutex> lock(m_);
    open_ = true;
    if constexpr (Flaw == GateFlaw::notify_one)
      cv_.notify_one();
    else
      cv_.notify_all();
  }

  /// Threads blocked in wait().
  int waiting() {
    typename Sync::template unique_lock<typename Sync::mutex> lock(m_);
    return waiting_;
  }

 private:
  typename Sync::mutex m_;
  typename Sync::condition_variable cv_;
  bool open_ GUARDED_BY(m_) = false;
  int waiting_ GUARDED_BY(m_) = 0;
};

}  // namespace interleave
