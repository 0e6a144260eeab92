// The runner: executions under a strategy until the search is done, a
// violation is found, or a budget runs out. check() and replay() are
// compositions of this loop with a strategy.
#include "interleave/check.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <chrono>
#include <csetjmp>
#include <fstream>
#include <iterator>
#include <memory>
#include <stdexcept>
#include <thread>
#include <utility>

#include "execution.hpp"
#include "schedule.hpp"
#include "scheduling_point.hpp"
#include "stack_guard.hpp"
#include "violation_of.hpp"
#include "work_stealing.hpp"

namespace interleave {
namespace {

using engine::Execution;

std::unique_ptr<engine::Scheduler> make_strategy(const Options& options) {
  switch (options.strategy) {
    case Strategy::dfs: return engine::make_dfs(options.max_preemptions);
    case Strategy::dpor:
      return engine::make_dpor(options.shard_count > 1 ? engine::shard_split(options.shard_count) : 1,
                               options.max_preemptions);
    case Strategy::random:
      return engine::make_random(options.seed, options.budget_executions ? options.budget_executions : 10'000);
    case Strategy::pct:
      return engine::make_pct(options.seed, options.budget_executions ? options.budget_executions : 10'000,
                              options.pct_depth);
  }
  throw std::invalid_argument("unknown strategy");
}

std::unique_ptr<engine::Scheduler> make_scheduler(const Options& options) {
  if (options.shard_count < 1 || options.shard_index < 0 || options.shard_index >= options.shard_count)
    throw std::invalid_argument("bad shard: K/N needs 0 <= K < N");
  auto strategy = make_strategy(options);
  if (options.shard_count == 1) return strategy;
  return engine::make_sharded(std::move(strategy), options.shard_index, options.shard_count);
}

/// Stacks are mmap'd once per OS thread and size, and reused by every check.
engine::StackPool& stacks_for(std::size_t size) {
  thread_local std::vector<std::unique_ptr<engine::StackPool>> pools;
  for (auto& p : pools)
    if (p->usable_size() == size) return *p;
  return *pools.emplace_back(std::make_unique<engine::StackPool>(size));
}

/// Everything the search loop mutates, on the heap so it survives a longjmp.
struct Search {
  Search(const Options& o, bool weak) : options(o), stacks(stacks_for(o.stack_size)), execution(o, stacks) {
    execution.set_weak_memory(weak);
  }
  const Options& options;
  engine::StackPool& stacks;
  Execution execution;
  Result result;
  bool needs_weak = false;   ///< an execution used a weak memory order: search again with weak memory
  std::uint64_t unfair = 0;  ///< executions cut short as unfair (counted in executions_blocked)
  std::uint64_t unfair_continued = 0;  ///< ... of them continued fairly (endless_when_continued)
  bool ran_out = false;      ///< the scheduler had no execution left: nothing stopped the search early
};

void collect(Search& s) {
  for (const engine::Failure& f : s.execution.failures())
    if (!s.result.has(f.kind)) s.result.violations.push_back(engine::violation_of(s.execution, f));
}

constexpr std::string_view kCheckpointHeader = "interleave-checkpoint/1";

/// What a checkpoint must agree on with the search that resumes it.
std::string options_fingerprint(const Options& o, bool weak) {
  return fmt::format("{} steps={} spurious={} timeouts={} bypass={}/{} spins={} weak={}", to_string(o.strategy),
                     o.max_steps, o.max_spurious_wakeups, o.explore_timeouts, o.max_bypass, o.bypass_mutexes,
                     o.implicit_spins, weak);
}

/// Writes the search's state (the scheduler has begun its next execution).
void write_checkpoint(const Search& s, const engine::Scheduler& scheduler, double seconds) {
  engine::CheckpointWriter out;
  out.text(kCheckpointHeader);
  out.text(options_fingerprint(s.options, s.execution.weak_memory()));
  Stats stats = s.result.stats;
  stats.seconds = seconds;
  out.value(stats);
  scheduler.save(out);
  std::ofstream file(s.options.checkpoint_file, std::ios::binary);
  file << out.bytes();
  if (!file.flush()) throw std::invalid_argument("cannot write the checkpoint " + s.options.checkpoint_file);
}

/// The checkpoint file's bytes.
std::string read_file(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) throw std::invalid_argument("cannot read the checkpoint " + path);
  return {std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
}

/// Whether the checkpoint at `path` was written by the weak-memory search.
bool checkpoint_is_weak(const std::string& path) {
  const std::string bytes = read_file(path);
  engine::CheckpointReader in(bytes);
  if (in.text() != kCheckpointHeader) throw std::invalid_argument(path + " is not an interleave checkpoint");
  return in.text().ends_with("weak=true");
}

/// Puts the checkpoint's state into the search and its scheduler.
void read_checkpoint(Search& s, engine::Scheduler& scheduler) {
  const std::string bytes = read_file(s.options.resume_file);
  engine::CheckpointReader in(bytes);
  if (in.text() != kCheckpointHeader)
    throw std::invalid_argument(s.options.resume_file + " is not an interleave checkpoint");
  if (in.text() != options_fingerprint(s.options, s.execution.weak_memory()))
    throw std::invalid_argument("the checkpoint " + s.options.resume_file + " is of a search with other options");
  s.result.stats = in.value<Stats>();
  scheduler.load(in);
  if (!in.done()) throw std::invalid_argument("the checkpoint " + s.options.resume_file + " has bytes left over");
}

/// The step bound a cut-short execution is continued to before it is
/// called endless: ten times the bound, and at least a thousand more steps.
std::uint64_t continuation_bound(std::uint64_t max_steps) {
  return max_steps > 100'000'000 ? max_steps : 10 * max_steps + 1000;
}

/// An execution's schedule run again and continued on a fair round-robin
/// schedule to continuation_bound: does the model then finish?
struct FairContinuation {
  FairContinuation(const Search& s, const std::function<void()>& scenario, std::vector<engine::Choice> prefix)
      : options(longer(s.options)), execution(options, s.stacks) {
    execution.set_weak_memory(s.execution.weak_memory());
    auto scheduler = engine::make_continuation(std::move(prefix));
    scheduler->begin_execution();
    execution.run(scenario, *scheduler);
  }
  /// Its non-termination or livelock, if it found one.
  const engine::Failure* endless() const {
    for (const engine::Failure& f : execution.failures())
      if (f.kind == ViolationKind::non_termination || f.kind == ViolationKind::livelock) return &f;
    return nullptr;
  }
  /// It ran to the larger bound (or found it endless) instead of finishing.
  bool unfinished() const { return endless() || execution.choices().size() >= options.max_steps; }

  static Options longer(Options o) {
    o.max_steps = continuation_bound(o.max_steps);
    return o;
  }
  const Options options;
  Execution execution;
};

/// Unfair executions at the step bound continued fairly per search: enough
/// to find a model that cannot terminate, whose every execution a
/// systematic search tries first is unfair, at a bounded cost.
constexpr std::uint64_t kUnfairContinued = 8;

/// An execution cut short as unfair at the step bound says nothing about a
/// fair scheduler, so it is pruned; but when no fair execution ever ends, a
/// search that only prunes never answers. Continued on a fair round-robin
/// schedule to a far larger bound (an unfair prefix followed by a fair
/// suffix is a fair execution), one that still does not finish is reported
/// as non-termination (or the livelock its continuation found).
bool endless_when_continued(Search& s, const std::function<void()>& scenario) {
  FairContinuation continued(s, scenario, s.execution.choices());
  if (!continued.unfinished()) return false;  // it finished, or was pruned on the way (an unfair cycle)
  if (!continued.endless())
    continued.execution.fail(
        ViolationKind::non_termination,
        fmt::format("the execution does not finish: it passed over a thread until the step bound of {} steps, and "
                    "continued fairly it ran {} steps without finishing",
                    s.options.max_steps, continued.execution.choices().size()));
  Violation v = engine::violation_of(continued.execution, *continued.endless());
  v.message += fmt::format(" (an unfair execution at the step bound, continued fairly; replay it with --max-steps {})",
                           continued.options.max_steps);
  if (!s.result.has(v.kind)) s.result.violations.push_back(std::move(v));
  return true;
}

void explore(Search& s, const std::function<void()>& scenario, engine::Scheduler& scheduler, Listener* listener) {
  const auto start = std::chrono::steady_clock::now();
  Stats& stats = s.result.stats;
  bool resumed = !s.options.resume_file.empty();
  if (resumed) read_checkpoint(s, scheduler);  // its scheduler has begun the next execution
  // A resumed search's counts go on from the checkpoint's; its budgets are this run's.
  const double earlier = stats.seconds;
  const std::uint64_t earlier_runs = stats.executions + stats.executions_blocked;
  auto this_run = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(); };
  auto elapsed = [&] { return earlier + this_run(); };
  for (;;) {
    if (!std::exchange(resumed, false) && !scheduler.begin_execution()) {
      s.ran_out = true;
      break;
    }
    const engine::Ending ending = s.execution.run(scenario, scheduler);
    if (!s.execution.weak_memory() && s.execution.saw_weak_order()) {
      s.needs_weak = true;  // the sequentially consistent search does not cover this model
      return;
    }
    scheduler.end_execution(engine::execution_end(s.execution, ending, scheduler.reads_pending()));
    if (scheduler.foreign()) continue;  // another shard's
    const std::uint64_t steps = s.execution.choices().size();
    stats.steps += steps;
    if (s.execution.withheld_spurious()) ++stats.spurious_withheld;
    if (s.execution.assumed_implicit_spin()) ++stats.implicit_spins;
    stats.max_depth = std::max(stats.max_depth, steps);
    if (ending == engine::Ending::unfair) ++s.unfair;
    if (ending == engine::Ending::pruned || ending == engine::Ending::unfair)
      ++stats.executions_blocked;
    else
      ++stats.executions;
    if (!s.execution.failures().empty()) {
      collect(s);
      if (!s.options.keep_going) break;
    }
    // Unfair at the step bound itself (not an unfair cycle found on the way).
    if (ending == engine::Ending::unfair && s.execution.choices().size() >= s.options.max_steps &&
        s.unfair_continued < kUnfairContinued) {
      ++s.unfair_continued;
      if (endless_when_continued(s, scenario) && !s.options.keep_going) break;
    }
    const std::uint64_t total = stats.executions + stats.executions_blocked;
    if (listener && total % 4096 == 0) {
      stats.seconds = elapsed();
      listener->progress(stats, stats.max_depth);
    }
    const bool out_of_executions = s.options.budget_executions && s.options.strategy != Strategy::random &&
                                   s.options.strategy != Strategy::pct &&
                                   total - earlier_runs >= s.options.budget_executions;
    const bool out_of_time = s.options.budget_seconds > 0 && (total % 64 == 0) && this_run() > s.options.budget_seconds;
    const bool interrupted = listener && listener->stop_requested();
    if (out_of_executions || out_of_time || interrupted) {
      if (scheduler.begin_execution()) {  // more remained: the search is incomplete
        s.result.verdict = Verdict::bound_reached;
        s.result.note = interrupted         ? fmt::format("interrupted after {} executions (partial)", total)
                        : out_of_executions ? fmt::format("stopped after {} executions (budget)", total)
                                            : fmt::format("stopped after {:.1f} s (budget)", this_run());
        if (!s.options.checkpoint_file.empty()) {
          write_checkpoint(s, scheduler, elapsed());
          s.result.note += "; checkpoint written to " + s.options.checkpoint_file;
        }
      } else {
        s.ran_out = true;  // the budget ran out with the search
      }
      break;
    }
  }
  stats.seconds = elapsed();
}

/// An execution that ran past the step bound without repeating is reported
/// as non-termination only if, continued on a fair round-robin schedule to
/// a far larger bound, it still does not finish. One that finishes shows the
/// bound was too small for the model: the violation is withdrawn and the
/// search was cut short (bound_reached), which the note explains.
void confirm_non_termination(Search& s, const std::function<void()>& scenario) {
  // One found by continuing an unfair execution (its schedule runs past the bound) is confirmed already.
  auto endless = std::find_if(s.result.violations.begin(), s.result.violations.end(), [&](const Violation& v) {
    return v.kind == ViolationKind::non_termination && engine::decode_schedule(v.schedule).size() <= s.options.max_steps;
  });
  if (endless == s.result.violations.end()) return;
  const FairContinuation continued(s, scenario, engine::decode_schedule(endless->schedule));
  if (continued.unfinished()) {
    endless->message +=
        fmt::format(" (continued fairly to {} steps, it still did not finish)", continued.options.max_steps);
    return;
  }
  s.result.violations.erase(endless);
  s.result.verdict = Verdict::bound_reached;
  s.result.note = fmt::format(
      "an execution ran past the step bound of {} steps; continued, it finished after {} steps: raise --max-steps",
      s.options.max_steps, continued.execution.choices().size());
}

/// Runs executions under `scheduler` until it stops, a violation is found
/// (without keep_going) or a budget runs out; `skipped` receives whether the
/// scheduler skipped schedules.
Result run_search(const std::function<void()>& scenario, const Options& options, engine::Scheduler& scheduler,
                  std::string_view strategy, Listener* listener, bool* skipped = nullptr, bool weak = false,
                  bool* needs_weak = nullptr) {
  auto search = std::make_unique<Search>(options, weak);
  Search& s = *search;
  s.result.strategy = std::string(strategy);
  s.result.exhaustive = strategy == to_string(Strategy::dfs) || strategy == to_string(Strategy::dpor);
  static thread_local sigjmp_buf overflow;
  engine::StackGuard guard(s.stacks, &overflow);
  if (sigsetjmp(overflow, 1) == 0) {
    try {
      explore(s, scenario, scheduler, listener);
      if (s.needs_weak && needs_weak) {
        *needs_weak = true;
        return std::move(s.result);
      }
      confirm_non_termination(s, scenario);
    } catch (const std::exception& e) {
      if (needs_weak && !weak && s.execution.saw_weak_order()) {  // e.g. a schedule with weak-memory branches
        *needs_weak = true;
        return std::move(s.result);
      }
      s.result.verdict = Verdict::error;
      s.result.note = e.what();
      return std::move(s.result);
    }
  } else {
    // A model thread hit its guard page. Its fibers are beyond saving: leak
    // them (never resume or destroy), report, and drop this search's state.
    const int thread = s.execution.running();
    s.execution.leak_fibers();
    s.stacks.forget_outstanding();
    s.execution.fail(ViolationKind::stack_overflow,
                     fmt::format("thread {} overflowed its {}-byte stack (raise Options::stack_size if the "
                                 "recursion is intended)",
                                 thread, options.stack_size));
    collect(s);
    ++s.result.stats.executions;
    Result result = std::move(s.result);
    result.verdict = Verdict::violated;
    engine::leak_on_purpose(search.release());  // its fibers point into stacks we must not unmap or unwind
    return result;
  }
  if (!s.result.violations.empty()) s.result.verdict = Verdict::violated;
  // A shard whose executions all belong to other shards, or were redundant
  // orders its partial-order reduction pruned, has nothing of its own.
  const bool empty_shard = options.shard_count > 1 && s.result.stats.executions == 0 && s.unfair == 0;
  if (s.result.verdict == Verdict::holds && empty_shard) {
    s.result.note = fmt::format("shard {}/{} has nothing to explore: every execution falls in another shard",
                                options.shard_index + 1, options.shard_count);
  } else if (s.result.verdict == Verdict::holds && options.shard_count > 1 && s.result.stats.executions > 0) {
    s.result.note = fmt::format("shard {}/{} only: the model holds when every shard does", options.shard_index + 1,
                                options.shard_count);
  } else if (s.result.verdict == Verdict::holds && s.result.stats.executions == 0) {
    s.result.verdict = Verdict::bound_reached;
    s.result.note = "no execution completed: every one was cut short (unfair schedules at the step bound)";
  }
  // Complete: an exhaustive strategy that ran out of executions, left out
  // none past a preemption bound, and found the step bound large enough.
  s.result.complete = s.result.exhaustive && s.ran_out && !scheduler.skipped_any() &&
                      (s.result.verdict == Verdict::holds || s.result.verdict == Verdict::violated);
  if (skipped) *skipped = scheduler.skipped_any();
  return std::move(s.result);
}

Result error_result(std::string_view strategy, std::string note) {
  Result r;
  r.strategy = std::string(strategy);
  r.verdict = Verdict::error;
  r.note = std::move(note);
  return r;
}

/// One search under the strategy `options` names; unusable options (a bad
/// shard) give Verdict::error.
Result strategy_search(const std::function<void()>& scenario, const Options& options, Listener* listener,
                       bool* skipped = nullptr) {
  const std::string_view strategy = to_string(options.strategy);
  std::unique_ptr<engine::Scheduler> scheduler;
  try {
    scheduler = make_scheduler(options);
  } catch (const std::invalid_argument& e) {
    return error_result(strategy, e.what());
  }
  bool needs_weak = false;
  bool resume_weak = false;  // the checkpoint is of the weak-memory search: the first one is behind it
  if (!options.resume_file.empty()) {
    try {
      resume_weak = checkpoint_is_weak(options.resume_file);
    } catch (const std::invalid_argument& e) {
      return error_result(strategy, e.what());
    }
  }
  if (!resume_weak) {
    Result sc = run_search(scenario, options, *scheduler, strategy, listener, skipped, false, &needs_weak);
    if (!needs_weak) return sc;
  }
  // The model uses weak memory orders: search again, every atomic access
  // branching over the stores it may read (memory_model.hpp). DPOR's
  // reduction does not cover those branches: exhaustive DFS explores them.
  Options weak = options;
  if (!resume_weak) weak.resume_file.clear();  // the checkpoint was of the first search: start afresh
  const bool from_dpor = weak.strategy == Strategy::dpor;
  if (from_dpor) {
    weak.strategy = Strategy::dfs;
    weak.max_preemptions = -1;
  }
  scheduler = make_scheduler(weak);
  Result r = run_search(scenario, weak, *scheduler, to_string(weak.strategy), listener, skipped, true);
  if (from_dpor && r.note.empty())
    r.note = "weak memory orders: explored by exhaustive DFS (DPOR does not reduce reads-from branches)";
  return r;
}

/// How the parts of a search ran: one after another (their seconds add up),
/// or side by side on threads (the slowest part's seconds).
enum class Parts { sequential, parallel };

/// Adds the counters of `part` into `total`.
void add_stats(Stats& total, const Stats& part, Parts parts) {
  total.executions += part.executions;
  total.executions_blocked += part.executions_blocked;
  total.steps += part.steps;
  total.max_depth = std::max(total.max_depth, part.max_depth);
  total.spurious_withheld += part.spurious_withheld;
  total.implicit_spins += part.implicit_spins;
  total.seconds = parts == Parts::sequential ? total.seconds + part.seconds : std::max(total.seconds, part.seconds);
}

/// Iterative preemption bounding (CHESS; for dpor, bounded partial-order
/// reduction at each bound): bounds 0, 1, ... up to the limit,
/// so the first violation of each kind found needs the fewest preemptions.
/// Without keep_going it stops at the first bound with a violation; with it,
/// higher bounds look for the kinds not found yet. The budgets are the whole
/// search's: each bound gets what the bounds before it left.
Result bounded_search(const std::function<void()>& scenario, const Options& options, Listener* listener) {
  const auto start = std::chrono::steady_clock::now();
  auto elapsed = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(); };
  Result merged;
  merged.strategy = std::string(to_string(options.strategy));
  merged.exhaustive = true;  // dfs or dpor at every bound
  Stats& total = merged.stats;
  bool skipped = false;  // the last bound searched left out schedules needing more preemptions
  bool cut = false;      // a budget (or the step bound) cut the search short ...
  bool before = false;   // ... before the search of `bound` began
  int bound = 0;
  for (; bound <= options.max_preemptions; ++bound) {
    Options o = options;
    o.max_preemptions = bound;
    const std::uint64_t used = total.executions + total.executions_blocked;
    if (options.budget_executions) o.budget_executions = options.budget_executions - used;
    if (options.budget_seconds > 0) o.budget_seconds = options.budget_seconds - elapsed();
    if ((options.budget_executions && o.budget_executions == 0) ||
        (options.budget_seconds > 0 && o.budget_seconds <= 0)) {
      cut = before = true;
      merged.note = options.budget_executions && o.budget_executions == 0
                        ? fmt::format("stopped after {} executions (budget)", used)
                        : fmt::format("stopped after {:.1f} s (budget)", elapsed());
      break;
    }
    const Result r = strategy_search(scenario, o, listener, &skipped);
    add_stats(total, r.stats, Parts::sequential);
    for (const Violation& v : r.violations)
      if (!merged.has(v.kind)) merged.violations.push_back(v);
    if (r.verdict == Verdict::error) {
      merged.verdict = Verdict::error;
      merged.note = r.note;
      break;
    }
    if (r.verdict == Verdict::bound_reached) {
      cut = true;
      merged.note = r.note;
      break;
    }
    merged.complete = r.complete;  // each bound's search includes the lower bounds'
    if (!skipped || (!merged.violations.empty() && !options.keep_going)) break;
  }
  total.seconds = elapsed();
  if (merged.verdict == Verdict::error) return merged;
  const std::string where =
      fmt::format("{} preemption bound {}", before ? "before" : "at", std::min(bound, options.max_preemptions));
  if (cut) {
    merged.note = fmt::format("{}, {}", merged.note, where);
    merged.complete = false;
  }
  if (!merged.violations.empty()) {
    merged.verdict = Verdict::violated;
    if (!cut) merged.note = where;
  } else if (cut) {
    merged.verdict = Verdict::bound_reached;
  } else if (skipped) {
    merged.verdict = Verdict::bound_reached;
    merged.note = fmt::format("no violation with at most {} preemptions; schedules needing more were not explored",
                              options.max_preemptions);
  }
  return merged;
}

}  // namespace

