// The race analysis of DPOR: happens-before over the steps an execution took
// along the exploration path, the reversible races among them, and their
// reversals, which it hands to the path.
//
// Two steps of different threads race when they are dependent (footprint.hpp)
// and no step between them orders them in happens-before. Locks: an
// acquisition races with the previous acquisition of the same mutex unless
// that one happens before it other than through the mutex (the unlock between
// them is not a reversible race: the second lock is disabled until it). A
// notify and the wake it enables are not a reversible race either.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "exploration_path.hpp"
#include "reversal.hpp"
#include "vector_clock.hpp"

namespace interleave::engine {

class RaceAnalysis {
 public:
  /// Analyses the execution `path` just took and inserts into it the
  /// reversal of every race that ends after its replayed prefix. An
  /// analysis serves one path.
  void run(ExplorationPath& path);

 private:
  /// Per object: the accesses a new step may depend on.
  struct Access {
    int last_write = -1;
    int last_acquire = -1;
    std::vector<std::size_t> reads;  ///< since the last write
    void clear() {
      last_write = last_acquire = -1;
      reads.clear();
    }
  };
  Access& access_of(std::uint32_t object);
  /// Step `s`, the k-th, as the last write, acquisition or a read since of what it touches.
  void record_accesses(const ExecutedStep& s, std::size_t k);
  /// The races of step `k` (the last used one of steps_) with the steps before it
  /// (into races_), and its happens-before through the dependences it has
  /// with them (into its clock).
  void find_races(std::size_t k, int threads);
  /// Appends a step of thread `t`, its clock the thread's clock so far.
  ExecutedStep& add_step(int t, Alt alt, Op op, const Footprint& footprint, std::uint32_t local);
  /// Was step k's thread spinning at the state before step i, with k its
  /// next step? Then k cannot move before i: its spin waited for a change
  /// made at i or later, and the reversal would only be cut short (and as a
  /// leaf of the wakeup tree it would cover reversals that can run).
  bool spinning_at(const ExplorationPath& path, std::size_t i, std::size_t k) const;
  /// Under a preemption bound: the race (i, k) reversed where i's thread was
  /// switched to (preemption_bound.cpp).
  void insert_at_block_start(ExplorationPath& path, std::size_t i, std::size_t k, int threads) const;
  /// Empties the per-thread and per-object bookkeeping (not the steps).
  void clear(int threads);
  /// What the analysis of a step reads off the path: equal inputs along a
  /// prefix give equal steps, clocks and accesses.
  struct StepInput {
    Choice chosen;
    Op op = Op::start;
    Footprint footprint;  ///< a failed compare-exchange's already made a read
    std::uint32_t join_target = 0;
    std::size_t threads = 0;  ///< threads at the state before it
    bool operator==(const StepInput& o) const {
      if (!(chosen == o.chosen && op == o.op && join_target == o.join_target && threads == o.threads &&
            footprint.size == o.footprint.size))
        return false;
      for (int f = 0; f < footprint.size; ++f)
        if (footprint.object[f] != o.footprint.object[f] || footprint.write[f] != o.footprint.write[f]) return false;
      return true;
    }
  };
  static StepInput input_of(const State& n);
  /// input_of(n), written into `in`.
  static void describe(const State& n, StepInput& in);
  /// Takes over the first `keep` steps of the last analysis: the threads'
  /// clocks, counts and last steps and the objects' accesses after them,
  /// rebuilt without their races and happens-before joins.
  void keep_prefix(std::size_t keep, int threads);

  // Kept across executions so that each analysis reuses their memory, and
  // the next execution's analysis starts after the prefix it shares with
  // this one (the replayed part of its path, mostly).
  /// The steps of the execution: the first used_; those after them are
  /// kept for reuse (add_step), not constructed anew.
  std::vector<ExecutedStep> steps_;
  std::size_t used_ = 0;
  std::vector<StepInput> inputs_;  ///< per step of steps_ (its first used_ ones), reused alike
  std::uint64_t analysed_ = 0;     ///< the path's execution they are of (ExplorationPath::execution)
  /// Per thread: the step whose clock is its clock so far (its last step, or
  /// before its first the step that spawned it; -1: none, all zero). An
  /// index, not a copy: a step's clock is copied once, when the next step
  /// of its thread starts from it.
  std::vector<int> clock_of_;
  std::vector<std::uint32_t> local_;       ///< per thread: steps taken
  std::vector<int> last_step_;             ///< per thread: index of its last step (-1: none)
  std::vector<Access> accesses_;           ///< per object id
  std::vector<Access> waiter_accesses_;    ///< per atomic id: its waiters (waiters_of)
  Access clock_access_, budget_access_, observer_access_;
  std::vector<std::size_t> dependencies_;  ///< of the current step, latest first
  std::vector<std::size_t> races_;         ///< of the current step with earlier ones
};

}  // namespace interleave::engine
