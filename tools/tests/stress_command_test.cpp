// `interleave stress` against models whose outcome on real threads is known:
// the locked counter passes its runs, a variant that always deadlocks is
// reported hung within the hang timeout, and (built with ThreadSanitizer, the
// tsan-models preset) TSan reports the unlocked counter's data race and the
// lock-order inversion. Runs the built `interleave` binary.
#include <gtest/gtest.h>

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <string>

namespace {

struct Outcome {
  int code = -1;
  std::string output;  ///< stdout and stderr together
};

Outcome stress(const std::string& args) {
  const std::string command = std::string("(") + INTERLEAVE_CLI + " stress " + args + ") 2>&1";
  Outcome out;
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return out;
  std::array<char, 4096> buffer{};
  while (std::fgets(buffer.data(), buffer.size(), pipe)) out.output += buffer.data();
  const int status = pclose(pipe);
  out.code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return out;
}

bool contains(const std::string& text, const std::string& words) { return text.find(words) != std::string::npos; }

TEST(Stress, ACorrectModelPassesItsRuns) {
  const Outcome out = stress("counter --runs 200 --seconds 30");
  EXPECT_EQ(out.code, 0) << out.output;
  EXPECT_TRUE(contains(out.output, "counter: 200 runs")) << out.output;
  EXPECT_TRUE(contains(out.output, "no failure")) << out.output;
#ifdef STRESS_UNDER_TSAN
  EXPECT_TRUE(contains(out.output, "ThreadSanitizer: nothing reported")) << out.output;
#endif
}

TEST(Stress, AVariantThatAlwaysDeadlocksIsReportedHung) {
  // A task on a one-worker pool submits another and waits for it: the only
  // worker waits for itself in every run.
  const Outcome out = stress("executor/self-wait --runs 50 --seconds 30 --hang-after 1");
  EXPECT_EQ(out.code, 1) << out.output;
  EXPECT_TRUE(contains(out.output, "hung (deadlock?) in run 1")) << out.output;
}

TEST(Stress, AModelWithoutARealScenarioSaysWhy) {
  const Outcome out = stress("future/timeout --runs 1");
  EXPECT_EQ(out.code, 0) << out.output;
  EXPECT_TRUE(contains(out.output, "future/timeout: model only: result(timeout)")) << out.output;
}

#ifdef STRESS_UNDER_TSAN
TEST(StressUnderTsan, ReportsTheUnlockedCountersDataRace) {
  const Outcome out = stress("counter/unlocked --runs 200 --seconds 30");
  EXPECT_EQ(out.code, 1) << out.output;
  EXPECT_TRUE(contains(out.output, "ThreadSanitizer: data race")) << out.output;
}

TEST(StressUnderTsan, ReportsTheLockOrderInversion) {
  const Outcome out = stress("lock-order/inversion --runs 200 --seconds 30 --hang-after 2");
  EXPECT_EQ(out.code, 1) << out.output;
  EXPECT_TRUE(contains(out.output, "lock-order-inversion")) << out.output;
}

TEST(StressUnderTsan, ReportsNothingOnTheLockOrderThatIsKept) {
  const Outcome out = stress("lock-order --runs 200 --seconds 30");
  EXPECT_EQ(out.code, 0) << out.output;
  EXPECT_TRUE(contains(out.output, "ThreadSanitizer: nothing reported")) << out.output;
}
#endif

}  // namespace
