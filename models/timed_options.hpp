// The configuration both timed models (token buckets, deferred executor)
// are checked under.
#pragma once

#include "interleave/options.hpp"

namespace interleave {

/// DPOR on the virtual clock. The time checks are exact; every wait in these
/// primitives loops, so a spurious wake-up only multiplies the schedules.
inline Options timed_model_options() {
  Options o;
  o.strategy = Strategy::dpor;
  o.max_spurious_wakeups = 0;
  return o;
}

}  // namespace interleave
