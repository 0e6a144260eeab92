// Counterexample shrinking (see interleave/shrink.hpp), in two parts.
//
// Greedy: a candidate is a plan of choices followed leniently: a planned step
// whose thread cannot run is skipped, and once the plan is used up the run
// goes on without preemption (the previous thread if it can run, else the
// lowest enabled thread). The choices actually taken become the candidate's
// exact replay schedule. Cheap, but it can stop at a local minimum: two
// preemptions that only a different schedule replaces with one.
//
// Minimum search: iterative preemption bounding (CHESS) from bound 0 up to
// the greedy result's count, each bound enumerated by bounded DFS for the
// shortest schedule showing the same kind of violation. The first bound with
// one is the fewest preemptions the violation needs; steps beyond the best
// length so far are cut, since a longer schedule at that bound cannot be
// smaller.
#include "interleave/shrink.hpp"

#include <algorithm>
#include <chrono>
#include <optional>

#include "execution.hpp"
#include "schedule.hpp"
#include "scheduler.hpp"
#include "scheduling_point.hpp"
#include "violation_of.hpp"

namespace interleave {
namespace {

using engine::Choice;

class Guided final : public engine::Scheduler {
 public:
  explicit Guided(const std::vector<Choice>& plan) : plan_(plan) {}
  bool begin_execution() override { return !started_ && (started_ = true); }
  std::optional<Choice> choose(const engine::SchedulingPoint& point) override {
    auto enabled = [&](const Choice& c) {
      return std::find(point.enabled.begin(), point.enabled.end(), c) != point.enabled.end();
    };
    while (next_ < plan_.size()) {
      const Choice c = plan_[next_++];
      if (enabled(c)) return c;
    }
    if (enabled(Choice{point.previous, engine::Alt::normal})) return Choice{point.previous, engine::Alt::normal};
    for (const Choice& c : point.enabled)
      if (c.alt == engine::Alt::normal) return c;
    return point.enabled.front();
  }

