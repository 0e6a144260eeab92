// What the race analysis hands the exploration path: the steps of the
// execution with happens-before, and for a race (i, k) its reversal, the
// sequence v to explore from the state before step i.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

#include <boost/container/small_vector.hpp>

#include "footprint.hpp"
#include "op.hpp"
#include "scheduler.hpp"
#include "vector_clock.hpp"

namespace interleave::engine {

/// One step of the execution, as the race analysis sees it.
struct ExecutedStep {
  int thread;
  Alt alt;
  Op op;
  Footprint footprint;
  std::uint32_t local;  ///< 1-based index among its thread's steps
  VectorClock clock;    ///< happens-before: the steps (per thread, by local index) before or equal

  /// Does this step happen before `later`?
  bool before(const ExecutedStep& later) const { return later.clock[thread] >= local; }
};

inline bool is_acquire(Op op) { return op == Op::lock || op == Op::try_lock; }

/// The reversal of a race (i, k): v, the steps after i that do not happen
/// after it, then k, in the order they ran. A view of the executed steps:
/// valid while they are.
class Reversal {
 public:
  Reversal(const std::vector<ExecutedStep>& steps, std::size_t i, std::size_t k, int threads)
      : steps_(steps), first_(i), racing_(k) {
    const ExecutedStep& e = steps_[i];
    for (std::size_t j = i + 1; j < k; ++j)
      if (!e.before(steps_[j])) v_.push_back(j);
    const Footprint last = step_footprint(k);
    for (const std::size_t j : v_)
      if (steps_[j].thread == steps_[k].thread || steps_[j].footprint.dependent(last))
        racing_clock_.join(steps_[j].clock, threads);
    v_.push_back(k);
  }

  /// The state whose wakeup tree may receive v: the one before step i.
  std::size_t state() const { return first_; }
  /// Reversing two acquisitions moves the first holder's whole critical
  /// section after the second's.
  bool moves_critical_section() const { return is_acquire(steps_[first_].op) && is_acquire(steps_[racing_].op); }

  /// The steps of v still to place.
  std::size_t size() const { return v_.size(); }
  Choice choice(std::size_t at) const { return Choice{steps_[v_[at]].thread, steps_[v_[at]].alt}; }
  Footprint footprint(std::size_t at) const { return step_footprint(v_[at]); }
  /// Drops v's step at `at`: a branch of the wakeup tree already takes it.
  void drop(std::size_t at) { v_.erase(v_.begin() + static_cast<std::ptrdiff_t>(at)); }

  /// Could a step (`choice`, touching `step`) start v? Yes when it is v's
  /// first step of its thread and no earlier step of v happens before it
  /// (`at` is then its index in v), or, with `weak`, when its thread has no
  /// step in v and it commutes with all of them (`at` is then size()).
  bool initial(const Choice& choice, const Footprint& step, bool weak, std::size_t& at) const {
    for (std::size_t a = 0; a < v_.size(); ++a) {
      const ExecutedStep& s = steps_[v_[a]];
      if (s.thread != choice.thread) continue;
      if (s.alt != choice.alt) return false;  // another outcome of the same operation
      const VectorClock& clock = v_[a] == racing_ ? racing_clock_ : s.clock;
      for (std::size_t b = 0; b < a; ++b)
        if (clock[steps_[v_[b]].thread] >= steps_[v_[b]].local) return false;
      at = a;
      return true;
    }
    at = v_.size();
    if (!weak || choice.alt != Alt::normal) return false;
    return std::none_of(v_.begin(), v_.end(), [&](std::size_t j) { return step.dependent(step_footprint(j)); });
  }

 private:
  /// What step j touches within v. The racing step reads other values once
  /// reversed, so a compare-exchange there may write though it failed here.
  Footprint step_footprint(std::size_t j) const {
    Footprint f = steps_[j].footprint;
    if (j == racing_ && steps_[j].op == Op::rmw) f.write = {true, true};
    return f;
  }

  const std::vector<ExecutedStep>& steps_;
  std::size_t first_;           ///< i
  std::size_t racing_;          ///< k
  /// Indices into steps_; most reversals are short, and are kept without
  /// an allocation.
  boost::container::small_vector<std::size_t, 16> v_;
  /// What happens before k within v. k's own clock may be too large: a lock
  /// taken after the other thread's unlock is ordered after its whole
  /// critical section, and the reversal leaves that section out.
  VectorClock racing_clock_;
};

}  // namespace interleave::engine
