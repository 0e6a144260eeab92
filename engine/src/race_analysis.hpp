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
  /// reversal of every race that ends after its replayed prefix.
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
  /// The races of step `s` with the steps before it (into races_), and its
  /// happens-before through the dependences it has with them (into s.clock).
  void find_races(ExecutedStep& s, int threads);
  /// Was step k's thread spinning at the state before step i, with k its
  /// next step? Then k cannot move before i: its spin waited for a change
  /// made at i or later, and the reversal would only be cut short (and as a
  /// leaf of the wakeup tree it would cover reversals that can run).
  bool spinning_at(const ExplorationPath& path, std::size_t i, std::size_t k) const;
  /// Under a preemption bound: the race (i, k) reversed where i's thread was
  /// switched to (preemption_bound.cpp).
  void insert_at_block_start(ExplorationPath& path, std::size_t i, std::size_t k, int threads) const;
  void clear(int threads);

  // Kept across executions so that each analysis reuses their memory.
  std::vector<ExecutedStep> steps_;
  std::vector<VectorClock> thread_clock_;  ///< per thread: its last step's clock
  std::vector<std::uint32_t> local_;       ///< per thread: steps taken
  std::vector<int> last_step_;             ///< per thread: index of its last step (-1: none)
  std::vector<Access> accesses_;           ///< per object id
  std::vector<Access> waiter_accesses_;    ///< per atomic id: its waiters (waiters_of)
  Access clock_access_, budget_access_;
  std::vector<std::size_t> dependencies_;  ///< of the current step, latest first
  std::vector<std::size_t> races_;         ///< of the current step with earlier ones
};

}  // namespace interleave::engine
