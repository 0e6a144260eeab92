// `interleave gate [NAME...]`: every registered model (or those named NAME or
// NAME/...) against its expected outcome. Fails if a correct primitive is
// violated or a teaching variant passes.
#include <fmt/format.h>

#include "commands.hpp"

namespace interleave::cli {

bool print_gate_line(const Model& m, const Result& r) {
  const bool pass = matches_expectation(m, r);
  std::string got = std::string(to_string(r.verdict));
  if (r.verdict == Verdict::holds && !r.exhaustive) got += " (sampled)";
  for (const Violation& v : r.violations) got += " " + std::string(to_string(v.kind));
  fmt::print("{} {:<40} expected {:<18} got {:<30} {:>9} executions {:>8.3f} s\n", pass ? "PASS" : "FAIL", m.name,
             m.expected ? to_string(*m.expected) : "holds", got, r.stats.executions, r.stats.seconds);
  return pass;
}

void add_gate(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand("gate", "Check every model against its expected outcome");
  auto names = std::make_shared<std::vector<std::string>>();
  cmd->add_option("names", *names, "only the models named NAME or NAME/... (default: all)");
  cmd->callback([names, &exit_code] {
    auto selected = [&](const Model& m) {
      if (names->empty()) return true;
      for (const std::string& n : *names)
        if (m.name == n || m.name.starts_with(n + "/")) return true;
      return false;
    };
    int mismatches = 0, checked = 0;
    for (const Model& m : models()) {
      if (!selected(m)) continue;
      ++checked;
      if (!print_gate_line(m, check_model(m, m.options, Counterexamples::as_found))) ++mismatches;
    }
    if (checked == 0) throw CLI::ValidationError("no registered model matches the names given (see `interleave list`)");
    fmt::print("{} models, {} mismatches\n", checked, mismatches);
    exit_code = mismatches ? violated : ok;
  });
}

}  // namespace interleave::cli
