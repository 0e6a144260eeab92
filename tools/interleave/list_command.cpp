// `interleave list`: every registered model, its primitive and expected outcome.
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <iostream>

#include "commands.hpp"

namespace interleave::cli {
namespace {

std::string expected_of(const Model& m) { return m.expected ? std::string(to_string(*m.expected)) : "holds"; }

}  // namespace

void add_list(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand("list", "List the registered models");
  auto format = std::make_shared<std::string>("text");
  cmd->add_option("--format", *format, "text or json")->check(CLI::IsMember({"text", "json"}));
  cmd->callback([format, &exit_code] {
    if (*format == "json") {
      nlohmann::json all = nlohmann::json::array();
      for (const Model& m : models())
        all.push_back(
            {{"name", m.name}, {"primitive", m.primitive}, {"expected", expected_of(m)}, {"summary", m.summary}});
      std::cout << all.dump(2) << "\n";
    } else {
      for (const Model& m : models()) fmt::print("{:<40} {:<20} {}\n", m.name, m.primitive, expected_of(m));
    }
    exit_code = ok;
  });
}

}  // namespace interleave::cli
