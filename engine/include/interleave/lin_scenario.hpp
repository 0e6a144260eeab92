// Lincheck-style scenarios: a few threads × a few calls of a sequential
// specification's operations (interleave/linearizability.hpp), and the
// history of running one described for reports. The model checker runs them
// with run_linearizability_scenario (interleave/lincheck.hpp); real threads
// record their own histories with steady-clock stamps.
#pragma once

#include <algorithm>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "interleave/linearizability.hpp"
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
  std::string text = spec.operations.at(c.operation).name + "(";
  for (std::size_t k = 0; k < c.arguments.size(); ++k) text += (k ? ", " : "") + std::to_string(c.arguments[k]);
  return text + ")";
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
  std::string calls;
  for (std::size_t i : verdict.counterexample) {
    const LinCall& c = history[i];
    calls += (calls.empty() ? "" : "; ") + std::string("thread ") + std::to_string(c.thread) + " " +
             call_text(spec, c) + " -> " + std::to_string(c.result) + " [" + std::to_string(c.invoked) + ", " +
             std::to_string(*c.returned) + "]";
  }
  return "the history of " + std::to_string(history.size()) + " calls is not linearizable against the sequential " +
         spec.name + ": no order of the calls that respects real time gives these results: " + calls +
         ". Every other call invoked by time " + std::to_string(verdict.cut) +
         " may take effect at any point after its invocation, or not at all, and it still fails" +
         (verdict.minimal ? "" : " (minimizing ran out of budget: some of these calls may not be needed)") + ".";
}

}  // namespace interleave
