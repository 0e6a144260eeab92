// OnceInit: a value computed by the first caller that needs it and shared by
// every later caller (double-checked initialisation), over a sync policy.
//
// Contract
//   get(make)   returns the value; the first call runs make() to compute it,
//               and make() runs exactly once however many threads call get()
//               at the same time. Every caller sees the value make() returned.
//
// The fast path reads a ready flag without the lock: once the value is
// published, callers pay one acquire load. The slow path takes a mutex,
// checks the flag again (another thread may have initialised the value
// while this one waited), computes the value into a plain variable and then
// raises the flag with a release store. An acquire load that reads the raised
// flag synchronises with that release store, so the value's write
// happens-before the fast path's read of it: the value can be a plain
// variable. Inside the lock the second check may be relaxed, since the mutex
// orders it after the store of whoever initialised the value.
//
// Teaching variant (OnceInitFlaw::relaxed_flag, model
// "once-init/relaxed-flag"): the flag is stored and loaded (on the fast path)
// relaxed. A caller may see the flag raised without any happens-before to the
// write of the value: a data race on the value, which on a weak-memory
// machine (or after the compiler reorders the stores) it reads stale or
// half-written. x86 keeps stores in order and loads in order, so there the
// compiler alone could show it.
#pragma once

#include <atomic>
#include <utility>

#include "interleave/real_sync.hpp"

namespace interleave {

/// Known-buggy variants of OnceInit kept for teaching (see the header comment).
enum class OnceInitFlaw { none, relaxed_flag };

template <class T, class Sync = real_sync, OnceInitFlaw Flaw = OnceInitFlaw::none>
class OnceInit {
  static constexpr std::memory_order kPublish =
      Flaw == OnceInitFlaw::none ? std::memory_order_release : std::memory_order_relaxed;
  static constexpr std::memory_order kObserve =
      Flaw == OnceInitFlaw::none ? std::memory_order_acquire : std::memory_order_relaxed;

 public:
  OnceInit() : value_("value"), ready_(false, "ready"), mutex_("once_init") {}
  OnceInit(const OnceInit&) = delete;
  OnceInit& operator=(const OnceInit&) = delete;

  /// The value; the first caller computes it with make().
  template <class Make>
  T get(Make&& make) {
    if (!ready_.load(kObserve)) {
      typename Sync::template unique_lock<typename Sync::mutex> lock(mutex_);
      if (!ready_.load(std::memory_order_relaxed)) {
        value_.set(std::forward<Make>(make)());
        ready_.store(true, kPublish);
      }
    }
    return value_.get();
  }

 private:
  typename Sync::template shared<T> value_;
  typename Sync::template atomic<bool> ready_;
  typename Sync::mutex mutex_;
};

}  // namespace interleave
