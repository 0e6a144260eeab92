// See violation_of.hpp.
#include "violation_of.hpp"

#include "schedule.hpp"

namespace interleave::engine {

Violation violation_of(const Execution& execution, const Failure& failure) {
  Violation v;
  v.kind = failure.kind;
  v.message = failure.message;
  v.trace = execution.render_trace();
  v.failing_step = failure.step;
  v.other_step = failure.other_step;
  v.schedule = encode_schedule(execution.choices());
  v.preemptions = execution.preemptions();
  v.history = failure.history;
  return v;
}

}  // namespace interleave::engine
