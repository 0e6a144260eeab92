// Sharding: disjoint parts of a search whose union is the whole. The
// branches an execution takes at its first scheduling points (enough of them
// for 64 * N combinations) are hashed to a shard; an execution of another shard
// is cut short there and neither counted nor reported. Every shard walks the
// same top of the tree, so the split needs no coordination: shards can run as
// separate jobs of a CI matrix or batch system (--shard K/N), or as threads of
// one process (--jobs, for the strategies other than unbounded DPOR, which
// shares one search among its threads: work_stealing.hpp).
#include "scheduler.hpp"

namespace interleave::engine {
namespace {

class Sharded final : public Scheduler {
 public:
  Sharded(std::unique_ptr<Scheduler> inner, int index, int count)
      : inner_(std::move(inner)), index_(index), count_(count) {}

  bool begin_execution() override {
    signature_ = 0x9e3779b97f4a7c15ull;
    combinations_ = 1;
    foreign_ = false;
    return inner_->begin_execution();
  }

  std::optional<Choice> choose(const SchedulingPoint& point) override {
    const std::optional<Choice> c = inner_->choose(point);
    if (!c || combinations_ >= shard_split(count_)) return c;
    if (point.enabled.size() > 1) {
      std::size_t index = 0;
      while (!(point.enabled[index] == *c)) ++index;
      signature_ = mix(signature_ ^ index);
      combinations_ *= point.enabled.size();
      if (combinations_ >= shard_split(count_) && !owned()) {
        foreign_ = true;
        return std::nullopt;
      }
    }
    return c;
  }

  void end_execution(const ExecutionEnd& end) override {
    if (combinations_ < shard_split(count_) && !owned()) foreign_ = true;  // ended before the split
    inner_->end_execution(end);
  }

  bool reads_pending() const override { return inner_->reads_pending(); }
  bool skipped_any() const override { return inner_->skipped_any(); }
  bool foreign() const override { return foreign_; }

 private:
  static std::uint64_t mix(std::uint64_t x) {  // splitmix64's finalizer
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
    return x ^ (x >> 31);
  }
  bool owned() const { return static_cast<int>(signature_ % static_cast<std::uint64_t>(count_)) == index_; }

  std::unique_ptr<Scheduler> inner_;
  int index_, count_;
  std::uint64_t signature_ = 0;
  std::uint64_t combinations_ = 1;
  bool foreign_ = false;
};

}  // namespace

std::unique_ptr<Scheduler> make_sharded(std::unique_ptr<Scheduler> inner, int index, int count) {
  return std::make_unique<Sharded>(std::move(inner), index, count);
}

}  // namespace interleave::engine
