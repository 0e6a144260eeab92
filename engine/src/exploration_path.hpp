// The path of the DPOR search (as loom separates its Path from the runtime):
// the states of the current execution, each with its wakeup tree (the
// branches still to explore), its sleep set and the branches explored from
// it; choosing along it, backtracking, and inserting a race's reversal into a
// wakeup tree. Which reversals to insert is the race analysis's business
// (race_analysis.hpp).
//
// Sharding: states whose path so far has fewer than `expand_below` branch
// combinations are shared by all shards. There every enabled branch is
// explored, in one canonical order, and only a branch that starts a reversal
// covers it (source sets): the races that would insert the rest are partly in
// other shards' executions.
//
// Work stealing (work_stealing.hpp): several paths, one per worker thread,
// may share their top states. A shared state's branches still to explore
// and those taken from it live in one SharedBranches that every path through
// the state points to, guarded by the tree lock; each path keeps privately
// the branch it took there.
#pragma once

#include <algorithm>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <vector>

#include "reversal.hpp"
#include "scheduler.hpp"

namespace interleave::engine {

/// A branch of a wakeup tree: a step to take, and what to do after it.
struct Branch {
  Choice choice;
  Footprint footprint;           ///< what the step touches
  std::vector<Branch> children;  ///< empty: choose freely after it
  /// Added beside the search's own branches (an alternative outcome, or the
  /// top of a sharded search): as a leaf it does not cover a reversal.
  bool extra = false;
};

/// A branch that need not be explored from a state: an equivalent order
/// starting with it was explored from an earlier one.
struct Sleeper {
  Choice choice;
  bool shared = false;  ///< explored at a state several shards share
};

/// The branches of a state several worker threads' paths share: guarded by
/// the tree lock (ExplorationPath::share_with). The branches are taken in
/// the order one worker would explore them, and a branch a reversal can be
/// inserted into (one with a wakeup sequence below it) only once every
/// branch taken before it is explored: the reversals the races below those
/// insert into it are then all there, as with one worker. A leaf may be
/// taken while others are explored: nothing is inserted into a leaf.
struct SharedBranches {
  std::vector<Choice> taken;                ///< in the order they were taken; a later one sleeps on the earlier ones
  std::vector<Footprint> taken_footprints;  ///< what the step of each taken branch touches
  std::vector<Branch> wakeup;               ///< still to explore, none taken yet
  int active = 0;                           ///< workers exploring below one of the taken branches

  void take(const Choice& c, const Footprint& f) {
    taken.push_back(c);
    taken_footprints.push_back(f);
  }
};

/// A state of the current execution. The fields the replay and the race
/// analysis read at every state come first, next to each other.
struct State {
  /// The branch being explored, wakeup.front().choice, kept beside the tree
  /// (take_front) for the replay and the race analysis, which read it at
  /// every state.
  Choice front;
  StepOutcome outcome;               ///< what the chosen step did, once taken
  std::vector<PendingStep> pending;  ///< per thread id
  std::vector<Choice> enabled;
  std::vector<Sleeper> sleep;        ///< asleep on entry
  /// Explored from here. Of a state shared between workers: those taken
  /// from it before the branch this path took.
  std::vector<Choice> done;
  /// Still to explore; the front is being explored. Of a state shared
  /// between workers: only the branch this path took.
  std::vector<Branch> wakeup;
  /// Set when the state is shared between workers: the rest of its branches.
  std::shared_ptr<SharedBranches> branches;
  std::size_t taken_at = 0;        ///< shared: the index in branches->taken of the branch this path took
  std::uint64_t combinations = 1;  ///< product of the branch counts above this state
  int previous = -1;               ///< thread that took the step before this state
  int preemptions = 0;             ///< preemptions on the path before this state
  bool shared = false;             ///< at the top of a sharded search: every shard explores it

  const Choice& chosen() const { return front; }
  /// Explores the front branch of the wakeup tree (after it changed).
  void take_front() { front = wakeup.front().choice; }
  /// What branch `c` touches: a spurious wake-up also spends the budget.
  Footprint footprint(const Choice& c) const {
    Footprint f = pending[static_cast<std::size_t>(c.thread)].footprint;
    if (c.alt == Alt::spurious) f.add(kSpuriousBudget, true);
    return f;
  }
  /// Do branches `a` and `b` depend on each other (footprint(a) and footprint(b))?
  bool dependent(const Choice& a, const Choice& b) const {
    const Footprint& fa = pending[static_cast<std::size_t>(a.thread)].footprint;
    const Footprint& fb = pending[static_cast<std::size_t>(b.thread)].footprint;
    return fa.dependent(fb) || (a.alt == Alt::spurious && b.alt == Alt::spurious);  // both spend the budget
  }
  /// Appends branch `c` to the wakeup tree, built in place.
  void add_branch(const Choice& c, bool extra = false) {
    Branch& b = wakeup.emplace_back();
    b.choice = c;
    b.footprint = pending[static_cast<std::size_t>(c.thread)].footprint;
    if (c.alt == Alt::spurious) b.footprint.add(kSpuriousBudget, true);
    b.extra = extra;
  }
  bool asleep(const Choice& c) const;
  /// Taking `c` here is a preemption: the previous thread could go on.
  bool preempts(const Choice& c) const {
    return c.thread != previous &&
           std::find(enabled.begin(), enabled.end(), Choice{previous, Alt::normal}) != enabled.end();
  }
};

class ExplorationPath {
 public:
  /// With `max_preemptions` >= 0, branches needing more preemptions are left
  /// out (bounded partial-order reduction, preemption_bound.cpp).
  explicit ExplorationPath(std::uint64_t expand_below, int max_preemptions = -1)
      : expand_below_(expand_below), max_preemptions_(max_preemptions) {}

