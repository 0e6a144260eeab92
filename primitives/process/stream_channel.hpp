// StreamChannel: what the kernel does for one direction of a pipe, over a
// sync policy, so the models can check the pipe *protocol* with model threads
// standing in for processes: a FIFO of messages and the number of writing
// ends still open anywhere. recv blocks while the FIFO is empty and a writing
// end is open; once every writing end is closed and the FIFO is drained it
// returns nullopt (end of stream), as process::Connection::recv does. After
// fork() every process holds a copy of every end, so a channel starts with
// one writing end per process that inherited it, and each must close its own.
//
// Contract
//   StreamChannel(writers)  `writers` >= 1 writing ends open.
//   send(v)                 appends (unbounded, as a pipe with room).
//   recv()                  the oldest message; blocks while empty and a
//                           writer is open; nullopt at end of stream.
//   close_writer()          one writing end closed; the last wakes readers.
#pragma once

#include <deque>
#include <optional>
#include <utility>

#include "interleave/real_sync.hpp"
#include "interleave/thread_annotations.hpp"

namespace interleave {

template <class T, class Sync = real_sync>
class StreamChannel {
 public:
  explicit StreamChannel(int writers, const char* name = "pipe") : m_(name), readable_(name), writers_(writers) {}
  StreamChannel(const StreamChannel&) = delete;
  StreamChannel& operator=(const StreamChannel&) = delete;

  void send(T v) {
    typename Sync::template unique_lock<typename Sync::mutex> lock(m_);
    messages_.push_back(std::move(v));
    readable_.notify_all();
  }

  std::optional<T> recv() {
    typename Sync::template unique_lock<typename Sync::mutex> lock(m_);
    while (messages_.empty() && writers_ > 0) readable_.wait(lock);
    if (messages_.empty()) return std::nullopt;
    T v = std::move(messages_.front());
    messages_.pop_front();
    return v;
  }

  void close_writer() {
    typename Sync::template unique_lock<typename Sync::mutex> lock(m_);
    if (--writers_ == 0) readable_.notify_all();
  }

 private:
  typename Sync::mutex m_;
  typename Sync::condition_variable readable_;
  std::deque<T> messages_ GUARDED_BY(m_);
  int writers_ GUARDED_BY(m_);
};

}  // namespace interleave
