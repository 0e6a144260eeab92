// Work stealing for `--jobs N`: N worker threads share one optimal DPOR
// search (dpor.cpp). Each worker runs its own executions on its own fibers
// along its own exploration path; the top states of those paths are shared
// (exploration_path.hpp: SharedBranches). A race any worker finds inserts its
// reversal into the one wakeup tree of the state it belongs to, and a worker
// that backtracks to a shared state takes its next branch there if it may. A
// worker whose path is exhausted asks for work; a busy one, between two
// executions, splits off the next branch of the state of its path nearest
// the root where that branch may be taken, and hands it over. The search
// ends when every worker waits for work.
//
// It explores exactly what one worker explores. Branches are taken from a
// state in one worker's order, so each branch's subtree sleeps on the same
// earlier branches as with one worker. With one worker, a branch is explored
// only after the branches before it, and the races below those insert
// wakeup sequences into it; its subtree is explored along them, and without
// them traces are lost (a subtree is not complete from its own races alone:
// the differential test finds lost traces at once). So a branch with
// wakeup sequences below it is taken only when no worker is below an earlier
// branch of its state. A leaf may be taken at once: an insertion that
// reaches a leaf stops there (the leaf's exploration covers it), so nothing
// arriving later could change it. An insertion from below an earlier branch
// treats a leaf taken after it as still to explore, as one worker would.
//
// Nidhugg's --n-threads (Lång and Sagonas, "Parallel Graph-Based Stateless
// Model Checking", ATVA 2020) shares its decision tree in the same manner:
// nodes held by shared pointers, unexplored siblings handed to idle workers,
// the tree guarded by a lock. It does so for its reads-from search, whose
// subtrees are independent once created; optimal DPOR's wakeup trees (Abdulla,
// Aronis, Jonsson, Sagonas, POPL 2014) keep receiving insertions from the
// subtree explored before them, which is what limits the parallelism here.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "exploration_path.hpp"
#include "scheduler.hpp"

namespace interleave::engine {

/// What the workers of one search share: the tree lock and the work handed over.
class WorkPool {
 public:
  explicit WorkPool(int workers) : workers_(workers) {}

  /// Guards the shared states' branches and this pool.
  std::mutex& tree_lock() { return lock_; }
  /// Does a worker wait for work? Cheap: asked between every two executions.
  bool wanted() const { return hungry_.load(std::memory_order_relaxed) > 0; }
  /// Splits branches off `path` for the waiting workers, while it has any.
  void donate(ExplorationPath& path);
  /// Waits until another worker hands over a path; nullopt when the search
  /// is over (every worker waits) or stopped.
  std::optional<std::vector<State>> wait_for_work();
  /// Ends the search for every worker (one stopped early: a violation, a budget).
  void stop();
  bool stopped() const { return stopped_.load(std::memory_order_relaxed); }

 private:
  const int workers_;
  std::mutex lock_;
  std::condition_variable changed_;
  std::deque<std::vector<State>> handed_over_;
  int idle_ = 0;
  std::atomic<int> hungry_{0};  ///< idle workers no path has been handed to yet
  std::atomic<bool> stopped_{false};
};

/// Optimal DPOR as one worker of `pool`. The worker with `root` begins the
/// search; the others begin by waiting for work.
std::unique_ptr<Scheduler> make_stealing_dpor(WorkPool& pool, bool root);

}  // namespace interleave::engine
