// The engine side of run_linearizability_scenario (lincheck.hpp): a history
// that is not linearizable fails the current execution.
#include "interleave/lincheck.hpp"

#include <exception>
#include <stdexcept>

#include "execution.hpp"

namespace interleave::detail {

void report_linearizability(std::string message, std::vector<HistoryCall> history, location loc) {
  engine::Execution* e = engine::Execution::current();
  if (!e) throw std::logic_error("interleave: run_linearizability_scenario was called outside interleave::check");
  if (e->abandoning()) return;
  e->record(engine::Op::violation, 0, loc);
  e->fail(ViolationKind::linearizability, std::move(message), true, std::move(history));
  if (std::uncaught_exceptions() == 0) throw engine::Abandon{};  // the thread's remaining calls must not run
}

}  // namespace interleave::detail
