#include "work_stealing.hpp"

#include "race_analysis.hpp"

namespace interleave::engine {

void WorkPool::donate(ExplorationPath& path) {
  const std::lock_guard lock(lock_);
  bool gave = false;
  while (hungry_.load(std::memory_order_relaxed) > 0) {
    std::optional<std::vector<State>> part = path.split_off();
    if (!part) break;
    handed_over_.push_back(std::move(*part));
    hungry_.fetch_sub(1, std::memory_order_relaxed);
    gave = true;
  }
  if (gave) changed_.notify_all();
}

std::optional<std::vector<State>> WorkPool::wait_for_work() {
  std::unique_lock lock(lock_);
  ++idle_;
  hungry_.fetch_add(1, std::memory_order_relaxed);
  for (;;) {
    if (!handed_over_.empty()) {
      std::vector<State> part = std::move(handed_over_.front());
      handed_over_.pop_front();
      --idle_;
      return part;
    }
    if (stopped() || idle_ == workers_) {
      // No path has a branch left: a worker's path only loses its branches
      // to it or by handing them over, so every state is explored.
      stopped_.store(true, std::memory_order_relaxed);
      changed_.notify_all();
      return std::nullopt;
    }
    changed_.wait(lock);
  }
}

void WorkPool::stop() {
  const std::lock_guard lock(lock_);
  stopped_.store(true, std::memory_order_relaxed);
  changed_.notify_all();
}

namespace {

/// Optimal DPOR (dpor.cpp) along a path whose top it shares with the other
/// workers of the pool.
class StealingDpor final : public Scheduler {
 public:
  StealingDpor(WorkPool& pool, bool root) : pool_(pool), path_(1), begun_(root) { path_.share_with(pool.tree_lock()); }

  bool begin_execution() override {
    if (pool_.stopped()) return false;
    // The root worker's first call starts the search; a path is exhausted
    // when next_execution finds no branch left on it.
    if (begun_ && path_.next_execution()) {
      if (pool_.wanted()) pool_.donate(path_);
      return true;
    }
    begun_ = true;
    std::optional<std::vector<State>> part = pool_.wait_for_work();
    if (!part) return false;
    path_.adopt(std::move(*part));
    return true;
  }
  std::optional<Choice> choose(const SchedulingPoint& point) override { return path_.choose(point); }
  bool reads_pending() const override { return true; }
  bool reads_pending_at(std::size_t depth) const override { return !path_.replays(depth); }
  void end_execution(const ExecutionEnd& end) override {
    path_.end_execution(end);
    races_.run(path_);
  }

 private:
  WorkPool& pool_;
  ExplorationPath path_;
  RaceAnalysis races_;
  bool begun_;
};

}  // namespace

std::unique_ptr<Scheduler> make_stealing_dpor(WorkPool& pool, bool root) {
  return std::make_unique<StealingDpor>(pool, root);
}

}  // namespace interleave::engine