std::string current_schedule() {
  const Execution* e = Execution::current();
  return e ? engine::encode_schedule(e->choices()) : std::string();
}

namespace {

/// The parts of one search, each explored once, as one result.
Result merge_parts(const std::vector<Result>& parts);

/// --jobs N under unbounded DPOR: N workers share the search by work
/// stealing (work_stealing.hpp). nullopt when the model needs weak memory,
/// which exhaustive DFS searches instead.
std::optional<Result> work_stealing_search(const std::function<void()>& scenario, const Options& options) {
  const int n = options.jobs;
  engine::WorkPool pool(n);
  std::vector<Result> parts(static_cast<std::size_t>(n));
  std::vector<char> needs_weak(static_cast<std::size_t>(n), 0);
  std::vector<std::thread> workers;
  for (int k = 0; k < n; ++k)
    workers.emplace_back([&, k] {
      // A worker's part is reported as a shard's: its own notes ("nothing
      // to explore") are the merge's to judge.
      Options o = options;
      o.jobs = 1;
      o.shard_index = k;
      o.shard_count = n;
      const auto scheduler = engine::make_stealing_dpor(pool, k == 0);
      bool weak = false;
      parts[static_cast<std::size_t>(k)] =
          run_search(scenario, o, *scheduler, to_string(Strategy::dpor), nullptr, nullptr, false, &weak);
      needs_weak[static_cast<std::size_t>(k)] = weak;
      pool.stop();  // done, or stopped early (a violation, a budget): the others stop too
    });
  for (std::thread& w : workers) w.join();
  if (std::any_of(needs_weak.begin(), needs_weak.end(), [](char w) { return w != 0; })) return std::nullopt;
  return merge_parts(parts);
}

}  // namespace

