// A choose step is a branch of the search: dfs and dpor explore every value
// of it (also beside other threads' steps), and a violation's schedule
// replays the value that led to it.
#include <gtest/gtest.h>

#include <set>
#include <utility>

#include "interleave/interleave.hpp"

namespace interleave {
namespace {

using S = model_sync;

Options exhaustive(Strategy s) {
  Options o;
  o.strategy = s;
  return o;
}

class Choose : public ::testing::TestWithParam<Strategy> {};

TEST_P(Choose, ExploresEveryValueOfTwoChoicesInSequence) {
  std::set<std::pair<std::size_t, std::size_t>> seen;
  const Result r = check(
      [&] {
        const std::size_t a = S::choose(3);
        const std::size_t b = S::choose(2);
        seen.insert({a, b});
      },
      exhaustive(GetParam()));
  EXPECT_TRUE(r.ok());
  EXPECT_EQ(seen.size(), 6u);
  EXPECT_EQ(r.stats.executions, 6u);
}

TEST_P(Choose, ExploresEveryValueBesideAnotherThreadsSteps) {
  std::set<std::pair<std::size_t, int>> seen;
  const Result r = check(
      [&] {
        S::atomic<int> x{0, "x"};
        std::size_t value = 0;
        int saw = 0;
        run_together({[&] { x.store(1); },
                      [&] {
                        value = S::choose(2);
                        saw = x.load();
                      }});
        seen.insert({value, saw});
      },
      exhaustive(GetParam()));
  EXPECT_TRUE(r.ok());
  EXPECT_EQ(seen, (std::set<std::pair<std::size_t, int>>{{0, 0}, {0, 1}, {1, 0}, {1, 1}}));
}

INSTANTIATE_TEST_SUITE_P(Exhaustive, Choose, ::testing::Values(Strategy::dfs, Strategy::dpor));

TEST(ChooseReplay, TheViolatingValueIsInTheScheduleAndReplays) {
  auto scenario = [] { assert_that(S::choose(4) != 2, "chose 2"); };
  const Result r = check(scenario, exhaustive(Strategy::dpor));
  ASSERT_TRUE(r.has(ViolationKind::assertion));
  EXPECT_NE(r.violations[0].schedule.find("0c2"), std::string::npos) << r.violations[0].schedule;
  EXPECT_TRUE(replay(scenario, r.violations[0].schedule).has(ViolationKind::assertion));
  std::string other = r.violations[0].schedule;
  other.replace(other.find("0c2"), 3, "0c1");
  EXPECT_TRUE(replay(scenario, other).ok()) << other;
}

}  // namespace
}  // namespace interleave
