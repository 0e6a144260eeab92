// Sequential specifications of common data structures, for
// check_linearizable: each a plain class with the operations, and its
// declaration (operation names, how each applies, the arguments scenarios
// pass, whether it may block).
#pragma once

#include <cstddef>
#include <deque>
#include <optional>

#include "interleave/linearizability.hpp"

namespace interleave::specs {

/// A FIFO queue whose dequeue waits while it is empty (a blocking queue
/// without a capacity bound; see bounded_queue for one with).
struct Queue {
  std::deque<LinValue> items;
  std::size_t capacity = 0;  ///< 0: unbounded; otherwise enqueue waits while full

  std::optional<LinValue> enqueue(LinValue v) {
    if (capacity != 0 && items.size() >= capacity) return std::nullopt;
    items.push_back(v);
    return 0;
  }
  std::optional<LinValue> dequeue() {
    if (items.empty()) return std::nullopt;
    const LinValue v = items.front();
    items.pop_front();
    return v;
  }
  bool operator==(const Queue&) const = default;
  std::size_t hash() const {
    std::size_t h = items.size();
    for (LinValue v : items) h = h * 1000003u ^ static_cast<std::size_t>(v);
    return h;
  }
};
enum QueueOp : std::size_t { enqueue, dequeue };

/// The queue's declaration; `capacity` 0 is unbounded.
inline LinSpecification<Queue> queue(std::size_t capacity = 0) {
  return {"queue",
          Queue{{}, capacity},
          {{"enqueue",
            [](Queue& q, const std::vector<LinValue>& a) { return q.enqueue(a.at(0)); },
            {{1}, {2}, {3}},
            capacity != 0},
           {"dequeue", [](Queue& q, const std::vector<LinValue>&) { return q.dequeue(); }, {{}}, true}}};
}

/// A counter: increment adds one, get reads.
struct Counter {
  LinValue value = 0;
  bool operator==(const Counter&) const = default;
  std::size_t hash() const { return static_cast<std::size_t>(value); }
};
enum CounterOp : std::size_t { increment, get };

inline LinSpecification<Counter> counter() {
  return {"counter",
          Counter{},
          {{"increment",
            [](Counter& c, const std::vector<LinValue>&) -> std::optional<LinValue> {
              ++c.value;
              return 0;
            }},
           {"get", [](Counter& c, const std::vector<LinValue>&) -> std::optional<LinValue> { return c.value; }}}};
}

/// A read/write register holding one value, initially 0.
struct Register {
  LinValue value = 0;
  bool operator==(const Register&) const = default;
  std::size_t hash() const { return static_cast<std::size_t>(value); }
};
enum RegisterOp : std::size_t { write, read };

inline LinSpecification<Register> rw_register() {
  return {"register",
          Register{},
          {{"write",
            [](Register& r, const std::vector<LinValue>& a) -> std::optional<LinValue> {
              r.value = a.at(0);
              return 0;
            },
            {{1}, {2}, {3}}},
           {"read", [](Register& r, const std::vector<LinValue>&) -> std::optional<LinValue> { return r.value; }}}};
}

/// A counting semaphore: acquire waits while no permit is left.
struct Semaphore {
  LinValue permits = 0;
  bool operator==(const Semaphore&) const = default;
  std::size_t hash() const { return static_cast<std::size_t>(permits); }
};
enum SemaphoreOp : std::size_t { acquire, release };

inline LinSpecification<Semaphore> semaphore(LinValue permits) {
  return {"semaphore",
          Semaphore{permits},
          {{"acquire",
            [](Semaphore& s, const std::vector<LinValue>&) -> std::optional<LinValue> {
              if (s.permits == 0) return std::nullopt;
              --s.permits;
              return 0;
            },
            {{}},
            true},
           {"release", [](Semaphore& s, const std::vector<LinValue>&) -> std::optional<LinValue> {
              ++s.permits;
              return 0;
            }}}};
}

}  // namespace interleave::specs
