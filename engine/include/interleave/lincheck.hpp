// Linearizability under the model checker: a Lincheck-style scenario
// (interleave/lin_scenario.hpp) run on an implementation inside
// interleave::check, every explored execution's history checked.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "interleave/lin_scenario.hpp"
#include "interleave/model_sync.hpp"

namespace interleave {

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
namespace detail {
/// The scenario's threads as bodies, recording into `history` and checking
/// it; `run` runs them as model threads and returns when they have ended.
template <class S, class Execute, class Run>
void run_lin_scenario(const LinSpecification<S>& spec, const LinScenario& scenario, Execute& execute, Run run,
                      location loc) {
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
  run(std::move(bodies));
}
}  // namespace detail

template <class S, class Execute>
void run_linearizability_scenario(const LinSpecification<S>& spec, const LinScenario& scenario, Execute execute,
                                  location loc = location::current()) {
  detail::run_lin_scenario(
      spec, scenario, execute, [loc](std::vector<std::function<void()>> bodies) { run_together(std::move(bodies), loc); },
      loc);
}

/// As run_linearizability_scenario, for an implementation with model threads
/// of its own (a refill daemon) that outlive the calls: the scenario's
/// threads are spawned one by one and only they are joined (run_together
/// would wait for every model thread), so the implementation can stop its
/// threads afterwards.
template <class S, class Execute>
void run_linearizability_scenario_beside(const LinSpecification<S>& spec, const LinScenario& scenario,
                                         Execute execute, location loc = location::current()) {
  detail::run_lin_scenario(
      spec, scenario, execute,
      [loc](std::vector<std::function<void()>> bodies) {
        std::vector<model_sync::thread> threads;
        for (auto& body : bodies) threads.emplace_back(std::move(body), loc);
        for (auto& t : threads) t.join();
      },
      loc);
}

}  // namespace interleave
