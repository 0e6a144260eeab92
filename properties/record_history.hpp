// Runs a linearizability scenario (interleave/lincheck.hpp) on real threads
// and records its history: each call stamped with the steady clock just
// before it is invoked and just after it returns. The threads start together
// (each spins until all are ready), and chaos points before each call widen
// the interleavings. The scenario must not be able to block forever: every
// call here returns.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <thread>
#include <vector>

#include "interleave/lincheck.hpp"
#include "properties/chaos.hpp"

namespace interleave::properties {

/// `execute(thread, operation, arguments)` performs one call on the
/// implementation and returns its result; `thread` counts from 0.
template <class Execute>
LinHistory record_history(const LinScenario& scenario, Execute execute, int chaos, std::uint64_t seed) {
  using clock = std::chrono::steady_clock;
  const auto origin = clock::now();
  auto stamp = [&] {  // nanoseconds since the start, from 1 (0 means "never" in reports)
    return static_cast<std::uint64_t>(
               std::chrono::duration_cast<std::chrono::nanoseconds>(clock::now() - origin).count()) +
           1;
  };
  std::vector<LinHistory> mine(scenario.size());
  std::atomic<std::size_t> ready{0};
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < scenario.size(); ++t)
    threads.emplace_back([&, t] {
      Chaos noise(chaos, seed + t);
      ready.fetch_add(1);
      while (ready.load() < scenario.size()) std::this_thread::yield();
      for (const ScenarioCall& call : scenario[t]) {
        noise.point();
        LinCall record{static_cast<int>(t), stamp(), std::nullopt, call.operation, call.arguments, 0};
        record.result = execute(static_cast<int>(t), call.operation, call.arguments);
        record.returned = stamp();
        mine[t].push_back(std::move(record));
      }
    });
  for (auto& thread : threads) thread.join();
  LinHistory history;
  for (auto& calls : mine) history.insert(history.end(), calls.begin(), calls.end());
  return history;
}

}  // namespace interleave::properties
