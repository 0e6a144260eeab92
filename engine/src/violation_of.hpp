// The public Violation of a failure an execution recorded: the search and
// the shrinker both report failures this way.
#pragma once

#include "execution.hpp"
#include "interleave/result.hpp"

namespace interleave::engine {

/// `failure` of the finished `execution`, with the execution's rendered
/// trace, its replay schedule and the preemptions it took.
Violation violation_of(const Execution& execution, const Failure& failure);

}  // namespace interleave::engine