Result merge_shards(const std::vector<Result>& parts) {
  if (parts.empty()) throw std::invalid_argument("no shard results to merge");
  const int n = parts[0].shard_count;
  std::vector<bool> seen(static_cast<std::size_t>(std::max(n, 1)), false);
  for (const Result& p : parts) {
    if (p.model != parts[0].model || p.shard_count != n || p.shard_index < 0 || p.shard_index >= n ||
        seen[static_cast<std::size_t>(p.shard_index)])
      throw std::invalid_argument(fmt::format("the results of {} are not the shards of one search, each once",
                                              parts[0].model.empty() ? "the model" : parts[0].model));
    seen[static_cast<std::size_t>(p.shard_index)] = true;
  }
  if (static_cast<int>(parts.size()) != n)
    throw std::invalid_argument(fmt::format("{}: {} of {} shards given", parts[0].model, parts.size(), n));
  return merge_parts(parts);
}

namespace {

Result merge_parts(const std::vector<Result>& parts) {
  // The verdict is the strongest of the parts' (error, then violated, then
  // bound_reached, then holds), with the note of a part that gave it; a part
  // with nothing to explore holds and adds nothing.
  auto rank = [](Verdict v) {
    return v == Verdict::error ? 3 : v == Verdict::violated ? 2 : v == Verdict::bound_reached ? 1 : 0;
  };
  Result merged;
  merged.model = parts[0].model;
  merged.strategy = parts[0].strategy;
  merged.exhaustive = std::all_of(parts.begin(), parts.end(), [](const Result& p) { return p.exhaustive; });
  merged.complete = std::all_of(parts.begin(), parts.end(), [](const Result& p) { return p.complete; });
  for (const Result& p : parts) {
    add_stats(merged.stats, p.stats, Parts::parallel);
    for (const Violation& v : p.violations)
      if (!merged.has(v.kind)) merged.violations.push_back(v);
    if (rank(p.verdict) > rank(merged.verdict)) {
      merged.verdict = p.verdict;
      merged.note = p.note;
    }
  }
  if (merged.verdict == Verdict::holds && merged.stats.executions == 0) {
    merged.verdict = Verdict::bound_reached;
    merged.note = "no execution completed: every one was cut short (unfair schedules at the step bound)";
    merged.complete = false;
  }
  if (merged.verdict == Verdict::error) merged.complete = false;
  return merged;
}

}  // namespace

