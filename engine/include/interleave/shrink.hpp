// Shrinking a counterexample before it is reported: the schedule with the
// fewest preemptions, then the fewest steps, that still shows a violation of
// the same kind.
#pragma once

#include <cstddef>
#include <functional>

#include "interleave/options.hpp"
#include "interleave/result.hpp"

namespace interleave {

/// Bounds of one shrink: candidate executions tried, and wall-clock time.
struct ShrinkBudget {
  std::size_t max_runs = 2000;
  double max_seconds = 5.0;
};

/// Returns the smallest counterexample found for `violation` of `scenario`
/// (ordered by preemptions, then trace length), with original_steps set to
/// the input's trace length when it is smaller; otherwise the input as is.
/// Greedy and deterministic: it tries cutting each preemption (running the
/// previous thread on instead) and deleting steps, keeping any candidate that
/// still shows the same kind of violation, until nothing improves or the
/// budget is spent. Stack overflows are returned unshrunk.
Violation shrink(const std::function<void()>& scenario, const Violation& violation, const Options& options = {},
                 ShrinkBudget budget = {});

/// Shrinks every violation of `result` in place.
void shrink_all(const std::function<void()>& scenario, Result& result, const Options& options = {},
                ShrinkBudget budget = {});

}  // namespace interleave
