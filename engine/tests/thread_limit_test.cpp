// A model with more threads than the engine supports is the engine's limit,
// reported as an error that names it, not as a bug of the model.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "interleave/interleave.hpp"

namespace interleave {
namespace {

using S = model_sync;

void spawn_and_join(int threads) {
  std::vector<S::thread> children;
  for (int i = 0; i < threads; ++i) children.emplace_back([] {});
  for (S::thread& t : children) t.join();
}

TEST(ThreadLimit, FortyThreadsAreAnErrorNamingTheLimit) {
  const Result r = check([] { spawn_and_join(40); }, {.keep_going = true});
  EXPECT_EQ(r.verdict, Verdict::error);
  EXPECT_TRUE(r.violations.empty()) << to_string(r.violations[0].kind) << ": " << r.violations[0].message;
  EXPECT_NE(r.note.find("at most 32 threads"), std::string::npos) << r.note;
}

TEST(ThreadLimit, ThirtyTwoThreadsInAllAreWithinIt) {
  // The main thread and 31 children.
  const Result r = check([] { spawn_and_join(31); }, {.strategy = Strategy::dpor});
  EXPECT_EQ(r.verdict, Verdict::holds) << r.note;
}

}  // namespace
}  // namespace interleave
