// Sequential specifications of common data structures, for
// check_linearizable: each a plain class with the operations, and its
// declaration (operation names, how each applies, the arguments scenarios
// pass, whether it may block).
#pragma once

#include <algorithm>
#include <cstddef>
#include <deque>
#include <map>
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

/// Registers by key, all 0 at first: put(key, value), get(key). The keys
/// are independent objects, so the checker partitions a history by key.
struct KeyValue {
  std::map<LinValue, LinValue> values;
  bool operator==(const KeyValue&) const = default;
  std::size_t hash() const {
    std::size_t h = values.size();
    for (const auto& [k, v] : values)
      h = (h * 1000003u ^ static_cast<std::size_t>(k)) * 1000003u ^ static_cast<std::size_t>(v);
    return h;
  }
};
enum KeyValueOp : std::size_t { put, get_key };

inline LinSpecification<KeyValue> key_value() {
  return {"key-value",
          KeyValue{},
          {{"put",
            [](KeyValue& s, const std::vector<LinValue>& a) -> std::optional<LinValue> {
              s.values[a.at(0)] = a.at(1);
              return 0;
            },
            {{0, 1}, {0, 2}, {1, 1}, {1, 2}}},
           {"get",
            [](KeyValue& s, const std::vector<LinValue>& a) -> std::optional<LinValue> {
              const auto it = s.values.find(a.at(0));
              return it == s.values.end() ? 0 : it->second;
            },
            {{0}, {1}}}},
          [](const LinCall& c) { return c.arguments.at(0); }};
}

/// A write-once register, as a future's value: set(v) stores v and returns 0
/// the first time, and returns -1 (InvalidStateError) once a value is set;
/// get waits until a value is set and returns it.
struct WriteOnce {
  std::optional<LinValue> value;
  bool operator==(const WriteOnce&) const = default;
  std::size_t hash() const { return value ? static_cast<std::size_t>(*value) * 2 + 1 : 0; }
};
enum WriteOnceOp : std::size_t { set_once, get_once };
inline constexpr LinValue kAlreadySet = -1;

inline LinSpecification<WriteOnce> write_once() {
  return {"write-once register",
          WriteOnce{},
          {{"set",
            [](WriteOnce& r, const std::vector<LinValue>& a) -> std::optional<LinValue> {
              if (r.value) return kAlreadySet;
              r.value = a.at(0);
              return 0;
            },
            {{1}, {2}}},
           {"get", [](WriteOnce& r, const std::vector<LinValue>&) { return r.value; }, {{}}, true}}};
}

/// A token bucket as a counter with time: `tokens` earned one per `period`
/// (nanoseconds) up to `max_tokens`, the refill clock `last` paused while
/// full, and `now`, the time of the last grant (time only moves forward).
/// get_token's result is the time it was granted, which the environment
/// decides: the specification takes the recorded time and says whether a
/// token was there then. A call that never returned took no token.
struct TimedTokens {
  LinValue tokens = 0;
  LinValue last = 0;  ///< TokenBucket: the refill clock; RefillingTokenBucket: the next refill time
  LinValue now = 0;
  bool operator==(const TimedTokens&) const = default;
  std::size_t hash() const {
    return static_cast<std::size_t>(tokens) ^ static_cast<std::size_t>(last) * 1000003u ^
           static_cast<std::size_t>(now) * 998244353u;
  }
};
enum TokenBucketOp : std::size_t { get_token };

/// TokenBucket (lazy refill), started empty at time `start`: at a grant at
/// time g it first earns floor((g - last) / period) tokens (capped; the clock
/// restarts at g when full), then needs one.
inline LinSpecification<TimedTokens> token_bucket(LinValue max_tokens, LinValue period, LinValue start) {
  LinOperation<TimedTokens> get{"get_token", nullptr, {{}}, true};
  get.observe = [=](TimedTokens& b, const std::vector<LinValue>&, std::optional<LinValue> granted) {
    if (!granted || *granted < b.now) return false;
    const LinValue earned = (*granted - b.last) / period;
    b.tokens = std::min(max_tokens, b.tokens + earned);
    b.last += earned * period;
    if (b.tokens == max_tokens) b.last = *granted;
    if (b.tokens == 0) return false;
    --b.tokens;
    b.now = *granted;
    return true;
  };
  return {"token bucket", TimedTokens{0, start, start}, {get}};
}

/// RefillingTokenBucket, started at time `start`: a token is added at
/// `start` and then every `period` after the previous refill time (none
/// while full); a grant from a full bucket moves the next refill to one
/// period after the grant. Refills due by a grant's time come before it
/// (a grant at the instant of a refill, from a full bucket or not, ends in
/// the same state either way).
inline LinSpecification<TimedTokens> refilling_token_bucket(LinValue max_tokens, LinValue period, LinValue start) {
  LinOperation<TimedTokens> get{"get_token", nullptr, {{0}, {1}}, true};
  get.observe = [=](TimedTokens& b, const std::vector<LinValue>&, std::optional<LinValue> granted) {
    if (!granted || *granted < b.now) return false;
    for (; b.last <= *granted; b.last += period)
      if (b.tokens < max_tokens) ++b.tokens;
    if (b.tokens == 0) return false;
    if (b.tokens == max_tokens) b.last = *granted + period;
    --b.tokens;
    b.now = *granted;
    return true;
  };
  return {"refilling token bucket", TimedTokens{0, start, start}, {get}};
}

}  // namespace interleave::specs
