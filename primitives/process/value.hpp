// Value<T> and Array<T, N>: plain values in an anonymous shared mapping with
// a process-shared lock, as Python's multiprocessing.Value and Array. Create
// before forking; every process forked afterwards shares them.
//
//   Value<unsigned> counter(1);              // Value('I', 1)
//   {                                        // with counter.get_lock():
//     process_sync::unique_lock<process_sync::mutex> hold(counter.get_lock());
//     counter.set(counter.get() + 1);        //     counter.value += 1
//   }
//
// Value is LockedValue<T, process_sync> (primitives/locked_value.hpp) in
// shared memory. get()/set() and Array's operator[] are the raw shared memory:
// hold get_lock() around a read-modify-write, or updates from different
// processes are lost (the "value/no-lock" teaching model). load()/store()
// take the lock for one read or one write. Unlike Python's default RLock, the lock is not recursive: do
// not call load()/store() while holding get_lock().
#pragma once

#include <array>
#include <cstddef>
#include <type_traits>

#include "interleave/process_sync.hpp"
#include "primitives/locked_value.hpp"
#include "primitives/process/shared_object.hpp"

namespace interleave::process {

template <class T>
class Value {
  static_assert(std::is_trivially_copyable_v<T>, "a shared value must be plain memory");

 public:
  explicit Value(T initial = T{}) : state_(initial) {}

  process_sync::mutex& get_lock() { return state_->get_lock(); }
  /// One locked read / one locked write.
  T load() { return state_->load(); }
  void store(T v) { state_->store(v); }
  /// Unlocked read / write: hold get_lock().
  T get() const { return state_->get(); }
  void set(T v) { state_->set(v); }

 private:
  SharedObject<LockedValue<T, process_sync>> state_;
};

template <class T, std::size_t N>
class Array {
  static_assert(std::is_trivially_copyable_v<T>, "a shared array must be plain memory");

 public:
  Array() = default;
  explicit Array(const std::array<T, N>& initial) { state_->items = initial; }

  process_sync::mutex& get_lock() { return state_->lock; }
  /// One shared element; hold get_lock() to update it.
  T& operator[](std::size_t i) { return state_->items[i]; }
  static constexpr std::size_t size() { return N; }
  /// A copy of every element, read under the lock.
  std::array<T, N> snapshot() {
    process_sync::unique_lock<process_sync::mutex> hold(state_->lock);
    return state_->items;
  }

 private:
  struct State {
    process_sync::mutex lock{"array"};
    std::array<T, N> items{};
  };
  SharedObject<State> state_;
};

}  // namespace interleave::process
