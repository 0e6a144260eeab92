// Lincheck-style scenarios: a few threads × a few calls of a specification's
// operations, run on an implementation, with the recorded history checked
// for linearizability (interleave/linearizability.hpp). The same scenario
// type serves the model checker (run_linearizability_scenario, inside
// interleave::check) and real threads (the properties record their own
// histories with steady-clock stamps).
#pragma once

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cstdint>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "interleave/linearizability.hpp"
#include "interleave/model_sync.hpp"
#include "interleave/result.hpp"

namespace interleave {

/// One call of a scenario: an operation of the specification and its arguments.
struct ScenarioCall {
  std::size_t operation = 0;
  std::vector<LinValue> arguments;
};
/// Each thread's calls, in program order.
using LinScenario = std::vector<std::vector<ScenarioCall>>;

/// A random scenario of `threads` × `calls`: operations and arguments drawn
/// uniformly from the specification's declaration.
template <class S>
LinScenario generate_scenario(const LinSpecification<S>& spec, int threads, int calls, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  LinScenario scenario(static_cast<std::size_t>(threads));
  for (auto& mine : scenario)
    for (int k = 0; k < calls; ++k) {
      const std::size_t op = rng() % spec.operations.size();
      const auto& choices = spec.operations[op].arguments;
      mine.push_back({op, choices[rng() % choices.size()]});
    }
  return scenario;
}

/// "enqueue(1)": a call as reports show it.
template <class S>
std::string call_text(const LinSpecification<S>& spec, const LinCall& c) {
  return fmt::format("{}({})", spec.operations.at(c.operation).name, fmt::join(c.arguments, ", "));
}

/// The history as reports show it, the counterexample's calls marked offending.
template <class S>
std::vector<HistoryCall> describe_history(const LinSpecification<S>& spec, const LinHistory& history,
                                          const LinVerdict& verdict) {
  std::vector<HistoryCall> out;
  for (std::size_t i = 0; i < history.size(); ++i) {
    const LinCall& c = history[i];
    const bool offending =
        std::find(verdict.counterexample.begin(), verdict.counterexample.end(), i) != verdict.counterexample.end();
    out.push_back({c.thread, c.invoked, c.returned.value_or(0), call_text(spec, c),
                   c.pending() ? std::string() : std::to_string(c.result), offending});
  }
  return out;
}

/// One paragraph on a non-linearizable history: which calls cannot all
/// keep their results, and that every other call was left free.
template <class S>
std::string describe_counterexample(const LinSpecification<S>& spec, const LinHistory& history,
                                    const LinVerdict& verdict) {
  std::vector<std::string> calls;
  for (std::size_t i : verdict.counterexample) {
    const LinCall& c = history[i];
    calls.push_back(fmt::format("thread {} {} -> {} [{}, {}]", c.thread, call_text(spec, c), c.result, c.invoked,
                                *c.returned));
  }
  return fmt::format(
      "the history of {} calls is not linearizable against the sequential {}: no order of the calls that respects "
      "real time gives these results: {}. Every other call invoked by time {} may take effect at any point after its "
      "invocation, or not at all, and it still fails{}.",
      history.size(), spec.name, fmt::join(calls, "; "), verdict.cut,
      verdict.minimal ? "" : " (minimizing ran out of budget: some of these calls may not be needed)");
}

namespace detail {
/// Fails the current model execution with a linearizability violation
/// showing `history`, and ends the calling model thread.
void report_linearizability(std::string message, std::vector<HistoryCall> history, location loc);
}  // namespace detail

/// Runs `scenario` inside a model (call it from interleave::check's
/// scenario): one model thread per scenario thread, started together.
/// `execute(operation, arguments)` performs one call on the implementation
/// and returns its result. Invocations and responses are stamped by a
/// fetch_add on one model atomic (a visible step each), so the stamps order
/// the calls exactly as the execution does. The
/// history so far is checked at every response (a failure is final:
/// linearizability is closed under prefixes), so an execution that deadlocks
/// later was still checked up to there.
template <class S, class Execute>
void run_linearizability_scenario(const LinSpecification<S>& spec, const LinScenario& scenario, Execute execute,
                                  location loc = location::current()) {
  LinHistory history;
  bool failed = false;
  auto check_so_far = [&] {
    const LinVerdict verdict = check_linearizable(spec, history);
    if (verdict.linearizable) return;
    failed = true;
    detail::report_linearizability(describe_counterexample(spec, history, verdict),
                                   describe_history(spec, history, verdict), loc);
  };
  // The clock is a model atomic: every stamp is a visible step, placed where
  // the schedule put it (code between visible steps runs as soon as the step
  // before it did, so a plain counter would stamp an invocation too early),
  // and all stamps conflict with one another, so a partial-order reduction
  // still explores every real-time order of the calls.
  model_sync::atomic<std::uint64_t> clock(0, "history clock", loc);
  std::vector<std::function<void()>> bodies;
  for (std::size_t t = 0; t < scenario.size(); ++t)
    bodies.push_back([&, t] {
      for (const ScenarioCall& sc : scenario[t]) {
        if (failed) return;
        const std::uint64_t invoked = clock.fetch_add(1, std::memory_order_seq_cst, loc) + 1;
        const std::size_t index = history.size();  // after the stamp: other threads ran during it
        history.push_back({detail::current_thread(), invoked, std::nullopt, sc.operation, sc.arguments, 0});
        const LinValue result = execute(sc.operation, sc.arguments);
        history[index].result = result;
        history[index].returned = clock.fetch_add(1, std::memory_order_seq_cst, loc) + 1;
        check_so_far();
      }
    });
  run_together(std::move(bodies), loc);
}

}  // namespace interleave
