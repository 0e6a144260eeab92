// Random walk: at every scheduling point, a uniformly random enabled branch.
// Seeded; a failure is reproduced by its schedule string (or the same seed).
#include "scheduler.hpp"
#include "splitmix64.hpp"

namespace interleave::engine {
namespace {

class RandomWalk final : public Scheduler {
 public:
  RandomWalk(std::uint64_t seed, std::uint64_t executions) : rng_(seed), left_(executions) {}

  bool begin_execution() override {
    if (left_ == 0) return false;
    --left_;
    return true;
  }

  std::optional<Choice> choose(const SchedulingPoint& point) override {
    return point.enabled[static_cast<std::size_t>(rng_.below(point.enabled.size()))];
  }

  bool reads_outcome() const override { return false; }
  bool chooses_inline() const override { return true; }

 private:
  SplitMix64 rng_;
  std::uint64_t left_;
};

}  // namespace

std::unique_ptr<Scheduler> make_random(std::uint64_t seed, std::uint64_t executions) {
  return std::make_unique<RandomWalk>(seed, executions);
}

}  // namespace interleave::engine
