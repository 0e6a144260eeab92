// The terminal report: columns per thread, the violating step marked, colour
// only when asked for.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "fixtures.hpp"
#include "interleave/reports.hpp"

namespace interleave::reports {
namespace {

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// The line of the trace table whose step number is `step` (first row only).
std::string row_of(const std::string& text, std::size_t step) {
  for (const auto& line : lines_of(text)) {
    auto bar = line.find(" | ");
    if (bar == std::string::npos) continue;
    std::string number = line.substr(0, bar);
    number.erase(0, number.find_first_not_of(" >"));
    if (number == std::to_string(step)) return line;
  }
  return {};
}

TEST(RenderText, NamesModelVerdictKindAndSchedule) {
  const std::string text = render_text(fixtures::violated());
  EXPECT_NE(text.find("semaphore/if-not-while: violated"), std::string::npos) << text;
  EXPECT_NE(text.find("violation 1 of 1: invariant"), std::string::npos) << text;
  EXPECT_NE(text.find("schedule: v1:0.0.1.1.1.2.2.2.2"), std::string::npos) << text;
  EXPECT_NE(text.find("counterexample of 9 steps, 1 preemption, shrunk from 23 steps"), std::string::npos) << text;
}

TEST(RenderText, HasOneColumnPerThread) {
  const std::string text = render_text(fixtures::violated());
  EXPECT_NE(text.find("thread 0"), std::string::npos);
  EXPECT_NE(text.find("thread 1"), std::string::npos);
  EXPECT_NE(text.find("thread 2"), std::string::npos);
  EXPECT_EQ(text.find("thread 3"), std::string::npos);
}

TEST(RenderText, PutsEachStepInItsThreadsColumn) {
  const std::string text = render_text(fixtures::violated());
  // Step 2 is thread 1's lock: after the first two separators (step, thread 0).
  const std::string row = row_of(text, 2);
  ASSERT_FALSE(row.empty()) << text;
  auto first = row.find(" | ");
  auto second = row.find(" | ", first + 1);
  auto third = row.find(" | ", second + 1);
  auto cell = row.substr(second + 3, third - second - 3);
  EXPECT_NE(cell.find("lock mutex m"), std::string::npos) << row;
  EXPECT_EQ(row.substr(first + 3, second - first - 3).find_first_not_of(' '), std::string::npos) << row;
}

TEST(RenderText, MarksOnlyTheViolatingStep) {
  const std::string text = render_text(fixtures::violated());
  const std::string failing = row_of(text, 7);
  EXPECT_NE(failing.find(">>"), std::string::npos) << failing;
  EXPECT_NE(failing.find("<-- invariant"), std::string::npos) << failing;
  EXPECT_NE(failing.find("write shared count (0 -> -1)"), std::string::npos) << failing;
  for (std::size_t step : {0, 1, 2, 3, 4, 5, 6, 8}) EXPECT_EQ(row_of(text, step).find(">>"), std::string::npos);
}

TEST(RenderText, ShowsShortSourceLocation) {
  EXPECT_NE(row_of(render_text(fixtures::violated()), 7).find("primitives/semaphore.hpp:44"), std::string::npos);
}

TEST(RenderText, IsPlainWithoutColourAndColouredWithIt) {
  EXPECT_EQ(render_text(fixtures::violated()).find('\x1b'), std::string::npos);
  const std::string coloured = render_text(fixtures::violated(), {.colour = true});
  EXPECT_NE(coloured.find("\x1b[1;31m"), std::string::npos);
}

TEST(RenderText, WrapsLongCellsWithinTheColumnWidth) {
  Result r = fixtures::violated();
  r.violations[0].trace[3].detail = std::string(100, 'x');
  const std::string text = render_text(r, {.max_cell = 20});
  for (const auto& line : lines_of(text)) EXPECT_EQ(line.find(std::string(21, 'x')), std::string::npos) << line;
  EXPECT_NE(text.find(std::string(20, 'x')), std::string::npos);
}

TEST(RenderText, IndentsEveryLineOfAMultiLineMessage) {
  const std::string text = render_text(fixtures::awkward());
  EXPECT_NE(text.find("\n  line two\n"), std::string::npos) << text;
}

TEST(RenderText, HoldingResultHasNoTrace) {
  const std::string text = render_text(fixtures::holds());
  EXPECT_NE(text.find("semaphore: holds"), std::string::npos) << text;
  EXPECT_NE(text.find("5000 executions"), std::string::npos) << text;
  EXPECT_EQ(text.find("violation"), std::string::npos) << text;
}

TEST(RenderText, TheStatisticsSayWhetherTheSearchWasComplete) {
  EXPECT_NE(render_text(fixtures::holds()).find(", search complete)"), std::string::npos);
  EXPECT_NE(render_text(fixtures::violated()).find(", search incomplete)"), std::string::npos);
  EXPECT_NE(render_text(fixtures::sampled()).find(", search incomplete)"), std::string::npos);
}

TEST(RenderText, ASampledSearchSaysItIsNotAProof) {
  const std::string text = render_text(fixtures::sampled());
  EXPECT_NE(text.find("semaphore: no violation in 100,000 random executions (sampled, not exhaustive)"),
            std::string::npos)
      << text;
  EXPECT_EQ(text.find("semaphore: holds"), std::string::npos) << text;
}

TEST(RenderText, RendersEveryViolation) {
  const std::string text = render_text(fixtures::two_violations());
  EXPECT_NE(text.find("violation 1 of 2: deadlock"), std::string::npos) << text;
  EXPECT_NE(text.find("violation 2 of 2: data_race"), std::string::npos) << text;
}

TEST(RenderText, MarksBothAccessesOfARace) {
  const std::string text = render_text(fixtures::two_violations());
  EXPECT_NE(text.find("data_race, first access"), std::string::npos) << text;
  EXPECT_NE(text.find("data_race, second access (the first: step 3)"), std::string::npos) << text;
  const std::string markdown = render_markdown(fixtures::two_violations());
  EXPECT_NE(markdown.find("**3 ⚠ (first access)**"), std::string::npos) << markdown;
  const std::string html = render_html(fixtures::two_violations());
  EXPECT_NE(html.find("racing-first"), std::string::npos);
}

TEST(RenderJson, CarriesTheRacesFirstAccessBothWays) {
  const Result r = fixtures::two_violations();
  const Result back = result_from_json(to_json(r));
  ASSERT_TRUE(back.violations[1].other_step.has_value());
  EXPECT_EQ(*back.violations[1].other_step, 3u);
  EXPECT_FALSE(back.violations[0].other_step.has_value());
}

TEST(RenderText, ShowsALinearizabilityHistoryWithBarsAndMarks) {
  const std::string text = render_text(fixtures::linearizability());
  EXPECT_NE(text.find("history (* marks"), std::string::npos) << text;
  EXPECT_NE(text.find("* thread 2  dequeue() -> 2"), std::string::npos) << text;
  EXPECT_NE(text.find("  thread 2  enqueue(2) -> 0"), std::string::npos) << text;
  EXPECT_EQ(text.find("* thread 2  enqueue(2)"), std::string::npos) << text;
  EXPECT_NE(text.find("dequeue() (never returned)"), std::string::npos) << text;
  EXPECT_NE(text.find("[7, ...)"), std::string::npos) << text;
  EXPECT_NE(text.find(" ===="), std::string::npos) << text;
  EXPECT_NE(text.find("-----|"), std::string::npos) << "a call that never returned runs to the end";
  EXPECT_EQ(render_text(fixtures::violated()).find("history ("), std::string::npos);
}

}  // namespace
}  // namespace interleave::reports

namespace interleave::reports {
namespace {

TEST(RenderText, ShowsTheStateAfterTheFailingStep) {
  const std::string text = render_text(fixtures::violated());
  EXPECT_NE(text.find("state after step 7: mutex m: held by thread 2; shared count = -1; clock: t=0s"),
            std::string::npos)
      << text;
}

}  // namespace
}  // namespace interleave::reports
