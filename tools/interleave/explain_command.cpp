// `interleave explain NAME`: what a model checks, and for a teaching variant
// its flaw in one paragraph, the notes' passage and the report of the
// violation the checker finds.
#include <fmt/format.h>

#include "commands.hpp"
#include "report_commands.hpp"

namespace interleave::cli {

void add_explain(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand("explain", "Explain a model: what it checks, its flaw, and the report");
  auto name = std::make_shared<std::string>();
  cmd->add_option("name", *name, "model name (see list)")->required();
  cmd->callback([name, &exit_code] {
    const Model& m = model_named(*name);
    fmt::print("{}  (primitive: {})\n\n", m.name, m.primitive);
    fmt::print("What it checks: {}\n", m.summary);
    fmt::print("Expected: {}\n", m.expected ? fmt::format("the checker reports {}", to_string(*m.expected))
                                            : std::string("holds under exhaustive search"));
    if (!m.passage.empty()) fmt::print("From the notes: {}\n", m.passage);
    if (!m.flaw.empty()) fmt::print("\nThe flaw: {}\n", m.flaw);
    if (!m.expected) {
      exit_code = ok;
      return;
    }
    Result r;
    {
      ProgressLine progress(m.name, m.options);
      r = check_model(m, m.options, Counterexamples::shrunk, progress.listener());
    }
    fmt::print("\n");
    print_text(r);
    if (!r.violations.empty())
      fmt::print("\nReplay it: interleave replay {} '{}'\n", m.name, r.violations.front().schedule);
    exit_code = matches_expectation(m, r) ? ok : violated;
  });
}

}  // namespace interleave::cli
