// The Markdown report: a table per trace, the violating step in bold, cells
// escaped so a pipe cannot break the table.
#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>

#include "fixtures.hpp"
#include "interleave/reports.hpp"

namespace interleave::reports {
namespace {

std::vector<std::string> table_rows(const std::string& md) {
  std::vector<std::string> rows;
  std::istringstream in(md);
  for (std::string line; std::getline(in, line);)
    if (line.rfind("| ", 0) == 0) rows.push_back(line);
  return rows;
}

// Unescaped pipes in a table row: the cell separators.
std::size_t separators(const std::string& row) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < row.size(); ++i)
    if (row[i] == '|' && (i == 0 || row[i - 1] != '\\')) ++n;
  return n;
}

TEST(RenderMarkdown, HasHeadingKindScheduleAndTable) {
  const std::string md = render_markdown(fixtures::violated());
  EXPECT_NE(md.find("### `semaphore/if-not-while`: violated"), std::string::npos) << md;
  EXPECT_NE(md.find("#### Violation 1 of 1: `invariant`"), std::string::npos) << md;
  EXPECT_NE(md.find("`v1:0.0.1.1.1.2.2.2.2`"), std::string::npos) << md;
  EXPECT_NE(md.find("| step | thread 0 | thread 1 | thread 2 | where |"), std::string::npos) << md;
}

TEST(RenderMarkdown, HasOneRowPerStepAndBoldsTheViolatingOne) {
  const auto rows = table_rows(render_markdown(fixtures::violated()));
  ASSERT_EQ(rows.size(), 1u + 9u);  // header + steps
  EXPECT_NE(rows[1 + 7].find("**write shared count (0 -> -1)**"), std::string::npos) << rows[8];
  EXPECT_NE(rows[1 + 7].find("**7 ⚠**"), std::string::npos) << rows[8];
  EXPECT_EQ(std::count_if(rows.begin(), rows.end(), [](auto& r) { return r.find("⚠") != std::string::npos; }), 1);
}

TEST(RenderMarkdown, EscapedCellsKeepEveryRowTheSameWidth) {
  const auto rows = table_rows(render_markdown(fixtures::awkward()));
  ASSERT_FALSE(rows.empty());
  for (const auto& row : rows) EXPECT_EQ(separators(row), separators(rows[0])) << row;
  EXPECT_NE(rows[1 + 3].find("shared a\\|b"), std::string::npos) << rows[4];
  // Markup arrives escaped, so GitHub shows it as text instead of HTML.
  EXPECT_NE(rows[1 + 3].find("\\<script>"), std::string::npos) << rows[4];
  EXPECT_EQ(rows[1 + 3].find(" <script>"), std::string::npos) << rows[4];
}

TEST(RenderMarkdown, ASampledSearchSaysItIsNotAProof) {
  const std::string md = render_markdown(fixtures::sampled());
  EXPECT_NE(md.find("### `semaphore`: no violation in 100,000 random executions (sampled, not exhaustive)"),
            std::string::npos)
      << md;
  EXPECT_EQ(render_markdown(fixtures::holds()).find("sampled"), std::string::npos);
}

TEST(RenderMarkdown, HoldingResultHasNoTable) {
  const std::string md = render_markdown(fixtures::holds());
  EXPECT_NE(md.find("holds"), std::string::npos);
  EXPECT_TRUE(table_rows(md).empty()) << md;
}

TEST(RenderMarkdown, ShowsALinearizabilityHistoryTableWithTheOffendingCallsInBold) {
  const std::string md = render_markdown(fixtures::linearizability());
  EXPECT_NE(md.find("<summary>History</summary>"), std::string::npos) << md;
  EXPECT_NE(md.find("| 2 | **dequeue() -> 2** | \\[5, 6\\] | yes |"), std::string::npos) << md;
  EXPECT_NE(md.find("| 2 | enqueue(2) -> 0 | \\[3, 4\\] |  |"), std::string::npos) << md;
  EXPECT_EQ(render_markdown(fixtures::violated()).find("History"), std::string::npos);
}

}  // namespace
}  // namespace interleave::reports

namespace interleave::reports {
namespace {

TEST(RenderMarkdown, ShowsTheStateAfterTheFailingStep) {
  const std::string md = render_markdown(fixtures::violated());
  EXPECT_NE(md.find("State after step 7: mutex m: held by thread 2; shared count = -1; clock: t=0s."),
            std::string::npos)
      << md;
}

}  // namespace
}  // namespace interleave::reports
