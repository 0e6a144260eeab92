// Work stealing for `--jobs N`: N worker threads share one optimal DPOR
// search (dpor.cpp). Each worker runs its own executions on its own fibers
// along its own exploration path; the top states of those paths are shared
// (exploration_path.hpp: SharedBranches). A race any worker finds inserts its
// reversal into the one wakeup tree of the state it belongs to, and a worker
// takes the next branch of a shared state no worker has taken yet when it
// backtracks there. A worker whose path is exhausted asks for work; a busy
// one, between two executions, splits off the first branch left at the
// state of its path nearest the root (the largest unexplored subtree, since
// optimal DPOR puts most executions under the first branches) and hands it
// over. The search ends when every worker waits for work.
//
// Why it stays exact (one complete execution per Mazurkiewicz trace, as with
// one worker): the branches taken from a state, in the order they were
// taken, are its done set, and a branch's subtree sleeps on those taken
// before it, so no trace is completed under two branches (sleep sets,
// Godefroid 1996). A branch taken by another worker covers a reversal it
// could start, as an explored one does (Abdulla, Aronis, Jonsson, Sagonas,
// "Source Sets: A Foundation for Optimal Dynamic Partial Order Reduction",
// JACM 2017): the races inside its subtree, found by the worker exploring
// it, insert what it needs below it; a reversal that would have been
// appended inside it only orders that subtree's exploration. A subtree may
// then meet a few more executions cut short by its sleep set than with one
// worker (executions_blocked), never a different set of traces.
//
// Nidhugg's --n-threads (Lång and Sagonas, "Parallel Graph-Based Stateless
// Model Checking", ATVA 2020) shares its decision tree the same way: nodes
// with shared pointers, siblings handed to idle workers, the tree guarded by
// a lock; it does so for its reads-from search, whose subtrees are
// independent. Here the shared part is the top of the wakeup trees, which
// every worker below it keeps inserting into.
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
