// AtomicBarrier: the reusable barrier of barrier.hpp on C++20 atomic
// wait/notify instead of a mutex and a condition variable, over a sync policy
// (the design of std::barrier's central-counter implementations).
//
// Contract: as Barrier (barrier.hpp).
//   AtomicBarrier(n, action)  n >= 1 parties; `action` (may be empty) runs once
//                             per generation, by the last thread to arrive,
//                             before any thread of that generation is released.
//   wait()                    blocks until n threads have called wait() in this
//                             generation; returns the caller's arrival index.
//   n_waiting()               threads arrived in the current generation.
//
// The algorithm (a = arrivals, g = generation, both atomics): a thread reads
// g, then counts itself in a (acq_rel add: the last arriver acquires every
// arrival before it). g cannot move between the two: it moves only once all
// n have arrived, this thread included. The last arriver runs the action,
// resets a to 0, then publishes g + 1 (release) and notifies all; the others
// wait on g while it is still the one they read (acquire). A released thread
// that arrives again has read g + 1, so it sees a already reset: it counts in
// the next generation, never in the old one.
//
// State transitions
//   | state     | operation   | next                                        |
//   | a < n - 1 | wait        | a + 1; waits on g while it is unchanged     |
//   | a = n - 1 | wait        | action(); a = 0; g + 1; notify_all; returns |
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <utility>

#include "interleave/real_sync.hpp"

namespace interleave {

template <class Sync = real_sync>
class AtomicBarrier {
 public:
  explicit AtomicBarrier(int parties, std::function<void()> action = {})
      : parties_(parties), action_(std::move(action)), arrived_(0, "arrived"), generation_(0, "generation") {}
  AtomicBarrier(const AtomicBarrier&) = delete;
  AtomicBarrier& operator=(const AtomicBarrier&) = delete;

  /// Waits for all parties; returns this thread's arrival index.
  int wait() {
    const std::uint32_t generation = generation_.load(std::memory_order_acquire);
    const int index = arrived_.fetch_add(1, std::memory_order_acq_rel);
    if (index == parties_ - 1) {
      if (action_) action_();
      arrived_.store(0, std::memory_order_relaxed);
      generation_.store(generation + 1, std::memory_order_release);
      generation_.notify_all();
      return index;
    }
    generation_.wait(generation, std::memory_order_acquire);
    return index;
  }

  /// Threads arrived in the current generation.
  int n_waiting() const { return arrived_.load(std::memory_order_relaxed); }
  int parties() const { return parties_; }

 private:
  const int parties_;
  std::function<void()> action_;
  typename Sync::template atomic<int> arrived_;
  typename Sync::template atomic<std::uint32_t> generation_;
};

}  // namespace interleave
