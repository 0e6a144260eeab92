// The state of every model object after each step of a trace, rebuilt from
// the trace's own words: a read "= 1" or a write "0 -> 1" gives a variable's
// value, lock/unlock give a mutex's owner, wait/wake give a condition
// variable's (or an atomic's) waiters, and each step's time the virtual clock.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "interleave/result.hpp"

namespace interleave::reports::model_state {

/// One object's state: its label as the trace names it ("shared count",
/// "mutex m", "cv c", "clock") and what it holds ("= 1", "held by thread 2",
/// "free", "waiting: thread 3", "t=0.5s").
struct Entry {
  std::string object;
  std::string state;
  bool changed = false;  ///< the step this state follows changed it
};

/// The objects in order of first appearance (the clock last), after one step.
using Snapshot = std::vector<Entry>;

/// One snapshot per step of `trace`: snapshot i is the state after step i.
/// Objects the trace has not touched yet are absent.
std::vector<Snapshot> after_each_step(const std::vector<TraceEvent>& trace);

/// "shared count = 1" or "mutex m: free".
std::string entry_text(const Entry& entry);

/// The entries' texts joined by "; ".
std::string line(const Snapshot& snapshot);

}  // namespace interleave::reports::model_state
