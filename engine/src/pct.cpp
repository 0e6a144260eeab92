// PCT: probabilistic concurrency testing (Burckhardt, Kothari, Musuvathi,
// Nagarakatte, "A Randomized Scheduler with Probabilistic Guarantees of
// Finding Bugs", ASPLOS 2010). Each thread gets a random priority above d;
// d-1 change points are drawn among the k steps an execution is expected to
// take; the highest-priority enabled thread always runs, and at the i-th
// change point the running thread drops to priority i. A bug of depth d is
// found with probability at least 1/(n k^(d-1)) per execution. On code that
// spins: a yielding thread drops below every other (as Shuttle does), and k
// is the longest execution that finished, not a spin cut at the step bound.
#include <algorithm>
#include <map>
#include <random>

#include "scheduler.hpp"

namespace interleave::engine {
namespace {

class Pct final : public Scheduler {
 public:
  Pct(std::uint64_t seed, std::uint64_t executions, int depth) : rng_(seed), left_(executions), depth_(depth) {}

  bool begin_execution() override {
    if (left_ == 0) return false;
    --left_;
    priority_.clear();
    change_points_.clear();
    lowest_ = 0;
    std::uniform_int_distribution<std::size_t> step(1, std::max<std::size_t>(expected_steps(), 1));
    for (int i = 1; i < depth_; ++i) change_points_.push_back(step(rng_));
    return true;
  }

  std::optional<Choice> choose(const SchedulingPoint& point) override {
    longest_seen_ = std::max(longest_seen_, point.depth + 1);
    // A thread that yielded (or spun on values nobody changed) drops below
    // every other: it waits for them, and a spin must not keep its priority.
    if (point.previous_outcome.yielded && point.previous >= 0) priority_[point.previous] = --lowest_;
    for (std::size_t i = 0; i < change_points_.size(); ++i)
      if (change_points_[i] == point.depth && point.previous >= 0)
        priority_[point.previous] = static_cast<double>(i + 1);  // below every initial priority (>= d)
    const Choice* best = nullptr;
    for (const Choice& c : point.enabled)
      if (!best || priority(c.thread) > priority(best->thread)) best = &c;
    // The best thread may offer several outcomes (notified, spurious, timeout): pick one.
    std::vector<Choice> outcomes;
    for (const Choice& c : point.enabled)
      if (c.thread == best->thread) outcomes.push_back(c);
    std::uniform_int_distribution<std::size_t> pick(0, outcomes.size() - 1);
    return outcomes.size() == 1 ? outcomes[0] : outcomes[pick(rng_)];
  }

  /// k is learnt from executions that ran to their end: one cut at the step
  /// bound (a spin) would spread the change points where nothing happens.
  void end_execution(const ExecutionEnd& end) override {
    if (end.finished) longest_finished_ = std::max(longest_finished_, end.steps);
  }

 private:
  std::size_t expected_steps() const {
    return longest_finished_ ? longest_finished_ : std::min<std::size_t>(longest_seen_, kUntilOneFinishes);
  }

  double priority(int thread) {
    auto it = priority_.find(thread);
    if (it != priority_.end()) return it->second;
    std::uniform_real_distribution<double> initial(depth_, depth_ + 1000.0);  // distinct with probability 1
    return priority_[thread] = initial(rng_);
  }

  std::mt19937_64 rng_;
  std::uint64_t left_;
  int depth_;
  static constexpr std::size_t kUntilOneFinishes = 64;  ///< k before any execution finished
  std::size_t longest_finished_ = 0;                    ///< k: the longest execution that ran to its end
  std::size_t longest_seen_ = kUntilOneFinishes;
  double lowest_ = 0;  ///< the priority the latest yielding thread dropped to
  std::map<int, double> priority_;
  std::vector<std::size_t> change_points_;
};

}  // namespace

std::unique_ptr<Scheduler> make_pct(std::uint64_t seed, std::uint64_t executions, int depth) {
  return std::make_unique<Pct>(seed, executions, depth);
}

}  // namespace interleave::engine
