// Process with real children: exit codes (returned, thrown, signalled as -N),
// join with a timeout that expires on a running child and succeeds once it
// ends, terminate and kill, is_alive, a child that dies by a signal of its own
// (abort) reported without hanging, and a running child killed when its
// handle is destroyed.
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <stdexcept>
#include <thread>

#include "primitives/process/process.hpp"
#include "primitives/process/shared_object.hpp"

namespace {

using interleave::process::Process;
using interleave::process::SharedObject;
using namespace std::chrono_literals;

TEST(Process, VoidTargetExitsWithZero) {
  Process p([] {});
  EXPECT_FALSE(p.exitcode().has_value());
  p.start();
  ASSERT_TRUE(p.join(10s));
  EXPECT_EQ(p.exitcode(), 0);
  EXPECT_FALSE(p.is_alive());
}

TEST(Process, ReturnedIntIsTheExitCode) {
  Process p([] { return 7; });
  p.start();
  p.join();
  EXPECT_EQ(p.exitcode(), 7);
}

TEST(Process, ThrowingTargetExitsWithOne) {
  Process p([]() -> int { throw std::runtime_error("boom"); });
  p.start();
  ASSERT_TRUE(p.join(10s));
  EXPECT_EQ(p.exitcode(), 1);
}

TEST(Process, ChildKilledBySignalOfItsOwnIsReportedNegative) {
  Process p([] { std::abort(); });
  p.start();
  ASSERT_TRUE(p.join(10s));
  EXPECT_EQ(p.exitcode(), -SIGABRT);
}

TEST(Process, JoinTimesOutOnARunningChildThenTerminateEndsIt) {
  Process p([] {
    for (;;) ::pause();
  });
  p.start();
  EXPECT_FALSE(p.join(50ms));
  EXPECT_TRUE(p.is_alive());
  EXPECT_FALSE(p.exitcode().has_value());
  p.terminate();
  ASSERT_TRUE(p.join(10s));
  EXPECT_EQ(p.exitcode(), -SIGTERM);
  EXPECT_FALSE(p.is_alive());
  p.terminate();  // after the end: no effect, no error
  EXPECT_EQ(p.exitcode(), -SIGTERM);
}

TEST(Process, KillEndsAChildThatIgnoresSigterm) {
  SharedObject<std::atomic<bool>> ignoring(false);
  Process p([&ignoring] {
    ::signal(SIGTERM, SIG_IGN);
    ignoring->store(true);
    for (;;) ::pause();
  });
  p.start();
  while (!ignoring->load()) std::this_thread::yield();
  p.terminate();
  EXPECT_FALSE(p.join(100ms));
  p.kill();
  ASSERT_TRUE(p.join(10s));
  EXPECT_EQ(p.exitcode(), -SIGKILL);
}

TEST(Process, DestroyingTheHandleKillsARunningChild) {
  pid_t pid = -1;
  {
    Process p([] {
      for (;;) ::pause();
    });
    p.start();
    pid = p.pid();
    ASSERT_EQ(::kill(pid, 0), 0);
  }
  // Killed and reaped: the pid no longer names a process of ours.
  EXPECT_EQ(::kill(pid, 0), -1);
}

TEST(Process, StartTwiceAndJoinBeforeStartAreErrors) {
  Process p([] {});
  EXPECT_THROW(p.join(1ms), std::logic_error);
  p.start();
  EXPECT_THROW(p.start(), std::logic_error);
  p.join();
}

}  // namespace
