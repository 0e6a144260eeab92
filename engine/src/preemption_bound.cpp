// DPOR under a preemption bound (bounded partial-order reduction, Coons,
// Musuvathi, McKinley, OOPSLA 2013): the exploration path leaves out every
// branch that would take the path past `max_preemptions` preemptions, and
// chooses freely without preempting where it can (the previous thread first).
// Cutting a reversal that needs a preemption at the racing step could lose
// schedules within the bound that make the same switch earlier, where the
// running thread had just been switched to; so the race analysis also asks
// for each race to be reversed at the start of that block
// (RaceAnalysis::run). Schedules left out are recorded (skipped_any), and the
// runner never answers "holds" for such a search.
#include "exploration_path.hpp"
#include "race_analysis.hpp"

namespace interleave::engine {

bool ExplorationPath::within_bound(const State& n, const Choice& c) const {
  return !bounded() || n.preemptions + (n.preempts(c) ? 1 : 0) <= max_preemptions_;
}

/// Drops the wakeup branches of `n` the bound does not allow (the front one
/// too: the search is about to take it).
void ExplorationPath::drop_beyond_bound(State& n) {
  const std::size_t before = n.wakeup.size();
  std::erase_if(n.wakeup, [&](const Branch& b) { return !within_bound(n, b.choice); });
  if (n.wakeup.size() != before) skipped_ = true;
}

/// The branch to take freely at `n`: the previous thread when it may run,
/// else the lowest awake thread the bound allows; nullopt when none is.
std::optional<Choice> ExplorationPath::bounded_free_choice(State& n) {
  auto open = [&](const Choice& c) { return !n.asleep(c) && !has_branch(n, c); };
  const Choice previous{n.previous, Alt::normal};
  if (std::find(n.enabled.begin(), n.enabled.end(), previous) != n.enabled.end() && open(previous)) return previous;
  for (const Choice& c : n.enabled) {
    if (!open(c)) continue;
    if (within_bound(n, c)) return c;
    skipped_ = true;
  }
  return std::nullopt;
}

/// BPOR's conservative branch: reversing (i, k) at i may need a preemption
/// the bound does not allow, where running k's thread at the start of i's
/// block (the step that switched to i's thread) does not. Asks for that
/// reordering too: the steps from the block start that do not happen after
/// it, then k.
void RaceAnalysis::insert_at_block_start(ExplorationPath& path, std::size_t i, std::size_t k, int threads) const {
  std::size_t start = i;
  while (start > 0 && steps_[start - 1].thread == steps_[i].thread) --start;
  if (start == i || steps_[start].before(steps_[k])) return;
  path.insert(Reversal(steps_, start, k, threads));
}

}  // namespace interleave::engine
