// The state a report shows after the failing step names the primitive's own
// objects, so a reader sees the broken rule without inferring it from prose.
#include <gtest/gtest.h>

#include <string>

#include "interleave/interleave.hpp"
#include "interleave/reports.hpp"
#include "models/registry.hpp"

namespace interleave {
namespace {

std::string state_line(const std::string& name) {
  const Model* model = find_model(name);
  if (!model) throw std::invalid_argument("no model " + name);
  const Result result = check(model->scenario, model->options);
  const std::string text = reports::render_text(result);
  const auto at = text.find("state after step");
  return at == std::string::npos ? "" : text.substr(at, text.find('\n', at) - at);
}

// Capacity 2, and the state shows three inside, all men.
TEST(ReportState, BathroomWithoutCapacityShowsThreeInside) {
  const std::string line = state_line("bathroom/no-capacity");
  EXPECT_NE(line.find("shared bathroom.inside = 3"), std::string::npos) << line;
  EXPECT_NE(line.find("shared bathroom.used_by (1 = male) = 1"), std::string::npos) << line;
}

// The notes' bathroom: its own count of who is inside is shown too.
TEST(ReportState, NotesBathroomShowsItsCounts) {
  const std::string line = state_line("bathroom/notes");
  EXPECT_NE(line.find("shared emps_in_bathroom = "), std::string::npos) << line;
  EXPECT_NE(line.find("shared in_use_by (-1 none, 1 male) = 1"), std::string::npos) << line;
}

}  // namespace
}  // namespace interleave
