// The spawn start method with real processes: a spawned child is a fresh
// image of this test program running a registered entry point; its exit code,
// its arguments, an unknown entry (127), a throwing entry (1), and a Pipe end
// passed as descriptor 3 over which the parent and the child talk. This test
// has its own main, which runs a spawned child's entry first.
#include <gtest/gtest.h>

#include <chrono>
#include <stdexcept>
#include <string>

#include "primitives/process/pipe.hpp"
#include "primitives/process/process.hpp"
#include "primitives/process/spawn.hpp"

namespace {

using interleave::process::Connection;
using interleave::process::Pipe;
using interleave::process::Process;
using interleave::process::register_spawn_entry;
using interleave::process::Spawn;
using interleave::process::SpawnArgs;
using namespace std::chrono_literals;

/// A spawned child starts from main: a global changed by the parent before
/// the spawn is back at its initial value there (nothing is inherited).
int changed_in_parent = 0;

const bool registered = register_spawn_entry("sum-args",
                                             [](const SpawnArgs& given) {
                                               int sum = changed_in_parent;
                                               for (const auto& a : given.args) sum += std::stoi(a);
                                               return sum;
                                             }) &&
                        register_spawn_entry("throw", [](const SpawnArgs&) -> int { throw std::runtime_error("x"); }) &&
                        register_spawn_entry("square-over-pipe", [](const SpawnArgs& given) {
                          if (given.fds != 1) return 2;
                          Connection conn(3, true, true);
                          while (auto v = conn.recv<long>()) conn.send(*v * *v);
                          return 0;
                        });

TEST(Spawn, ChildRunsTheEntryWithItsArgumentsInAFreshImage) {
  changed_in_parent = 100;
  Process p(Spawn{"sum-args", {"3", "4"}, {}});
  p.start();
  ASSERT_TRUE(p.join(20s));
  EXPECT_EQ(p.exitcode(), 7);  // 3 + 4 + the fresh image's 0, not 100
}

TEST(Spawn, UnknownEntryExitsWith127AndAThrowingOneWith1) {
  Process unknown(Spawn{"no-such-entry", {}, {}});
  Process throwing(Spawn{"throw", {}, {}});
  unknown.start();
  throwing.start();
  ASSERT_TRUE(unknown.join(20s));
  ASSERT_TRUE(throwing.join(20s));
  EXPECT_EQ(unknown.exitcode(), 127);
  EXPECT_EQ(throwing.exitcode(), 1);
}

TEST(Spawn, APassedPipeEndCarriesMessagesBothWays) {
  auto [mine, theirs] = Pipe();
  Process p(Spawn{"square-over-pipe", {}, {theirs.fileno()}});
  p.start();
  theirs.close();
  for (long v = 1; v <= 20; ++v) {
    mine.send(v);
    EXPECT_EQ(mine.recv<long>(), v * v);
  }
  mine.close();  // end of stream: the child's loop ends
  ASSERT_TRUE(p.join(20s));
  EXPECT_EQ(p.exitcode(), 0);
}

TEST(Spawn, ASpawnedChildCanBeTerminated) {
  auto [mine, theirs] = Pipe();
  Process p(Spawn{"square-over-pipe", {}, {theirs.fileno()}});
  p.start();
  theirs.close();
  EXPECT_FALSE(p.join(50ms));  // waiting for messages
  p.terminate();
  ASSERT_TRUE(p.join(20s));
  EXPECT_EQ(p.exitcode(), -SIGTERM);
}

}  // namespace

int main(int argc, char** argv) {
  interleave::process::run_spawn_entry_if_requested(argc, argv);
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