 private:
  const std::vector<Choice>& plan_;
  std::size_t next_ = 0;
  bool started_ = false;
};

/// A counterexample and its choices.
struct Candidate {
  Violation violation;
  std::vector<Choice> choices;
};

bool smaller(const Violation& a, const Violation& b) {
  if (a.preemptions != b.preemptions) return a.preemptions < b.preemptions;
  return a.trace.size() < b.trace.size();
}

/// Kinds found by running into the step bound: their schedules end there.
bool found_at_step_bound(ViolationKind kind) {
  return kind == ViolationKind::non_termination || kind == ViolationKind::livelock || kind == ViolationKind::starvation;
}

/// The counterexample `ex` shows for `kind`, if any. A run the shrinker's
/// tighter step bound cut short does not count (its schedule would not replay
/// to the end), unless the kind is itself found at the step bound.
std::optional<Candidate> candidate_of(const engine::Execution& ex, engine::Ending ending, ViolationKind kind) {
  if (ending == engine::Ending::pruned) return std::nullopt;
  // Reaching the step bound ends a run as step_bound, or as violated when
  // its steps repeat (a livelock or starvation cycle).
  const bool cut = ending == engine::Ending::step_bound ||
                   std::any_of(ex.failures().begin(), ex.failures().end(),
                               [](const engine::Failure& f) { return found_at_step_bound(f.kind); });
  if (cut && !found_at_step_bound(kind)) return std::nullopt;
  for (const engine::Failure& f : ex.failures()) {
    if (f.kind != kind) continue;
    return Candidate{engine::violation_of(ex, f), ex.choices()};
  }
  return std::nullopt;
}

/// Runs `plan`; the counterexample when it shows a violation of `kind`.
std::optional<Candidate> run(const std::function<void()>& scenario, const std::vector<Choice>& plan, ViolationKind kind,
                             const Options& options, engine::StackPool& stacks) {
  engine::Execution ex(options, stacks);
  engine::Ending ending = engine::Ending::pruned;
  for (const bool weak : {false, true}) {  // weak memory orders: as the search ran them (check.cpp)
    ex.set_weak_memory(weak);
    Guided guided(plan);
    try {
      ending = ex.run(scenario, guided);
    } catch (const std::exception&) {
      if (weak || !ex.saw_weak_order()) return std::nullopt;
    }
    if (!ex.saw_weak_order()) break;
  }
  return candidate_of(ex, ending, kind);
}

/// `choices` with the step at `from` moved to position `to` (before the move).
std::vector<Choice> moved(const std::vector<Choice>& choices, std::size_t from, std::size_t to) {
  auto plan = choices;
  const Choice c = plan[from];
  plan.erase(plan.begin() + static_cast<std::ptrdiff_t>(from));
  if (to > from) --to;
  plan.insert(plan.begin() + static_cast<std::ptrdiff_t>(to), c);
  return plan;
}

/// `choices` with the run [begin, end) moved to position `to` (outside it).
std::vector<Choice> run_moved(const std::vector<Choice>& choices, std::size_t begin, std::size_t end, std::size_t to) {
  using D = std::ptrdiff_t;
  std::vector<Choice> plan(choices.begin(), choices.begin() + static_cast<D>(std::min(begin, to)));
  if (to < begin) {
    plan.insert(plan.end(), choices.begin() + static_cast<D>(begin), choices.begin() + static_cast<D>(end));
    plan.insert(plan.end(), choices.begin() + static_cast<D>(to), choices.begin() + static_cast<D>(begin));
    plan.insert(plan.end(), choices.begin() + static_cast<D>(end), choices.end());
  } else {
    plan.insert(plan.end(), choices.begin() + static_cast<D>(end), choices.begin() + static_cast<D>(to));
    plan.insert(plan.end(), choices.begin() + static_cast<D>(begin), choices.begin() + static_cast<D>(end));
    plan.insert(plan.end(), choices.begin() + static_cast<D>(to), choices.end());
  }
  return plan;
}

/// Whole-run moves: each maximal run of one thread's steps moved back to
/// just after that thread's previous run, or forward to just before its next
/// run. Merging two runs of a thread removes up to two context switches.
void add_run_moves(const std::vector<Choice>& best, std::vector<std::vector<Choice>>& plans) {
  struct Run {
    int thread;
    std::size_t begin, end;
  };
  std::vector<Run> runs;
  for (std::size_t i = 0; i < best.size(); ++i) {
    if (runs.empty() || runs.back().thread != best[i].thread) runs.push_back({best[i].thread, i, i});
    runs.back().end = i + 1;
  }
  for (std::size_t k = 0; k < runs.size(); ++k) {
    for (std::size_t p = k; p-- > 0;)
      if (runs[p].thread == runs[k].thread) {
        plans.push_back(run_moved(best, runs[k].begin, runs[k].end, runs[p].end));
        break;
      }
    for (std::size_t n = k + 1; n < runs.size(); ++n)
      if (runs[n].thread == runs[k].thread) {
        plans.push_back(run_moved(best, runs[k].begin, runs[k].end, runs[n].begin));
        break;
      }
  }
}

/// The plans tried from `best`, most promising first: merge runs of a thread
/// (add_run_moves), cut each preemption
/// (the plan stops just before it), delay it by one step; merge a thread's
/// runs (pull a step back to the end of its thread's previous run, or push
/// it forward to the start of its next run); then delete halves, quarters,
/// ... and single steps.
std::vector<std::vector<Choice>> plans_from(const std::vector<Choice>& best) {
  std::vector<std::vector<Choice>> plans;
  add_run_moves(best, plans);
  for (std::size_t i = 1; i < best.size(); ++i) {
    if (best[i].thread == best[i - 1].thread) continue;
    // Pull: after the last earlier step of the same thread.
    for (std::size_t j = i - 1; j-- > 0;) {
      if (best[j].thread != best[i].thread) continue;
      plans.push_back(moved(best, i, j + 1));
      break;
    }
    // Push the previous step forward: before the next step of its thread.
    for (std::size_t j = i; j < best.size(); ++j) {
      if (best[j].thread != best[i - 1].thread) continue;
      plans.push_back(moved(best, i - 1, j));
      break;
    }
  }
  for (std::size_t i = 1; i < best.size(); ++i) {
    if (best[i].thread == best[i - 1].thread) continue;
    plans.emplace_back(best.begin(), best.begin() + static_cast<std::ptrdiff_t>(i));
    auto delayed = best;
    delayed.insert(delayed.begin() + static_cast<std::ptrdiff_t>(i), best[i - 1]);
    plans.push_back(std::move(delayed));
  }
  for (std::size_t chunk = best.size() / 2; chunk >= 1; chunk /= 2) {
    for (std::size_t at = 0; at + chunk <= best.size(); at += chunk) {
      auto cut = best;
      cut.erase(cut.begin() + static_cast<std::ptrdiff_t>(at), cut.begin() + static_cast<std::ptrdiff_t>(at + chunk));
      plans.push_back(std::move(cut));
    }
  }
  return plans;
}

/// What one shrink may still spend.
class Spending {
 public:
  explicit Spending(ShrinkBudget budget) : budget_(budget), start_(std::chrono::steady_clock::now()) {}
  bool exhausted() const {
    return runs_ >= budget_.max_runs ||
           std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count() > budget_.max_seconds;
  }
  void spend() { ++runs_; }

