// Exhaustive depth-first search over every schedule, optionally bounded in
// preemptions (CHESS, Musuvathi & Qadeer PLDI 2007). The path of choices is
// the whole state of the search: each execution replays the path's prefix and
// extends it; backtracking advances the deepest node with an untried branch.
#include <stdexcept>

#include "scheduler.hpp"

namespace interleave::engine {
namespace {

class Dfs final : public Scheduler {
 public:
  explicit Dfs(int max_preemptions) : bound_(max_preemptions) {}

  bool begin_execution() override {
    depth_ = 0;
    if (first_) {
      first_ = false;
      return true;
    }
    while (!path_.empty() && !advance(path_.back())) path_.pop_back();
    return !path_.empty();
  }

  std::optional<Choice> choose(const SchedulingPoint& point) override {
    if (depth_ < path_.size()) {
      Node& node = path_[depth_++];
      if (node.options.size() != point.enabled.size())
        throw std::logic_error("the model is not deterministic: replaying a schedule prefix gave other choices");
      return node.options[node.chosen];
    }
    Node node;
    node.options.assign(point.enabled.begin(), point.enabled.end());
    node.previous = point.previous;
    node.preemptions = 0;
    if (!path_.empty()) {
      const Node& parent = path_.back();
      node.preemptions = parent.preemptions + (parent.is_preemption(parent.chosen) ? 1 : 0);
    }
    node.chosen = 0;
    while (node.chosen < node.options.size() && !allowed(node, node.chosen)) ++node.chosen;
    if (node.chosen == node.options.size()) return std::nullopt;  // unreachable: the previous thread is allowed
    path_.push_back(std::move(node));
    ++depth_;
    return path_.back().options[path_.back().chosen];
  }

  bool chooses_inline_at(std::size_t depth) const override { return depth < path_.size(); }
  bool skipped_any() const override { return skipped_; }

  void save(CheckpointWriter& out) const override {
    out.value(bound_);
    out.value(skipped_);
    out.value(depth_);
    out.value(first_);
    out.value<std::uint64_t>(path_.size());
    for (const Node& n : path_) {
      out.values(n.options);
      out.value(n.chosen);
      out.value(n.previous);
      out.value(n.preemptions);
    }
  }

  void load(CheckpointReader& in) override {
    if (in.value<int>() != bound_) throw std::invalid_argument("the checkpoint is of a search with other options");
    skipped_ = in.value<bool>();
    depth_ = in.value<std::size_t>();
    first_ = in.value<bool>();
    path_.clear();
    for (std::uint64_t n = in.value<std::uint64_t>(), i = 0; i < n; ++i) {
      Node node;
      node.options = in.values<Choice>();
      node.chosen = in.value<std::size_t>();
      node.previous = in.value<int>();
      node.preemptions = in.value<int>();
      path_.push_back(std::move(node));
    }
  }

 private:
  struct Node {
    std::vector<Choice> options;
    std::size_t chosen = 0;
    int previous = -1;
    int preemptions = 0;  ///< preemptions on the path before this node

    bool previous_enabled() const {
      for (const Choice& c : options)
        if (c.thread == previous && c.alt == Alt::normal) return true;
      return false;
    }
    bool is_preemption(std::size_t i) const { return previous_enabled() && options[i].thread != previous; }
  };

  bool allowed(const Node& node, std::size_t i) {
    const bool ok = bound_ < 0 || !node.is_preemption(i) || node.preemptions < bound_;
    if (!ok) skipped_ = true;
    return ok;
  }

  bool advance(Node& node) {
    for (std::size_t i = node.chosen + 1; i < node.options.size(); ++i)
      if (allowed(node, i)) {
        node.chosen = i;
        return true;
      }
    return false;
  }

  int bound_;
  bool skipped_ = false;
  std::vector<Node> path_;
  std::size_t depth_ = 0;
  bool first_ = true;
};

}  // namespace

std::unique_ptr<Scheduler> make_dfs(int max_preemptions) { return std::make_unique<Dfs>(max_preemptions); }

}  // namespace interleave::engine
