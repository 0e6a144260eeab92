// The HTML page: self-contained (no external reference), one lane per thread,
// one row per step, the violating step marked, text escaped. Its behaviour in
// a browser is tested by reports/browser_test.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <regex>

#include "fixtures.hpp"
#include "interleave/reports.hpp"

namespace interleave::reports {
namespace {

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

TEST(RenderHtml, IsSelfContained) {
  const std::string html = render_html(fixtures::two_violations());
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_NE(html.find("Content-Security-Policy"), std::string::npos);
  EXPECT_NE(html.find("<style>"), std::string::npos);
  EXPECT_NE(html.find("<script>"), std::string::npos);
  // No element loads anything: no src= or href= attributes at all.
  EXPECT_FALSE(std::regex_search(html, std::regex(R"(<[a-zA-Z][^>]*\s(src|href)\s*=)"))) << "external reference";
  EXPECT_EQ(html.find("http://"), std::string::npos);
}

TEST(RenderHtml, ASampledSearchIsNotShownAsAProof) {
  const std::string html = render_html(fixtures::sampled());
  EXPECT_NE(html.find("<span class=\"verdict verdict-sampled\">no violation in 100,000 random executions (sampled, "
                      "not exhaustive)</span>"),
            std::string::npos)
      << html;
  EXPECT_EQ(html.find("class=\"verdict verdict-holds\""), std::string::npos);
  EXPECT_NE(render_html(fixtures::holds()).find("<span class=\"verdict verdict-holds\">holds</span>"),
            std::string::npos);
}

TEST(RenderHtml, HasASwimlanePerThreadAndARowPerStep) {
  const std::string html = render_html(fixtures::violated());
  EXPECT_EQ(count(html, "<tr class=\"step"), 9u);
  EXPECT_EQ(count(html, "<th>thread "), 3u);
  EXPECT_EQ(count(html, "<td class=\"lane\">"), 9u * 3u);
}

TEST(RenderHtml, MarksOnlyTheViolatingStep) {
  const std::string html = render_html(fixtures::violated());
  EXPECT_EQ(count(html, "class=\"step violating\""), 1u);
  EXPECT_NE(html.find("<tr class=\"step violating\" data-step=\"7\""), std::string::npos);
  EXPECT_NE(html.find("data-failing=\"7\""), std::string::npos);
}

TEST(RenderHtml, HasControlsAndTheScheduleWithACopyButton) {
  const std::string html = render_html(fixtures::violated());
  EXPECT_NE(html.find("class=\"prev\""), std::string::npos);
  EXPECT_NE(html.find("class=\"next\""), std::string::npos);
  EXPECT_NE(html.find("class=\"copy\""), std::string::npos);
  EXPECT_NE(html.find("<code class=\"schedule-text\">v1:0.0.1.1.1.2.2.2.2</code>"), std::string::npos);
  EXPECT_NE(html.find("keydown"), std::string::npos);
}

TEST(RenderHtml, ShowsSourceLinesOnlyWhenGiven) {
  EXPECT_EQ(render_html(fixtures::violated()).find("<pre class=\"src\">"), std::string::npos);
  HtmlOptions options;
  options.source = [](const std::string&, int line) -> std::optional<std::string> {
    if (line == 44) return "count_ -= 1;";
    return std::nullopt;
  };
  const std::string html = render_html(fixtures::violated(), options);
  EXPECT_EQ(count(html, "<pre class=\"src\">"), 1u);
  EXPECT_NE(html.find("<pre class=\"src\">count_ -= 1;</pre>"), std::string::npos);
}

TEST(RenderHtml, ShowsWhatTheModelChecksAndItsFlaw) {
  HtmlOptions options;
  options.summary = "never more than N inside";
  options.flaw = "if instead of while";
  options.passage = "Semaphores, section 3";
  const std::string html = render_html(fixtures::violated(), options);
  EXPECT_NE(html.find("never more than N inside"), std::string::npos);
  EXPECT_NE(html.find("if instead of while"), std::string::npos);
  EXPECT_NE(html.find("Semaphores, section 3"), std::string::npos);
}

TEST(RenderHtml, EscapesEveryString) {
  const std::string html = render_html(fixtures::awkward());
  EXPECT_EQ(html.find("<script>alert"), std::string::npos);
  EXPECT_EQ(html.find("<b>not bold"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(html.find("v1:0.1&#39;&lt;&amp;&gt;"), std::string::npos);
}

TEST(RenderHtml, OneSectionPerViolation) {
  const std::string html = render_html(fixtures::two_violations());
  EXPECT_EQ(count(html, "<section class=\"violation\""), 2u);
  EXPECT_NE(html.find("Violation 2 of 2: <code>data_race</code>"), std::string::npos);
}

TEST(RenderHtml, DrawsALinearizabilityHistoryAsIntervalBarsPerThread) {
  const std::string html = render_html(fixtures::linearizability());
  EXPECT_EQ(count(html, "<div class=\"h-row\""), 2u) << "one track per thread";
  EXPECT_EQ(count(html, "<div class=\"h-call"), 4u) << "one bar per call";
  EXPECT_EQ(count(html, "h-call offending"), 2u);
  EXPECT_EQ(count(html, "h-call pending"), 1u);
  EXPECT_NE(html.find("data-invoked=\"5\" data-returned=\"6\""), std::string::npos);
  EXPECT_EQ(render_html(fixtures::violated()).find("class=\"history\""), std::string::npos);
}

}  // namespace
}  // namespace interleave::reports

namespace interleave::reports {
namespace {

// The embedded per-step states of the page's first violation.
nlohmann::json embedded_states(const std::string& html) {
  const std::string open = "<script type=\"application/json\" class=\"states\">";
  const auto from = html.find(open);
  if (from == std::string::npos) return nullptr;
  const auto begin = from + open.size();
  return nlohmann::json::parse(html.substr(begin, html.find("</script>", begin) - begin));
}

TEST(RenderHtml, EmbedsTheStateOfEveryObjectAfterEachStep) {
  const std::string html = render_html(fixtures::violated());
  EXPECT_NE(html.find("class=\"state-panel\""), std::string::npos);
  const auto states = embedded_states(html);
  ASSERT_TRUE(states.is_array());
  ASSERT_EQ(states.size(), 9u) << "one state per step";
  EXPECT_EQ(states[7][1], nlohmann::json::array({"shared count", "= -1", true}));
  EXPECT_EQ(states[8][0], nlohmann::json::array({"mutex m", "free", true}));
}

TEST(RenderHtml, EmbeddedStatesCannotCloseTheirScript) {
  Result r = fixtures::violated();
  r.violations[0].trace[7].object = "shared </script><b>x";
  const std::string html = render_html(r);
  EXPECT_EQ(html.find("</script><b>"), std::string::npos);
  const auto states = embedded_states(html);
  ASSERT_TRUE(states.is_array());
  EXPECT_EQ(states[7][2][0], "shared </script><b>x");
}

}  // namespace
}  // namespace interleave::reports
