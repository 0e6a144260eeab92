// What a strategy sees of an execution (scheduler.hpp's SchedulingPoint and
// ExecutionEnd), read off the execution's threads and trace.
#pragma once

#include <vector>

#include "execution.hpp"

namespace interleave::engine {

/// Each thread's pending step in the current state of `ex`, by thread id.
void collect_pending(const Execution& ex, std::vector<PendingStep>& pending);
/// What the last step of `ex` did that its pending step did not tell.
StepOutcome last_step_outcome(const Execution& ex);
/// How `ex` ended (`ending`), as a strategy needs it; `with_pending`: with
/// the steps the threads left were parked at.
ExecutionEnd execution_end(const Execution& ex, Ending ending, bool with_pending);

}  // namespace interleave::engine
