// The linearizability checker on real-thread histories, and exhaustive model
// checking of the blocking queue's linearizability scenario:
//   - one 10,000-call history of the blocking queue, recorded on 4 real
//     threads (the size Porcupine's figures are quoted for; goal < 1 s),
//     with distinct values (1,000,000) and with values 1..3; the counter
//     "overlapping" is the fraction of calls that overlap another thread's;
//   - 3 threads × 5 calls histories (queue, counter), one check per
//     iteration, cycling through 100 recorded histories (goal well under 1 ms);
//   - the registered model blocking-queue/linearizable, 2 threads × 3 calls,
//     explored exhaustively with DPOR (goal < 1 s);
//   - synthetic histories in which 8 threads keep a call open nearly all the
//     time (about 8 calls open at every instant): a queue with no quiescent
//     instant (the hard case: the search is given a budget of states and the
//     counter "finished" says whether it decided), the same queue with all
//     threads pausing together after every 64 calls (quiescent splitting),
//     and registers over 8 keys (per-key partitioning), with and without the
//     partition.
// Histories are recorded or generated once, before timing.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <functional>
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

/// A linearizable history of `threads` threads and `calls` calls in which
/// every thread keeps a call open nearly all the time. At each step a random
/// thread acts: an idle one invokes its next call (drawn by `next_call`), one
/// whose call is open and not yet applied applies it to the sequential state
/// (its linearization point; the result is recorded) if it can take effect,
/// one whose call has been applied returns. With `quiet_every` > 0, after
/// every that many invocations no thread invokes until all calls have
/// returned: a quiescent instant.
template <class S>
LinHistory overlapping_history(
    const interleave::LinSpecification<S>& spec, int threads, int calls,
    const std::function<interleave::ScenarioCall(int thread, int k, std::mt19937_64&)>& next_call, int quiet_every,
    std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  S state = spec.initial;
  LinHistory history;
  std::vector<long> open(static_cast<std::size_t>(threads), -1);  // the thread's open call, or -1
  std::vector<bool> applied(static_cast<std::size_t>(threads), false);
  std::vector<int> made(static_cast<std::size_t>(threads), 0);
  std::uint64_t clock = 0;
  int invoked = 0;
  for (;;) {
    const bool draining = quiet_every > 0 && invoked > 0 && invoked % quiet_every == 0 &&
                          std::any_of(open.begin(), open.end(), [](long c) { return c >= 0; });
    const int t = static_cast<int>(rng() % static_cast<std::uint64_t>(threads));
    long& mine = open[static_cast<std::size_t>(t)];
    if (mine < 0) {
      if (invoked == calls) {
        if (std::all_of(open.begin(), open.end(), [](long c) { return c < 0; })) break;
        continue;
      }
      if (draining) continue;
      const interleave::ScenarioCall call = next_call(t, made[static_cast<std::size_t>(t)]++, rng);
      mine = static_cast<long>(history.size());
      history.push_back({t, ++clock, std::nullopt, call.operation, call.arguments, 0});
      applied[static_cast<std::size_t>(t)] = false;
      ++invoked;
    } else if (!applied[static_cast<std::size_t>(t)]) {
      interleave::LinCall& c = history[static_cast<std::size_t>(mine)];
      S next = state;
      if (const auto got = spec.operations[c.operation].apply(next, c.arguments)) {
        state = std::move(next);
        c.result = *got;
        applied[static_cast<std::size_t>(t)] = true;
      }
    } else {
      history[static_cast<std::size_t>(mine)].returned = ++clock;
      mine = -1;
    }
  }
  return history;
}

/// Each thread alternates enqueue and dequeue, so every dequeue finds an
/// item when it takes effect. Values: unique in the history (`values` 0) or
/// drawn from 1..values.
LinHistory overlapping_queue(int calls, int quiet_every, int values = 0) {
  return overlapping_history<specs::Queue>(
      specs::queue(), 8, calls,
      [values](int t, int k, std::mt19937_64& rng) {
        const LinValue v = values == 0 ? LinValue{t} * 1'000'000 + k
                                       : static_cast<LinValue>(1 + rng() % static_cast<std::uint64_t>(values));
        return k % 2 == 0 ? interleave::ScenarioCall{specs::enqueue, {v}}
                          : interleave::ScenarioCall{specs::dequeue, {}};
      },
      quiet_every, 7);
}

