// BlockingQueue: a bounded FIFO queue whose enqueue blocks while it is full and
// whose dequeue blocks while it is empty. The notes' design: one condition
// variable, `while` around every wait, notify_all after every change. Over a
// sync policy.
//
// Seed passage: "Problems: Implementation of Blocking Queue" (`enqueue` waits
// `while self.curr_size == self.max_size`, `dequeue` waits
// `while self.curr_size == 0`, both end with `self.cond.notifyAll()`).
//
// Storage is a ring of max_size slots (the notes use a list and pop(0), which
// is O(n)); curr_size is kept as in the notes, so a flawed variant's underflow
// shows as curr_size < 0 rather than as undefined behaviour. The slots are a
// template parameter: std::vector<T> by default, FixedSlots<T, N>
// (fixed_slots.hpp) for a queue in memory shared between processes
// (process_sync), where the algorithm is the same and only the storage moves
// inline.
//
// Contract
//   BlockingQueue(max_size)  max_size >= 1.
//   enqueue(item)  blocks only while the queue is full, then appends.
//   dequeue()      blocks only while the queue is empty, then removes and
//                  returns the oldest item.
//   dequeue_until(deadline)  as dequeue, or nullopt if still empty at deadline.
//   FIFO; never more than max_size items; every item enqueued is dequeued
//   exactly once (none lost, none duplicated).
//
// State transitions (s = curr_size, n = max_size)
//   | state  | operation | next                                    |
//   | s < n  | enqueue   | s + 1, wakes all                        |
//   | s == n | enqueue   | sleeps until s < n (re-checked)         |
//   | s > 0  | dequeue   | s - 1, wakes all, returns the oldest    |
//   | s == 0 | dequeue   | sleeps until s > 0 (re-checked)         |
//
// Teaching variants
//   BlockingQueueFlaw::notify_one_one_condition
//     ("blocking-queue/notify-one-one-condition"): notify_one instead of
//     notify_all, with producers and consumers on the one condition. A
//     consumer's wake-up can reach another consumer instead of the blocked
//     producer: everyone sleeps (deadlock).
//   BlockingQueueFlaw::if_not_while ("blocking-queue/if-not-while"): `if`
//     around the waits. Two consumers woken by one enqueue both dequeue:
//     curr_size goes below zero (underflow) and an item is read twice.
#pragma once

#include <chrono>
#include <optional>
#include <vector>

#include "interleave/real_sync.hpp"
#include "interleave/thread_annotations.hpp"

namespace interleave {

/// Known-buggy variants of BlockingQueue kept for teaching.
enum class BlockingQueueFlaw { none, notify_one_one_condition, if_not_while };

template <class T, class Sync = real_sync, BlockingQueueFlaw Flaw = BlockingQueueFlaw::none,
          class Slots = std::vector<T>>
class BlockingQueue {
 public:
  explicit BlockingQueue(int max_size, const char* name = "queue")
      : m_(name), cond_(name), max_size_(max_size), slots_(static_cast<std::size_t>(max_size)) {}
  BlockingQueue(const BlockingQueue&) = delete;
  BlockingQueue& operator=(const BlockingQueue&) = delete;

  /// Appends `item`, waiting while the queue is full.
  void enqueue(T item) {
    typename Sync::template unique_lock<typename Sync::mutex> lock(m_);
    if constexpr (Flaw == BlockingQueueFlaw::if_not_while) {
      if (curr_size_ >= max_size_) cond_.wait(lock);
    } else {
      while (curr_size_ >= max_size_) cond_.wait(lock);
    }
    slots_[slot(head_ + curr_size_)] = std::move(item);
    ++curr_size_;
    notify();
  }

  /// Removes and returns the oldest item, waiting while the queue is empty.
  T dequeue() {
    typename Sync::template unique_lock<typename Sync::mutex> lock(m_);
    if constexpr (Flaw == BlockingQueueFlaw::if_not_while) {
      if (curr_size_ <= 0) cond_.wait(lock);
    } else {
      while (curr_size_ <= 0) cond_.wait(lock);
    }
    return take();
  }

  /// dequeue() that gives up at `deadline`: nullopt if the queue was still
  /// empty then.
  template <class Clock, class Duration>
  std::optional<T> dequeue_until(const std::chrono::time_point<Clock, Duration>& deadline) {
    typename Sync::template unique_lock<typename Sync::mutex> lock(m_);
    while (curr_size_ <= 0)
      if (cond_.wait_until(lock, deadline) == std::cv_status::timeout && curr_size_ <= 0) return std::nullopt;
    return take();
  }

  /// Items in the queue, read under the lock.
  int size() {
    typename Sync::template unique_lock<typename Sync::mutex> lock(m_);
    return curr_size_;
  }

  int max_size() const { return max_size_; }

  /// curr_size without locking: for model invariants.
  int peek_size() const NO_THREAD_SAFETY_ANALYSIS { return curr_size_; }

 private:
  // A ring index for any (possibly out-of-range, after a flawed underflow)
  // position: always inside the slots.
  std::size_t slot(long position) const {
    const long n = max_size_;
    return static_cast<std::size_t>(((position % n) + n) % n);
  }

  // Removes the oldest item; the caller holds the lock and saw curr_size_ > 0
  // (or, in the if-not-while variant, was woken).
  T take() REQUIRES(m_) {
    T item = std::move(slots_[slot(head_)]);
    head_ = slot(head_ + 1);
    --curr_size_;
    notify();
    return item;
  }

  void notify() REQUIRES(m_) {
    if constexpr (Flaw == BlockingQueueFlaw::notify_one_one_condition)
      cond_.notify_one();
    else
      cond_.notify_all();
  }

  typename Sync::mutex m_;
  typename Sync::condition_variable cond_;
  const int max_size_;
  Slots slots_ GUARDED_BY(m_);
  long head_ GUARDED_BY(m_) = 0;
  int curr_size_ GUARDED_BY(m_) = 0;
};

}  // namespace interleave
