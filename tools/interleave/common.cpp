// Helpers the subcommands share: model lookup, exit codes, plain output.
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <iostream>

#include "commands.hpp"

namespace interleave::cli {

const Model& model_named(const std::string& name) {
  const Model* model = find_model(name);
  if (!model) throw CLI::ValidationError(fmt::format("unknown model \"{}\" (see `interleave list`)", name));
  return *model;
}

int exit_code_of(const Result& result) {
  switch (result.verdict) {
    case Verdict::holds: return ok;
    case Verdict::violated: return violated;
    case Verdict::bound_reached: return bound;
    case Verdict::error: return usage;
  }
  return usage;
}

void print_text(const Result& r) {
  fmt::print("{}: {} ({} executions, {} blocked, {} steps, {:.3f} s, {})\n", r.model, to_string(r.verdict),
             r.stats.executions, r.stats.executions_blocked, r.stats.steps, r.stats.seconds, r.strategy);
  if (!r.note.empty()) fmt::print("  {}\n", r.note);
  for (const Violation& v : r.violations) {
    fmt::print("  {}: {}\n  schedule: {}\n", to_string(v.kind), v.message, v.schedule);
    for (const TraceEvent& e : v.trace)
      fmt::print("  {}{:>4} t{} {:<12} {:<24} {:<16} {}:{}\n", e.index == v.failing_step ? ">" : " ", e.index,
                 e.thread, e.operation, e.object, e.detail, e.file, e.line);
  }
}

std::string to_json(const Result& r) {
  nlohmann::json j;
  j["schema"] = 1;
  j["model"] = r.model;
  j["verdict"] = to_string(r.verdict);
  j["strategy"] = r.strategy;
  j["note"] = r.note;
  j["stats"] = {{"executions", r.stats.executions},
                {"executions_blocked", r.stats.executions_blocked},
                {"steps", r.stats.steps},
                {"max_depth", r.stats.max_depth},
                {"seconds", r.stats.seconds}};
  j["violations"] = nlohmann::json::array();
  for (const Violation& v : r.violations) {
    nlohmann::json trace = nlohmann::json::array();
    for (const TraceEvent& e : v.trace)
      trace.push_back({{"index", e.index}, {"thread", e.thread}, {"operation", e.operation}, {"object", e.object},
                       {"detail", e.detail}, {"file", e.file}, {"line", e.line}, {"time", e.time}});
    j["violations"].push_back({{"kind", to_string(v.kind)}, {"message", v.message}, {"schedule", v.schedule},
                               {"preemptions", v.preemptions}, {"failing_step", v.failing_step},
                               {"trace", trace}});
  }
  return j.dump(2);
}

}  // namespace interleave::cli
