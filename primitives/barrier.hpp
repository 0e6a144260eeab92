// Barrier: a reusable barrier for a fixed number of parties, with an action
// run once per generation and Python's n_waiting, over a sync policy.
//
// Seed passage: "Barrier" ("The involved threads each invoke the barrier
// object's wait() method and get blocked till all of threads have called
// wait()"), with `Barrier(num_threads, action=when_all_threads_released)` and
// `barrier.n_waiting`.
//
// Contract
//   Barrier(n, action)  n >= 1 parties; `action` (may be empty) runs once per
//                       generation, by the last thread to arrive, under the
//                       barrier's lock, before any thread of that generation
//                       is released.
//   wait()              blocks until n threads have called wait() in this
//                       generation; returns the caller's arrival index in the
//                       generation, 0 .. n-1 (n-1 ran the action).
//   n_waiting()         threads blocked in the current generation.
//   Reusable: generation g+1 starts when g trips, and a thread released from
//   g that calls wait() again is counted in g+1, never in g.
//
// State transitions (a = arrived in this generation, g = generation)
//   | state     | operation   | next                                        |
//   | a < n - 1 | wait        | a + 1; sleeps until g changes               |
//   | a = n - 1 | wait        | action(); a = 0; g + 1; wakes all; returns  |
//   | sleeping  | g changed   | returns its arrival index                   |
//
// Teaching variant (BarrierFlaw::single_use, model "barrier/single-use"): the
// barrier remembers only that it has tripped ("open"), not which generation a
// waiter belongs to. It works once; from the second generation on it is open
// for good, and a fast thread laps slow ones: it passes generation 2 before
// the others have arrived at it.
#pragma once

#include <cstdint>
#include <functional>
#include <utility>

#include "interleave/real_sync.hpp"
#include "interleave/thread_annotations.hpp"

namespace interleave {

/// Known-buggy variants of Barrier kept for teaching (see the header comment).
enum class BarrierFlaw { none, single_use };

template <class Sync = real_sync, BarrierFlaw Flaw = BarrierFlaw::none>
class Barrier {
 public:
  explicit Barrier(int parties, std::function<void()> action = {}, const char* name = "barrier")
      : m_(name), cv_(name), parties_(parties), action_(std::move(action)) {}
  Barrier(const Barrier&) = delete;
  Barrier& operator=(const Barrier&) = delete;

  /// Waits for all parties; returns this thread's arrival index.
  int wait() {
    typename Sync::template unique_lock<typename Sync::mutex> lock(m_);
    const std::uint64_t generation = generation_;
    const int index = arrived_++;
    if (arrived_ == parties_) {
      if (action_) action_();
      arrived_ = 0;
      ++generation_;
      cv_.notify_all();
      return index;
    }
    if constexpr (Flaw == BarrierFlaw::single_use) {
      while (generation_ == 0) cv_.wait(lock);  // "has it ever tripped?"
    } else {
      while (generation_ == generation) cv_.wait(lock);
    }
    return index;
  }

  /// Threads blocked in the current generation (Python's n_waiting).
  int n_waiting() {
    typename Sync::template unique_lock<typename Sync::mutex> lock(m_);
    return arrived_;
  }

  /// The number of parties.
  int parties() const { return parties_; }

  /// Generations completed so far, without locking: for model invariants.
  std::uint64_t peek_generation() const NO_THREAD_SAFETY_ANALYSIS { return generation_; }

 private:
  typename Sync::mutex m_;
  typename Sync::condition_variable cv_;
  const int parties_;
  std::function<void()> action_;
  int arrived_ GUARDED_BY(m_) = 0;
  std::uint64_t generation_ GUARDED_BY(m_) = 0;
};

}  // namespace interleave
