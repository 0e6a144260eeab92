// Pool with real worker processes: map returns fn of every argument in input
// order for random sizes, chunk sizes and worker counts; apply and
// apply_async (futures that wait()/as_completed() accept); an initializer
// with arguments runs exactly once in every worker process, before its
// tasks; with max_tasks_per_child = k at least tasks/k distinct processes
// did the work; an exception in fn is rethrown; a worker killed mid-task (by
// a signal of its own or from outside) breaks the pool with PoolBroken naming
// the task, never a hang, and every later call throws.
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <chrono>
#include <stdexcept>
#include <thread>
#include <vector>

#include <algorithm>
#include <set>
#include <utility>

#include "primitives/future_wait.hpp"
#include "primitives/process/pool.hpp"
#include "primitives/process/shared_object.hpp"

namespace {

using interleave::process::Pool;
using interleave::process::PoolBroken;
using interleave::process::PoolOptions;
using interleave::process::SharedObject;
using namespace std::chrono_literals;

long square_or_fail(const int& x) {
  if (x == -1) throw std::invalid_argument("minus one");
  if (x == -9) ::raise(SIGKILL);
  if (x == -2)
    for (;;) ::pause();
  return static_cast<long>(x) * x;
}

RC_GTEST_PROP(Pool, MapReturnsEveryResultInInputOrder, ()) {
  const int workers = *rc::gen::inRange(1, 5);
  const int chunksize = *rc::gen::inRange(1, 10);
  const auto args = *rc::gen::container<std::vector<int>>(rc::gen::inRange(0, 100000));
  Pool<int, long> pool(workers, square_or_fail);
  const auto out = pool.map(args, chunksize);
  RC_ASSERT(out.size() == args.size());
  for (std::size_t k = 0; k < args.size(); ++k) RC_ASSERT(out[k] == static_cast<long>(args[k]) * args[k]);
}

/// What the initializer of a worker set: added to every result of that worker.
long worker_offset = 0;

/// Every initializer run appends its process's pid here (shared by the
/// workers: created before the pool forks them).
struct InitLog {
  std::atomic<int> count{0};
  std::array<std::atomic<int>, 4096> pids{};
};

void record_init(InitLog* log, long offset) {
  worker_offset = offset;
  log->pids[log->count.fetch_add(1)].store(::getpid());
}

/// (x*x + the worker's offset, the worker's pid).
std::pair<long, int> square_with_pid(const int& x) { return {static_cast<long>(x) * x + worker_offset, ::getpid()}; }

RC_GTEST_PROP(Pool, InitializerRunsOncePerWorkerAndMaxTasksPerChildReplacesWorkers, ()) {
  const int workers = *rc::gen::inRange(1, 4);
  const int max_tasks = *rc::gen::inRange(0, 5);  // 0: no limit
  const int chunksize = *rc::gen::inRange(1, 4);
  const long offset = *rc::gen::inRange(1, 1000);
  const auto args = *rc::gen::container<std::vector<int>>(rc::gen::inRange(0, 1000));
  SharedObject<InitLog> log;
  std::vector<std::pair<long, int>> out;
  int started = 0;
  {
    Pool<int, std::pair<long, int>> pool(
        workers, square_with_pid,
        PoolOptions{interleave::process::initializer(record_init, log.get(), offset), max_tasks});
    out = pool.map(args, chunksize);
    pool.close();  // every worker has run its initializer (or died) by now
    started = pool.started_workers();
  }
  RC_ASSERT(out.size() == args.size());
  std::set<int> doers;
  for (std::size_t k = 0; k < args.size(); ++k) {
    RC_ASSERT(out[k].first == static_cast<long>(args[k]) * args[k] + offset);
    doers.insert(out[k].second);
  }
  std::multiset<int> inits;
  for (int k = 0; k < log->count.load(); ++k) inits.insert(log->pids[k].load());
  RC_ASSERT(static_cast<int>(inits.size()) == started);  // once per started worker
  for (int pid : inits) RC_ASSERT(inits.count(pid) == 1u);
  for (int pid : doers) RC_ASSERT(inits.count(pid) == 1u);  // every worker that computed was initialised
  const std::size_t tasks = (args.size() + chunksize - 1) / chunksize;
  if (max_tasks > 0) RC_ASSERT(doers.size() >= (tasks + max_tasks - 1) / max_tasks);
}

TEST(Pool, ApplyAsyncFuturesWorkWithWaitAndAsCompleted) {
  Pool<int, long> pool(2, square_or_fail);
  std::vector<interleave::Future<long>> futures;
  for (int x = 0; x < 20; ++x) futures.push_back(pool.apply_async(x));
  const auto waited = interleave::wait(futures, interleave::ReturnWhen::all_completed);
  EXPECT_EQ(waited.done.size(), futures.size());
  auto completed = interleave::as_completed(futures);
  std::set<long> seen;
  while (auto f = completed.next()) seen.insert(f->result());
  EXPECT_EQ(seen.size(), 20u);
  for (int x = 0; x < 20; ++x) EXPECT_EQ(futures[x].result(), long(x) * x);
  auto failing = pool.apply_async(-1);
  EXPECT_THROW(failing.result(), std::runtime_error);
}

TEST(Pool, AWorkerKilledMidApplyAsyncFailsItsFutureWithPoolBroken) {
  Pool<int, long> pool(2, square_or_fail);
  auto lost = pool.apply_async(-9);
  EXPECT_THROW(lost.result(std::chrono::seconds(20)), PoolBroken);
  EXPECT_THROW(pool.apply_async(1), PoolBroken);
}

TEST(Pool, AThrowingInitializerBreaksThePool) {
  Pool<int, long> pool(1, square_or_fail, PoolOptions{[] { throw std::runtime_error("no setup"); }, 0});
  try {
    pool.apply(3);
    FAIL() << "no exception";
  } catch (const PoolBroken& e) {
    EXPECT_NE(std::string(e.what()).find("initializer threw"), std::string::npos) << e.what();
  }
}

TEST(Pool, ApplyAndAnExceptionInTheFunctionIsRethrown) {
  Pool<int, long> pool(2, square_or_fail);
  EXPECT_EQ(pool.apply(12), 144);
  try {
    pool.map({1, 2, -1, 4}, 1);
    FAIL() << "no exception";
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(), "minus one");
  }
  EXPECT_EQ(pool.map({3, 4}), (std::vector<long>{9, 16}));  // the pool still works
}

TEST(Pool, AWorkerKilledMidTaskBreaksThePoolInsteadOfHanging) {
  Pool<int, long> pool(2, square_or_fail);
  try {
    pool.map({1, -9, 3}, 1);
    FAIL() << "no exception";
  } catch (const PoolBroken& e) {
    EXPECT_NE(std::string(e.what()).find("exit code -9 holding task 1"), std::string::npos) << e.what();
  }
  EXPECT_THROW(pool.apply(2), PoolBroken);
}

TEST(Pool, AWorkerKilledFromOutsideMidTaskBreaksThePool) {
  Pool<int, long> pool(1, square_or_fail);
  const pid_t worker = pool.worker_pids().front();
  std::thread killer([worker] {
    std::this_thread::sleep_for(100ms);  // the worker is inside the endless task by then, or the
    ::kill(worker, SIGKILL);             // pool is broken between tasks: either way it must not hang
  });
  EXPECT_THROW(pool.map({-2}), PoolBroken);
  killer.join();
}

}  // namespace