/// --jobs N: unbounded DPOR by work stealing; other strategies (and a
/// model that needs weak memory) as shards 0..N-1 of the search on N
/// threads, merged into one result.
Result parallel_search(const std::function<void()>& scenario, const Options& options) {
  if (options.strategy == Strategy::dpor && options.max_preemptions < 0)
    if (std::optional<Result> r = work_stealing_search(scenario, options)) return std::move(*r);
  const int n = options.jobs;
  std::vector<Result> parts(static_cast<std::size_t>(n));
  std::vector<std::thread> workers;
  for (int k = 0; k < n; ++k)
    workers.emplace_back([&, k] {
      Options o = options;
      o.jobs = 1;
      o.shard_index = k;
      o.shard_count = n;
      parts[static_cast<std::size_t>(k)] = check(scenario, o);
    });
  for (std::thread& w : workers) w.join();
  return merge_shards(parts);
}

namespace {

/// A verdict of holds says what the search assumed, where an assumption
/// left executions out: spurious wake-ups past the budget, reads repeated
/// unchanged taken for spins.
void note_assumptions(Result& r, const Options& options) {
  if (r.verdict != Verdict::holds) return;
  std::vector<std::string> assumed;
  if (r.stats.spurious_withheld > 0)
    assumed.push_back(fmt::format(
        "at most {} spurious wake-up(s) per execution (in {} executions a wait could have woken spuriously once "
        "more: raise Options::max_spurious_wakeups, --spurious)",
        options.max_spurious_wakeups, r.stats.spurious_withheld));
  if (r.stats.implicit_spins > 0)
    assumed.push_back(fmt::format(
        "that a read repeated unchanged at one place is a spin waiting for a change (in {} executions; with "
        "Options::implicit_spins off such a loop is explored as it is)",
        r.stats.implicit_spins));
  if (assumed.empty()) return;
  const std::string note = fmt::format("holds assuming {}", fmt::join(assumed, ", and "));
  r.note = r.note.empty() ? note : r.note + "; " + note;
}

}  // namespace

