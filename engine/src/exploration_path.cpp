#include "exploration_path.hpp"

#include <algorithm>
#include <iterator>

namespace interleave::engine {
namespace {

bool contains(std::span<const Choice> set, const Choice& c) {
  return std::find(set.begin(), set.end(), c) != set.end();
}

}  // namespace

bool State::asleep(const Choice& c) const {
  return std::any_of(sleep.begin(), sleep.end(), [&](const Sleeper& s) { return s.choice == c; });
}

bool ExplorationPath::next_execution() {
  depth_ = 0;
  ++execution_;
  unchanged_ = 0;
  if (first_) {
    first_ = false;
    return true;
  }
  while (size_ > 0) {
    State& n = states_[size_ - 1];
    n.outcome = {};
    if (n.branches) {  // shared: this path's branch is explored; take the next one if it may
      const std::lock_guard lock(*tree_lock_);
      --n.branches->active;
      if (take_shared(n)) {
        replay_until_ = size_;
        unchanged_ = size_ - 1;
        return true;
      }
    } else {
      n.done.push_back(n.chosen());
      n.wakeup.erase(n.wakeup.begin());
      drop_covered(n);
      if (bounded()) drop_beyond_bound(n);
      if (!n.wakeup.empty()) {
        n.take_front();
        replay_until_ = size_;
        unchanged_ = size_ - 1;
        return true;
      }
    }
    pop_state();
  }
  return false;
}

State& ExplorationPath::push_state() {
  if (size_ == states_.size()) states_.emplace_back();
  State& n = states_[size_++];
  n.enabled.clear();
  n.pending.clear();
  n.outcome = {};
  n.sleep.clear();
  n.done.clear();
  n.wakeup.clear();
  n.branches.reset();
  n.taken_at = 0;
  n.combinations = 1;
  n.previous = -1;
  n.preemptions = 0;
  n.shared = false;
  n.front = {};
  return n;
}

void ExplorationPath::pop_state() {
  --size_;
  states_[size_].branches.reset();  // other paths may still share it; this one is done with it
}

std::vector<Branch> ExplorationPath::branch_buffer() {
  if (spare_levels_.empty()) return {};
  std::vector<Branch> level = std::move(spare_levels_.back());
  spare_levels_.pop_back();
  return level;
}

namespace {

/// A branch nothing can be inserted into (ExplorationPath::insert stops at a
/// leaf that is not an alternative outcome).
bool is_leaf(const Branch& b) { return b.children.empty() && !b.extra; }

}  // namespace

void ExplorationPath::share(State& n) {
  if (n.branches) return;
  n.branches = std::make_shared<SharedBranches>();
  for (const Choice& c : n.done) n.branches->take(c, n.footprint(c));
  n.taken_at = n.done.size();
  n.branches->take(n.chosen(), n.wakeup.front().footprint);
  n.branches->wakeup.assign(std::make_move_iterator(n.wakeup.begin() + 1), std::make_move_iterator(n.wakeup.end()));
  n.branches->active = 1;
  n.wakeup.resize(1);
}

bool ExplorationPath::take_shared(State& n) const {
  SharedBranches& shared = *n.branches;
  drop_covered(n, shared.taken, shared.wakeup, 0);
  if (shared.wakeup.empty() || (shared.active > 0 && !is_leaf(shared.wakeup.front()))) return false;
  n.done = shared.taken;
  n.taken_at = shared.taken.size();
  const Branch& next = shared.wakeup.front();
  shared.take(next.choice, next.footprint);
  n.wakeup.clear();
  n.wakeup.push_back(std::move(shared.wakeup.front()));
  n.take_front();
  shared.wakeup.erase(shared.wakeup.begin());
  ++shared.active;
  n.outcome = {};
  return true;
}

std::optional<std::vector<State>> ExplorationPath::split_off() {
  for (std::size_t d = 0; d < size_; ++d) {
    State& n = states_[d];
    // The branch after the one this path explores, if it may be taken now
    // (while this path explores below the state, only a leaf may).
    if (n.branches) {
      drop_covered(n, n.branches->taken, n.branches->wakeup, 0);
      if (n.branches->wakeup.empty() || !is_leaf(n.branches->wakeup.front())) continue;
    } else {
      drop_covered(n, n.done, n.wakeup, 1);
      if (n.wakeup.size() < 2 || !is_leaf(n.wakeup[1])) continue;
    }
    // Every worker whose path goes through these states may insert into
    // them and take their branches: they become shared.
    for (std::size_t k = 0; k <= d; ++k) {
      share(states_[k]);
      if (k < d) ++states_[k].branches->active;  // the new path explores below them too
    }
    std::vector<State> part(states_.begin(), states_.begin() + static_cast<std::ptrdiff_t>(d) + 1);
    take_shared(part.back());
    return part;
  }
  return std::nullopt;
}

void ExplorationPath::adopt(std::vector<State> states) {
  states_ = std::move(states);
  size_ = states_.size();
  depth_ = 0;
  replay_until_ = size_;
  ++execution_;
  unchanged_ = 0;
  left_.clear();
  first_ = false;
}

std::optional<Choice> ExplorationPath::choose(const SchedulingPoint& point) {
  if (point.depth > 0) states_[point.depth - 1].outcome = point.previous_outcome;
  if (depth_ < size_) return states_[depth_++].chosen();
  State& n = push_state();
  n.enabled.assign(point.enabled.begin(), point.enabled.end());
  n.pending.assign(point.pending.begin(), point.pending.end());
  n.previous = point.previous;
  bool forced = false;
  if (size_ > 1) {
    State& parent = states_[size_ - 2];
    n.preemptions = parent.preemptions + (parent.preempts(parent.chosen()) ? 1 : 0);
    sleep_after(parent, n);
    // saturating: past the split it only has to stay large
    n.combinations =
        parent.combinations >= expand_below_ ? parent.combinations : parent.combinations * parent.enabled.size();
    n.shared = n.combinations < expand_below_;
    // Just below the split a shard chooses freely: what was inserted at the
    // shared top came from this shard's races only.
    std::vector<Branch>& children = parent.wakeup.front().children;
    // n.wakeup is empty: its memory goes to the spare levels in exchange.
    if (!children.empty() && (!parent.shared || n.shared)) n.wakeup.swap(children);
    children.clear();
    if (children.capacity() > 0 && spare_levels_.size() < kSpareLevels) spare_levels_.push_back(std::move(children));
    forced = !n.wakeup.empty();
    // A wakeup sequence none of whose next steps can run here, each the
    // step of a thread whose spin waits for a change, was built from a spin
    // that ran in the execution it came from only because another thread's
    // spin kept it going: choose freely instead. Any other step that cannot
    // run is a wrong reversal, and the run loop refuses it loudly.
    const auto spinning = [&](const Branch& b) {
      const auto t = static_cast<std::size_t>(b.choice.thread);
      return t < n.pending.size() && n.pending[t].spinning;
    };
    if (forced &&
        std::none_of(n.wakeup.begin(), n.wakeup.end(), [&](const Branch& b) { return contains(n.enabled, b.choice); }) &&
        std::all_of(n.wakeup.begin(), n.wakeup.end(), spinning)) {
      n.wakeup.clear();
      forced = false;
    }
  } else {
    n.shared = n.combinations < expand_below_;
  }
  drop_covered(n);
  if (bounded()) drop_beyond_bound(n);
  // What was left to do here is covered. Not so at the shared top: every
  // shard explores all of it, whatever its own races inserted there.
  if (forced && n.wakeup.empty() && !n.shared) {
    pop_state();
    return std::nullopt;
  }
  if (bounded() && n.wakeup.empty()) {
    if (const std::optional<Choice> c = bounded_free_choice(n)) n.add_branch(*c);
  }
  for (const Choice& c : n.enabled) {
    if (n.asleep(c) || has_branch(n, c)) continue;
    const bool free = n.wakeup.empty();
    if (!free && c.alt == Alt::normal && !n.shared) continue;
    if (!within_bound(n, c)) {
      skipped_ = true;
      continue;
    }
    if (free)
      n.add_branch(c);
    else  // alternative outcomes; a shard's top
      n.add_branch(c, true);
  }
  if (n.wakeup.empty()) {  // every enabled thread sleeps: this order is covered
    pop_state();
    return std::nullopt;
  }
  // Every shard walks the shared top in the same order, so that their sleep
  // sets, and so the parts they own, agree.
  if (n.shared)
    std::sort(n.wakeup.begin(), n.wakeup.end(), [](const Branch& a, const Branch& b) {
      return std::pair(a.choice.thread, a.choice.alt) < std::pair(b.choice.thread, b.choice.alt);
    });
  n.take_front();
  ++depth_;
  return n.chosen();
}

void ExplorationPath::end_execution(const ExecutionEnd& end) {
  if (end.steps > 0 && end.steps <= size_) states_[end.steps - 1].outcome = end.last;
  left_ = end.left;
}

bool ExplorationPath::has_branch(const State& n, const Choice& c) const {
  return std::any_of(n.wakeup.begin(), n.wakeup.end(), [&](const Branch& b) { return b.choice == c; });
}

/// Branches that start asleep or where the search has been are covered
/// (extra branches, and reversals of acquisitions, can be such).
void ExplorationPath::drop_covered(const State& n, std::span<const Choice> done, std::vector<Branch>& wakeup,
                                   std::size_t first) const {
  if (wakeup.size() <= first) return;
  wakeup.erase(std::remove_if(wakeup.begin() + static_cast<std::ptrdiff_t>(first), wakeup.end(),
                              [&](const Branch& b) {
                                return n.asleep(b.choice) || contains(done, b.choice) || !contains(n.enabled, b.choice);
                              }),
               wakeup.end());
}

/// A thread's sleep carries over a step it does not depend on.
void ExplorationPath::sleep_after(const State& parent, State& child) const {
  const Choice& taken = parent.chosen();
  auto keep = [&](const Choice& q, bool shared) {
    if (q.thread != taken.thread && !parent.dependent(q, taken) && !child.asleep(q))
      child.sleep.push_back(Sleeper{q, shared});
  };
  for (const Sleeper& s : parent.sleep) keep(s.choice, s.shared);
  for (const Choice& q : parent.done) keep(q, parent.shared);
}

void ExplorationPath::insert(Reversal r) {
  State& node = states_[r.state()];
  // A shared state: the branches other workers took count as explored
  // (they will be: a thread that could start v there covers it, as one
  // explored before does), and those none took yet are its wakeup tree.
  // A shared state: the branches other workers took before this path's
  // count as explored, as with one worker; those they took after it (only
  // leaves) as still to explore, before the ones no worker took yet.
  std::unique_lock<std::mutex> lock;
  if (node.branches) lock = std::unique_lock(*tree_lock_);
  const std::span<const Choice> explored = node.branches
                                               ? std::span<const Choice>(node.branches->taken).first(node.taken_at)
                                               : std::span<const Choice>(node.done);
  std::vector<Branch>& wakeup = node.branches ? node.branches->wakeup : node.wakeup;
  const std::size_t first_pending = node.branches ? 0 : 1;
  std::size_t at = 0;
  // Weak initials (optimal DPOR) let a thread or branch that commutes with
  // all of v cover it, trusting that races found in what it explored insert
  // the rest. Where that was explored at a state every shard shares, the
  // races were partly other shards': there only a thread that starts v does.
  auto could_start = [&](const Choice& q, bool shared) { return r.initial(q, node.footprint(q), !shared, at); };
  bool asleep = false;
  for (std::size_t s = 0; s < node.sleep.size() && !asleep; ++s)
    asleep = could_start(node.sleep[s].choice, node.sleep[s].shared);
  for (std::size_t s = 0; s < explored.size() && !asleep; ++s) asleep = could_start(explored[s], node.shared);
  // A thread asleep here may conflict with a step inside the critical section
  // a reversal of acquisitions moves, so its sleep does not cover it.
  if (!r.moves_critical_section() && asleep) return;
  if (node.branches)  // a leaf taken after this path's branch that could start v covers it
    for (std::size_t t = node.taken_at + 1; t < node.branches->taken.size(); ++t)
      if (r.initial(node.branches->taken[t], node.branches->taken_footprints[t], !node.shared, at)) return;
  std::vector<Branch>* level = &wakeup;
  for (bool root = true, extra = false;; root = false) {
    if (!root && level->empty() && !extra) return;  // a leaf: exploring it covers v
    Branch* next = nullptr;
    // At the root of an unshared state, the front branch is being explored:
    // its step is i, which k depends on.
    for (std::size_t b = root ? first_pending : 0; b < level->size() && !next; ++b)
      if (r.initial((*level)[b].choice, (*level)[b].footprint, !node.shared, at)) next = &(*level)[b];
    if (!next) break;
    if (at < r.size()) r.drop(at);
    level = &next->children;
    extra = next->extra;
  }
  for (std::size_t a = 0; a < r.size(); ++a) {  // a new rightmost branch: the rest of v
    if (level->capacity() == 0) *level = branch_buffer();
    level->push_back(Branch{r.choice(a), r.footprint(a), {}});
    level = &level->back().children;
  }
}

namespace {

void save_branches(CheckpointWriter& out, const std::vector<Branch>& branches) {
  out.value<std::uint64_t>(branches.size());
  for (const Branch& b : branches) {
    out.value(b.choice);
    out.value(b.footprint);
    out.value(b.extra);
    save_branches(out, b.children);
  }
}

std::vector<Branch> read_branches(CheckpointReader& in, std::uint64_t n) {
  std::vector<Branch> branches;
  for (std::uint64_t i = 0; i < n; ++i) {
    Branch b;
    b.choice = in.value<Choice>();
    b.footprint = in.value<Footprint>();
    b.extra = in.value<bool>();
    b.children = read_branches(in, in.value<std::uint64_t>());
    branches.push_back(std::move(b));
  }
  return branches;
}

}  // namespace

void ExplorationPath::save(CheckpointWriter& out) const {
  out.value(expand_below_);
  out.value(max_preemptions_);
  out.value(skipped_);
  out.value(depth_);
  out.value(replay_until_);
  out.value(first_);
  out.values(left_);
  out.value<std::uint64_t>(size_);
  for (std::size_t k = 0; k < size_; ++k) {
    const State& s = states_[k];
    out.values(s.enabled);
    out.values(s.pending);
    out.value(s.outcome);
    out.values(s.sleep);
    out.values(s.done);
    save_branches(out, s.wakeup);
    out.value(s.combinations);
    out.value(s.previous);
    out.value(s.preemptions);
    out.value(s.shared);
  }
}

void ExplorationPath::load(CheckpointReader& in) {
  if (in.value<std::uint64_t>() != expand_below_ || in.value<int>() != max_preemptions_)
    throw std::invalid_argument("the checkpoint is of a search with other options");
  skipped_ = in.value<bool>();
  depth_ = in.value<std::size_t>();
  replay_until_ = in.value<std::size_t>();
  first_ = in.value<bool>();
  left_ = in.values<LeftStep>();
  states_.clear();
  for (std::uint64_t n = in.value<std::uint64_t>(), i = 0; i < n; ++i) {
    State s;
    s.enabled = in.values<Choice>();
    s.pending = in.values<PendingStep>();
    s.outcome = in.value<StepOutcome>();
    s.sleep = in.values<Sleeper>();
    s.done = in.values<Choice>();
    s.wakeup = read_branches(in, in.value<std::uint64_t>());
    s.combinations = in.value<std::uint64_t>();
    s.previous = in.value<int>();
    s.preemptions = in.value<int>();
    s.shared = in.value<bool>();
    if (!s.wakeup.empty()) s.take_front();
    states_.push_back(std::move(s));
  }
  size_ = states_.size();
  ++execution_;
  unchanged_ = 0;
}

}  // namespace interleave::engine
