// Linearizability models: Lincheck-style scenarios (a few threads × a few
// calls) run on a primitive under the model checker, every explored
// execution's history checked against a sequential specification
// (interleave/specifications.hpp). Correct primitives must hold; the
// teaching variants are FIFO per thread or read only values each word held,
// and still fail as linearizability violations.
#if defined(__clang__)  // model_sync's mutex carries no capability: the analysis is for real_sync
#pragma clang diagnostic ignored "-Wthread-safety-analysis"
#endif

#include <chrono>

#include "interleave/interleave.hpp"
#include "interleave/lincheck.hpp"
#include "interleave/specifications.hpp"
#include "models/registry.hpp"
#include "models/timed_options.hpp"
#include "primitives/blocking_queue.hpp"
#include "primitives/fixed_slots.hpp"
#include "primitives/future.hpp"
#include "primitives/lane_queue.hpp"
#include "primitives/rwlock.hpp"
#include "primitives/semaphore.hpp"
#include "primitives/refilling_token_bucket.hpp"
#include "primitives/split_counter.hpp"
#include "primitives/token_bucket.hpp"

namespace {

using interleave::LinScenario;
using interleave::LinValue;
using interleave::model_sync;
namespace specs = interleave::specs;

constexpr const char* kQueuePassage =
    "Implementation of Blocking Queue: enqueue: while self.curr_size == self.max_size: self.cond.wait() ... "
    "dequeue: while self.curr_size == 0: self.cond.wait() ...";

// Two threads × three calls on a queue of capacity 2. It cannot deadlock:
// thread 1 blocked enqueuing (full) and thread 2 blocked dequeuing (empty)
// cannot both hold, nor the other way round.
const LinScenario kQueueScenario = {
    {{specs::enqueue, {1}}, {specs::enqueue, {2}}, {specs::dequeue, {}}},
    {{specs::enqueue, {3}}, {specs::dequeue, {}}, {specs::dequeue, {}}},
};

void blocking_queue() {
  interleave::BlockingQueue<LinValue, model_sync> queue(2);
  interleave::run_linearizability_scenario(specs::queue(2), kQueueScenario,
                                           [&](std::size_t op, const std::vector<LinValue>& args) -> LinValue {
                                             if (op == specs::enqueue) {
                                               queue.enqueue(args[0]);
                                               return 0;
                                             }
                                             return queue.dequeue();
                                           });
}

void lane_queue() {
  interleave::LaneQueue<LinValue, model_sync> queue(2);
  const LinScenario scenario = {{{specs::enqueue, {1}}, {specs::dequeue, {}}},
                                {{specs::enqueue, {2}}, {specs::dequeue, {}}}};
  interleave::run_linearizability_scenario(specs::queue(), scenario,
                                           [&](std::size_t op, const std::vector<LinValue>& args) -> LinValue {
                                             const int lane = model_sync::this_thread_id();
                                             if (op == specs::enqueue) {
                                               queue.enqueue(lane, args[0]);
                                               return 0;
                                             }
                                             return queue.dequeue(lane);
                                           });
}

void semaphore() {
  interleave::Semaphore<model_sync> semaphore(1);
  // Thread 1 releases before it acquires and thread 2 never holds two permits, so a waiting
  // acquire always has a permit coming: no deadlock.
  const LinScenario scenario = {{{specs::release, {}}, {specs::acquire, {}}, {specs::release, {}}},
                                {{specs::acquire, {}}, {specs::release, {}}, {specs::acquire, {}}}};
  interleave::run_linearizability_scenario(specs::semaphore(1), scenario,
                                           [&](std::size_t op, const std::vector<LinValue>&) -> LinValue {
                                             if (op == specs::acquire)
                                               semaphore.acquire();
                                             else
                                               semaphore.release();
                                             return 0;
                                           });
}

// A register guarded by the readers-writer lock: writes under the write
// lock, reads under the read lock.
void rwlock_register() {
  interleave::RWLock<model_sync> lock;
  model_sync::shared<LinValue> value(0, "value");
  const LinScenario scenario = {{{specs::write, {1}}, {specs::read, {}}}, {{specs::read, {}}, {specs::write, {2}}}};
  interleave::run_linearizability_scenario(specs::rw_register(), scenario,
                                           [&](std::size_t op, const std::vector<LinValue>& args) -> LinValue {
                                             if (op == specs::write) {
                                               lock.acquire_write();
                                               value.set(args[0]);
                                               lock.release_write();
                                               return 0;
                                             }
                                             lock.acquire_read();
                                             const LinValue v = value.get();
                                             lock.release_read();
                                             return v;
                                           });
}

template <interleave::SplitCounterFlaw Flaw>
void split_counter() {
  interleave::SplitCounter<model_sync, Flaw> counter;
  const LinScenario scenario = {{{specs::increment, {}}, {specs::increment, {}}}, {{specs::get, {}}}};
  interleave::run_linearizability_scenario(specs::counter(), scenario,
                                           [&](std::size_t op, const std::vector<LinValue>&) -> LinValue {
                                             if (op == specs::increment) {
                                               counter.increment();
                                               return 0;
                                             }
                                             return counter.get();
                                           });
}

// The process Queue's ring (primitives/process/queue.hpp): the blocking
// queue over fixed slots, as it sits in shared memory, with model threads
// standing in for the processes; the same scenario as the blocking queue's.
void process_queue_ring() {
  interleave::BlockingQueue<LinValue, model_sync, interleave::BlockingQueueFlaw::none,
                            interleave::FixedSlots<LinValue, 2>>
      ring(2, "process-queue");
  interleave::run_linearizability_scenario(specs::queue(2), kQueueScenario,
                                           [&](std::size_t op, const std::vector<LinValue>& args) -> LinValue {
                                             if (op == specs::enqueue) {
                                               ring.enqueue(args[0]);
                                               return 0;
                                             }
                                             return ring.dequeue();
                                           });
}

// A future's value as a write-once register: both threads try to set it
// (the loser gets InvalidStateError) and then read it.
void future_write_once() {
  interleave::Future<LinValue, model_sync> future;
  const LinScenario scenario = {{{specs::set_once, {1}}, {specs::get_once, {}}},
                                {{specs::set_once, {2}}, {specs::get_once, {}}}};
  interleave::run_linearizability_scenario(specs::write_once(), scenario,
                                           [&](std::size_t op, const std::vector<LinValue>& args) -> LinValue {
                                             if (op == specs::get_once) return future.result();
                                             try {
                                               future.set_result(args[0]);
                                               return 0;
                                             } catch (const interleave::InvalidStateError&) {
                                               return specs::kAlreadySet;
                                             }
                                           });
}

constexpr auto kTokenPeriod = std::chrono::milliseconds(10);

LinValue nanoseconds(model_sync::clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count();
}

// TokenBucket (lazy refill), one token per 10 ms at most, two threads × two
// requests: every grant time is explained by the counter with time.
void token_bucket() {
  interleave::TokenBucket<model_sync> bucket(1, kTokenPeriod);
  const LinScenario scenario = {{{specs::get_token, {}}, {specs::get_token, {}}}, {{specs::get_token, {}}}};
  interleave::run_linearizability_scenario(
      specs::token_bucket(1, nanoseconds(model_sync::clock::time_point(kTokenPeriod)), nanoseconds(bucket.started())),
      scenario, [&](std::size_t, const std::vector<LinValue>&) -> LinValue { return nanoseconds(bucket.get_token()); });
}

// RefillingTokenBucket, one token per 10 ms at most: a request with
// argument 1 first waits half a period, so that one of the two such takes
// the token from a full bucket between two beats and the other waits for
// the next token.
template <interleave::RefillingTokenBucketFlaw Flaw>
void refilling_token_bucket() {
  const LinValue start = nanoseconds(model_sync::now());
  interleave::RefillingTokenBucket<model_sync, Flaw> bucket(1, kTokenPeriod);
  const LinScenario scenario = {{{specs::get_token, {1}}, {specs::get_token, {0}}}, {{specs::get_token, {1}}}};
  interleave::run_linearizability_scenario_beside(
      specs::refilling_token_bucket(1, nanoseconds(model_sync::clock::time_point(kTokenPeriod)), start), scenario,
      [&](std::size_t, const std::vector<LinValue>& args) -> LinValue {
        if (args[0] == 1) model_sync::sleep_for(kTokenPeriod / 2);
        return nanoseconds(bucket.get_token());
      });
}

interleave::Options dpor() { return {.strategy = interleave::Strategy::dpor}; }

const bool registered = [] {
  interleave::register_model({
      .name = "blocking-queue/linearizable",
      .primitive = "blocking-queue",
      .summary = "Two threads × three calls (enqueue 1, enqueue 2, dequeue | enqueue 3, dequeue, dequeue) on a "
                 "queue of capacity 2: every execution's history is linearizable against a sequential bounded "
                 "FIFO queue.",
      .passage = kQueuePassage,
      .expected = std::nullopt,
      .scenario = blocking_queue,
      .options = dpor(),
      .model_only = "the model checker stamps and checks the history (properties/linearizability_test.cpp checks "
                    "histories on real threads)",
  });
  interleave::register_model({
      .name = "blocking-queue/lanes-per-producer",
      .primitive = "blocking-queue",
      .summary = "Two threads each enqueue one item and dequeue one from a queue with one lane per producer.",
      .flaw = "Each producer appends to its own lane and a consumer looks at its own lane first. Every consumer "
              "sees each producer's items in order, but after thread 1's enqueue of 1 and thread 2's enqueue of 2 "
              "have both returned, thread 2 dequeues 2 while 1 is still queued: no FIFO queue does that.",
      .passage = kQueuePassage,
      .expected = interleave::ViolationKind::linearizability,
      .scenario = lane_queue,
      .options = dpor(),
      .model_only = "the model checker stamps and checks the history (properties/linearizability_test.cpp checks "
                    "histories on real threads)",
  });
  interleave::register_model({
      .name = "semaphore/linearizable",
      .primitive = "semaphore",
      .summary = "Two threads × three acquires and releases of a semaphore of one permit: every execution's "
                 "history is linearizable against an integer count that acquire decrements when positive.",
      .passage = "Semaphore: acquire waits while no permit is left; release adds one and wakes a waiter.",
      .expected = std::nullopt,
      .scenario = semaphore,
      .options = dpor(),
      .model_only = "the model checker stamps and checks the history (properties/linearizability_test.cpp checks "
                    "histories on real threads)",
  });
  interleave::register_model({
      .name = "rwlock/register",
      .primitive = "rwlock",
      .summary = "A register written under the write lock and read under the read lock, two threads × two calls: "
                 "every execution's history is linearizable against a plain variable.",
      .passage = "Read-Write Lock: design a lock which lets multiple readers read at the same time, but only one "
                 "writer write at a time.",
      .expected = std::nullopt,
      .scenario = rwlock_register,
      .options = dpor(),
      .model_only = "the model checker stamps and checks the history (properties/linearizability_test.cpp checks "
                    "histories on real threads)",
  });
  interleave::register_model({
      .name = "split-counter",
      .primitive = "split-counter",
      .summary = "A counter kept in two words, incremented twice by one thread while another reads it under the "
                 "lock: linearizable against an integer.",
      .passage = "count += 1 ... is not an atomic operation, which means that it has multiple steps.",
      .expected = std::nullopt,
      .scenario = split_counter<interleave::SplitCounterFlaw::none>,
      .options = dpor(),
      .model_only = "the model checker stamps and checks the history (properties/linearizability_test.cpp checks "
                    "histories on real threads)",
  });
  interleave::register_model({
      .name = "split-counter/torn-read",
      .primitive = "split-counter",
      .summary = "The same counter read without the lock, low word first.",
      .flaw = "get() reads the low word, then the high word, without the lock, so it can see half of the carry "
              "from 1 to 2 (low 1 -> 0, then high 0 -> 1): 3 when it reads low before the carry and high after, "
              "a value the counter never held; or 0 when it reads between the two writes, though the first "
              "increment had returned before get() began.",
      .passage = "count += 1 ... is not an atomic operation, which means that it has multiple steps.",
      .expected = interleave::ViolationKind::linearizability,
      .scenario = split_counter<interleave::SplitCounterFlaw::torn_read>,
      .options = dpor(),
      .model_only = "the model checker stamps and checks the history (properties/linearizability_test.cpp checks "
                    "histories on real threads)",
  });
  interleave::register_model({
      .name = "queue/linearizable",
      .primitive = "queue",
      .summary = "The process Queue's ring (the blocking queue over fixed slots in shared memory), model threads "
                 "for processes, two × three calls at capacity 2: every history is linearizable against a "
                 "bounded FIFO queue.",
      .passage = "multiprocessing.Queue: q.put(item), q.get()",
      .expected = std::nullopt,
      .scenario = process_queue_ring,
      .options = dpor(),
      .model_only = "the model checker stamps and checks the history (properties/linearizability_test.cpp checks "
                    "histories on real threads)",
  });
  interleave::register_model({
      .name = "future/write-once",
      .primitive = "future",
      .summary = "Two threads race to set a future (the loser gets InvalidStateError) and then read it: every "
                 "history is linearizable against a write-once register.",
      .passage = "Future: set_result() ... result() blocks until the future is done",
      .expected = std::nullopt,
      .scenario = future_write_once,
      .options = dpor(),
      .model_only = "the model checker stamps and checks the history (properties/linearizability_test.cpp checks "
                    "histories on real threads)",
  });
  interleave::register_model({
      .name = "token-bucket/linearizable",
      .primitive = "token-bucket",
      .summary = "Lazy refill, one token per 10 ms, at most one: three requests from two threads; every history "
                 "of grant times is linearizable against a counter with time.",
      .passage = "Rate-Limit using token bucket",
      .expected = std::nullopt,
      .scenario = token_bucket,
      .options = interleave::timed_model_options(),
      .model_only = "the model checker stamps and checks the history (properties/linearizability_test.cpp checks "
                    "histories on real threads)",
  });
  interleave::register_model({
      .name = "token-bucket-refill/linearizable",
      .primitive = "token-bucket-refill",
      .summary = "Refill thread, one token per 10 ms, at most one; one request takes the token from a full bucket "
                 "between two beats: every history of grant times is linearizable against the counter with time "
                 "whose period restarts on such a take.",
      .passage = "Rate-Limit using token bucket",
      .expected = std::nullopt,
      .scenario = refilling_token_bucket<interleave::RefillingTokenBucketFlaw::none>,
      .options = interleave::timed_model_options(),
      .model_only = "the model checker stamps and checks the history (properties/linearizability_test.cpp checks "
                    "histories on real threads)",
  });
  interleave::register_model({
      .name = "token-bucket-refill/fixed-phase-history",
      .primitive = "token-bucket-refill",
      .summary = "The notes' daemon, refilling on a fixed beat, against the same counter with time.",
      .flaw = "The token taken from the full bucket at 5 ms is replaced at the beat of 10 ms, half a period "
              "later: a grant at 10 ms that no counter restarting its period at the take allows.",
      .passage = "Rate-Limit using token bucket",
      .expected = interleave::ViolationKind::linearizability,
      .scenario = refilling_token_bucket<interleave::RefillingTokenBucketFlaw::fixed_phase>,
      .options = interleave::timed_model_options(),
      .model_only = "the model checker stamps and checks the history (properties/linearizability_test.cpp checks "
                    "histories on real threads)",
  });
  return true;
}();

}  // namespace
