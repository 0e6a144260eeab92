// The fork-server start method with real processes: one server process
// (started at the first request) forks every child; a child runs a
// registered entry with its arguments from the program's state after static
// initialisation (nothing the parent changed later); exit codes, an unknown
// entry (127), a throwing entry (1), a Pipe end passed as descriptor 3; join
// with a timeout, is_alive, terminate (-SIGTERM); a child killed by a signal
// of its own or from outside is reported with -N, never waited on forever.
// A property starts random batches of children from several threads at once
// and checks every child's reported end. This test has its own main, which
// runs a spawned child's entry (the server is one) first.
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <memory>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "primitives/process/forkserver.hpp"
#include "primitives/process/pipe.hpp"
#include "primitives/process/process.hpp"
#include "primitives/process/spawn.hpp"

namespace {

using interleave::process::Connection;
using interleave::process::ForkServer;
using interleave::process::Pipe;
using interleave::process::Process;
using interleave::process::register_spawn_entry;
using interleave::process::Spawn;
using interleave::process::SpawnArgs;
using interleave::process::StartMethod;
using namespace std::chrono_literals;

int changed_in_parent = 0;

const bool registered =
    register_spawn_entry("fs-sum-args",
                         [](const SpawnArgs& given) {
                           int sum = changed_in_parent;
                           for (const auto& a : given.args) sum += std::stoi(a);
                           return sum;
                         }) &&
    register_spawn_entry("fs-throw", [](const SpawnArgs&) -> int { throw std::runtime_error("x"); }) &&
    register_spawn_entry("fs-signal",
                         [](const SpawnArgs& given) {
                           ::raise(std::stoi(given.args.at(0)));
                           return 0;
                         }) &&
    register_spawn_entry("fs-sleep-then-exit",
                         [](const SpawnArgs& given) {
                           std::this_thread::sleep_for(std::chrono::milliseconds(std::stoi(given.args.at(0))));
                           return std::stoi(given.args.at(1));
                         }) &&
    register_spawn_entry("fs-pid",
                         [](const SpawnArgs& given) {
                           Connection conn(3, false, true);
                           conn.send(static_cast<long>(::getppid()));
                           return given.fds;
                         }) &&
    register_spawn_entry("fs-square-over-pipe", [](const SpawnArgs& given) {
      if (given.fds != 1) return 2;
      Connection conn(3, true, true);
      while (auto v = conn.recv<long>()) conn.send(*v * *v);
      return 0;
    });

Process forkserver(std::string entry, std::vector<std::string> args = {}, std::vector<int> fds = {}) {
  return Process(Spawn{std::move(entry), std::move(args), std::move(fds)}, StartMethod::forkserver);
}

TEST(ForkServer, ChildRunsTheEntryWithItsArgumentsFromTheServersState) {
  changed_in_parent = 100;
  Process p = forkserver("fs-sum-args", {"3", "4"});
  p.start();
  ASSERT_TRUE(p.join(20s));
  EXPECT_EQ(p.exitcode(), 7);  // 3 + 4 + 0: the change made here is not in the server
}

TEST(ForkServer, ChildrenAreForkedByTheOneServer) {
  for (int k = 0; k < 3; ++k) {
    auto [mine, theirs] = Pipe(false);
    Process p = forkserver("fs-pid", {}, {theirs.fileno()});
    p.start();
    theirs.close();
    EXPECT_EQ(mine.recv<long>(), static_cast<long>(ForkServer::instance().pid()));  // its parent
    ASSERT_TRUE(p.join(20s));
    EXPECT_EQ(p.exitcode(), 1);  // it was given one descriptor
    EXPECT_NE(p.pid(), ForkServer::instance().pid());
  }
}

TEST(ForkServer, UnknownEntryExitsWith127AndAThrowingOneWith1) {
  Process unknown = forkserver("no-such-entry");
  Process throwing = forkserver("fs-throw");
  unknown.start();
  throwing.start();
  ASSERT_TRUE(unknown.join(20s));
  ASSERT_TRUE(throwing.join(20s));
  EXPECT_EQ(unknown.exitcode(), 127);
  EXPECT_EQ(throwing.exitcode(), 1);
}

TEST(ForkServer, APassedPipeEndCarriesMessagesBothWaysAndTerminateEndsTheChild) {
  auto [mine, theirs] = Pipe();
  Process p = forkserver("fs-square-over-pipe", {}, {theirs.fileno()});
  p.start();
  theirs.close();
  for (long v = 1; v <= 20; ++v) {
    mine.send(v);
    EXPECT_EQ(mine.recv<long>(), v * v);
  }
  EXPECT_TRUE(p.is_alive());
  EXPECT_FALSE(p.join(50ms));  // waiting for messages
  EXPECT_EQ(p.exitcode(), std::nullopt);
  p.terminate();
  ASSERT_TRUE(p.join(20s));
  EXPECT_FALSE(p.is_alive());
  EXPECT_EQ(p.exitcode(), -SIGTERM);
}

TEST(ForkServer, AChildKilledFromOutsideIsReportedNotWaitedOnForever) {
  auto [mine, theirs] = Pipe();
  Process p = forkserver("fs-square-over-pipe", {}, {theirs.fileno()});
  p.start();
  theirs.close();
  ::kill(p.pid(), SIGKILL);  // not through the handle: the server reports it
  ASSERT_TRUE(p.join(20s));
  EXPECT_EQ(p.exitcode(), -SIGKILL);
}

RC_GTEST_PROP(ForkServer, EveryChildsEndIsReportedAsItHappened, ()) {
  const int threads = *rc::gen::inRange(1, 4);
  const int per_thread = *rc::gen::inRange(1, 6);
  struct Plan {
    int code;    // exit code, or -signal
    int millis;  // how long it runs first
  };
  std::vector<Plan> plans;
  // Signals whose default action ends the process (not SIGSEGV: the sanitizers catch it).
  for (int k = 0; k < threads * per_thread; ++k)
    plans.push_back({*rc::gen::element(0, 1, 5, 42, -SIGKILL, -SIGUSR1, -SIGTERM), *rc::gen::inRange(0, 30)});
  std::vector<std::unique_ptr<Process>> children(plans.size());
  std::vector<std::thread> starters;
  for (int t = 0; t < threads; ++t)
    starters.emplace_back([&, t] {
      for (int k = t * per_thread; k < (t + 1) * per_thread; ++k) {
        const Plan& plan = plans[k];
        children[k] = std::make_unique<Process>(
            plan.code < 0 ? forkserver("fs-signal", {std::to_string(-plan.code)})
                          : forkserver("fs-sleep-then-exit", {std::to_string(plan.millis), std::to_string(plan.code)}));
        children[k]->start();
      }
    });
  for (auto& s : starters) s.join();
  std::set<pid_t> pids;
  for (std::size_t k = 0; k < plans.size(); ++k) {
    RC_ASSERT(children[k]->join(20s));
    RC_ASSERT(children[k]->exitcode() == plans[k].code);
    pids.insert(children[k]->pid());
  }
  RC_ASSERT(pids.size() == plans.size());
}

}  // namespace

int main(int argc, char** argv) {
  interleave::process::run_spawn_entry_if_requested(argc, argv);
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
