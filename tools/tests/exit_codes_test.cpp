// The command line's contract with CI: each input below, good or bad, gives
// the exit code and the words it must. Runs the built `interleave` binary.
#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

namespace {

struct Outcome {
  int code = -1;
  std::string output;  ///< stdout and stderr together
};

/// Runs a shell command line, stdout and stderr captured together.
Outcome run_shell(const std::string& line) {
  const std::string command = "(" + line + ") 2>&1";
  Outcome out;
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return out;
  std::array<char, 4096> buffer{};
  while (std::fgets(buffer.data(), buffer.size(), pipe)) out.output += buffer.data();
  const int status = pclose(pipe);
  out.code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return out;
}

Outcome run(const std::string& args) { return run_shell(std::string(INTERLEAVE_CLI) + " " + args); }

struct Case {
  const char* args;
  int code;
  const char* words;  ///< must appear in the output
};

class ExitCodes : public testing::TestWithParam<Case> {};

TEST_P(ExitCodes, AreTrue) {
  const Case& c = GetParam();
  const Outcome out = run(c.args);
  EXPECT_EQ(out.code, c.code) << c.args << "\n" << out.output;
  EXPECT_NE(out.output.find(c.words), std::string::npos) << c.args << "\n" << out.output;
}

const Case kCases[] = {
    // Verdicts.
    {"check counter", 0, "holds"},
    {"check counter/unlocked", 1, "violated"},
    {"check counter --jobs 4", 0, "holds"},
    {"check counter --jobs 256", 0, "holds"},
    {"check counter/unlocked --jobs 256", 1, "violated"},
    {"check counter --shard 1/7", 0, "has nothing to explore"},
    {"check counter --shard 2/7", 0, "shard 2/7 only"},
    {"check counter/unlocked --strategy random --budget-executions 1", 1, "violated"},
    {"check counter/unlocked --strategy pct", 1, "violated"},
    {"check counter --strategy random --budget-executions 5", 0, "sampled, not exhaustive"},
    {"check counter --max-steps 1", 3, "raise --max-steps"},
    {"check lastzero-15 --budget-executions 10", 3, "stopped after 10 executions"},
    // Numbers out of range are usage errors, never reinterpreted.
    {"check counter --max-steps 0", 2, "--max-steps"},
    {"check counter --max-steps -1", 2, "--max-steps"},
    {"check counter --max-steps 99999999999999999999999", 2, "--max-steps"},
    {"check counter --budget-executions 0", 2, "--budget-executions"},
    {"check counter --budget-executions -1", 2, "--budget-executions"},
    {"check counter --budget-seconds 0", 2, "--budget-seconds"},
    {"check counter --seed -5", 2, "--seed"},
    {"check counter --seed 1.5", 2, "--seed"},
    {"check counter --jobs 0", 2, "--jobs"},
    {"check counter --shard 0/3", 2, "--shard"},
    {"check counter --shard 4/3", 2, "--shard"},
    {"check counter --strategy bfs", 2, "strategy"},
    {"check no-such-model", 2, "unknown model"},
    // Schedules: malformed, too long, or not fitting the model.
    {"replay counter/unlocked 1:0,1*2,2*2,3*2,0*4", 1, "violated"},
    {"replay counter/unlocked '1:0*100000000'", 2, "longer than the step bound"},
    {"replay counter/unlocked '1:0,1*2,2*2,3*2,0*4,1,1,7'", 2, "schedule has 3 more"},
    {"replay counter/unlocked '1:0,9'", 2, "cannot run there"},
    {"replay counter/unlocked 1:x", 2, "bad schedule step"},
    {"replay counter/unlocked 0,1", 2, "bad schedule"},
    // Unwritable report folders: the verdict is printed, then a clear error.
    {"check counter/unlocked --report /proc/interleave-reports", 2, "violated"},
    {"check counter/unlocked --report /proc/interleave-reports", 2, "not written"},
    {"gallery /proc/interleave-gallery", 2, "cannot create the folder"},
};

INSTANTIATE_TEST_SUITE_P(Cli, ExitCodes, testing::ValuesIn(kCases));

// --isolate: a model that crashes the process is a violation of kind crash,
// with the signal and the schedule that led to it, which replays to the crash.
TEST(Isolate, ACrashIsAViolationWithItsSchedule) {
  for (const char* model : {"crash/abort", "crash/null"}) {
    const Outcome out = run_shell(std::string(CRASHING_CLI) + " check " + model + " --isolate --format json");
    EXPECT_EQ(out.code, 1) << out.output;
    EXPECT_NE(out.output.find("\"kind\": \"crash\""), std::string::npos) << out.output;
    EXPECT_NE(out.output.find("1:0"), std::string::npos) << out.output;  // the schedule
  }
  const Outcome gate = run_shell(std::string(CRASHING_CLI) + " gate");  // in-process: the crash ends it
  EXPECT_NE(gate.code, 0);
}

TEST(Isolate, AModelThatDoesNotCrashGivesTheSameResultAsInProcess) {
  EXPECT_EQ(run("check counter --isolate").code, 0);
  const Outcome bad = run("check counter/unlocked --isolate");
  EXPECT_EQ(bad.code, 1);
  EXPECT_NE(bad.output.find("data_race"), std::string::npos) << bad.output;
}

TEST(Checkpoint, ABudgetedSearchResumesToTheWholeCount) {
  const std::string file =
      (std::filesystem::temp_directory_path() / ("interleave-cli-checkpoint-" + std::to_string(::getpid()))).string();
  std::filesystem::remove(file);
  const Outcome first = run("check lastzero-10 --budget-executions 1000 --checkpoint " + file);
  EXPECT_EQ(first.code, 3) << first.output;
  EXPECT_NE(first.output.find("checkpoint written"), std::string::npos) << first.output;
  const Outcome rest = run("check lastzero-10 --resume " + file);
  EXPECT_EQ(rest.code, 0) << rest.output;
  EXPECT_NE(rest.output.find("3328 executions"), std::string::npos) << rest.output;  // the published count
  EXPECT_EQ(run("check lastzero-10 --resume " + file + " --max-steps 50").code, 2);  // other options
  EXPECT_EQ(run("check lastzero-10 --resume /nonexistent/checkpoint").code, 2);
  std::filesystem::remove(file);
}

TEST(Reports, OntoAFileIsAClearError) {
  const std::filesystem::path file =
      std::filesystem::temp_directory_path() / ("interleave-exit-codes-file-" + std::to_string(::getpid()));
  std::ofstream(file) << "in the way";
  const Outcome out = run("check counter/unlocked --report " + file.string());
  EXPECT_EQ(out.code, 2) << out.output;
  EXPECT_NE(out.output.find("cannot create the folder"), std::string::npos) << out.output;
  std::filesystem::remove(file);
}

TEST(Interrupt, EndsTheSearchWithAPartialResult) {
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("interleave-interrupt-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  // The shell sends SIGINT to the search after a second; lastzero-15 takes far longer under dfs.
  const std::string command = std::string(INTERLEAVE_CLI) + " check lastzero-15 --strategy dfs --report " +
                              dir.string() + " & pid=$!; sleep 1; kill -INT $pid; wait $pid";
  const Outcome out = run_shell(command);
  EXPECT_EQ(out.code, 3) << out.output;
  EXPECT_NE(out.output.find("interrupted after"), std::string::npos) << out.output;
  EXPECT_TRUE(std::filesystem::exists(dir / "lastzero-15.json"));
  std::filesystem::remove_all(dir);
}

}  // namespace
