// real::parking_atomic: a 32-bit std::atomic whose wait() sleeps in the kernel
// at once, for waits that are usually for a thread that is not running.
//
// libstdc++'s std::atomic::wait spins 12 pause rounds, then calls
// sched_yield 4 times, and only then sleeps on a futex; and from its first
// spin round on it counts the caller as a waiter, so that every notify in
// the meantime makes a futex-wake system call. That suits a barrier, whose
// threads arrive close together. It does not suit a lock whose waiter waits
// for a thread that has been preempted (on a loaded machine, most of them):
// each sched_yield hands the core to another process for the rest of its
// time slice while the awaited thread may be queued behind it. Here wait()
// checks the value, counts itself as a sleeper and sleeps on the futex; a
// notify makes a system call only while a thread sleeps (or is about to).
//
// Why no wake-up is lost: wait() increments `sleepers_` and then the futex
// re-reads the value in the kernel, sleeping only if it is still `old`; the
// notifier changed the value before it loads `sleepers_`. Both sides are
// seq_cst, so either the notifier sees the sleeper (and wakes it, or the
// kernel's re-read sees the new value), or the waiter's re-read comes after
// the change and it does not sleep. wait() may return spuriously, as
// std::atomic::wait may not: callers re-check in a loop (the model's wait
// explores spurious wake-ups too, under Options::max_spurious_wakeups).
//
// The model policy maps parking_atomic to model::atomic: the same
// operations, so a primitive's model is unchanged. Outside Linux it is
// real::atomic (std::atomic's own wait).
#pragma once

#include <atomic>
#include <climits>
#include <cstdint>

#if defined(__linux__)
#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

#include "interleave/location.hpp"

namespace interleave {
namespace real {

template <class T>
class atomic;

#if defined(__linux__)

template <class T>
class parking_atomic : public std::atomic<T> {
  static_assert(sizeof(T) == 4 && std::atomic<T>::is_always_lock_free, "a futex word is 32 bits");

 public:
  explicit parking_atomic(T initial = T{}, const char* = "atomic", location = location::current())
      : std::atomic<T>(initial) {}

  /// Returns once the value differs from `old`, or spuriously.
  void wait(T old, std::memory_order order = std::memory_order_seq_cst) const {
    if (this->load(order) != old) return;
    sleepers_.fetch_add(1);
    if (this->load() == old) futex(FUTEX_WAIT_PRIVATE, bits(old));
    sleepers_.fetch_sub(1);
  }
  /// Wakes one sleeper, if any; no system call when none sleeps.
  void notify_one() {
    if (sleepers_.load() != 0) futex(FUTEX_WAKE_PRIVATE, 1);
  }
  /// Wakes every sleeper; no system call when none sleeps.
  void notify_all() {
    if (sleepers_.load() != 0) futex(FUTEX_WAKE_PRIVATE, INT_MAX);
  }

 private:
  static std::uint32_t bits(T value) {
    std::uint32_t out;
    __builtin_memcpy(&out, &value, sizeof out);
    return out;
  }
  void futex(int op, std::uint32_t value) const {
    syscall(SYS_futex, static_cast<const std::atomic<T>*>(this), op, value, nullptr, nullptr, 0);
  }

  mutable std::atomic<std::uint32_t> sleepers_{0};
};

#else

template <class T>
using parking_atomic = atomic<T>;

#endif

}  // namespace real
}  // namespace interleave
