// Queue<T>: a FIFO between processes, as Python's multiprocessing.Queue, built
// from the existing BlockingQueue instantiated with process_sync and
// FixedSlots, placed in an anonymous shared mapping (SharedObject): the same
// template the model checker checks, not a second copy of the algorithm.
// Create it before forking; every process forked afterwards shares it.
//
// Values are serialised as JSON text (nlohmann::json::dump; any type with
// to_json/from_json) into fixed-size messages of MessageBytes bytes; a value
// whose text is longer is refused with std::length_error. At most Capacity
// messages wait in the queue; put blocks while it is full.
//
//   put(value)      appends; blocks while full. Throws after close().
//   get()           removes the oldest message; blocks while empty.
//   get(timeout)    nullopt if the queue stayed empty for `timeout`.
//   empty()         whether no message waits -- a snapshot: another process
//                   may take the last message between empty() and get()
//                   (the "queue/empty-then-get" deadlock of the models).
//   close()         this process will put no more on this handle (as in
//                   Python, per process: other processes are unaffected).
//
// Many producers and consumers: every message put is got exactly once, and
// the messages of one producer are got in the order it put them.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>

#include "interleave/process_sync.hpp"
#include "primitives/blocking_queue.hpp"
#include "primitives/fixed_slots.hpp"
#include "primitives/process/shared_object.hpp"

namespace interleave::process {

template <class T, int Capacity = 64, std::size_t MessageBytes = 256>
class Queue {
  static_assert(Capacity >= 1);

 public:
  /// One serialised value: plain memory, so it can sit in the shared ring.
  struct Message {
    std::uint32_t size = 0;
    std::array<char, MessageBytes> bytes{};
  };

  Queue() : ring_(Capacity, "process-queue") {}

  void put(const T& value) {
    if (closed_) throw std::logic_error("Queue::put after close");
    const std::string text = nlohmann::json(value).dump();
    if (text.size() > MessageBytes) throw std::length_error("Queue::put: serialised value longer than MessageBytes");
    Message message;
    message.size = static_cast<std::uint32_t>(text.size());
    std::memcpy(message.bytes.data(), text.data(), text.size());
    ring_->enqueue(message);
  }

  T get() { return decode(ring_->dequeue()); }

  template <class Rep, class Period>
  std::optional<T> get(std::chrono::duration<Rep, Period> timeout) {
    auto message = ring_->dequeue_until(std::chrono::steady_clock::now() + timeout);
    if (!message) return std::nullopt;
    return decode(*message);
  }

  bool empty() { return ring_->size() == 0; }
  int qsize() { return ring_->size(); }
  void close() { closed_ = true; }

 private:
  static T decode(const Message& message) {
    return nlohmann::json::parse(std::string(message.bytes.data(), message.size)).template get<T>();
  }

  using Ring = BlockingQueue<Message, process_sync, BlockingQueueFlaw::none, FixedSlots<Message, Capacity>>;
  SharedObject<Ring> ring_;
  bool closed_ = false;  // this process's handle only
};

}  // namespace interleave::process
