// LaneQueue: a teaching variant of a blocking queue that is FIFO per
// producer but not linearizable. Each producer appends to its own lane;
// a consumer takes from the first non-empty lane, starting at its own. So
// every consumer sees each producer's items in the order they were put (the
// per-thread FIFO check the blocking-queue model makes passes), yet an item
// can come out before one another thread had finished enqueuing earlier:
// thread 1 enqueues 1 and returns, thread 2 enqueues 2 and returns, and
// thread 2's dequeue returns 2 while 1 waits in lane 1. No sequential FIFO
// queue gives that history ("blocking-queue/lanes-per-producer", caught as
// a linearizability violation).
//
// Contract (of the flawed design)
//   LaneQueue(lanes)         lanes >= 1; unbounded.
//   enqueue(lane, item)      appends to lane `lane` (0 <= lane < lanes).
//   dequeue(lane)            blocks while every lane is empty, then removes
//                            the oldest item of the first non-empty lane,
//                            looking at `lane` first.
#pragma once

#include <deque>
#include <vector>

#include "interleave/real_sync.hpp"
#include "interleave/thread_annotations.hpp"

namespace interleave {

template <class T, class Sync = real_sync>
class LaneQueue {
 public:
  explicit LaneQueue(int lanes, const char* name = "lane queue")
      : m_(name), cond_(name), lanes_(static_cast<std::size_t>(lanes)) {}
  LaneQueue(const LaneQueue&) = delete;
  LaneQueue& operator=(const LaneQueue&) = delete;

  void enqueue(int lane, T item) {
    typename Sync::template unique_lock<typename Sync::mutex> lock(m_);
    lanes_[index(lane)].push_back(std::move(item));
    ++size_;
    cond_.notify_all();
  }

  T dequeue(int lane) {
    typename Sync::template unique_lock<typename Sync::mutex> lock(m_);
    while (size_ == 0) cond_.wait(lock);
    for (std::size_t k = 0;; ++k) {
      auto& from = lanes_[index(lane + static_cast<int>(k))];
      if (from.empty()) continue;
      T item = std::move(from.front());
      from.pop_front();
      --size_;
      return item;
    }
  }

 private:
  std::size_t index(int lane) const { return static_cast<std::size_t>(lane) % lanes_.size(); }

  typename Sync::mutex m_;
  typename Sync::condition_variable cond_;
  std::vector<std::deque<T>> lanes_ GUARDED_BY(m_);
  int size_ GUARDED_BY(m_) = 0;
};

}  // namespace interleave
