// StdSemaphore: the algorithm of the standard libraries' std::counting_semaphore
// (C++20), a count in one atomic with futex-style waiting on it
// (atomic wait/notify), over a sync policy. Written from the libraries'
// public bug reports, not from their code; two of the shipped variants are
// kept as teaching variants because each lost wake-ups in the field.
//
// Contract (as std::counting_semaphore)
//   StdSemaphore(n)   starts with n >= 0 units.
//   acquire()         blocks until a unit is free, then takes it.
//   try_acquire()     takes a unit if one is free; never blocks.
//   release(n = 1)    adds n units and wakes waiters enough to take them.
//
// The algorithm (count c in an atomic)
//   try_acquire: read c; if c > 0, compare-exchange c -> c - 1 (acquire
//     order); a failed exchange reports the value it saw.
//   acquire: loop { try_acquire; if it saw c == 0, wait on the atomic while
//     it is 0 (atomic wait: re-checked after every wake-up), then read c
//     again }. After a failed exchange libc++ reads c afresh; libstdc++ goes
//     on with the value the exchange saw, and blocks if that was 0.
//   release(n): fetch_add(n) (release order), then notify: notify_all when
//     n > 1, else notify_one. A notify wakes only the waiters blocked at that
//     moment; a waiter blocked when the count went 0 -> 1 and not woken by any
//     later notify sleeps while units are free.
//
// State transitions (c = count, w = blocked waiters, k = woken, not yet run)
//   | state          | operation      | next                               |
//   | c > 0          | acquire        | c - 1                              |
//   | c == 0         | acquire        | w + 1 (blocks while c == 0)        |
//   | any            | release(1)     | c + 1; fixed: one waiter woken     |
//   | c > 0, w > 0   | release(1)     | libc++/libstdc++ (buggy): c + 1,   |
//   |                |                | nobody woken: w stays blocked      |
//
// Variants (StdSemaphoreAlgorithm)
//   fixed (model "std-semaphore"): release notifies after every increment,
//     the shape of the fix libc++ shipped (llvm/llvm-project PR #79265, 2024).
//   libcxx_2020 (model "std-semaphore/libcxx-lost-wakeup"): libc++ before
//     that fix (llvm/llvm-project issue #46357, 2020): release notified only
//     when the count it replaced was 0. Two acquirers blocked at 0 and two
//     release(1) calls: the first wakes one acquirer; the second sees a count
//     of 1 and notifies nobody; the woken acquirer takes one unit and the
//     other sleeps forever with a unit free.
//   libstdcxx (model "std-semaphore/libstdcxx-lost-wakeup"): libstdc++'s
//     __atomic_semaphore as described in GCC bug 98033 and in
//     pytorch/pytorch PR #177884 (2026), which stopped using
//     std::counting_semaphore over CI hangs: _M_release skips the notify when
//     the counter was already positive, while an acquirer whose
//     compare-exchange failed (another acquirer took the unit it saw)
//     observes zero and blocks; the release that made the count positive
//     woke someone else, and the next one notifies nobody.
#pragma once

#include <atomic>
#include <cstddef>

#include "interleave/real_sync.hpp"

namespace interleave {

/// Which standard library's semaphore algorithm (see the header comment).
enum class StdSemaphoreAlgorithm { fixed, libcxx_2020, libstdcxx };

template <class Sync = real_sync, StdSemaphoreAlgorithm Algorithm = StdSemaphoreAlgorithm::fixed>
class StdSemaphore {
 public:
  explicit StdSemaphore(std::ptrdiff_t units, const char* name = "count") : count_(units, name) {}
  StdSemaphore(const StdSemaphore&) = delete;
  StdSemaphore& operator=(const StdSemaphore&) = delete;

  /// Blocks until a unit is free, then takes it.
  void acquire() {
    std::ptrdiff_t seen = count_.load(std::memory_order_relaxed);
    for (;;) {
      if (seen > 0 &&
          count_.compare_exchange_strong(seen, seen - 1, std::memory_order_acquire, std::memory_order_relaxed))
        return;
      if constexpr (Algorithm == StdSemaphoreAlgorithm::libstdcxx) {
        // libstdc++: the value a failed exchange saw decides; it waits only on a 0 it observed.
        if (seen > 0) continue;
      } else if (seen > 0) {
        // libc++ (and the fix): a failed test reads the count afresh.
        seen = count_.load(std::memory_order_relaxed);
        continue;
      }
      count_.wait(0, std::memory_order_relaxed);
      seen = count_.load(std::memory_order_relaxed);
    }
  }

  /// Takes a unit if one is free; returns whether it did. Never blocks.
  bool try_acquire() {
    std::ptrdiff_t seen = count_.load(std::memory_order_relaxed);
    while (seen > 0)
      if (count_.compare_exchange_strong(seen, seen - 1, std::memory_order_acquire, std::memory_order_relaxed))
        return true;
    return false;
  }

  /// Adds `n` units and wakes waiters to take them.
  void release(std::ptrdiff_t n = 1) {
    const std::ptrdiff_t before = count_.fetch_add(n, std::memory_order_release);
    if constexpr (Algorithm != StdSemaphoreAlgorithm::fixed) {
      if (before > 0) return;  // the shipped bug: "someone must already have been woken"
    }
    if (n > 1)
      count_.notify_all();
    else
      count_.notify_one();
  }

  /// Free units (a plain load; for tests and model invariants).
  std::ptrdiff_t available() const { return count_.load(std::memory_order_relaxed); }

 private:
  typename Sync::template atomic<std::ptrdiff_t> count_;
};

}  // namespace interleave
