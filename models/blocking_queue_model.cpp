// Models of the notes' bounded blocking queue (primitives/blocking_queue.hpp):
// producers put numbered items, consumers take them. Invariants watch the
// occupancy; at the end every item was taken exactly once, and each consumer
// saw each producer's items in the order they were put (FIFO).
#if defined(__clang__)  // model_sync's mutex carries no capability: the analysis is for real_sync
#pragma clang diagnostic ignored "-Wthread-safety-analysis"
#endif

#include <algorithm>
#include <vector>

#include "interleave/interleave.hpp"
#include "models/registry.hpp"
#include "primitives/blocking_queue.hpp"

namespace {

using interleave::BlockingQueueFlaw;
using interleave::model_sync;
using interleave::real_sync;

constexpr const char* kPassage =
    "Implementation of Blocking Queue: enqueue: while self.curr_size == self.max_size: self.cond.wait() ... "
    "self.cond.notifyAll(); dequeue: while self.curr_size == 0: self.cond.wait() ... self.cond.notifyAll()";

struct Shape {
  int capacity;
  std::vector<int> produce;  // items each producer puts
  std::vector<int> consume;  // items each consumer takes (same total)
};

template <class S, BlockingQueueFlaw Flaw>
void traffic(const Shape& shape) {
  interleave::BlockingQueue<int, S, Flaw> queue(shape.capacity);
  S::invariant("never below empty", [&] { return queue.peek_size() >= 0; });
  S::invariant("never above capacity", [&] { return queue.peek_size() <= shape.capacity; });
  std::vector<std::vector<int>> taken(shape.consume.size());
  std::vector<std::function<void()>> bodies;
  for (std::size_t p = 0; p < shape.produce.size(); ++p)
    bodies.push_back([&, p] {
      for (int i = 0; i < shape.produce[p]; ++i) queue.enqueue(int(p) * 100 + i);
    });
  for (std::size_t c = 0; c < shape.consume.size(); ++c)
    bodies.push_back([&, c] {
      for (int i = 0; i < shape.consume[c]; ++i) taken[c].push_back(queue.dequeue());
    });
  S::run_together(std::move(bodies));

  std::vector<int> all, expected;
  for (const auto& mine : taken) {
    for (std::size_t p = 0; p < shape.produce.size(); ++p) {
      std::vector<int> from_p;
      std::copy_if(mine.begin(), mine.end(), std::back_inserter(from_p), [&](int v) { return v / 100 == int(p); });
      S::assert_that(std::is_sorted(from_p.begin(), from_p.end()),
                     "FIFO: a consumer takes each producer's items in the order they were put");
    }
    all.insert(all.end(), mine.begin(), mine.end());
  }
  for (std::size_t p = 0; p < shape.produce.size(); ++p)
    for (int i = 0; i < shape.produce[p]; ++i) expected.push_back(int(p) * 100 + i);
  std::sort(all.begin(), all.end());
  S::assert_that(all == expected, "every item taken exactly once: none lost, none duplicated");
  S::assert_that(queue.size() == 0, "the queue is empty at the end");
}

const bool registered = [] {
  interleave::register_model({
      .name = "blocking-queue",
      .primitive = "blocking-queue",
      .summary = "Two producers put 2 and 1 items through a queue of capacity 1 to one consumer "
                 "(spurious wake-ups explored): FIFO, never over capacity, none lost or duplicated, no deadlock.",
      .passage = kPassage,
      .expected = std::nullopt,
      .scenario =
          [] {
            traffic<model_sync, BlockingQueueFlaw::none>({1, {2, 1}, {3}});
          },
      .options = {.strategy = interleave::Strategy::dpor, .max_spurious_wakeups = 1},
      .real_scenario =
          [] {
            traffic<real_sync, BlockingQueueFlaw::none>({1, {2, 1}, {3}});
          },
  });
  interleave::register_model({
      .name = "blocking-queue/two-consumers",
      .primitive = "blocking-queue",
      .summary = "Two producers and two consumers of one item each through a queue of capacity 1 (spurious "
                 "wake-ups explored): never over capacity, none lost or duplicated, no deadlock.",
      .passage = kPassage,
      .expected = std::nullopt,
      .scenario =
          [] {
            traffic<model_sync, BlockingQueueFlaw::none>({1, {1, 1}, {1, 1}});
          },
      .options = {.strategy = interleave::Strategy::dpor, .max_spurious_wakeups = 1},
      .real_scenario =
          [] {
            traffic<real_sync, BlockingQueueFlaw::none>({1, {1, 1}, {1, 1}});
          },
  });
  interleave::register_model({
      .name = "blocking-queue/one-producer",
      .primitive = "blocking-queue",
      .summary = "One producer of two items and two consumers of one through a queue of capacity 1 (spurious "
                 "wake-ups explored): the fixed counterpart of if-not-while.",
      .passage = kPassage,
      .expected = std::nullopt,
      .scenario =
          [] {
            traffic<model_sync, BlockingQueueFlaw::none>({1, {2}, {1, 1}});
          },
      .options = {.strategy = interleave::Strategy::dpor, .max_spurious_wakeups = 1},
      .real_scenario =
          [] {
            traffic<real_sync, BlockingQueueFlaw::none>({1, {2}, {1, 1}});
          },
  });
  interleave::register_model({
      .name = "blocking-queue/notify-one-one-condition",
      .primitive = "blocking-queue",
      .summary = "Two producers and two consumers of one item each, capacity 1, notify_one on the one condition.",
      .flaw = "notify_one on a condition shared by producers and consumers: a consumer's notify meant for the "
              "blocked producer wakes the other consumer, which finds the queue empty and sleeps again. "
              "Nobody is left to wake the producer: deadlock.",
      .passage = kPassage,
      .expected = interleave::ViolationKind::deadlock,
      .scenario =
          [] {
            traffic<model_sync, BlockingQueueFlaw::notify_one_one_condition>({1, {1, 1}, {1, 1}});
          },
      .options = {.max_spurious_wakeups = 0},
      .real_scenario =
          [] {
            traffic<real_sync, BlockingQueueFlaw::notify_one_one_condition>({1, {1, 1}, {1, 1}});
          },
  });
  interleave::register_model({
      .name = "blocking-queue/if-not-while",
      .primitive = "blocking-queue",
      .summary = "One producer of two items and two consumers of one, capacity 1, waits under `if`.",
      .flaw = "dequeue() waits with `if curr_size == 0` instead of `while`. Both consumers wait on the empty "
              "queue; one enqueue's notifyAll wakes both, the first takes the item and the second dequeues "
              "from the empty queue: curr_size goes to -1 (underflow) and a stale item is returned.",
      .passage = kPassage,
      .expected = interleave::ViolationKind::invariant,
      .scenario =
          [] {
            traffic<model_sync, BlockingQueueFlaw::if_not_while>({1, {2}, {1, 1}});
          },
      // No spurious wake-ups needed: notifyAll itself wakes both consumers. (With them, the producer's
      // `if` would overflow the queue instead.)
      .options = {.max_spurious_wakeups = 0},
      .real_scenario =
          [] {
            traffic<real_sync, BlockingQueueFlaw::if_not_while>({1, {2}, {1, 1}});
          },
  });
  return true;
}();

}  // namespace
