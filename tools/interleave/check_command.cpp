// `interleave check NAME...`: explore each model; exit 0 all hold, 1 any
// violation, 3 a bound was reached first.
#include <iostream>
#include <limits>
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
  int max_preemptions = -1, spurious = 0, max_bypass = 0, jobs = 1;
  std::string shard;
  bool keep_going = false;
  bool isolate = false;
  std::string checkpoint, resume;
  bool all = false;
  bool no_shrink = false;
};

/// The model's registered options, overridden by what the command line set
/// (`given` tells whether an option appeared).
Options options_for(const Model& model, const CheckArgs& a, const std::function<bool(const char*)>& given) {
  Options o = model.options;
  if (!a.strategy.empty() && !parse_strategy(a.strategy, o.strategy))
    throw CLI::ValidationError("unknown strategy \"" + a.strategy + "\" (dfs, dpor, random, pct)");
  if (given("--max-steps")) o.max_steps = a.max_steps;
  if (given("--budget-executions")) o.budget_executions = a.budget_executions;
  if (given("--budget-seconds")) o.budget_seconds = a.budget_seconds;
  if (given("--seed")) o.seed = a.seed;
  if (given("--max-preemptions")) o.max_preemptions = a.max_preemptions;
  if (given("--spurious")) o.max_spurious_wakeups = a.spurious;
  if (given("--max-bypass")) {
    o.max_bypass = a.max_bypass;
    o.bypass_mutexes = true;
  }
  if (a.keep_going) o.keep_going = true;
  o.checkpoint_file = a.checkpoint;
  o.resume_file = a.resume;
  o.jobs = a.jobs;
  if (!a.shard.empty()) {
    int k = 0, n = 0;
    char slash = 0;
    std::istringstream in(a.shard);
    if (!(in >> k >> slash >> n) || slash != '/' || !in.eof() || n < 1 || k < 1 || k > n || n > 1'000'000)
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
  cmd->add_option("names", a->names, "model names (see list)");
  cmd->add_flag("--all", a->all, "every registered model (for sharded runs merged by `interleave merge --gate`)");
  cmd->add_option("--strategy", a->strategy, "dfs, dpor, random or pct");
  cmd->add_option("--max-steps", a->max_steps, "steps per execution before non_termination")
      ->check(whole_number(1, 100'000'000));
  cmd->add_option("--budget-executions", a->budget_executions, "stop after N executions")
      ->check(whole_number(1, std::numeric_limits<std::int64_t>::max()));
  cmd->add_option("--budget-seconds", a->budget_seconds, "stop after S seconds")->check(positive_seconds());
  cmd->add_option("--seed", a->seed, "seed of random and pct")
      ->check(whole_number(0, std::numeric_limits<std::int64_t>::max()));
  cmd->add_option("--max-preemptions", a->max_preemptions, "preemption bound (-1: none)")
      ->check(whole_number(-1, 1000));
  cmd->add_option("--spurious", a->spurious, "spurious wake-ups per execution")->check(whole_number(0, 100));
  cmd->add_option("--max-bypass", a->max_bypass,
                  "starvation: times a waiting thread may be bypassed at any mutex (0: off)")
      ->check(whole_number(0, 1'000'000));
  cmd->add_option("--shard", a->shard, "explore part K of N disjoint parts (K/N, from 1)");
  cmd->add_option("--jobs", a->jobs, "search on N threads (DPOR: work stealing; other strategies: N shards, merged)")->check(whole_number(1, 256));
  cmd->add_flag("--keep-going", a->keep_going, "after a violation, look for other kinds");
  cmd->add_option("--checkpoint", a->checkpoint,
                  "when the search stops early (a budget, Ctrl-C), write its state to FILE");
  cmd->add_option("--resume", a->resume, "continue the search a --checkpoint FILE stopped")->check(CLI::ExistingFile);
  cmd->add_flag("--isolate", a->isolate, "check each model in a child process: a crash is reported, with its schedule");
  cmd->add_flag("--no-shrink", a->no_shrink, "report counterexamples as found, without shrinking them");
  cmd->add_option("--format", a->format, "text, json or junit")->check(CLI::IsMember({"text", "json", "junit"}));
  cmd->add_option("--report", a->report_dir, "write text, Markdown, JSON and HTML reports of each violation here");
  cmd->callback([a, cmd, &exit_code] {
    const auto given = [cmd](const char* flag) { return cmd->count(flag) > 0; };
    if (a->all == !a->names.empty()) throw CLI::ValidationError("name the models to check, or give --all");
    if ((!a->checkpoint.empty() || !a->resume.empty()) && (a->all || a->names.size() != 1))
      throw CLI::ValidationError("--checkpoint and --resume take one model");
    std::vector<std::pair<const Model*, Options>> runs;
    if (a->all)
      for (const Model& m : models()) runs.emplace_back(&m, options_for(m, *a, given));
    for (const std::string& name : a->names) {
      const Model& m = model_named(name);
      runs.emplace_back(&m, options_for(m, *a, given));
    }
    int worst = ok;
    bool unwritten = false;
    std::string json_items;
    std::vector<std::pair<std::string, Result>> junit;
    for (const auto& [model, options] : runs) {
      if (interrupt_requested()) break;  // the search before this one was interrupted
      Result r;
      {
        ProgressLine progress(model->name, options);
        const Counterexamples shown = a->no_shrink ? Counterexamples::as_found : Counterexamples::shrunk;
        r = a->isolate ? isolated_check(*model, options, shown)
                       : check_model(*model, options, shown, progress.listener());
      }  // the progress line is erased before the result is printed
      const int code = exit_code_of(r);
      if (code == violated || (worst == ok && code != ok)) worst = code;
      if (a->format == "junit")
        junit.emplace_back(model->name, r);
      else if (a->format == "json")
        json_items += (json_items.empty() ? "" : ",\n") + to_json(r);
      else
        print_text(r);
      const bool partial = interrupt_requested();  // a partial result is reported too, its note says so
      if (!a->report_dir.empty() && (!r.violations.empty() || partial))
        unwritten |= !try_write_reports(a->report_dir, *model, r);
    }
    if (a->format == "junit") std::cout << reports::render_junit(junit);
    if (a->format == "json") std::cout << (runs.size() == 1 ? json_items : "[\n" + json_items + "\n]") << "\n";
    exit_code = unwritten ? usage : worst;
  });
}

}  // namespace interleave::cli
