// Executions per second of the model checker on the models Relacy's figures
// are published for: N threads each doing K mutex-protected increments of a
// shared<int>, started together. Counters: executions explored, and
// executions per second.
#include <benchmark/benchmark.h>

#include "interleave/interleave.hpp"

namespace {

using S = interleave::model_sync;

void increments(int threads, int per_thread) {
  S::mutex m{"m"};
  S::shared<int> count{0, "count"};
  std::vector<std::function<void()>> bodies(static_cast<std::size_t>(threads), [&] {
    for (int i = 0; i < per_thread; ++i) {
      S::unique_lock<S::mutex> lock(m);
      count.update([](int v) { return v + 1; });
    }
  });
  interleave::run_together(std::move(bodies));
  interleave::assert_that(count.get() == threads * per_thread, "no lost update");
}

void run(benchmark::State& state, interleave::Strategy strategy, std::uint64_t budget = 0) {
  const int threads = static_cast<int>(state.range(0));
  const int per_thread = static_cast<int>(state.range(1));
  interleave::Options options;
  options.strategy = strategy;
  options.budget_executions = budget;
  std::uint64_t executions = 0;
  for (auto _ : state) {
    const interleave::Result r = interleave::check([&] { increments(threads, per_thread); }, options);
    if (r.verdict == interleave::Verdict::violated || r.verdict == interleave::Verdict::error)
      state.SkipWithError("the model must hold");
    executions += r.stats.executions + r.stats.executions_blocked;
    state.counters["executions"] = static_cast<double>(r.stats.executions);
  }
  state.counters["executions/s"] = benchmark::Counter(static_cast<double>(executions), benchmark::Counter::kIsRate);
}

void BM_Dfs(benchmark::State& state) { run(state, interleave::Strategy::dfs); }
void BM_Dpor(benchmark::State& state) { run(state, interleave::Strategy::dpor); }
void BM_Random(benchmark::State& state) { run(state, interleave::Strategy::random, 100'000); }

/// lastzero-15 under DPOR with --jobs 1 and --jobs 2 (minutes each: run with
/// --benchmark_filter=Lastzero).
void BM_Lastzero15Jobs(benchmark::State& state) {
  const interleave::Model* model = interleave::find_model("lastzero-15");
  interleave::Options options = model->options;
  options.jobs = static_cast<int>(state.range(0));
  for (auto _ : state) {
    const interleave::Result r = interleave::check(model->scenario, options);
    state.counters["executions"] = static_cast<double>(r.stats.executions);
    state.counters["blocked"] = static_cast<double>(r.stats.executions_blocked);
  }
}
BENCHMARK(BM_Lastzero15Jobs)->Arg(1)->Arg(2)->Iterations(1)->Unit(benchmark::kSecond)->UseRealTime();

BENCHMARK(BM_Dfs)->Args({2, 2})->Args({3, 2})->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Dpor)->Args({2, 2})->Args({3, 2})->Args({4, 2})->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Random)->Args({2, 2})->Unit(benchmark::kMillisecond);

}  // namespace
