// `interleave check NAME...`: explore each model; exit 0 all hold, 1 any
// violation, 3 a bound was reached first.
#include <iostream>
#include <sstream>

#include "commands.hpp"
#include "report_commands.hpp"

namespace interleave::cli {
namespace {

struct CheckArgs {
  std::vector<std::string> names;
  std::string strategy;
  std::string format = "text";
  std::string report_dir;
  std::uint64_t max_steps = 0, budget_executions = 0, seed = 0;
  double budget_seconds = 0;
  int max_preemptions = -2, spurious = -1, max_bypass = -1, jobs = 1;
  std::string shard;
  bool keep_going = false;
  bool no_shrink = false;
};

/// The model's registered options, overridden by what the command line set.
Options options_for(const Model& model, const CheckArgs& a) {
  Options o = model.options;
  if (!a.strategy.empty() && !parse_strategy(a.strategy, o.strategy))
    throw CLI::ValidationError("unknown strategy \"" + a.strategy + "\" (dfs, dpor, random, pct)");
  if (a.max_steps) o.max_steps = a.max_steps;
  if (a.budget_executions) o.budget_executions = a.budget_executions;
  if (a.budget_seconds > 0) o.budget_seconds = a.budget_seconds;
  if (a.seed) o.seed = a.seed;
  if (a.max_preemptions != -2) o.max_preemptions = a.max_preemptions;
  if (a.spurious >= 0) o.max_spurious_wakeups = a.spurious;
  if (a.max_bypass >= 0) {
    o.max_bypass = a.max_bypass;
    o.bypass_mutexes = true;
  }
  if (a.keep_going) o.keep_going = true;
  o.jobs = a.jobs;
  if (!a.shard.empty()) {
    int k = 0, n = 0;
    char slash = 0;
    std::istringstream in(a.shard);
    if (!(in >> k >> slash >> n) || slash != '/' || !in.eof() || n < 1 || k < 1 || k > n)
      throw CLI::ValidationError("bad --shard \"" + a.shard + "\": expected K/N with 1 <= K <= N");
    o.shard_index = k - 1;
    o.shard_count = n;
  }
  return o;
}

}  // namespace

void add_check(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand("check", "Model-check the named models");
  auto a = std::make_shared<CheckArgs>();
  cmd->add_option("names", a->names, "model names (see list)")->required();
  cmd->add_option("--strategy", a->strategy, "dfs, dpor, random or pct");
  cmd->add_option("--max-steps", a->max_steps, "steps per execution before non_termination");
  cmd->add_option("--budget-executions", a->budget_executions, "stop after N executions");
  cmd->add_option("--budget-seconds", a->budget_seconds, "stop after S seconds")
      ->check(CLI::Validator(
          [](std::string& v) {
            double seconds = 0;
            std::istringstream in(v);
            return (in >> seconds) && in.eof() && seconds > 0 ? "" : "must be a number of seconds above 0";
          },
          "SECONDS", "positive"));
  cmd->add_option("--seed", a->seed, "seed of random and pct");
  cmd->add_option("--max-preemptions", a->max_preemptions, "preemption bound (-1: none)")->check(CLI::Range(-1, 1000));
  cmd->add_option("--spurious", a->spurious, "spurious wake-ups per execution")->check(CLI::Range(0, 100));
  cmd->add_option("--max-bypass", a->max_bypass,
                  "starvation: times a waiting thread may be bypassed at any mutex (0: off)")
      ->check(CLI::Range(0, 1000000));
  cmd->add_option("--shard", a->shard, "explore part K of N disjoint parts (K/N, from 1)");
  cmd->add_option("--jobs", a->jobs, "explore N shards on N threads and merge them")->check(CLI::Range(1, 256));
  cmd->add_flag("--keep-going", a->keep_going, "after a violation, look for other kinds");
  cmd->add_flag("--no-shrink", a->no_shrink, "report counterexamples as found, without shrinking them");
  cmd->add_option("--format", a->format, "text, json or junit")->check(CLI::IsMember({"text", "json", "junit"}));
  cmd->add_option("--report", a->report_dir, "write text, Markdown, JSON and HTML reports of each violation here");
  cmd->callback([a, &exit_code] {
    std::vector<std::pair<const Model*, Options>> runs;
    for (const std::string& name : a->names) {
      const Model& m = model_named(name);
      runs.emplace_back(&m, options_for(m, *a));
    }
    int worst = ok;
    std::string json_items;
    std::vector<std::pair<std::string, Result>> junit;
    for (const auto& [model, options] : runs) {
      ProgressLine progress(model->name, options);
      const Result r = check_model(*model, options, a->no_shrink ? Counterexamples::as_found : Counterexamples::shrunk,
                                   progress.listener());
      if (!a->report_dir.empty() && !r.violations.empty()) write_reports(a->report_dir, *model, r);
      const int code = exit_code_of(r);
      if (code == violated || (worst == ok && code != ok)) worst = code;
      if (a->format == "junit")
        junit.emplace_back(model->name, r);
      else if (a->format == "json")
        json_items += (json_items.empty() ? "" : ",\n") + to_json(r);
      else
        print_text(r);
    }
    if (a->format == "junit") std::cout << reports::render_junit(junit);
    if (a->format == "json") std::cout << (runs.size() == 1 ? json_items : "[\n" + json_items + "\n]") << "\n";
    exit_code = worst;
  });
}

}  // namespace interleave::cli
