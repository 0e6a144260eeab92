// `interleave stress NAME... [--variants] [--runs N] [--seconds T] [--batch N]
// [--hang-after S] [--format text|json]`: runs each model's real-thread
// scenario repeatedly (stress.hpp) and prints what went wrong: failed runs,
// crashes, a hang, and (in a ThreadSanitizer build) TSan's reports by kind.
// A model without a real-thread scenario prints "model only: <reason>".
// Exit 1 when anything was caught, 0 when nothing was.
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <iostream>
#include <limits>

#include "commands.hpp"
#include "stress.hpp"

namespace interleave::cli {
namespace {

nlohmann::json to_json(const Model& m, const StressResult* r) {
  nlohmann::json j{{"name", m.name}};
  if (r == nullptr) {
    j["model_only"] = m.model_only.empty() ? "no real-thread scenario" : m.model_only;
    return j;
  }
  j["runs"] = r->runs;
  j["seconds"] = r->seconds;
  j["failed"] = r->failed;
  j["crashed"] = r->crashed;
  j["first_failed_run"] = r->first_failed_run;
  j["first_failure"] = r->first_failure;
  j["hung_run"] = r->hung_run;
  j["hung_at_exit"] = r->hung_at_exit;
  j["under_tsan"] = r->under_tsan;
  j["tsan_kinds"] = r->tsan_kinds;
  j["tsan_first_run"] = r->tsan_first_run;
  j["tsan_first"] = r->tsan_first;
  return j;
}

}  // namespace

void add_stress(CLI::App& app, int& exit_code) {
  auto* cmd =
      app.add_subcommand("stress", "Run models' real-thread scenarios repeatedly (and under TSan when built so)");
  auto names = std::make_shared<std::vector<std::string>>();
  auto variants = std::make_shared<bool>(false);
  auto options = std::make_shared<StressOptions>();
  auto format = std::make_shared<std::string>("text");
  cmd->add_option("names", *names, "models to run");
  cmd->add_flag("--variants", *variants, "every teaching variant (a model with an expected violation)");
  cmd->add_option("--runs", options->runs, "stop after N runs of each model (default 1000)")
      ->check(whole_number(1, std::numeric_limits<std::int32_t>::max()));
  cmd->add_option("--seconds", options->seconds, "or after S seconds per model (default 10)")
      ->check(positive_seconds());
  cmd->add_option("--batch", options->batch, "runs per child process (default 200)")->check(whole_number(1, 1'000'000));
  cmd->add_option("--hang-after", options->hang_after, "a run longer than S seconds is a hang (default 5)")
      ->check(positive_seconds());
  cmd->add_option("--format", *format, "text or json")->check(CLI::IsMember({"text", "json"}));
  cmd->callback([=, &exit_code] {
    std::vector<const Model*> chosen;
    for (const std::string& name : *names) chosen.push_back(&model_named(name));
    if (*variants)
      for (const Model& m : models())
        if (m.expected) chosen.push_back(&m);
    if (chosen.empty()) throw CLI::ValidationError("stress", "name a model or pass --variants");
    bool caught = false;
    nlohmann::json all = nlohmann::json::array();
    for (const Model* m : chosen) {
      if (!m->real_scenario) {
        if (*format == "json")
          all.push_back(to_json(*m, nullptr));
        else
          fmt::print("{}: model only: {}\n", m->name,
                     m->model_only.empty() ? "no real-thread scenario" : m->model_only);
        continue;
      }
      const StressResult r = stress(*m, *options);
      caught = caught || r.stress_caught() || r.tsan_caught();
      if (*format == "json")
        all.push_back(to_json(*m, &r));
      else
        fmt::print("{}: {}\n", m->name, describe(r));
      std::fflush(stdout);
    }
    if (*format == "json") std::cout << all.dump(2) << "\n";
    exit_code = caught ? violated : ok;
  });
}

}  // namespace interleave::cli
