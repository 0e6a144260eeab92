// Executions per second of the model checker on the models Relacy's figures
// are published for: N threads each doing K mutex-protected increments of a
// shared<int>, started together. Counters: executions explored, executions
// per second, and scheduling points per execution. Then DPOR on the
// registered benchmark models, with the reduction factor against plain DFS,
// lastzero-15 and the blocking queue on 1, 2 and 4 jobs (work stealing; 4
// oversubscribes a 2-core machine), and the spin-lock models under their
// registered options. Then the litmus catalogue under the weak-memory search:
// every case, and the cases with a seq_cst access or fence (where RC11's psc
// is checked).
#include <benchmark/benchmark.h>

#include <algorithm>

#include "interleave/interleave.hpp"
#include "models/litmus_catalogue.hpp"
#include "models/registry.hpp"

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
    state.counters["steps/execution"] =
        static_cast<double>(r.stats.steps) /
        static_cast<double>(std::max<std::uint64_t>(r.stats.executions + r.stats.executions_blocked, 1));
  }
  state.counters["executions/s"] = benchmark::Counter(static_cast<double>(executions), benchmark::Counter::kIsRate);
}

void BM_Dfs(benchmark::State& state) { run(state, interleave::Strategy::dfs); }
void BM_Dpor(benchmark::State& state) { run(state, interleave::Strategy::dpor); }
/// One million random executions per check, as Relacy's figures are measured.
void BM_Random(benchmark::State& state) { run(state, interleave::Strategy::random, 1'000'000); }

/// A registered model under DPOR; `reduction` is plain DFS's executions
/// over DPOR's (DFS stops at 2M executions: `dfs_complete` says if it did not).
void BM_Model(benchmark::State& state, const char* name) {
  const interleave::Model* model = interleave::find_model(name);
  if (!model) {
    state.SkipWithError("no such model");
    return;
  }
  interleave::Options options = model->options;
  options.strategy = interleave::Strategy::dpor;
  std::uint64_t runs = 0;
  interleave::Result r;
  for (auto _ : state) {
    r = interleave::check(model->scenario, options);
    runs += r.stats.executions + r.stats.executions_blocked;
  }
  options.strategy = interleave::Strategy::dfs;
  options.budget_executions = 2'000'000;
  const interleave::Result dfs = interleave::check(model->scenario, options);
  state.counters["executions"] = static_cast<double>(r.stats.executions);
  state.counters["blocked"] = static_cast<double>(r.stats.executions_blocked);
  state.counters["executions/s"] = benchmark::Counter(static_cast<double>(runs), benchmark::Counter::kIsRate);
  state.counters["dfs_executions"] = static_cast<double>(dfs.stats.executions);
  state.counters["dfs_complete"] = dfs.verdict == interleave::Verdict::bound_reached ? 0 : 1;
  state.counters["reduction"] =
      static_cast<double>(dfs.stats.executions) / static_cast<double>(std::max<std::uint64_t>(r.stats.executions, 1));
}
BENCHMARK_CAPTURE(BM_Model, readers_8, "readers-8")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Model, readers_13, "readers-13")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Model, lastzero_10, "lastzero-10")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Model, lastzero_15, "lastzero-15")->Iterations(1)->Unit(benchmark::kSecond);
BENCHMARK_CAPTURE(BM_Model, indexer_15, "indexer-15")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Model, casrot_8, "casrot-8")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Model, writers_4, "writers-4")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Model, blocking_queue, "blocking-queue")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Model, blocking_queue_one_producer, "blocking-queue/one-producer")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Model, blocking_queue_if, "blocking-queue/if-not-while")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Model, blocking_queue_lost_wakeup, "blocking-queue/notify-one-one-condition")
    ->Unit(benchmark::kMillisecond);

/// A spin-lock model under its registered options (strategy included):
/// executions, time, executions/s. `complete` is 0 when a budget stopped it.
void BM_SpinModel(benchmark::State& state, const char* name) {
  const interleave::Model* model = interleave::find_model(name);
  if (!model) {
    state.SkipWithError("no such model");
    return;
  }
  std::uint64_t runs = 0;
  interleave::Result r;
  for (auto _ : state) {
    r = interleave::check(model->scenario, model->options);
    runs += r.stats.executions + r.stats.executions_blocked;
  }
  state.counters["executions"] = static_cast<double>(r.stats.executions);
  state.counters["blocked"] = static_cast<double>(r.stats.executions_blocked);
  state.counters["executions/s"] = benchmark::Counter(static_cast<double>(runs), benchmark::Counter::kIsRate);
  state.counters["complete"] = r.verdict == interleave::Verdict::bound_reached ? 0 : 1;
}
BENCHMARK_CAPTURE(BM_SpinModel, spin_lock, "spin-lock")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_SpinModel, ticket_lock, "ticket-lock")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_SpinModel, peterson_lock, "peterson-lock")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_SpinModel, mcs_lock, "mcs-lock")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_SpinModel, peterson_lock_stores_swapped, "peterson-lock/stores-swapped")
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_SpinModel, spin_lock_three_threads, "spin-lock/three-threads")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_SpinModel, ticket_lock_three_threads, "ticket-lock/three-threads")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_SpinModel, mcs_lock_three_threads, "mcs-lock/three-threads")->Unit(benchmark::kMillisecond);

