// Replay: one execution that follows a recorded schedule exactly (built by
// interleave::replay(), which decodes the schedule string).
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

 private:
  std::vector<Choice> schedule_;
  std::size_t next_ = 0;
  bool done_ = false;
};

}  // namespace

std::unique_ptr<Scheduler> make_replay(std::vector<Choice> schedule) {
  return std::make_unique<Replay>(std::move(schedule));
}

}  // namespace interleave::engine
