// Helpers the subcommands share: model lookup, exit codes, plain output.
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <iostream>

#include <unistd.h>

#include "commands.hpp"
#include "interleave/reports.hpp"

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

void print_text(const Result& r) { std::cout << reports::render_text(r, {.colour = isatty(STDOUT_FILENO) == 1}); }

std::string to_json(const Result& r) { return reports::to_json(r).dump(2); }

}  // namespace interleave::cli