  /// Backtracks to the deepest state with a branch left; false when none is.
  bool next_execution();
  /// Replays the path, then extends it; nullopt when every branch left at
  /// the new state is covered.
  std::optional<Choice> choose(const SchedulingPoint& point);
  /// Records what the execution's last step did.
  void end_execution(const ExecutionEnd& end);

  /// The states whose chosen step this execution took (or was cut short at).
  std::size_t steps() const { return std::min(size_, depth_); }
  const State& state(std::size_t k) const { return states_[k]; }
  /// States before this one were replayed: races ending there were handled before.
  std::size_t replayed() const { return replay_until_; }
  /// True when the point after `depth` steps is on the path already: choose()
  /// follows it there without reading the point's pending steps.
  bool replays(std::size_t depth) const { return depth < size_; }
  /// Counts the executions of this path (next_execution, adopt, load).
  std::uint64_t execution() const { return execution_; }
  /// The states at the front of the path that the execution before this
  /// one took too, with the same steps (0 after adopt or load).
  std::size_t unchanged() const { return unchanged_; }
  /// The threads the last execution ended without, and their pending steps.
  const std::vector<LeftStep>& left() const { return left_; }

  /// Inserts `r` into the wakeup tree of its state, unless a branch asleep
  /// or explored there, or one already in the tree, covers it.
  void insert(Reversal r);

  /// Work stealing: states shared with other paths take `tree_lock` for
  /// their branches.
  void share_with(std::mutex& tree_lock) { tree_lock_ = &tree_lock; }
  /// Gives another worker the first branch left at the state nearest the
  /// root that has one: the states down to it become shared, and the
  /// returned path (to adopt()) takes that branch there. nullopt when no
  /// branch is left but the ones this path is exploring. The tree lock must
  /// be held.
  std::optional<std::vector<State>> split_off();
  /// Takes over a path split off another one: its next execution replays
  /// the shared states, then explores the branch taken at the last one.
  void adopt(std::vector<State> states);

  /// The whole path, for a checkpoint (checkpoint.hpp), and back.
  void save(CheckpointWriter& out) const;
  void load(CheckpointReader& in);

  /// True under a preemption bound.
  bool bounded() const { return max_preemptions_ >= 0; }
  /// True when the bound left out a branch the search would have explored.
  bool skipped_any() const { return skipped_; }

 private:
  // The preemption bound (preemption_bound.cpp).
  bool within_bound(const State& n, const Choice& c) const;
  void drop_beyond_bound(State& n);
  std::optional<Choice> bounded_free_choice(State& n);

  /// Appends an empty state to the path, in place of one backtracked from
  /// if there is one (its buffers are kept).
  State& push_state();
  /// Backtracks from the last state; it stays for its buffers.
  void pop_state();
  /// An empty buffer for a new level of a wakeup tree, one left by a level
  /// that moved into a state if there is one.
  std::vector<Branch> branch_buffer();
  bool has_branch(const State& n, const Choice& c) const;
  void drop_covered(State& n) const { drop_covered(n, n.done, n.wakeup, 0); }
  /// Drops the branches of `wakeup` from `first` on that are covered at `n`.
  void drop_covered(const State& n, std::span<const Choice> done, std::vector<Branch>& wakeup, std::size_t first) const;
  /// Makes `n` shared: its branches other than the one taken move to a SharedBranches.
  static void share(State& n);
  /// Takes the next branch of shared state `n` for this path, if it may
  /// (SharedBranches); false when it may not or none is left.
  bool take_shared(State& n) const;
  void sleep_after(const State& parent, State& child) const;

  std::uint64_t expand_below_;
  int max_preemptions_;
  bool skipped_ = false;
  /// The path: its first size_ states. Those after them were backtracked
  /// from and are kept for their buffers: a new state reuses one in place.
  std::vector<State> states_;
  std::size_t size_ = 0;
  /// Emptied wakeup-tree levels, kept for their memory (branch_buffer); a
  /// few are enough, as a level is taken about as often as one is left.
  std::vector<std::vector<Branch>> spare_levels_;
  static constexpr std::size_t kSpareLevels = 64;
  std::size_t depth_ = 0;
  std::size_t replay_until_ = 0;
  std::uint64_t execution_ = 0;
  std::size_t unchanged_ = 0;
  std::vector<LeftStep> left_;
  bool first_ = true;
  std::mutex* tree_lock_ = nullptr;
};

}  // namespace interleave::engine
