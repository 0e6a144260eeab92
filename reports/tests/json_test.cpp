// The JSON report: it conforms to reports/schema/result.schema.json, carries
// every field, and reads back to the same result.
#include <gtest/gtest.h>

#include <fstream>

#include <nlohmann/json.hpp>

#include "fixtures.hpp"
#include "interleave/reports.hpp"
#include "schema_check.hpp"

namespace interleave::reports {
namespace {

using nlohmann::json;
using testing::schema_errors;

json schema() {
  std::ifstream in(INTERLEAVE_RESULT_SCHEMA);
  return json::parse(in);
}

std::string joined(const std::vector<std::string>& errors) {
  std::string all;
  for (const auto& e : errors) all += e + "\n";
  return all;
}

TEST(RenderJson, EveryFixtureConformsToTheSchema) {
  const json s = schema();
  for (const Result& r : {fixtures::violated(), fixtures::holds(), fixtures::sampled(), fixtures::awkward(),
                          fixtures::two_violations(), fixtures::linearizability()}) {
    const auto errors = schema_errors(s, json::parse(render_json(r)));
    EXPECT_TRUE(errors.empty()) << r.model << ":\n" << joined(errors);
  }
}

TEST(RenderJson, SchemaIdMatchesTheVersionWritten) {
  EXPECT_EQ(schema()["$id"], json_schema_id);
  EXPECT_EQ(to_json(fixtures::holds())["schema"], json_schema_id);
}

TEST(RenderJson, SchemaListsEveryViolationKind) {
  const json kinds = schema()["properties"]["violations"]["items"]["properties"]["kind"]["enum"];
  for (std::size_t k = 0; k < kViolationKindCount; ++k) {
    const std::string name(to_string(static_cast<ViolationKind>(k)));
    EXPECT_NE(std::find(kinds.begin(), kinds.end(), name), kinds.end()) << name;
  }
  EXPECT_EQ(kinds.size(), kViolationKindCount);
}

TEST(RenderJson, SaysWhetherTheSearchWasExhaustive) {
  EXPECT_EQ(to_json(fixtures::holds())["exhaustive"], true);
  const json sampled = to_json(fixtures::sampled());
  EXPECT_EQ(sampled["verdict"], "holds");
  EXPECT_EQ(sampled["exhaustive"], false);
  EXPECT_EQ(schema()["properties"]["exhaustive"]["type"], "boolean");
}

TEST(RenderJson, ReadsExhaustiveBackAndInfersItForOlderReports) {
  EXPECT_FALSE(result_from_json(to_json(fixtures::sampled())).exhaustive);
  EXPECT_TRUE(result_from_json(to_json(fixtures::holds())).exhaustive);
  json old = to_json(fixtures::sampled());
  old.erase("exhaustive");
  EXPECT_FALSE(result_from_json(old).exhaustive);  // random: a sample
  old["strategy"] = "dpor";
  EXPECT_TRUE(result_from_json(old).exhaustive);
}

TEST(RenderJson, SaysWhetherTheSearchWasCompleteAndReadsItBack) {
  EXPECT_EQ(to_json(fixtures::holds())["complete"], true);
  EXPECT_EQ(to_json(fixtures::violated())["complete"], false);  // stopped at its first violation
  EXPECT_EQ(schema()["properties"]["complete"]["type"], "boolean");
  EXPECT_TRUE(result_from_json(to_json(fixtures::holds())).complete);
  Result violated_complete = fixtures::violated();
  violated_complete.complete = true;
  EXPECT_TRUE(result_from_json(to_json(violated_complete)).complete);
  EXPECT_FALSE(result_from_json(to_json(fixtures::violated())).complete);
}

TEST(RenderJson, InfersCompleteForOlderReportsOnlyFromAnExhaustiveHold) {
  json old = to_json(fixtures::holds());
  old.erase("complete");
  EXPECT_TRUE(result_from_json(old).complete);
  old = to_json(fixtures::sampled());
  old.erase("complete");
  EXPECT_FALSE(result_from_json(old).complete);
  Result violated_complete = fixtures::violated();
  violated_complete.complete = true;
  old = to_json(violated_complete);
  old.erase("complete");
  EXPECT_FALSE(result_from_json(old).complete);  // whether it stopped early is unknown
}

TEST(RenderJson, CarriesTheViolationsFields) {
  const json j = to_json(fixtures::violated());
  EXPECT_EQ(j["verdict"], "violated");
  const json& v = j["violations"][0];
  EXPECT_EQ(v["kind"], "invariant");
  EXPECT_EQ(v["failing_step"], 7);
  EXPECT_EQ(v["original_steps"], 23);
  EXPECT_EQ(v["threads"], json::array({0, 1, 2}));
  EXPECT_EQ(v["trace"].size(), 9u);
  EXPECT_EQ(v["trace"][7]["detail"], "0 -> -1");
  EXPECT_EQ(v["trace"][7]["line"], 44);
}

TEST(RenderJson, ReadsBackToTheSameResult) {
  for (const Result& r :
       {fixtures::violated(), fixtures::awkward(), fixtures::two_violations(), fixtures::linearizability()}) {
    const Result back = result_from_json(json::parse(render_json(r)));
    EXPECT_EQ(to_json(back), to_json(r)) << r.model;
    ASSERT_EQ(back.violations.size(), r.violations.size());
    EXPECT_EQ(back.violations[0].schedule, r.violations[0].schedule);
  }
}

TEST(RenderJson, CarriesALinearizabilityHistoryOnlyWhereThereIsOne) {
  const json with = to_json(fixtures::linearizability())["violations"][0];
  ASSERT_TRUE(with.contains("history"));
  ASSERT_EQ(with["history"].size(), 4u);
  EXPECT_EQ(with["history"][2]["call"], "dequeue()");
  EXPECT_EQ(with["history"][2]["result"], "2");
  EXPECT_EQ(with["history"][2]["offending"], true);
  EXPECT_EQ(with["history"][3]["returned"], 0);
  EXPECT_FALSE(to_json(fixtures::violated())["violations"][0].contains("history"));
  const Result back = result_from_json(to_json(fixtures::linearizability()));
  ASSERT_EQ(back.violations[0].history.size(), 4u);
  EXPECT_EQ(back.violations[0].history[1].call, "enqueue(2)");
  EXPECT_EQ(back.violations[0].history[1].invoked, 3u);
}

// The checker itself must be able to fail, or the tests above prove nothing.
TEST(SchemaCheck, RejectsMissingFieldsWrongTypesAndUnknownValues) {
  const json s = schema();
  json j = to_json(fixtures::violated());
  j.erase("stats");
  j["verdict"] = "fine";
  j["violations"][0]["trace"][0]["line"] = "12";
  j["violations"][0]["preemptions"] = -1;
  j["extra"] = true;
  const std::string errors = joined(schema_errors(s, j));
  EXPECT_NE(errors.find("missing required field 'stats'"), std::string::npos) << errors;
  EXPECT_NE(errors.find("$.verdict"), std::string::npos) << errors;
  EXPECT_NE(errors.find("$.violations[0].trace[0].line: expected type"), std::string::npos) << errors;
  EXPECT_NE(errors.find("$.violations[0].preemptions: -1 is below the minimum"), std::string::npos) << errors;
  EXPECT_NE(errors.find("field 'extra' is not in the schema"), std::string::npos) << errors;
}

TEST(SchemaCheck, ReportsKeywordsItDoesNotSupport) {
  const json s = {{"type", "string"}, {"pattern", "^a"}};
  EXPECT_FALSE(schema_errors(s, "abc").empty());
}

}  // namespace
}  // namespace interleave::reports
