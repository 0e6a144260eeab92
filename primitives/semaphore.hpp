// Semaphore: a counting semaphore, over a sync policy: an atomic count that
// acquire() and release() update without a lock while nobody has to wait,
// and one mutex and one condition variable for the threads that do.
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
// The algorithm (Dijkstra's count that goes below zero): c = free permits
// when c >= 0, and -c = threads waiting when c < 0 (an atomic, every access
// seq_cst); t = permits handed to waiters and not yet taken (a plain int
// under the mutex). acquire subtracts 1 from c: if c was positive it holds a
// permit (no lock). Otherwise it is a waiter: under the mutex it waits until
// t > 0 and takes one (t - 1). release(n) adds n to c: if c was negative,
// min(n, -c) of the waiters are owed a permit, and under the mutex it adds
// them to t and wakes one waiter (or all, for more than one). No wake-up is
// lost: t changes and is tested only under the mutex, and a waiter waits only
// while t == 0. A permit owed to waiters is never taken by a thread that
// arrives later (its subtraction finds c <= 0 and makes it a waiter too);
// which waiter takes it is up to the mutex.
//
// Why not the notes' design (every operation under the mutex): two
// lock/unlock pairs per acquire + release, four read-modify-writes on the
// mutex's cache line against the two of std::counting_semaphore; with 2
// threads it ran at 0.55-0.75x of std. Here an acquire + release with no
// waiter is two (and no lock).
//
// State transitions (c = the count, t = permits handed to waiters)
//   | state        | operation    | next                                  |
//   | c > 0        | acquire      | c - 1, returns at once (no lock)      |
//   | c <= 0       | acquire      | c - 1; under the lock sleeps until    |
//   |              |              | t > 0, then t - 1                     |
//   | c > 0        | try_acquire  | c - 1, returns true                   |
//   | c <= 0       | try_acquire  | unchanged, returns false              |
//   | c >= 0       | release(n)   | c + n (no lock)                       |
//   | c < 0        | release(n)   | c + n; under the lock t + min(n, -c), |
//   |              |              | wakes one (n == 1) or all             |
//
// Teaching variant (SemaphoreFlaw::if_not_while, model "semaphore/if-not-while"):
// `if (t == 0) wait` instead of `while`. A woken waiter does not re-check:
// a spurious wake-up, or a later waiter that took the handed permit between
// the notify and the woken one's re-lock, lets it decrement t below zero and
// enter without a permit: more holders than permits.
#pragma once

#include <algorithm>

#include "interleave/real_sync.hpp"
#include "interleave/thread_annotations.hpp"

namespace interleave {

/// Known-buggy variants of Semaphore kept for teaching (see the header comment).
enum class SemaphoreFlaw { none, if_not_while };

template <class Sync = real_sync, SemaphoreFlaw Flaw = SemaphoreFlaw::none>
class Semaphore {
 public:
  explicit Semaphore(int permits, const char* name = "semaphore") : m_(name), cv_(name), count_(permits, name) {}
  Semaphore(const Semaphore&) = delete;
  Semaphore& operator=(const Semaphore&) = delete;

  /// Blocks until a permit is free, then takes it.
  void acquire() {
    if (count_.fetch_sub(1) > 0) return;
    typename Sync::template unique_lock<typename Sync::mutex> lock(m_);
    if constexpr (Flaw == SemaphoreFlaw::if_not_while) {
      if (handed_ == 0) cv_.wait(lock);
    } else {
      while (handed_ == 0) cv_.wait(lock);
    }
    --handed_;
  }

  /// Takes a permit if one is free; returns whether it did. Never blocks.
  bool try_acquire() {
    int seen = count_.load();
    while (seen > 0)
      if (count_.compare_exchange_strong(seen, seen - 1)) return true;
    return false;
  }

  /// Returns `n` permits and wakes up to `n` waiters.
  void release(int n = 1) {
    const int before = count_.fetch_add(n);
    if (before >= 0) return;
    typename Sync::template unique_lock<typename Sync::mutex> lock(m_);
    handed_ += std::min(n, -before);
    if (n == 1)
      cv_.notify_one();
    else
      cv_.notify_all();
  }

  /// Permits nobody holds: free ones and those handed to waiters not yet
  /// taken (read under the lock).
  int available() {
    typename Sync::template unique_lock<typename Sync::mutex> lock(m_);
    return std::max(count_.load(), 0) + handed_;
  }

  /// available() without locking: for model invariants (which run between
  /// steps, when no thread is mid-operation). Racy on real threads.
  int peek_available() const NO_THREAD_SAFETY_ANALYSIS { return std::max(count_.load(), 0) + handed_; }

 private:
  typename Sync::mutex m_;
  typename Sync::condition_variable cv_;
  typename Sync::template atomic<int> count_;
  int handed_ GUARDED_BY(m_) = 0;
};

}  // namespace interleave