/// Random puts (values 1..3) and gets over 8 keys.
LinHistory overlapping_key_value(int calls) {
  return overlapping_history<specs::KeyValue>(
      specs::key_value(), 8, calls,
      [](int, int, std::mt19937_64& rng) {
        const LinValue key = static_cast<LinValue>(rng() % 8);
        return rng() % 2 ? interleave::ScenarioCall{specs::put, {key, static_cast<LinValue>(1 + rng() % 3)}}
                         : interleave::ScenarioCall{specs::get_key, {key}};
      },
      0, 11);
}

/// The search alone (no minimizing), stopped after `budget` states.
template <class S>
void check_with_budget(benchmark::State& state, const interleave::LinSpecification<S>& spec, const LinHistory& history,
                       std::uint64_t budget) {
  bool finished = false;
  std::uint64_t states = 0;
  for (auto _ : state) {
    interleave::LinVerdict verdict;
    const auto outcome = interleave::lin_detail::search_decomposed(spec, history, budget, verdict);
    if (outcome == interleave::lin_detail::Outcome::not_linearizable)
      state.SkipWithError("a generated history must be linearizable");
    finished = outcome == interleave::lin_detail::Outcome::linearizable;
    states = verdict.states;
  }
  state.counters["calls"] = static_cast<double>(history.size());
  state.counters["finished"] = finished;
  state.counters["states"] = static_cast<double>(states);
  state.counters["segments"] = static_cast<double>(interleave::lin_detail::quiescent_segments(history).size());
}

constexpr std::uint64_t kStateBudget = 20'000'000;

void BM_CheckOverlappingQueue(benchmark::State& state) {
  check_with_budget(state, specs::queue(), overlapping_queue(static_cast<int>(state.range(0)), 0), kStateBudget);
}
BENCHMARK(BM_CheckOverlappingQueue)->Arg(100)->Arg(200)->Arg(400)->Iterations(1)->Unit(benchmark::kMillisecond);

void BM_CheckOverlappingQueueValues1To3(benchmark::State& state) {
  check_with_budget(state, specs::queue(), overlapping_queue(static_cast<int>(state.range(0)), 0, 3), kStateBudget);
}
BENCHMARK(BM_CheckOverlappingQueueValues1To3)
    ->Arg(100)
    ->Arg(200)
    ->Arg(400)
    ->Iterations(1)
    ->Unit(benchmark::kMillisecond);

void BM_CheckOverlappingQueueQuiescentEvery64(benchmark::State& state) {
  check_with_budget(state, specs::queue(), overlapping_queue(static_cast<int>(state.range(0)), 64), kStateBudget);
}
BENCHMARK(BM_CheckOverlappingQueueQuiescentEvery64)->Arg(400)->Arg(10'000)->Unit(benchmark::kMillisecond);

// The same histories searched whole, without splitting.
void BM_CheckOverlappingQueueQuiescentEvery64Whole(benchmark::State& state) {
  const LinHistory history = overlapping_queue(static_cast<int>(state.range(0)), 64);
  const auto spec = specs::queue();
  bool finished = false;
  std::uint64_t states = 0;
  for (auto _ : state) {
    interleave::LinVerdict verdict;
    finished = interleave::lin_detail::search(spec, history, kStateBudget, verdict, spec.initial) ==
               interleave::lin_detail::Outcome::linearizable;
    states = verdict.states;
  }
  state.counters["calls"] = static_cast<double>(history.size());
  state.counters["finished"] = finished;
  state.counters["states"] = static_cast<double>(states);
}
BENCHMARK(BM_CheckOverlappingQueueQuiescentEvery64Whole)->Arg(400)->Arg(10'000)->Unit(benchmark::kMillisecond);

void BM_CheckOverlappingKeyValue(benchmark::State& state) {
  check_with_budget(state, specs::key_value(), overlapping_key_value(static_cast<int>(state.range(0))), kStateBudget);
}
BENCHMARK(BM_CheckOverlappingKeyValue)->Arg(400)->Arg(10'000)->Unit(benchmark::kMillisecond);

void BM_CheckOverlappingKeyValueUnpartitioned(benchmark::State& state) {
  auto spec = specs::key_value();
  spec.partition = nullptr;
  check_with_budget(state, spec, overlapping_key_value(static_cast<int>(state.range(0))), kStateBudget);
}
BENCHMARK(BM_CheckOverlappingKeyValueUnpartitioned)->Arg(400)->Iterations(1)->Unit(benchmark::kMillisecond);

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
