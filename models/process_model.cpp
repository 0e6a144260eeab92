// Models of the process primitives' protocols (primitives/process/), with
// model threads standing in for processes: the same templates the processes
// run (BlockingQueue under Queue, LockedValue under Value) and, for the pipe,
// the kernel's end-of-stream rule (StreamChannel). Each teaching variant sits
// beside the correct protocol it gets wrong:
//   queue / queue/empty-then-get   drain with sentinels, not `while not q.empty(): q.get()`
//   pipe  / pipe/no-close          the reader closes its own copy of the writing end
//   value / value/no-lock          `with v.get_lock(): v.value += 1`, not `v.value += 1`
#if defined(__clang__)  // model_sync's mutex carries no capability: the analysis is for real_sync
#pragma clang diagnostic ignored "-Wthread-safety-analysis"
#endif

#include <algorithm>
#include <vector>

#include "interleave/interleave.hpp"
#include "models/registry.hpp"
#include "primitives/blocking_queue.hpp"
#include "primitives/locked_value.hpp"
#include "primitives/process/stream_channel.hpp"

namespace {

using interleave::model_sync;

constexpr const char* kQueuePassage =
    "multiprocessing.Queue: q.put(item), q.get(); `while not q.empty(): q.get()` -- empty() is a snapshot";
constexpr const char* kPipePassage =
    "multiprocessing.Pipe(): parent_conn, child_conn; conn.send(obj), conn.recv(); "
    "recv raises EOFError when there is nothing left to receive and the other end was closed";
constexpr const char* kValuePassage = "multiprocessing.Value('I', 1): with counter.get_lock(): counter.value += 1";

using ModelQueue = interleave::BlockingQueue<int, model_sync>;

/// Every item 0..n-1 taken exactly once across the consumers' records.
void assert_each_taken_once(const std::vector<std::vector<int>>& taken, int n) {
  std::vector<int> all;
  for (const auto& mine : taken) all.insert(all.end(), mine.begin(), mine.end());
  std::sort(all.begin(), all.end());
  std::vector<int> expected(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) expected[static_cast<std::size_t>(i)] = i;
  interleave::assert_that(all == expected, "every item taken exactly once: none lost, none duplicated");
}

/// The producer puts items 0, 1 and then one sentinel (-1) per consumer; each
/// consumer gets until it gets a sentinel.
void queue_with_sentinels() {
  constexpr int kItems = 2, kConsumers = 2;
  ModelQueue queue(2, "process-queue");
  std::vector<std::vector<int>> taken(kConsumers);
  std::vector<std::function<void()>> bodies;
  bodies.push_back([&] {
    for (int i = 0; i < kItems; ++i) queue.enqueue(i);
    for (int c = 0; c < kConsumers; ++c) queue.enqueue(-1);
  });
  for (int c = 0; c < kConsumers; ++c)
    bodies.push_back([&, c] {
      for (int item = queue.dequeue(); item != -1; item = queue.dequeue()) taken[c].push_back(item);
    });
  interleave::run_together(std::move(bodies));
  assert_each_taken_once(taken, kItems);
}

/// One item is put before the consumers start; each drains with
/// `while not q.empty(): q.get()`.
void queue_empty_then_get() {
  ModelQueue queue(2, "process-queue");
  queue.enqueue(0);
  std::vector<std::vector<int>> taken(2);
  std::vector<std::function<void()>> bodies;
  for (int c = 0; c < 2; ++c)
    bodies.push_back([&, c] {
      while (queue.size() != 0) taken[c].push_back(queue.dequeue());
    });
  interleave::run_together(std::move(bodies));
  assert_each_taken_once(taken, 1);
}

/// After the fork both the parent and the child hold the writing end (two
/// writers). The child sends 0, 1 and closes its end; the parent reads until
/// end of stream, closing its own copy first unless CloseOwnEnd is false.
template <bool CloseOwnEnd>
void pipe_reader_waits_for_end_of_stream() {
  interleave::StreamChannel<int, model_sync> pipe(2, "pipe");
  std::vector<int> received;
  interleave::run_together({
      [&] {
        pipe.send(0);
        pipe.send(1);
        pipe.close_writer();
      },
      [&] {
        if constexpr (CloseOwnEnd) pipe.close_writer();
        while (auto v = pipe.recv()) received.push_back(*v);
      },
  });
  interleave::assert_that(received == std::vector<int>{0, 1}, "the reader gets every message, in order");
}

/// Two processes add 1 to Value('I', 1): under get_lock(), or (Locked =
/// false) as `v.value += 1`, a locked read then a separately locked write.
template <bool Locked>
void value_incremented_twice() {
  interleave::LockedValue<unsigned, model_sync> counter(1, "counter");
  auto increment = [&] {
    if constexpr (Locked) {
      model_sync::unique_lock<model_sync::mutex> hold(counter.get_lock());
      counter.set(counter.get() + 1);
    } else {
      counter.store(counter.load() + 1);
    }
  };
  interleave::run_together({increment, increment});
  interleave::assert_that(counter.load() == 3, "both increments count");
}

const bool registered = [] {
  interleave::register_model({
      .name = "queue",
      .primitive = "queue",
      .summary = "A producer puts two items and a sentinel per consumer through a queue of capacity 2 to two "
                 "consumers that get until a sentinel: every item taken once, no deadlock.",
      .passage = kQueuePassage,
      .expected = std::nullopt,
      .scenario = queue_with_sentinels,
      .options = {.strategy = interleave::Strategy::dpor},
      .model_only = "its threads are processes of the model (process_sync), with no real-thread counterpart here",
  });
  interleave::register_model({
      .name = "queue/empty-then-get",
      .primitive = "queue",
      .summary = "One item in the queue; two consumers drain it with `while not q.empty(): q.get()`.",
      .flaw = "empty() is a snapshot: both consumers see one item, the first takes it, and the second's get() "
              "blocks on the empty queue with no producer left to fill it: deadlock.",
      .passage = kQueuePassage,
      .expected = interleave::ViolationKind::deadlock,
      .scenario = queue_empty_then_get,
      .options = {.strategy = interleave::Strategy::dpor},
      .model_only = "its threads are processes of the model (process_sync), with no real-thread counterpart here",
  });
  interleave::register_model({
      .name = "pipe",
      .primitive = "pipe",
      .summary = "After the fork the parent closes its copy of the writing end and reads until end of stream "
                 "while the child sends two messages and closes: both received in order, the read ends.",
      .passage = kPipePassage,
      .expected = std::nullopt,
      .scenario = pipe_reader_waits_for_end_of_stream<true>,
      .options = {.strategy = interleave::Strategy::dpor},
      .model_only = "its threads are processes of the model (process_sync), with no real-thread counterpart here",
  });
  interleave::register_model({
      .name = "pipe/no-close",
      .primitive = "pipe",
      .summary = "The parent reads until end of stream without closing its own copy of the writing end.",
      .flaw = "End of stream needs every writing end closed, and the fork gave the parent one too. The child "
              "sends, closes and ends; the parent, holding an open writer itself, waits forever: deadlock.",
      .passage = kPipePassage,
      .expected = interleave::ViolationKind::deadlock,
      .scenario = pipe_reader_waits_for_end_of_stream<false>,
      .options = {.strategy = interleave::Strategy::dpor},
      .model_only = "its threads are processes of the model (process_sync), with no real-thread counterpart here",
  });
  interleave::register_model({
      .name = "value",
      .primitive = "value",
      .summary = "Two processes increment Value('I', 1) under `with counter.get_lock()`: it ends at 3.",
      .passage = kValuePassage,
      .expected = std::nullopt,
      .scenario = value_incremented_twice<true>,
      .options = {.strategy = interleave::Strategy::dpor},
      .model_only = "its threads are processes of the model (process_sync), with no real-thread counterpart here",
  });
  interleave::register_model({
      .name = "value/no-lock",
      .primitive = "value",
      .summary = "Two processes increment Value('I', 1) as `counter.value += 1` without get_lock().",
      .flaw = "`counter.value += 1` is a locked read and then a separately locked write: both processes read "
              "1 and both write 2, and one increment is lost (the counter ends at 2, not 3).",
      .passage = kValuePassage,
      .expected = interleave::ViolationKind::assertion,
      .scenario = value_incremented_twice<false>,
      .options = {.strategy = interleave::Strategy::dpor},
      .model_only = "its threads are processes of the model (process_sync), with no real-thread counterpart here",
  });
  return true;
}();

}  // namespace
