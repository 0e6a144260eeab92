// The gallery's index (teaching variants grouped by primitive) and summary
// page (every model), on hand-built models and results.
#include <gtest/gtest.h>

#include "fixtures.hpp"
#include "interleave/reports.hpp"

namespace interleave::reports {
namespace {

Model model(std::string name, std::string primitive, std::optional<ViolationKind> expected) {
  Model m;
  m.name = std::move(name);
  m.primitive = std::move(primitive);
  m.expected = expected;
  m.flaw = expected ? "the flaw of " + m.name : "";
  m.passage = "passage about " + m.primitive;
  return m;
}

std::vector<GalleryItem> items() {
  return {
      {model("semaphore", "semaphore", std::nullopt), fixtures::holds(), true, ""},
      {model("semaphore/if-not-while", "semaphore", ViolationKind::invariant), fixtures::violated(), true,
       "semaphore__if-not-while"},
      {model("barrier/no-reset", "barrier", ViolationKind::deadlock), fixtures::violated(), false, "barrier__no-reset"},
  };
}

TEST(GalleryIndex, ListsOnlyTeachingVariantsGroupedByPrimitive) {
  const std::string html = render_gallery_index(items());
  const auto barrier = html.find("<h2 id=\"barrier\">");
  const auto semaphore = html.find("<h2 id=\"semaphore\">");
  ASSERT_NE(barrier, std::string::npos);
  ASSERT_NE(semaphore, std::string::npos);
  EXPECT_LT(barrier, html.find("barrier/no-reset"));
  EXPECT_LT(semaphore, html.find("semaphore/if-not-while"));
  EXPECT_EQ(html.find("<code>semaphore</code>"), std::string::npos) << "a correct model is not a variant";
  EXPECT_NE(html.find("2 variants of 2 primitives"), std::string::npos);
}

TEST(GalleryIndex, ShowsFlawPassageOutcomeAndLinks) {
  const std::string html = render_gallery_index(items());
  EXPECT_NE(html.find("the flaw of barrier/no-reset"), std::string::npos);
  EXPECT_NE(html.find("passage about semaphore"), std::string::npos);
  EXPECT_NE(html.find("href=\"semaphore__if-not-while.html\""), std::string::npos);
  EXPECT_NE(html.find("href=\"barrier__no-reset.json\""), std::string::npos);
  EXPECT_NE(html.find("NOT as expected"), std::string::npos);
}

TEST(GalleryIndex, ShowsWhatRealThreadsFoundWhenMeasured) {
  std::vector<GalleryItem> measured = items();
  measured[1].stress = "not caught in 1,000 runs";
  measured[1].tsan = "caught: data race (first in run 1 of 1,000)";
  const std::string html = render_gallery_index(measured);
  EXPECT_NE(html.find("On real threads: stress not caught in 1,000 runs; ThreadSanitizer caught: data race (first in "
                      "run 1 of 1,000)."),
            std::string::npos)
      << html;
  EXPECT_EQ(html.find("On real threads"), html.rfind("On real threads")) << "only the measured variant has the line";
  EXPECT_EQ(render_gallery_index(items()).find("On real threads"), std::string::npos);
}

TEST(GalleryIndex, ShowsWhyAModelOnlyVariantIsNotRunOnRealThreads) {
  std::vector<GalleryItem> model_only = items();
  model_only[2].model.model_only = "its checks are instants of the virtual clock";
  const std::string html = render_gallery_index(model_only);
  EXPECT_NE(html.find("Model only: its checks are instants of the virtual clock."), std::string::npos) << html;
  EXPECT_EQ(html.find("On real threads"), std::string::npos);
}

TEST(SummaryPage, HasARowPerModelAndCountsMismatches) {
  const std::string html = render_summary_page(items());
  std::size_t rows = 0;
  for (auto at = html.find("<tr><td>"); at != std::string::npos; at = html.find("<tr><td>", at + 1)) ++rows;
  EXPECT_EQ(rows, 3u);
  EXPECT_NE(html.find("3 models, 2 as expected, 1 not"), std::string::npos) << html;
  EXPECT_NE(html.find("<td class=\"n\">5000</td>"), std::string::npos);
}

}  // namespace
}  // namespace interleave::reports
