// Replay: one execution that follows a recorded schedule exactly.
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

  std::optional<Choice> choose(const SchedulingPoint& point) override {
    if (next_ >= schedule_.size())
      throw std::invalid_argument(
          fmt::format("the schedule ends after {} steps but the model has more to run", schedule_.size()));
    const Choice c = schedule_[next_++];
    for (const Choice& option : point.enabled)
      if (option == c) return c;
    throw std::invalid_argument(
        fmt::format("the schedule does not fit this model: at step {} thread {} cannot run", next_ - 1, c.thread));
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