Result check(const std::function<void()>& scenario, const Options& options, Listener* listener) {
  const bool checkpointed = !options.checkpoint_file.empty() || !options.resume_file.empty();
  if (checkpointed && ((options.strategy != Strategy::dfs && options.strategy != Strategy::dpor) ||
                       options.max_preemptions >= 0 || options.shard_count > 1 || options.jobs > 1))
    return error_result(to_string(options.strategy),
                        "only an exhaustive search (dfs or dpor) without shards, jobs or a preemption bound can be "
                        "checkpointed or resumed");
  Result r;
  if (options.jobs > 1 && options.shard_count == 1) {
    r = parallel_search(scenario, options);
  } else {
    r = (options.strategy == Strategy::dfs || options.strategy == Strategy::dpor) && options.max_preemptions >= 0
            ? bounded_search(scenario, options, listener)
            : strategy_search(scenario, options, listener);
    r.shard_index = options.shard_index;
    r.shard_count = options.shard_count;
  }
  note_assumptions(r, options);
  return r;
}

Result replay(const std::function<void()>& scenario, const std::string& schedule, const Options& options) {
  constexpr std::string_view strategy = "replay";
  std::vector<engine::Choice> choices;
  try {
    choices = engine::decode_schedule(schedule, options.max_steps);
  } catch (const std::invalid_argument& e) {
    return error_result(strategy, e.what());
  }
  Options replay_options = options;
  replay_options.keep_going = false;
  bool needs_weak = false;
  Result r = run_search(scenario, replay_options, *engine::make_replay(choices), strategy, nullptr, nullptr, false,
                        &needs_weak);
  if (needs_weak)
    r = run_search(scenario, replay_options, *engine::make_replay(choices), strategy, nullptr, nullptr, true);
  // While following a schedule, an error is the schedule not fitting the
  // model: it names a thread that cannot run (the execution checks every
  // choice), or it ends while the model has more to run.
  if (r.verdict == Verdict::error) r.note = "the schedule does not fit this model: " + r.note;
  return r;
}

}  // namespace interleave
