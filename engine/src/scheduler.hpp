// The strategy interface: one small class per strategy (dfs.cpp,
// random_walk.cpp, replay.cpp, pct.cpp, dpor.cpp; sharded.cpp wraps one), in
// the manner of shuttle's Scheduler trait.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <stdexcept>
#include <vector>

#include "checkpoint.hpp"
#include "footprint.hpp"
#include "interleave/options.hpp"
#include "op.hpp"

namespace interleave::engine {

/// What a thread may do at a scheduling point: run its pending operation
/// normally, or take an alternative outcome of it.
enum class Alt : std::uint8_t {
  normal,
  spurious,  ///< a condition-variable wait returns without a notification
  timeout,   ///< a timed wait times out now, while other threads could still run
  choice,    ///< a choose step takes value `pick` (> 0; value 0 is the normal branch)
};

/// One branch of a scheduling point.
struct Choice {
  int thread = 0;
  Alt alt = Alt::normal;
  /// Weak memory (memory_model.hpp): which store an atomic load reads, or
  /// which place in modification order a store takes; 0 is the
  /// sequentially consistent one (the latest). Alt::choice: the value a
  /// choose step returns.
  std::uint16_t pick = 0;
  bool operator==(const Choice&) const = default;
};

/// The operation a thread is parked at, as partial-order reduction sees it.
struct PendingStep {
  Op op = Op::start;
  Footprint footprint;            ///< what it touches, in the current state
  std::uint32_t join_target = 0;  ///< a join's thread (kAllThreads: every other); 0 for other ops
  bool spinning = false;          ///< its spin waits for another thread's change (spin.cpp)
};

/// A thread an execution ended without (a deadlock, a cycle, the step bound,
/// or a detached thread still running when the others finished), and the
/// step it was parked at.
struct LeftStep {
  int thread = 0;
  PendingStep step;
  bool enabled = false;  ///< it could have run: a fair scheduler would have run it
};

/// What a step did that its pending step could not tell beforehand.
struct StepOutcome {
  bool failed_cas = false;  ///< a compare-exchange that failed: it only read
  bool yielded = false;     ///< a yield, or a spin that saw nothing change (spin.cpp)
};

/// The state a strategy sees when asked to choose.
struct SchedulingPoint {
  std::span<const Choice> enabled;       ///< the enabled branches, sorted by thread
  std::span<const PendingStep> pending;  ///< per thread id; empty unless the strategy reads_pending_at() here
  int previous = -1;                     ///< thread that took the last step (-1: none)
  std::size_t depth = 0;                 ///< steps taken so far in this execution
  StepOutcome previous_outcome;          ///< what the last step did; empty unless it reads_outcome()
};

/// How an execution ended, as a strategy sees it.
struct ExecutionEnd {
  std::size_t steps = 0;  ///< steps taken (a strategy's last choice may have been cut short)
  StepOutcome last;       ///< what the last of them did
  bool finished = false;  ///< every thread ran to its end
  /// Only for strategies that read_pending(), and only when the execution
  /// ended for a reason of its own (not cut short by the strategy): the
  /// threads still live and their pending steps, for the races they would have.
  std::vector<LeftStep> left;
};

/// A search strategy. The runner calls begin_execution, then choose at every
/// scheduling point, then end_execution, until begin_execution says stop.
class Scheduler {
 public:
  virtual ~Scheduler() = default;
  /// Prepares the next execution; false when the search is complete.
  virtual bool begin_execution() = 0;
  /// Picks a branch; nullopt abandons this execution (pruned by the strategy).
  virtual std::optional<Choice> choose(const SchedulingPoint& point) = 0;
  /// True when the strategy reads SchedulingPoint::pending (partial-order
  /// reduction); the others are spared collecting it at every point.
  virtual bool reads_pending() const { return false; }
  /// True when the strategy reads SchedulingPoint::pending at the point
  /// after `depth` steps (it is empty otherwise): a strategy replaying a
  /// prefix it has seen needs it only where the prefix ends.
  virtual bool reads_pending_at(std::size_t /*depth*/) const { return reads_pending(); }
  /// True when choose() is cheap and uses little stack at every point: the
  /// engine may then call it on a model thread's fiber, and run that thread
  /// on without a switch when it is chosen again. What it throws there is
  /// thrown again from the run loop, as if it had been called there.
  virtual bool chooses_inline() const { return false; }
  /// The same at the point after `depth` steps only: a strategy replaying a
  /// prefix it has seen chooses along it cheaply.
  virtual bool chooses_inline_at(std::size_t /*depth*/) const { return chooses_inline(); }
  /// False when the strategy never reads SchedulingPoint::previous_outcome
  /// (it is then left empty).
  virtual bool reads_outcome() const { return true; }
  /// Sees how the execution ended (DPOR analyses its races here).
  virtual void end_execution(const ExecutionEnd&) {}
  /// True when the strategy skipped schedules (a preemption bound): a search
  /// that found nothing is then incomplete.
  virtual bool skipped_any() const { return false; }
  /// True when the last execution belongs to another shard: not counted, not reported.
  virtual bool foreign() const { return false; }
  /// Writes the search's state between two executions (after
  /// begin_execution said there is another), for --checkpoint; load() puts
  /// it back in a scheduler made with the same options. Exhaustive
  /// strategies only; the others throw std::invalid_argument.
  virtual void save(CheckpointWriter&) const {
    throw std::invalid_argument("only an unsharded dfs or dpor search can be checkpointed");
  }
  virtual void load(CheckpointReader&) {
    throw std::invalid_argument("only an unsharded dfs or dpor search can be resumed");
  }
};

/// Exhaustive DFS; with max_preemptions >= 0, schedules needing more
/// preemptions are skipped and `skipped_any()` tells whether any was.
std::unique_ptr<Scheduler> make_dfs(int max_preemptions);
/// DPOR; states whose path so far has fewer than `expand_below` branch
/// combinations explore every enabled thread (the top of a sharded search).
/// With max_preemptions >= 0, schedules needing more preemptions are left
/// out and `skipped_any()` tells whether any was.
std::unique_ptr<Scheduler> make_dpor(std::uint64_t expand_below = 1, int max_preemptions = -1);
/// Restricts `inner` to shard `index` of `count`: executions are split by the
/// branches taken at the first scheduling points, hashed to a shard. There
/// are enough of them for 64 * count combinations: optimal DPOR puts most
/// executions under its first branches, so the split must reach past them.
std::unique_ptr<Scheduler> make_sharded(std::unique_ptr<Scheduler> inner, int index, int count);
/// The combinations of first branches a shard split uses.
inline std::uint64_t shard_split(int count) { return 64 * static_cast<std::uint64_t>(count); }
std::unique_ptr<Scheduler> make_pct(std::uint64_t seed, std::uint64_t executions, int depth);
std::unique_ptr<Scheduler> make_random(std::uint64_t seed, std::uint64_t executions);
std::unique_ptr<Scheduler> make_replay(std::vector<Choice> schedule);
/// One execution: `prefix`, then round-robin over the threads that can run.
std::unique_ptr<Scheduler> make_continuation(std::vector<Choice> prefix);

}  // namespace interleave::engine