 private:
  ShrinkBudget budget_;
  std::chrono::steady_clock::time_point start_;
  std::size_t runs_ = 0;
};

/// Improves `best` step by step with the greedy plans until none is smaller.
void greedy(const std::function<void()>& scenario, Candidate& best, ViolationKind kind, const Options& options,
            engine::StackPool& stacks, Spending& spending) {
  for (bool improved = true; improved && !spending.exhausted();) {
    improved = false;
    for (const auto& plan : plans_from(best.choices)) {
      if (spending.exhausted()) break;
      spending.spend();
      auto candidate = run(scenario, plan, kind, options, stacks);
      if (candidate && smaller(candidate->violation, best.violation)) {
        best = std::move(*candidate);
        improved = true;
        break;
      }
    }
  }
}

/// The result of enumerating the schedules with at most a bound of preemptions.
struct BoundSearch {
  std::optional<Candidate> shortest;  ///< the shortest counterexample of the kind found
  bool complete = false;              ///< every schedule within the bound (and step cut) was run
};

/// Bounded DFS over the schedules with at most `bound` preemptions and at most
/// `max_steps` steps, for the shortest showing a violation of `kind`. The step
/// cut tightens to the shortest found so far.
BoundSearch search_bound(const std::function<void()>& scenario, int bound, std::uint64_t max_steps, ViolationKind kind,
                         const Options& options, engine::StackPool& stacks, Spending& spending) {
  BoundSearch out;
  const std::unique_ptr<engine::Scheduler> dfs = engine::make_dfs(bound);
  Options cut = options;
  cut.max_steps = max_steps;
  while (!spending.exhausted()) {
    if (!dfs->begin_execution()) {
      out.complete = true;
      break;
    }
    spending.spend();
    engine::Execution ex(cut, stacks);
    engine::Ending ending;
    try {
      ending = ex.run(scenario, *dfs);
    } catch (const std::exception&) {
      break;  // the model cannot be searched this way (not deterministic, a limit): keep what was found
    }
    if (ex.saw_weak_order()) break;  // weak memory orders: the greedy result stands
    dfs->end_execution(engine::execution_end(ex, ending, dfs->reads_pending()));
    auto candidate = candidate_of(ex, ending, kind);
    if (!candidate || (out.shortest && !smaller(candidate->violation, out.shortest->violation))) continue;
    if (!found_at_step_bound(kind)) cut.max_steps = candidate->choices.size();
    out.shortest = std::move(candidate);
  }
  return out;
}

/// Iterative preemption bounding from bound 0 up to `best`'s preemptions:
/// replaces `best` by the shortest counterexample at the first bound that has
/// one, when it is smaller. Stops early when the budget runs out.
void search_minimum(const std::function<void()>& scenario, Candidate& best, ViolationKind kind, const Options& options,
                    engine::StackPool& stacks, Spending& spending) {
  for (int bound = 0; bound <= best.violation.preemptions && !spending.exhausted(); ++bound) {
    // Below best's count any length will do; at it, only a shorter schedule.
    const std::uint64_t max_steps = bound < best.violation.preemptions || found_at_step_bound(kind)
                                        ? options.max_steps
                                        : std::min<std::uint64_t>(options.max_steps, best.choices.size());
    BoundSearch found = search_bound(scenario, bound, max_steps, kind, options, stacks, spending);
    if (found.shortest && smaller(found.shortest->violation, best.violation)) best = std::move(*found.shortest);
    if (found.shortest || !found.complete) return;
  }
}

}  // namespace

Violation shrink(const std::function<void()>& scenario, const Violation& violation, const Options& options,
                 ShrinkBudget budget) {
  if (violation.kind == ViolationKind::stack_overflow) return violation;
  std::vector<Choice> original;
  try {
    original = engine::decode_schedule(violation.schedule);
  } catch (const std::exception&) {
    return violation;
  }
  // A candidate much longer than the original cannot be smaller; bounding
  // its steps keeps one run from eating the budget (a non-termination keeps
  // the bound it was found with).
  Options bounded = options;
  if (!found_at_step_bound(violation.kind))
    bounded.max_steps = std::min<std::uint64_t>(options.max_steps, 2 * original.size() + 64);
  engine::StackPool stacks(options.stack_size);
  Spending spending(budget);
  // Start from the original schedule run under the same rules, so every
  // candidate is measured the same way.
  std::optional<Candidate> best = run(scenario, original, violation.kind, bounded, stacks);
  if (!best) return violation;
  spending.spend();
  greedy(scenario, *best, violation.kind, bounded, stacks, spending);
  search_minimum(scenario, *best, violation.kind, bounded, stacks, spending);
  greedy(scenario, *best, violation.kind, bounded, stacks, spending);
  // Never worse than the input: not more preemptions, nor more steps at as many.
  if (!smaller(best->violation, violation)) return violation;
  Violation shrunk = std::move(best->violation);
  shrunk.original_steps = violation.original_steps ? violation.original_steps : violation.trace.size();
  return shrunk;
}

void shrink_all(const std::function<void()>& scenario, Result& result, const Options& options, ShrinkBudget budget) {
  for (Violation& v : result.violations) v = shrink(scenario, v, options, budget);
}

}  // namespace interleave
