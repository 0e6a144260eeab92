// Counter: the notes' shared `count += 1`, made safe with a mutex, over a
// sync policy.
//
// Seed passage: the opening example, "the count += 1 is not an atomic
// operation ... This is the reason we apply locks to the sections of the code
// which need to be sequentially executed."
//
// Contract
//   increment()  adds one; increments by concurrent threads are never lost.
//   value()      the count; after all incrementers are joined, it equals the
//                number of increment() calls.
//
// State transitions (c = count)
//   | operation  | under the lock         |
//   | increment  | read c; write c + 1    |
//   | value      | read c                 |
//
// The count is a `Sync::shared<long>`: in the model each access is a visible
// operation and race-checked, so `count += 1` is a read and a write with room
// for another thread in between.
//
// Teaching variant (CounterFlaw::unlocked, model "counter/unlocked"): the
// notes' code as written, with no lock. Two threads read the same c and both
// write c + 1: a data race and a lost update.
#pragma once

#include "interleave/real_sync.hpp"
#include "interleave/thread_annotations.hpp"

namespace interleave {

/// Known-buggy variants of Counter kept for teaching (see the header comment).
enum class CounterFlaw { none, unlocked };

template <class Sync = real_sync, CounterFlaw Flaw = CounterFlaw::none>
class Counter {
 public:
  explicit Counter(const char* name = "count") : m_(name), count_(0, name) {}
  Counter(const Counter&) = delete;
  Counter& operator=(const Counter&) = delete;

  /// Adds one (`count += 1`).
  void increment() {
    if constexpr (Flaw == CounterFlaw::unlocked) {
      increment_unlocked();
    } else {
      typename Sync::template unique_lock<typename Sync::mutex> lock(m_);
      bump();
    }
  }

  /// The count, read under the lock.
  long value() {
    typename Sync::template unique_lock<typename Sync::mutex> lock(m_);
    return count_.get();
  }

 private:
  // The read-modify-write itself.
  void bump() REQUIRES(m_) {
    count_.update([](long c) { return c + 1; });
  }
  // The flaw: the same read-modify-write without the lock (the analysis is
  // switched off here only, so the correct path stays checked).
  void increment_unlocked() NO_THREAD_SAFETY_ANALYSIS { bump(); }

  typename Sync::mutex m_;
  typename Sync::template shared<long> count_ GUARDED_BY(m_);
};

}  // namespace interleave
