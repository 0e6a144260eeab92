// The linearizability checker on real-thread histories, and exhaustive model
// checking of the blocking queue's linearizability scenario:
//   - one 10,000-call history of the blocking queue, recorded on 4 real
//     threads (the size Porcupine's figures are quoted for; goal < 1 s),
//     with distinct values (1,000,000) and with values 1..3; the counter
//     "overlapping" is the fraction of calls that overlap another thread's;
//   - 3 threads × 5 calls histories (queue, counter), one check per
//     iteration, cycling through 100 recorded histories (goal well under 1 ms);
//   - the registered model blocking-queue/linearizable, 2 threads × 3 calls,
//     explored exhaustively with DPOR (goal < 1 s).
// Histories are recorded once, before timing.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <random>

#include "interleave/interleave.hpp"
#include "interleave/specifications.hpp"
#include "models/registry.hpp"
#include "primitives/blocking_queue.hpp"
#include "primitives/counter.hpp"
#include "properties/record_history.hpp"

namespace {

using interleave::LinHistory;
using interleave::LinScenario;
using interleave::LinValue;
namespace specs = interleave::specs;

/// `threads` threads of `calls` calls each, alternating enqueue and dequeue
/// (a dequeue always follows the thread's own enqueue, so none waits
/// forever), values drawn from 1..`values`.
LinHistory queue_history(int threads, int calls, int values, std::uint64_t seed) {
  LinScenario scenario(static_cast<std::size_t>(threads));
  std::mt19937_64 rng(seed);
  for (auto& mine : scenario)
    for (int i = 0; i < calls; ++i) {
      if (i % 2 == 0)
        mine.push_back({specs::enqueue, {static_cast<LinValue>(1 + rng() % static_cast<std::uint64_t>(values))}});
      else
        mine.push_back({specs::dequeue, {}});
    }
  interleave::BlockingQueue<LinValue> queue(threads * calls);
  return interleave::properties::record_history(
      scenario,
      [&](int, std::size_t op, const std::vector<LinValue>& args) -> LinValue {
        // A yield inside each call (after the queue operation, before the response stamp) lets the
        // threads' calls overlap even on a loaded machine, where a thread would otherwise run its
        // calls within one time slice and the history would be sequential.
        LinValue result = 0;
        if (op == specs::enqueue)
          queue.enqueue(args[0]);
        else
          result = queue.dequeue();
        std::this_thread::yield();
        return result;
      },
      0, seed);
}

/// The fraction of calls whose interval overlaps a call of another thread.
double overlapping(LinHistory history) {
  std::sort(history.begin(), history.end(), [](const auto& a, const auto& b) { return a.invoked < b.invoked; });
  std::vector<bool> overlaps(history.size(), false);
  for (std::size_t i = 0; i < history.size(); ++i)
    for (std::size_t j = i + 1; j < history.size() && history[j].invoked < history[i].returned.value_or(UINT64_MAX);
         ++j)
      if (history[j].thread != history[i].thread) overlaps[i] = overlaps[j] = true;
  return static_cast<double>(std::count(overlaps.begin(), overlaps.end(), true)) / static_cast<double>(history.size());
}

void BM_CheckQueueHistory(benchmark::State& state) {
  const int threads = 4, calls = 10'000, values = static_cast<int>(state.range(0));
  const LinHistory history = queue_history(threads, calls / threads, values, 1);
  const auto spec = specs::queue(static_cast<std::size_t>(calls));
  std::uint64_t states = 0;
  for (auto _ : state) {
    const auto verdict = interleave::check_linearizable(spec, history);
    if (!verdict.linearizable) state.SkipWithError("a correct queue's history must be linearizable");
    states = verdict.states;
  }
  state.counters["calls"] = static_cast<double>(history.size());
  state.counters["overlapping"] = overlapping(history);
  state.counters["states"] = static_cast<double>(states);
}
BENCHMARK(BM_CheckQueueHistory)->Arg(1000000)->Arg(3)->Unit(benchmark::kMillisecond);

void BM_CheckSmallQueueHistories(benchmark::State& state) {
  std::vector<LinHistory> histories;
  for (std::uint64_t seed = 0; seed < 100; ++seed) histories.push_back(queue_history(3, 5, 3, seed));
  const auto spec = specs::queue(15);
  std::size_t i = 0;
  for (auto _ : state) {
    const auto verdict = interleave::check_linearizable(spec, histories[i++ % histories.size()]);
    if (!verdict.linearizable) state.SkipWithError("a correct queue's history must be linearizable");
    benchmark::DoNotOptimize(verdict.states);
  }
}
BENCHMARK(BM_CheckSmallQueueHistories)->Unit(benchmark::kMicrosecond);

void BM_CheckSmallCounterHistories(benchmark::State& state) {
  std::vector<LinHistory> histories;
  for (std::uint64_t seed = 0; seed < 100; ++seed) {
    const LinScenario scenario = interleave::generate_scenario(specs::counter(), 3, 5, seed);
    interleave::Counter<> counter;
    histories.push_back(interleave::properties::record_history(
        scenario,
        [&](int, std::size_t op, const std::vector<LinValue>&) -> LinValue {
          if (op == specs::increment) {
            counter.increment();
            return 0;
          }
          return counter.value();
        },
        0, seed));
  }
  const auto spec = specs::counter();
  std::size_t i = 0;
  for (auto _ : state) {
    const auto verdict = interleave::check_linearizable(spec, histories[i++ % histories.size()]);
    if (!verdict.linearizable) state.SkipWithError("a correct counter's history must be linearizable");
    benchmark::DoNotOptimize(verdict.states);
  }
}
BENCHMARK(BM_CheckSmallCounterHistories)->Unit(benchmark::kMicrosecond);

void BM_ModelCheckBlockingQueue2x3(benchmark::State& state) {
  const interleave::Model* model = interleave::find_model("blocking-queue/linearizable");
  std::uint64_t executions = 0;
  for (auto _ : state) {
    const interleave::Result r = interleave::check(model->scenario, model->options);
    if (!r.ok() || !r.exhaustive) state.SkipWithError("the model must hold after an exhaustive search");
    executions = r.stats.executions + r.stats.executions_blocked;
  }
  state.counters["executions"] = static_cast<double>(executions);
}
BENCHMARK(BM_ModelCheckBlockingQueue2x3)->Unit(benchmark::kMillisecond);

}  // namespace
