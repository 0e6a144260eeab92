// Properties of ProcessPoolExecutor with real worker processes: submitted
// registered tasks return fn(args) (or rethrow its message); map keeps input
// order and rethrows at the failing position; the futures are the ones of
// the futures API: wait() and as_completed() take futures of a process pool
// and a thread pool together, each yielded once; a done callback runs
// exactly once per future; a future cancelled before its task was sent to a
// worker never runs, and the tasks that ran are exactly the ones not
// cancelled (also with shutdown(cancel_futures)); a worker killed mid-task
// fails its future with PoolBroken and later submits throw, never a hang.
// More cases: RC_PARAMS="max_success=500" ./property_process_pool_executor_test
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <chrono>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "primitives/future_wait.hpp"
#include "primitives/process/process_pool_executor.hpp"
#include "primitives/process/shared_object.hpp"
#include "primitives/thread_pool_executor.hpp"

namespace {

using interleave::CancelledError;
using interleave::ExecutorShutdownError;
using interleave::Future;
using interleave::process::PoolBroken;
using interleave::process::ProcessPoolExecutor;
using interleave::process::register_task;
using interleave::process::SharedObject;
using namespace std::chrono_literals;

/// What the workers share with the test: created before any executor forks.
struct Shared {
  std::atomic<int> gate{0};  // tasks "wait_gate" spin until it is 1
  std::atomic<int> ran{0};
  std::array<std::atomic<int>, 1024> log{};  // the arguments of the "record" tasks that ran
};
Shared* shared() {
  static SharedObject<Shared> object;
  return object.get();
}
const bool shared_made = shared() != nullptr;

const auto square = register_task("square", [](int x) {
  if (x < 0) throw std::invalid_argument("negative " + std::to_string(x));
  return static_cast<long>(x) * x;
});
const auto add = register_task("add", [](long a, long b) { return a + b; });
const auto wait_gate = register_task("wait_gate", [](int) {
  while (shared()->gate.load() == 0) std::this_thread::sleep_for(1ms);
  return 0;
});
const auto record = register_task("record", [](int x) {
  shared()->log[shared()->ran.fetch_add(1)].store(x);
  return x;
});
const auto die = register_task("die", [](int) {
  ::raise(SIGKILL);
  return 0;
});

RC_GTEST_PROP(ProcessPoolExecutor, SubmitAndMapReturnWhatTheSequentialCallsReturn, ()) {
  const int workers = *rc::gen::inRange(1, 4);
  const std::size_t chunksize = *rc::gen::inRange(1, 6);
  const auto xs = *rc::gen::container<std::vector<int>>(rc::gen::inRange(-3, 1000));
  ProcessPoolExecutor<> executor(workers);
  std::vector<Future<long>> futures;
  for (int x : xs) futures.push_back(executor.submit(square, x));
  for (std::size_t k = 0; k < xs.size(); ++k) {
    if (xs[k] >= 0) {
      RC_ASSERT(futures[k].result() == static_cast<long>(xs[k]) * xs[k]);
    } else {
      try {
        futures[k].result();
        RC_FAIL("no exception");
      } catch (const std::runtime_error& e) {
        RC_ASSERT(std::string(e.what()) == "negative " + std::to_string(xs[k]));
      }
    }
  }
  auto mapped = executor.map(square, xs, chunksize);
  for (int x : xs) {
    if (x >= 0) {
      RC_ASSERT(mapped.next() == static_cast<long>(x) * x);
    } else {
      RC_ASSERT_THROWS_AS(mapped.next(), std::runtime_error);
      // The rest of the failing chunk is not computed: skip to the next chunk.
      break;
    }
  }
  RC_ASSERT(executor.submit(add, 40, 2).result() == 42);
}

TEST(ProcessPoolExecutor, WaitAndAsCompletedTakeFuturesOfAProcessPoolAndAThreadPoolTogether) {
  ProcessPoolExecutor<> processes(2);
  interleave::ThreadPoolExecutor<> threads(2);
  std::vector<Future<long>> futures;
  for (int x = 0; x < 10; ++x) {
    futures.push_back(processes.submit(square, x));
    futures.push_back(threads.submit([x] { return -static_cast<long>(x); }));
  }
  std::atomic<int> callbacks{0};  // added before as_completed watches: they run before it yields
  for (auto& f : futures)
    f.add_done_callback([&callbacks](const Future<long>& done) {
      EXPECT_TRUE(done.done());
      callbacks.fetch_add(1);
    });
  auto completed = interleave::as_completed(futures, std::chrono::seconds(20));
  std::multiset<long> seen;
  while (auto f = completed.next()) seen.insert(f->result());
  EXPECT_EQ(seen.size(), 20u);
  for (int x = 0; x < 10; ++x) {
    EXPECT_EQ(seen.count(static_cast<long>(x) * x), x == 0 ? 2u : 1u);
    if (x > 0) {
      EXPECT_EQ(seen.count(-static_cast<long>(x)), 1u);
    }
  }
  const auto waited = interleave::wait(futures, interleave::ReturnWhen::all_completed);
  EXPECT_EQ(waited.done.size(), 20u);
  EXPECT_EQ(callbacks.load(), 20);
}

RC_GTEST_PROP(ProcessPoolExecutor, ACancelledTaskNeverRunsAndEveryOtherRunsOnce, ()) {
  const int workers = *rc::gen::inRange(1, 3);
  const int tasks = *rc::gen::inRange(0, 30);
  const auto cancel = *rc::gen::container<std::vector<bool>>(tasks, rc::gen::arbitrary<bool>());
  const bool shutdown_cancels = *rc::gen::arbitrary<bool>();
  Shared& s = *shared();
  s.gate.store(0);
  s.ran.store(0);
  std::vector<Future<int>> futures;
  std::vector<bool> cancelled(tasks, false);
  {
    ProcessPoolExecutor<> executor(workers);
    std::vector<Future<int>> gates;
    for (int w = 0; w < workers; ++w) gates.push_back(executor.submit(wait_gate, 0));  // every worker busy
    for (int k = 0; k < tasks; ++k) futures.push_back(executor.submit(record, k));
    for (int k = 0; k < tasks; ++k)
      if (cancel[k]) cancelled[k] = futures[k].cancel();
    if (shutdown_cancels) executor.shutdown(false, true);
    s.gate.store(1);
    executor.shutdown(true);
  }
  std::set<int> ran;
  for (int k = 0; k < s.ran.load(); ++k) RC_ASSERT(ran.insert(s.log[k].load()).second);  // at most once
  for (int k = 0; k < tasks; ++k) {
    RC_ASSERT(futures[k].done());
    if (futures[k].cancelled()) {
      RC_ASSERT(ran.count(k) == 0u);
      RC_ASSERT_THROWS_AS(futures[k].result(), CancelledError);
    } else {
      RC_ASSERT(!cancelled[k]);
      RC_ASSERT(ran.count(k) == 1u);
      RC_ASSERT(futures[k].result() == k);
    }
  }
  // Beyond the window of claimed tasks, asking for a cancel succeeds.
  if (!shutdown_cancels && tasks > 2 * workers) RC_ASSERT(cancelled[tasks - 1] == cancel[tasks - 1]);
}

TEST(ProcessPoolExecutor, SubmitAfterShutdownThrows) {
  ProcessPoolExecutor<> executor(1);
  executor.shutdown();
  EXPECT_THROW(executor.submit(square, 1), ExecutorShutdownError);
}

TEST(ProcessPoolExecutor, AWorkerKilledMidTaskFailsItsFutureAndBreaksThePool) {
  ProcessPoolExecutor<> executor(2);
  auto lost = executor.submit(die, 0);
  try {
    lost.result(20s);
    FAIL() << "no exception";
  } catch (const PoolBroken& e) {
    EXPECT_NE(std::string(e.what()).find("exit code -9 holding task 0"), std::string::npos) << e.what();
  }
  EXPECT_THROW(executor.submit(square, 1), PoolBroken);
}

}  // namespace
