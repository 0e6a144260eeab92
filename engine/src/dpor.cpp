// Optimal DPOR with wakeup trees (Abdulla, Aronis, Jonsson, Sagonas,
// "Optimal Dynamic Partial Order Reduction", POPL 2014, Algorithm 2).
//
// Each execution extends the current path; at its end, every reversible race
// (two dependent steps of different threads with no step between them in
// happens-before) asks for the reversed order to be explored. The reversal is
// the sequence v of the steps after the first one that do not depend on it,
// ending with the second. Unless a thread that is asleep at the state before
// the first step (or was explored from it) could start v, v is inserted into
// that state's wakeup tree: the ordered branches still to explore, where a
// branch that could start v, or a leaf on the way, already covers it. The
// search follows wakeup-tree branches before choosing freely, so it explores
// exactly one complete execution per Mazurkiewicz trace, and on programs
// without locks none is cut short by its sleep set (blocked).
//
// Locks and notifications have their own rules for what races
// (race_analysis.hpp); reversing two acquisitions moves a whole critical
// section, so a sleeping thread does not cover it. An atomic's waiters are an
// object of their own (footprint.hpp): a notify and a wait's check on the
// atomic depend on each other, a store and the check through its value.
// Steps that touch the virtual clock all depend on each other; a spurious
// wake-up spends the execution's budget, an object.
// Alternative outcomes (spurious wake-ups, early timeouts) are explored at
// every state, as extra branches that cover no reversal. Under a preemption
// bound, branches past it are left out (preemption_bound.cpp).
//
// The search is two parts: the exploration path (exploration_path.hpp: the
// states, wakeup trees, sleep sets, backtracking and sharding) and the race
// analysis (race_analysis.hpp: happens-before, races and their reversals).
// This strategy runs the one along the other.
#include "exploration_path.hpp"
#include "race_analysis.hpp"
#include "scheduler.hpp"

namespace interleave::engine {
namespace {

class Dpor final : public Scheduler {
 public:
  Dpor(std::uint64_t expand_below, int max_preemptions) : path_(expand_below, max_preemptions) {}

  bool begin_execution() override { return path_.next_execution(); }
  std::optional<Choice> choose(const SchedulingPoint& point) override { return path_.choose(point); }
  bool reads_pending() const override { return true; }
  bool reads_pending_at(std::size_t depth) const override { return !path_.replays(depth); }
  bool chooses_inline_at(std::size_t depth) const override { return path_.replays(depth); }
  bool skipped_any() const override { return path_.skipped_any(); }
  void end_execution(const ExecutionEnd& end) override {
    path_.end_execution(end);
    races_.run(path_);
  }
  void save(CheckpointWriter& out) const override { path_.save(out); }
  void load(CheckpointReader& in) override { path_.load(in); }

 private:
  ExplorationPath path_;
  RaceAnalysis races_;
};

}  // namespace

std::unique_ptr<Scheduler> make_dpor(std::uint64_t expand_below, int max_preemptions) {
  return std::make_unique<Dpor>(expand_below, max_preemptions);
}

}  // namespace interleave::engine