/// Every litmus case of models/litmus_catalogue.hpp (or those with a seq_cst
/// access or fence) explored exhaustively, as the litmus tests run them:
/// complete executions, blocked ones (abandoned by the memory model: psc
/// cycles), and both per second over the suite.
void BM_Litmus(benchmark::State& state, bool seq_cst_only) {
  std::vector<interleave::litmus::Program> programs;
  for (const interleave::litmus::Case& c : interleave::litmus::litmus_cases()) {
    const bool has_seq_cst = std::any_of(c.program.threads.begin(), c.program.threads.end(), [](const auto& t) {
      return std::any_of(t.begin(), t.end(), [](const auto& i) { return i.order == std::memory_order_seq_cst; });
    });
    if (!seq_cst_only || has_seq_cst) programs.push_back(c.program);
  }
  interleave::Options options;
  options.strategy = interleave::Strategy::dfs;
  options.max_preemptions = -1;
  std::uint64_t runs = 0, executions = 0, blocked = 0;
  for (auto _ : state) {
    executions = blocked = 0;
    for (const auto& p : programs) {
      const interleave::Result r = interleave::check([&] { interleave::litmus::run_litmus(p); }, options);
      if (r.verdict == interleave::Verdict::error) state.SkipWithError("a litmus search failed");
      runs += r.stats.executions + r.stats.executions_blocked;
      executions += r.stats.executions;
      blocked += r.stats.executions_blocked;
    }
  }
  state.counters["programs"] = static_cast<double>(programs.size());
  state.counters["executions"] = static_cast<double>(executions);
  state.counters["blocked"] = static_cast<double>(blocked);
  state.counters["executions/s"] = benchmark::Counter(static_cast<double>(runs), benchmark::Counter::kIsRate);
}
BENCHMARK_CAPTURE(BM_Litmus, all, false)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Litmus, seq_cst, true)->Unit(benchmark::kMillisecond);

/// A registered model under DPOR with --jobs N (the argument): the workers
/// share the search by work stealing. Real time, and the CPU time of the
/// whole process: the workers run on threads of their own.
void BM_Jobs(benchmark::State& state, const char* name) {
  const interleave::Model* model = interleave::find_model(name);
  interleave::Options options = model->options;
  options.strategy = interleave::Strategy::dpor;
  options.jobs = static_cast<int>(state.range(0));
  for (auto _ : state) {
    const interleave::Result r = interleave::check(model->scenario, options);
    if (r.verdict != interleave::Verdict::holds) state.SkipWithError("the search did not hold");
    state.counters["executions"] = static_cast<double>(r.stats.executions);
    state.counters["blocked"] = static_cast<double>(r.stats.executions_blocked);
  }
}
BENCHMARK_CAPTURE(BM_Jobs, lastzero_15, "lastzero-15")
    ->Arg(1)
    ->Arg(2)
    ->Arg(4)
    ->Iterations(1)
    ->Unit(benchmark::kSecond)
    ->MeasureProcessCPUTime()
    ->UseRealTime();
BENCHMARK_CAPTURE(BM_Jobs, blocking_queue, "blocking-queue")
    ->Arg(1)
    ->Arg(2)
    ->Arg(4)
    ->Iterations(3)
    ->Unit(benchmark::kMillisecond)
    ->MeasureProcessCPUTime()
    ->UseRealTime();

BENCHMARK(BM_Dfs)->Args({2, 2})->Args({3, 2})->Args({4, 2})->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Dpor)->Args({2, 2})->Args({3, 2})->Args({4, 2})->Unit(benchmark::kMillisecond);
// 2 × 0 and 2 × 8: the fixed part of an execution and the cost of a further step.
BENCHMARK(BM_Random)->Args({2, 2})->Args({3, 2})->Args({2, 0})->Args({2, 8})->Unit(benchmark::kMillisecond);

}  // namespace
