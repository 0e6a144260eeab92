// Barrier: a reusable barrier for a fixed number of parties, with an action
// run once per generation and Python's n_waiting, over a sync policy. The
// waiters sleep on the generation word itself with C++20 atomic wait/notify
// (the design of std::barrier's central-counter implementations), not on a
// mutex and a condition variable: on real threads libstdc++'s atomic wait
// spins briefly (12 pause hints, then 4 yields) before it sleeps on a futex,
// so a generation whose threads arrive close together passes without a
// context switch.
//
// Seed passage: "Barrier" ("The involved threads each invoke the barrier
// object's wait() method and get blocked till all of threads have called
// wait()"), with `Barrier(num_threads, action=when_all_threads_released)` and
// `barrier.n_waiting`.
//
// Contract
//   Barrier(n, action)  n >= 1 parties; `action` (may be empty) runs once per
//                       generation, by the last thread to arrive, before any
//                       thread of that generation is released.
//   wait()              blocks until n threads have called wait() in this
//                       generation; returns the caller's arrival index in the
//                       generation, 0 .. n-1 (n-1 ran the action).
//   n_waiting()         threads arrived in the current generation.
//   Reusable: generation g+1 starts when g trips, and a thread released from
//   g that calls wait() again is counted in g+1, never in g.
//
// The algorithm (a = arrivals, g = generation, both atomics, every access
// seq_cst: on x86 only the two stores cost more than acquire/release, once
// per generation, and the model checker's DPOR covers the whole search): a
// thread reads g, then counts itself in a (the last arriver's add reads every
// arrival before it). g cannot move between the two: it moves only once all
// n have arrived, this thread included. The last arriver runs the action,
// resets a to 0, then publishes g + 1 and notifies all; the others wait on g
// while it is still the one they read (the wait re-checks after every
// wake-up, spurious ones included). A released thread that arrives again has
// read g + 1, so it sees a already reset: it counts in the next generation,
// never in the old one.
//
// State transitions
//   | state     | operation   | next                                        |
//   | a < n - 1 | wait        | a + 1; waits on g while it is unchanged     |
//   | a = n - 1 | wait        | action(); a = 0; g + 1; notify_all; returns |
//
// Teaching variant (BarrierFlaw::single_use, model "barrier/single-use"): the
// barrier remembers only that it has tripped (g != 0), not which generation a
// waiter belongs to. It works once; from the second generation on it is open
// for good, and a fast thread laps slow ones: it passes generation 2 before
// the others have arrived at it.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <utility>

#include "interleave/real_sync.hpp"

namespace interleave {

/// Known-buggy variants of Barrier kept for teaching (see the header comment).
enum class BarrierFlaw { none, single_use };

template <class Sync = real_sync, BarrierFlaw Flaw = BarrierFlaw::none>
class Barrier {
 public:
  explicit Barrier(int parties, std::function<void()> action = {}, const char* name = "barrier")
      : parties_(parties), action_(std::move(action)), arrived_(0, name), generation_(0, name) {}
  Barrier(const Barrier&) = delete;
  Barrier& operator=(const Barrier&) = delete;

  /// Waits for all parties; returns this thread's arrival index.
  int wait() {
    const std::uint32_t generation = generation_.load();
    const int index = arrived_.fetch_add(1);
    if (index == parties_ - 1) {
      if (action_) action_();
      arrived_.store(0);
      generation_.store(generation + 1);
      generation_.notify_all();
      return index;
    }
    if constexpr (Flaw == BarrierFlaw::single_use)
      generation_.wait(0);  // "has it ever tripped?"
    else
      generation_.wait(generation);
    return index;
  }

  /// Threads arrived in the current generation (Python's n_waiting).
  int n_waiting() const { return arrived_.load(); }

  /// The number of parties.
  int parties() const { return parties_; }

 private:
  const int parties_;
  std::function<void()> action_;
  typename Sync::template atomic<int> arrived_;
  typename Sync::template atomic<std::uint32_t> generation_;
};

}  // namespace interleave
