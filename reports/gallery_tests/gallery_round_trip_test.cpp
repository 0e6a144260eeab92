// Over the whole gallery (every registered teaching variant): the checker's
// JSON report (of the shrunk counterexample, as the CLI writes it) conforms to
// the schema, reads back to the same result, and its schedule string replays
// (interleave::replay) to the identical trace. One
// test per model, registered at run time because the models register
// themselves in static initializers.
#include <gtest/gtest.h>

#include <algorithm>

#include <cctype>
#include <fstream>
#include <iostream>

#include <nlohmann/json.hpp>

#include "../tests/schema_check.hpp"
#include "interleave/interleave.hpp"
#include "interleave/reports.hpp"
#include "models/check_model.hpp"
#include "models/registry.hpp"

namespace interleave::reports {
namespace {

using nlohmann::json;

json schema() {
  std::ifstream in(INTERLEAVE_RESULT_SCHEMA);
  return json::parse(in);
}

json trace_json(const std::vector<TraceEvent>& trace) {
  Result r;
  r.violations.push_back({});
  r.violations[0].trace = trace;
  return to_json(r)["violations"][0]["trace"];
}

class RoundTrip : public ::testing::Test {
 public:
  explicit RoundTrip(const Model* model) : model_(model) {}
  void TestBody() override {
    const Result checked = check_model(*model_, model_->options);  // reports show shrunk counterexamples
    ASSERT_FALSE(checked.violations.empty()) << model_->name << " expects a violation but none was found";

    const json report = json::parse(render_json(checked));
    std::string problems;
    for (const auto& e : testing::schema_errors(schema(), report)) problems += e + "\n";
    EXPECT_TRUE(problems.empty()) << problems;

    const Result saved = result_from_json(report);
    for (const Violation& v : saved.violations) {
      SCOPED_TRACE(std::string(to_string(v.kind)) + " schedule " + v.schedule);
      const Result replayed = replay(model_->scenario, v.schedule, model_->options);
      ASSERT_EQ(replayed.verdict, Verdict::violated) << replayed.note;
      ASSERT_TRUE(replayed.has(v.kind));
      // The violation of this kind (a race's consequence replays past the race).
      const Violation& again = *std::find_if(replayed.violations.begin(), replayed.violations.end(),
                                             [&](const Violation& r) { return r.kind == v.kind; });
      EXPECT_EQ(again.kind, v.kind);
      EXPECT_EQ(again.failing_step, v.failing_step);
      EXPECT_EQ(again.schedule, v.schedule);
      EXPECT_EQ(trace_json(again.trace), report["violations"][&v - saved.violations.data()]["trace"]);
    }
  }

 private:
  const Model* model_;
};

}  // namespace
}  // namespace interleave::reports

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  std::size_t variants = 0;
  for (const interleave::Model& m : interleave::models()) {
    if (!m.expected) continue;
    ++variants;
    std::string name = m.name;
    for (char& c : name)
      if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
    ::testing::RegisterTest("GalleryRoundTrip", name.c_str(), nullptr, m.name.c_str(), __FILE__, __LINE__,
                            [&m]() -> ::testing::Test* { return new interleave::reports::RoundTrip(&m); });
  }
  if (variants == 0) {
    std::cerr << "no teaching variants are registered\n";
    return 1;
  }
  return RUN_ALL_TESTS();
}
