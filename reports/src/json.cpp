// The report as JSON, following reports/schema/result.schema.json (schema id
// json_schema_id), and reading such a report back into a Result.
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "interleave/reports.hpp"
#include "layout.hpp"

namespace interleave::reports {

using nlohmann::json;

namespace {

json event_json(const TraceEvent& e) {
  return {{"index", e.index},   {"thread", e.thread}, {"operation", e.operation}, {"object", e.object},
          {"detail", e.detail}, {"file", e.file},     {"line", e.line},           {"time", e.time}};
}

json violation_json(const Violation& v) {
  json trace = json::array();
  for (const auto& e : v.trace) trace.push_back(event_json(e));
  json out = {{"kind", std::string(to_string(v.kind))}, {"message", v.message},
              {"failing_step", v.failing_step},         {"schedule", v.schedule},
              {"preemptions", v.preemptions},           {"original_steps", v.original_steps},
              {"threads", layout::threads_of(v.trace)}, {"trace", std::move(trace)}};
  if (v.other_step) out["other_step"] = *v.other_step;
  if (!v.history.empty()) {  // linearizability violations only
    json history = json::array();
    for (const auto& c : v.history)
      history.push_back({{"thread", c.thread},
                         {"invoked", c.invoked},
                         {"returned", c.returned},
                         {"call", c.call},
                         {"result", c.result},
                         {"offending", c.offending}});
    out["history"] = std::move(history);
  }
  return out;
}

Verdict verdict_from(const std::string& text) {
  for (Verdict v : {Verdict::holds, Verdict::violated, Verdict::bound_reached, Verdict::error})
    if (to_string(v) == text) return v;
  throw std::invalid_argument("unknown verdict: " + text);
}

}  // namespace

json to_json(const Result& result) {
  json violations = json::array();
  for (const auto& v : result.violations) violations.push_back(violation_json(v));
  const Stats& s = result.stats;
  return {{"schema", std::string(json_schema_id)},
          {"model", result.model},
          {"verdict", std::string(to_string(result.verdict))},
          {"exhaustive", result.exhaustive},
          {"complete", result.complete},
          {"strategy", result.strategy},
          {"note", result.note},
          {"stats",
           {{"executions", s.executions},
            {"executions_blocked", s.executions_blocked},
            {"steps", s.steps},
            {"max_depth", s.max_depth},
            {"seconds", s.seconds}}},
          {"violations", std::move(violations)},
          {"shard", {{"part", result.shard_index + 1}, {"of", result.shard_count}}}};
}

std::string render_json(const Result& result) { return to_json(result).dump(2) + "\n"; }

Result result_from_json(const json& report) {
  if (report.at("schema").get<std::string>() != json_schema_id)
    throw std::invalid_argument("not an " + std::string(json_schema_id) + " report");
  Result r;
  r.model = report.at("model").get<std::string>();
  r.verdict = verdict_from(report.at("verdict").get<std::string>());
  r.strategy = report.at("strategy").get<std::string>();
  // Reports from before the field: exhaustive exactly when the strategy is.
  r.exhaustive = report.value("exhaustive", r.strategy == "dfs" || r.strategy == "dpor");
  // Reports from before the field: complete when an exhaustive search held.
  r.complete = report.value("complete", r.exhaustive && r.verdict == Verdict::holds);
  r.note = report.at("note").get<std::string>();
  if (report.contains("shard")) {
    r.shard_index = report.at("shard").at("part").get<int>() - 1;
    r.shard_count = report.at("shard").at("of").get<int>();
  }
  const json& s = report.at("stats");
  r.stats = {s.at("executions").get<std::uint64_t>(), s.at("executions_blocked").get<std::uint64_t>(),
             s.at("steps").get<std::uint64_t>(), s.at("max_depth").get<std::uint64_t>(), s.at("seconds").get<double>()};
  for (const json& jv : report.at("violations")) {
    Violation v;
    if (!parse_violation_kind(jv.at("kind").get<std::string>(), v.kind))
      throw std::invalid_argument("unknown violation kind: " + jv.at("kind").get<std::string>());
    v.message = jv.at("message").get<std::string>();
    v.failing_step = jv.at("failing_step").get<std::size_t>();
    if (jv.contains("other_step")) v.other_step = jv.at("other_step").get<std::size_t>();
    v.schedule = jv.at("schedule").get<std::string>();
    v.preemptions = jv.at("preemptions").get<int>();
    v.original_steps = jv.at("original_steps").get<std::size_t>();
    for (const json& je : jv.at("trace")) {
      v.trace.push_back({je.at("index").get<std::size_t>(), je.at("thread").get<int>(),
                         je.at("operation").get<std::string>(), je.at("object").get<std::string>(),
                         je.at("detail").get<std::string>(), je.at("file").get<std::string>(), je.at("line").get<int>(),
                         je.at("time").get<double>()});
    }
    if (jv.contains("history"))
      for (const json& jc : jv.at("history"))
        v.history.push_back({jc.at("thread").get<int>(), jc.at("invoked").get<std::uint64_t>(),
                             jc.at("returned").get<std::uint64_t>(), jc.at("call").get<std::string>(),
                             jc.at("result").get<std::string>(), jc.at("offending").get<bool>()});
    r.violations.push_back(std::move(v));
  }
  return r;
}

}  // namespace interleave::reports
