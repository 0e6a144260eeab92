// Replay: one execution that follows a recorded schedule exactly (built by
// interleave::replay(), which decodes the schedule string); and a
// continuation, which follows one and then runs on fairly.
#include <fmt/format.h>

#include <stdexcept>

#include "scheduler.hpp"

namespace interleave::engine {
namespace {

class Replay final : public Scheduler {
 public:
  explicit Replay(std::vector<Choice> schedule) : schedule_(std::move(schedule)) {}

  bool begin_execution() override {
    if (done_) return false;
    done_ = true;
    return true;
  }

  /// The schedule's next choice. The execution rejects one that cannot run
  /// at this point, as it does for every strategy.
  std::optional<Choice> choose(const SchedulingPoint&) override {
    if (next_ >= schedule_.size())
      throw std::invalid_argument(
          fmt::format("it ends after {} steps but the model has more to run", schedule_.size()));
    return schedule_[next_++];
  }

  /// A schedule with choices left when the execution ended does not fit the
  /// model: those choices would be silently ignored.
  void end_execution(const ExecutionEnd& end) override {
    if (next_ < schedule_.size())
      throw std::invalid_argument(fmt::format("the execution ended after {} steps but the schedule has {} more",
                                              end.steps, schedule_.size() - next_));
  }

 private:
  std::vector<Choice> schedule_;
  std::size_t next_ = 0;
  bool done_ = false;
};

/// Follows a schedule, then runs on round-robin: the next thread after the
/// last one that ran, among those that can run. A fair continuation: every
/// thread that can run gets a step within as many steps as there are threads.
class Continuation final : public Scheduler {
 public:
  explicit Continuation(std::vector<Choice> prefix) : prefix_(std::move(prefix)) {}

  bool begin_execution() override {
    if (done_) return false;
    done_ = true;
    return true;
  }

  std::optional<Choice> choose(const SchedulingPoint& point) override {
    if (next_ < prefix_.size()) return prefix_[next_++];
    for (const Choice& c : point.enabled)  // sorted by thread: the first after `previous`
      if (c.thread > point.previous && c.alt == Alt::normal) return c;
    for (const Choice& c : point.enabled)
      if (c.alt == Alt::normal) return c;
    return point.enabled.front();
  }

 private:
  std::vector<Choice> prefix_;
  std::size_t next_ = 0;
  bool done_ = false;
};

}  // namespace

std::unique_ptr<Scheduler> make_replay(std::vector<Choice> schedule) {
  return std::make_unique<Replay>(std::move(schedule));
}

std::unique_ptr<Scheduler> make_continuation(std::vector<Choice> prefix) {
  return std::make_unique<Continuation>(std::move(prefix));
}

}  // namespace interleave::engine
