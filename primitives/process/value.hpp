// Value<T> and Array<T, N>: plain values in an anonymous shared mapping with
// a process-shared lock, as Python's multiprocessing.Value and Array. Create
// before forking; every process forked afterwards shares them.
//
//   Value<unsigned> counter(1);              // Value('I', 1)
//   {                                        // with counter.get_lock():
//     process_sync::unique_lock<process_sync::mutex> hold(counter.get_lock());
//     counter.value() += 1;                  //     counter.value += 1
//   }
//
// value() / operator[] are the raw shared memory: hold get_lock() around a
// read-modify-write, or updates from different processes are lost (the
// "value/no-lock" teaching model). load()/store() take the lock for one read
// or one write. Unlike Python's default RLock, the lock is not recursive: do
// not call load()/store() while holding get_lock().
#pragma once

#include <array>
#include <cstddef>
#include <type_traits>

#include "interleave/process_sync.hpp"
#include "primitives/process/shared_object.hpp"

namespace interleave::process {

template <class T>
class Value {
  static_assert(std::is_trivially_copyable_v<T>, "a shared value must be plain memory");

 public:
  explicit Value(T initial = T{}) : state_(initial) {}

  process_sync::mutex& get_lock() { return state_->lock; }
  /// The shared value itself; hold get_lock() to update it.
  T& value() { return state_->value; }
  T load() {
    process_sync::unique_lock<process_sync::mutex> hold(state_->lock);
    return state_->value;
  }
  void store(T v) {
    process_sync::unique_lock<process_sync::mutex> hold(state_->lock);
    state_->value = v;
  }

 private:
  struct State {
    explicit State(T initial) : value(initial) {}
    process_sync::mutex lock{"value"};
    T value;
  };
  SharedObject<State> state_;
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
