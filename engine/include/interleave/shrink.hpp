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
/// the input's trace length when it is smaller; otherwise the input as is, so
/// the result never has more preemptions than the input, nor more steps at
/// as many. Deterministic. First greedy: it tries cutting each preemption
/// (running the previous thread on instead), moving a thread's runs together
/// and deleting steps, keeping any candidate that still shows the same kind
/// of violation. Then a search for the minimum: bounded DFS at preemption
/// bounds 0, 1, ... up to the greedy result's count, for the shortest
/// schedule of the same kind at the first bound that has one. Within the
/// budget, the result has the fewest preemptions the violation needs and the
/// fewest steps at that count; past it, the best found so far. Stack
/// overflows are returned unshrunk.
Violation shrink(const std::function<void()>& scenario, const Violation& violation, const Options& options = {},
                 ShrinkBudget budget = {});

/// Shrinks every violation of `result` in place.
void shrink_all(const std::function<void()>& scenario, Result& result, const Options& options = {},
                ShrinkBudget budget = {});

}  // namespace interleave
