// `interleave replay NAME SCHEDULE`: run one execution along a schedule and
// print its trace.
#include <iostream>

#include "commands.hpp"

namespace interleave::cli {

void add_replay(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand("replay", "Replay one schedule of a model and print its trace");
  auto name = std::make_shared<std::string>();
  auto schedule = std::make_shared<std::string>();
  auto format = std::make_shared<std::string>("text");
  cmd->add_option("name", *name, "model name")->required();
  cmd->add_option("schedule", *schedule, "schedule string, as a report prints it")->required();
  cmd->add_option("--format", *format, "text or json")->check(CLI::IsMember({"text", "json"}));
  cmd->callback([=, &exit_code] {
    const Model& m = model_named(*name);
    Result r = replay(m.scenario, *schedule, m.options);
    r.model = m.name;
    if (r.verdict == Verdict::error) {
      std::cerr << "interleave: " << r.note << "\n";
      exit_code = usage;
      return;
    }
    if (*format == "json")
      std::cout << to_json(r) << "\n";
    else
      print_text(r);
    exit_code = exit_code_of(r);
  });
}

}  // namespace interleave::cli
