// Pool with real worker processes: map returns fn of every argument in input
// order for random sizes, chunk sizes and worker counts; apply; an exception
// in fn is rethrown; a worker killed mid-task (by a signal of its own or from
// outside) breaks the pool with PoolBroken naming the task, never a hang, and
// every later call throws.
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <stdexcept>
#include <thread>
#include <vector>

#include "primitives/process/pool.hpp"

namespace {

using interleave::process::Pool;
using interleave::process::PoolBroken;
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
