// GoogleTest helper: EXPECT_LINEARIZABLE(make, spec, scenario) model-checks
// a scenario exhaustively (DPOR) and fails unless every explored execution's
// history is linearizable against `spec`.
//
//   make      a callable returning, in each execution, a fresh callable
//             `LinValue(std::size_t operation, const std::vector<LinValue>&
//             arguments)` that performs one call on the implementation
//             (built over interleave::model_sync);
//   spec      an interleave::LinSpecification (interleave/specifications.hpp);
//   scenario  an interleave::LinScenario (given, or generate_scenario).
//
// The failure message is the counterexample: the violation's message, the
// history and the schedule that replays it.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "interleave/check.hpp"
#include "interleave/lincheck.hpp"

namespace interleave::testing {

template <class Make, class S>
::testing::AssertionResult linearizable_under_model_checker(const char* make_text, const char*, const char*,
                                                            const Make& make, const LinSpecification<S>& spec,
                                                            const LinScenario& scenario) {
  Options options;
  options.strategy = Strategy::dpor;
  const Result r = check([&] { run_linearizability_scenario(spec, scenario, make()); }, options);
  if (r.ok() && r.exhaustive) return ::testing::AssertionSuccess();
  auto failure = ::testing::AssertionFailure();
  failure << make_text << " is not shown linearizable against the sequential " << spec.name << " ("
          << to_string(r.verdict) << ", " << r.stats.executions << " executions). " << r.note;
  for (const Violation& v : r.violations) {
    failure << "\n" << to_string(v.kind) << ": " << v.message;
    for (const HistoryCall& c : v.history)
      failure << "\n  " << (c.offending ? "* " : "  ") << "thread " << c.thread << " " << c.call << " -> "
              << (c.returned ? c.result : std::string("(never returned)")) << " [" << c.invoked << ", "
              << (c.returned ? std::to_string(c.returned) : std::string("...")) << "]";
    failure << "\n  schedule: " << v.schedule;
  }
  return failure;
}

}  // namespace interleave::testing

#define EXPECT_LINEARIZABLE(make, spec, scenario) \
  EXPECT_PRED_FORMAT3(::interleave::testing::linearizable_under_model_checker, make, spec, scenario)
