// JUnit XML: one testcase per model, counts in the suite, failures carrying
// the text trace, everything escaped.
#include <gtest/gtest.h>

#include "fixtures.hpp"
#include "interleave/reports.hpp"

namespace interleave::reports {
namespace {

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

TEST(RenderJunit, OneTestcasePerModelWithSuiteCounts) {
  const std::string xml = render_junit(std::vector<std::pair<std::string, Result>>{
      {"semaphore", fixtures::holds()}, {"semaphore/if-not-while", fixtures::violated()}});
  EXPECT_EQ(count(xml, "<testcase "), 2u) << xml;
  EXPECT_NE(xml.find("tests=\"2\" failures=\"1\" errors=\"0\""), std::string::npos) << xml;
  EXPECT_NE(xml.find("name=\"semaphore/if-not-while\" classname=\"interleave.semaphore\""), std::string::npos);
  EXPECT_EQ(count(xml, "<failure "), 1u);
}

TEST(RenderJunit, FailureCarriesTheTextTrace) {
  const std::string xml = render_junit(std::vector<std::pair<std::string, Result>>{{"m", fixtures::violated()}});
  EXPECT_NE(xml.find("message=\"violated invariant\""), std::string::npos) << xml;
  EXPECT_NE(xml.find("write shared count (0 -&gt; -1)"), std::string::npos) << xml;
  EXPECT_NE(xml.find("&lt;-- invariant"), std::string::npos) << xml;
}

TEST(RenderJunit, ExpectedViolationPassesWhenTheCallerSaysSo) {
  const std::string xml = render_junit(std::vector<JunitCase>{{"semaphore/if-not-while", fixtures::violated(), true}});
  EXPECT_EQ(count(xml, "<failure"), 0u) << xml;
  EXPECT_NE(xml.find("failures=\"0\""), std::string::npos);
}

TEST(RenderJunit, EngineErrorIsAnErrorNotAFailure) {
  Result r = fixtures::holds();
  r.verdict = Verdict::error;
  r.note = "malformed schedule";
  const std::string xml = render_junit(std::vector<std::pair<std::string, Result>>{{"m", r}});
  EXPECT_NE(xml.find("<error message=\"error: malformed schedule\""), std::string::npos) << xml;
  EXPECT_NE(xml.find("failures=\"0\" errors=\"1\""), std::string::npos) << xml;
}

TEST(RenderJunit, SaysWhetherAPassWasExhaustive) {
  const std::string proved = render_junit(std::vector<std::pair<std::string, Result>>{{"m", fixtures::holds()}});
  EXPECT_NE(proved.find("<property name=\"exhaustive\" value=\"true\"/>"), std::string::npos) << proved;
  const std::string xml = render_junit(std::vector<std::pair<std::string, Result>>{{"m", fixtures::sampled()}});
  EXPECT_NE(xml.find("<property name=\"exhaustive\" value=\"false\"/>"), std::string::npos) << xml;
  EXPECT_NE(xml.find("no violation in 100,000 random executions (sampled, not exhaustive)"), std::string::npos) << xml;
}

TEST(RenderJunit, EscapesNamesAndTraces) {
  const std::string xml = render_junit(std::vector<std::pair<std::string, Result>>{{"a<b>&\"c", fixtures::awkward()}});
  EXPECT_NE(xml.find("name=\"a&lt;b&gt;&amp;&quot;c\""), std::string::npos) << xml;
  EXPECT_EQ(xml.find("<script>"), std::string::npos);
}

}  // namespace
}  // namespace interleave::reports
