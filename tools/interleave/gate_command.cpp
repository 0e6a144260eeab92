// `interleave gate`: every registered model against its expected outcome.
// Fails if a correct primitive is violated or a teaching variant passes.
#include <fmt/format.h>

#include "commands.hpp"

namespace interleave::cli {

void add_gate(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand("gate", "Check every model against its expected outcome");
  cmd->callback([&exit_code] {
    int mismatches = 0;
    for (const Model& m : models()) {
      const Result r = check_model(m, m.options, Counterexamples::as_found);
      const bool pass = matches_expectation(m, r);
      std::string got = std::string(to_string(r.verdict));
      if (r.verdict == Verdict::holds && !r.exhaustive) got += " (sampled)";
      for (const Violation& v : r.violations) got += " " + std::string(to_string(v.kind));
      fmt::print("{} {:<40} expected {:<18} got {:<30} {:>9} executions {:>8.3f} s\n", pass ? "PASS" : "FAIL", m.name,
                 m.expected ? to_string(*m.expected) : "holds", got, r.stats.executions, r.stats.seconds);
      if (!pass) ++mismatches;
    }
    fmt::print("{} models, {} mismatches\n", models().size(), mismatches);
    exit_code = mismatches ? violated : ok;
  });
}

}  // namespace interleave::cli
