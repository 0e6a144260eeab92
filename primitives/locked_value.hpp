// LockedValue: one value with the lock that guards it, over a sync policy: the
// shape of Python's multiprocessing.Value. process::Value
// (primitives/process/value.hpp) places it in shared memory with process_sync;
// the "value" models check the same template with model_sync.
//
// Contract
//   load() / store(v)  one locked read / one locked write (Python's v.value).
//   get_lock()         the lock; get() / set(v) read and write the value
//                      without locking, for use while holding it.
//   A read-modify-write is atomic only as
//     unique_lock hold(v.get_lock()); v.set(v.get() + 1);
//   v.store(v.load() + 1) is two separately locked steps: another update
//   between them is lost (the "value/no-lock" teaching model).
//
// The lock is not recursive (Python's default is an RLock): load()/store()
// while holding get_lock() deadlocks.
#pragma once

#include <utility>

#include "interleave/real_sync.hpp"

namespace interleave {

template <class T, class Sync = real_sync>
class LockedValue {
 public:
  explicit LockedValue(T initial = T{}, const char* name = "value") : lock_(name), value_(std::move(initial), name) {}
  LockedValue(const LockedValue&) = delete;
  LockedValue& operator=(const LockedValue&) = delete;

  typename Sync::mutex& get_lock() { return lock_; }

  T load() {
    typename Sync::template unique_lock<typename Sync::mutex> hold(lock_);
    return value_.get();
  }
  void store(T v) {
    typename Sync::template unique_lock<typename Sync::mutex> hold(lock_);
    value_.set(std::move(v));
  }

  /// The value, read without locking: hold get_lock().
  T get() const { return value_.get(); }
  /// Writes the value without locking: hold get_lock().
  void set(T v) { value_.set(std::move(v)); }

 private:
  typename Sync::mutex lock_;
  typename Sync::template shared<T> value_;
};

}  // namespace interleave
