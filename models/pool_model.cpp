// Models of the process pool's protocol (primitives/process/worker_pool.hpp),
// with model threads standing in for the processes: the parent's handler
// sends tasks through a task queue and takes answers from a result queue,
// both the BlockingQueue the process Queues are built on; each worker
// records the task it holds in its slot (the shared `holding` array) and
// marks its end (what waitpid tells the parent). Worker 0 dies in the middle
// of its first task: it has taken the task and recorded it, and ends without
// an answer, as a worker killed by a signal does.
//   pool               the handler takes answers with a timeout and, when
//                      none comes, looks at the workers' ends: a dead worker
//                      breaks the pool, every unanswered task fails
//                      (PoolBroken) and the parent goes on. Every task ends
//                      exactly once, answered or failed; nothing waits forever.
//   pool/wait-forever  the handler waits for each answer with a plain get,
//                      never looking at the workers: the dead worker's task
//                      is never answered and the parent waits forever.
#if defined(__clang__)  // model_sync's mutex carries no capability: the analysis is for real_sync
#pragma clang diagnostic ignored "-Wthread-safety-analysis"
#endif

#include <array>
#include <chrono>
#include <functional>
#include <optional>
#include <vector>

#include "interleave/interleave.hpp"
#include "models/registry.hpp"
#include "models/timed_options.hpp"
#include "primitives/blocking_queue.hpp"

namespace {

using interleave::model_sync;

constexpr const char* kPoolPassage =
    "multiprocessing.Pool / concurrent.futures.ProcessPoolExecutor: results = pool.map(f, xs); "
    "BrokenProcessPool: a child process terminated abruptly while the future was running";

constexpr int kTasks = 2;
constexpr int kWorkers = 2;
constexpr int kEnd = -1;   // the end marker on the task queue
constexpr int kIdle = -1;  // a slot's worker holds no task

enum class Outcome { none, answered, failed };

/// Task t's answer is t*10 + 1 (on the result queue as the task number and
/// the value: the answer t*10 + 1 identifies both).
template <bool WatchWorkers>
void pool_with_a_worker_dying_mid_task() {
  interleave::BlockingQueue<int, model_sync> tasks(kTasks + kWorkers, "tasks");
  interleave::BlockingQueue<int, model_sync> results(kTasks, "results");
  std::array<model_sync::atomic<int>, kWorkers> holding{model_sync::atomic<int>(kIdle, "holding[0]"),
                                                        model_sync::atomic<int>(kIdle, "holding[1]")};
  std::array<model_sync::atomic<bool>, kWorkers> ended{model_sync::atomic<bool>(false, "ended[0]"),
                                                       model_sync::atomic<bool>(false, "ended[1]")};
  std::array<Outcome, kTasks> outcome{};

  auto settle = [&](int task, Outcome how) {
    interleave::assert_that(outcome[task] == Outcome::none, "a task ends once: answered or failed, not both");
    outcome[task] = how;
  };

  auto worker = [&](int me) {
    for (;;) {
      const int task = tasks.dequeue();
      if (task == kEnd) break;
      holding[me].store(task);
      if (me == 0) break;  // killed mid-task: no answer, the slot still names the task
      results.enqueue(task * 10 + 1);
      holding[me].store(kIdle);
    }
    ended[me].store(true);  // waitpid now reports this worker's end
  };

  auto parent = [&] {
    for (int t = 0; t < kTasks; ++t) tasks.enqueue(t);
    int open = kTasks;
    bool broken = false;
    while (open > 0 && !broken) {
      std::optional<int> answer;
      if constexpr (WatchWorkers)
        answer = results.dequeue_until(model_sync::now() + std::chrono::milliseconds(5));
      else
        answer = results.dequeue();
      if (answer) {
        settle(*answer / 10, Outcome::answered);
        --open;
        continue;
      }
      for (int w = 0; w < kWorkers; ++w)
        if (ended[w].load()) broken = true;  // ended before the end marker: it died
    }
    if (broken)  // every unanswered task fails with PoolBroken
      for (int t = 0; t < kTasks; ++t)
        if (outcome[t] == Outcome::none) settle(t, Outcome::failed);
    for (int w = 0; w < kWorkers; ++w) tasks.enqueue(kEnd);  // stands in for stopping (or killing) the rest
  };

  interleave::run_together({parent, [&] { worker(0); }, [&] { worker(1); }});
  for (int t = 0; t < kTasks; ++t)
    interleave::assert_that(outcome[t] != Outcome::none, "every task is answered or fails: no caller waits forever");
  for (int t = 0; t < kTasks; ++t)
    if (outcome[t] == Outcome::answered)
      interleave::assert_that(holding[0].load() != t, "the task the dead worker held is never answered");
}

const bool registered = [] {
  interleave::register_model({
      .name = "pool",
      .primitive = "pool",
      .summary = "A pool's parent sends two tasks to two workers; worker 0 dies in the middle of its first task. "
                 "The parent takes answers with a timeout and checks the workers' ends: every task is answered "
                 "or fails with PoolBroken, once, and nothing waits forever.",
      .passage = kPoolPassage,
      .expected = std::nullopt,
      .scenario = pool_with_a_worker_dying_mid_task<true>,
      .options = interleave::timed_model_options(),
      .model_only = "model threads stand in for worker processes, and a worker's death is a model event (properties/pool_test.cpp "
                    "kills real workers)",
  });
  interleave::register_model({
      .name = "pool/wait-forever",
      .primitive = "pool",
      .summary = "The same pool, whose parent waits for each answer with a plain get.",
      .flaw = "The dead worker's task is never answered, and a parent that only waits on the result queue never "
              "learns that its worker is gone: it waits forever while the other worker waits for work: deadlock.",
      .passage = kPoolPassage,
      .expected = interleave::ViolationKind::deadlock,
      .scenario = pool_with_a_worker_dying_mid_task<false>,
      .options = interleave::timed_model_options(),
      .model_only = "model threads stand in for worker processes, and a worker's death is a model event (properties/pool_test.cpp "
                    "kills real workers)",
  });
  return true;
}();

}  // namespace
