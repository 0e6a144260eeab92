#include "race_analysis.hpp"

#include <algorithm>
#include <functional>

namespace interleave::engine {
namespace {

/// Can `later` be moved before `earlier`? Not when `earlier` is what enables it.
/// (A step after a spin depends on the change it waited for, through the read
/// its footprint gains, but stays reversible: the change that woke it in this
/// execution need not be the only one that could.)
bool reversible(const ExecutedStep& earlier, const ExecutedStep& later) {
  if (later.op == Op::lock && (earlier.op == Op::unlock || earlier.op == Op::wait)) return false;
  if (later.op == Op::wake && (earlier.op == Op::notify_one || earlier.op == Op::notify_all)) return false;
  return true;
}

}  // namespace

RaceAnalysis::Access& RaceAnalysis::access_of(std::uint32_t object) {
  if (object == kClockObject) return clock_access_;
  if (object == kSpuriousBudget) return budget_access_;
  if (object == kInvariantObserver) return observer_access_;
  if (object & kWaitersBit) {
    const std::uint32_t atomic = object & ~kWaitersBit;
    if (atomic >= waiter_accesses_.size()) waiter_accesses_.resize(atomic + 1);
    return waiter_accesses_[atomic];
  }
  if (object >= accesses_.size()) accesses_.resize(object + 1);
  return accesses_[object];
}

void RaceAnalysis::clear(int threads) {
  clock_of_.assign(static_cast<std::size_t>(threads), -1);
  local_.assign(static_cast<std::size_t>(threads), 0);
  last_step_.assign(static_cast<std::size_t>(threads), -1);
  for (Access& a : accesses_) a.clear();
  for (Access& a : waiter_accesses_) a.clear();
  clock_access_.clear();
  budget_access_.clear();
  observer_access_.clear();
}

void RaceAnalysis::describe(const State& n, StepInput& in) {
  const PendingStep& pending = n.pending[static_cast<std::size_t>(n.chosen().thread)];
  in.chosen = n.chosen();
  in.op = pending.op;
  in.footprint = pending.footprint;
  if (in.chosen.alt == Alt::spurious) in.footprint.add(kSpuriousBudget, true);  // as State::footprint
  in.join_target = pending.join_target;
  in.threads = n.pending.size();
  if (in.op == Op::rmw && n.outcome.failed_cas) in.footprint.write[0] = false;  // a failed CAS only reads
}

RaceAnalysis::StepInput RaceAnalysis::input_of(const State& n) {
  StepInput in;
  describe(n, in);
  return in;
}

void RaceAnalysis::record_accesses(const ExecutedStep& s, std::size_t k) {
  if (is_acquire(s.op)) access_of(s.footprint.object[0]).last_acquire = static_cast<int>(k);
  for (int f = 0; f < s.footprint.size; ++f) {
    Access& a = access_of(s.footprint.object[f]);
    if (s.footprint.write[f]) {
      a.last_write = static_cast<int>(k);
      a.reads.clear();
    } else {
      a.reads.push_back(k);
    }
  }
}

void RaceAnalysis::keep_prefix(std::size_t keep, int threads) {
  clear(threads);
  used_ = keep;
  std::size_t known_threads = 1;
  for (std::size_t k = 0; k < keep; ++k) {
    const ExecutedStep& s = steps_[k];
    const std::size_t seen = inputs_[k].threads;
    for (std::size_t c = known_threads; c < seen; ++c) clock_of_[c] = static_cast<int>(k) - 1;
    known_threads = std::max(known_threads, seen);
    record_accesses(s, k);
    const auto ut = static_cast<std::size_t>(s.thread);
    local_[ut] = s.local;
    clock_of_[ut] = static_cast<int>(k);
    last_step_[ut] = static_cast<int>(k);
  }
}

void RaceAnalysis::run(ExplorationPath& path) {
  const std::size_t steps = path.steps();
  // Threads spawned later took no step: their clock entries stay zero.
  const int threads = steps == 0 ? 0 : static_cast<int>(path.state(steps - 1).pending.size());
  // The steps this execution shares with the last analysed one keep their
  // clocks; only their bookkeeping is rebuilt. Those the path took
  // unchanged since the last analysed execution need no comparison.
  std::size_t keep = 0;
  if (path.execution() == analysed_ + 1) keep = std::min({path.unchanged(), used_, steps});
  analysed_ = path.execution();
  while (keep < steps && keep < used_ && inputs_[keep] == input_of(path.state(keep))) ++keep;
  keep_prefix(keep, threads);
  std::size_t known_threads = keep == 0 ? 1 : std::max<std::size_t>(1, inputs_[keep - 1].threads);
  for (std::size_t k = keep; k < steps; ++k) {
    const State& n = path.state(k);
    // Threads first seen at this state were spawned by the previous step.
    for (std::size_t c = known_threads; c < n.pending.size(); ++c) clock_of_[c] = static_cast<int>(k) - 1;
    known_threads = std::max(known_threads, n.pending.size());
    if (k == inputs_.size()) inputs_.emplace_back();
    StepInput& in = inputs_[k];
    describe(n, in);  // in place: a copy would read back its fields' fresh stores as a whole
    const int t = in.chosen.thread;
    const auto ut = static_cast<std::size_t>(t);
    const PendingStep& pending = n.pending[ut];
    ExecutedStep& s = add_step(t, in.chosen.alt, in.op, in.footprint, ++local_[ut]);
    if (s.op == Op::join)  // after the last step of the thread(s) it waits for
      for (int u = 0; u < threads; ++u)
        if (u != t && last_step_[static_cast<std::size_t>(u)] >= 0 &&
            (pending.join_target == kAllThreads || pending.join_target == static_cast<std::uint32_t>(u)))
          s.clock.join(steps_[static_cast<std::size_t>(last_step_[static_cast<std::size_t>(u)])].clock, threads);
    find_races(k, threads);
    record_accesses(s, k);
    s.clock.set(t, s.local);
    clock_of_[ut] = static_cast<int>(k);
    last_step_[ut] = static_cast<int>(k);
    if (k + 1 < path.replayed()) continue;  // races ending in the replayed prefix were handled before
    for (const std::size_t i : races_) {
      if (spinning_at(path, i, k)) continue;
      path.insert(Reversal(steps_, i, k, threads));
      if (path.bounded()) insert_at_block_start(path, i, k, threads);
    }
  }
  // Threads the execution ended without (a deadlock, an unfair cycle): their
  // pending steps race as if taken next, so that the orders where they go
  // first are explored too. A disabled one only as an acquisition: it waits
  // for a mutex some other acquisition took first.
  for (const LeftStep& left : path.left()) {
    if (!left.enabled && !is_acquire(left.step.op)) continue;
    const auto ut = static_cast<std::size_t>(left.thread);
    if (ut >= clock_of_.size()) continue;
    const std::size_t k = used_;
    ExecutedStep& s = add_step(left.thread, Alt::normal, left.step.op, left.step.footprint, local_[ut] + 1);
    find_races(k, threads);
    s.clock.set(left.thread, s.local);
    for (const std::size_t i : races_)
      if (!spinning_at(path, i, k)) path.insert(Reversal(steps_, i, k, threads));
    --used_;
  }
}

bool RaceAnalysis::spinning_at(const ExplorationPath& path, std::size_t i, std::size_t k) const {
  const auto t = static_cast<std::size_t>(steps_[k].thread);
  const State& before_i = path.state(i);
  if (t >= before_i.pending.size() || !before_i.pending[t].spinning) return false;
  for (std::size_t j = i + 1; j < k; ++j)
    if (steps_[j].thread == steps_[k].thread) return false;
  return true;
}

ExecutedStep& RaceAnalysis::add_step(int t, Alt alt, Op op, const Footprint& footprint, std::uint32_t local) {
  const int from = clock_of_[static_cast<std::size_t>(t)];
  if (used_ == steps_.size()) steps_.emplace_back();
  ExecutedStep& s = steps_[used_++];  // one of an earlier analysis: all its fields are set here
  s.thread = t;
  s.alt = alt;
  s.op = op;
  s.footprint = footprint;
  s.local = local;
  if (from >= 0)
    s.clock = steps_[static_cast<std::size_t>(from)].clock;
  else
    s.clock.clear();
  return s;
}

void RaceAnalysis::find_races(std::size_t k, int threads) {
  ExecutedStep& s = steps_[k];
  const int t = s.thread;
  // An acquisition races with the previous holder's, unless that one
  // happens before it by other ways than the mutex's release: asked before
  // the dependence edges join in (a lock's only object is its mutex).
  const int prev = is_acquire(s.op) ? access_of(s.footprint.object[0]).last_acquire : -1;
  const bool prev_ordered = prev >= 0 && steps_[static_cast<std::size_t>(prev)].before(s);
  // Dependence edges (the last write of each object touched, and for a
  // write the reads since), and the races among them, latest first.
  dependencies_.clear();
  for (int f = 0; f < s.footprint.size; ++f) {
    const Access& a = access_of(s.footprint.object[f]);
    if (a.last_write >= 0) dependencies_.push_back(static_cast<std::size_t>(a.last_write));
    if (s.footprint.write[f]) dependencies_.insert(dependencies_.end(), a.reads.begin(), a.reads.end());
  }
  std::sort(dependencies_.begin(), dependencies_.end(), std::greater<>());
  dependencies_.erase(std::unique(dependencies_.begin(), dependencies_.end()), dependencies_.end());
  races_.clear();
  for (const std::size_t i : dependencies_) {
    const ExecutedStep& e = steps_[i];
    if (e.thread == t || e.before(s)) continue;
    if (reversible(e, s)) races_.push_back(i);
    s.clock.join(e.clock, threads);
  }
  if (prev >= 0 && steps_[static_cast<std::size_t>(prev)].thread != t && !prev_ordered &&
      std::find(races_.begin(), races_.end(), static_cast<std::size_t>(prev)) == races_.end())
    races_.push_back(static_cast<std::size_t>(prev));
}

}  // namespace interleave::engine
