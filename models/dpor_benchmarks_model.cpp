// The partial-order-reduction benchmarks of Nidhugg (benchmarks/) and GenMC
// (tests/correct/synthetic/), ported with their parameter in the name. Each
// has a published number of Mazurkiewicz traces; a correct DPOR explores
// exactly one complete execution per trace (checked in
// models/tests/dpor_counts_test.cpp). All threads start together.
#include <fmt/format.h>

#include <memory>

#include "interleave/interleave.hpp"
#include "models/registry.hpp"

namespace {

using interleave::model_sync;
using Atomic = model_sync::atomic<int>;

std::vector<std::unique_ptr<Atomic>> atomics(int n, const char* name) {
  std::vector<std::unique_ptr<Atomic>> out;
  for (int i = 0; i < n; ++i) out.push_back(std::make_unique<Atomic>(0, name));
  return out;
}

/// readers-N: one writer `x = 42`, N readers `load x`. 2^N traces.
void readers(int n) {
  Atomic x{0, "x"};
  std::vector<std::function<void()>> threads{[&] { x.store(42); }};
  for (int i = 0; i < n; ++i) threads.push_back([&] { (void)x.load(); });
  interleave::run_together(std::move(threads));
}

/// lastzero-N: array[0..N] = 0; a reader scans down from N for the last
/// zero; writer j sets array[j] = array[j-1] + 1.
void lastzero(int n) {
  auto array = atomics(n + 1, "array");
  std::vector<std::function<void()>> threads{[&] {
    for (int i = n; array[static_cast<std::size_t>(i)]->load() != 0; --i) {
    }
  }};
  for (int j = 1; j <= n; ++j)
    threads.push_back(
        [&, j] { array[static_cast<std::size_t>(j)]->store(array[static_cast<std::size_t>(j - 1)]->load() + 1); });
  interleave::run_together(std::move(threads));
}

/// indexer-N: N threads insert 4 values each into a 128-slot hash table by
/// linear probing with a lock-protected compare-and-set (SV-COMP indexer.c).
void indexer(int n) {
  constexpr int kSize = 128, kMax = 4;
  std::vector<std::unique_ptr<model_sync::shared<int>>> table;
  std::vector<std::unique_ptr<model_sync::mutex>> locks;
  for (int i = 0; i < kSize; ++i) {
    table.push_back(std::make_unique<model_sync::shared<int>>(0, "table"));
    locks.push_back(std::make_unique<model_sync::mutex>("cas_mutex"));
  }
  auto cas = [&](int h, int expected, int desired) {
    model_sync::unique_lock<model_sync::mutex> lock(*locks[static_cast<std::size_t>(h)]);
    auto& slot = *table[static_cast<std::size_t>(h)];
    if (slot.get() != expected) return false;
    slot.set(desired);
    return true;
  };
  std::vector<std::function<void()>> threads;
  for (int tid = 0; tid < n; ++tid)
    threads.push_back([&, tid] {
      for (int m = 1; m <= kMax; ++m) {
        const int w = m * 11 + tid;
        int h = (w * 7) % kSize;
        while (!cas(h, 0, w)) h = (h + 1) % kSize;
      }
    });
  interleave::run_together(std::move(threads));
}

/// casrot-N: thread i does CAS(x, i-1, i).
void casrot(int n) {
  Atomic x{0, "x"};
  std::vector<std::function<void()>> threads;
  for (int i = 1; i <= n; ++i)
    threads.push_back([&, i] {
      int expected = i - 1;
      (void)x.compare_exchange_strong(expected, i);
    });
  interleave::run_together(std::move(threads));
}

/// writers-W: W writers of x and one reader: (W+1)! traces.
void writers(int w) {
  Atomic x{0, "x"};
  std::vector<std::function<void()>> threads;
  for (int i = 1; i <= w; ++i) threads.push_back([&, i] { x.store(i); });
  threads.push_back([&] { (void)x.load(); });
  interleave::run_together(std::move(threads));
}

void add(const std::string& family, int n, void (*body)(int), const char* summary, const char* source) {
  interleave::Options options;
  options.strategy = interleave::Strategy::dpor;
  interleave::register_model({
      .name = fmt::format("{}-{}", family, n),
      .primitive = "dpor-benchmarks",
      .summary = summary,
      .passage = source,
      .expected = std::nullopt,
      .scenario = [body, n] { body(n); },
      .options = options,
      .model_only = "a benchmark of the search: its subject is the number of schedules",
  });
}

const bool registered = [] {
  const char* nidhugg = "Nidhugg benchmarks/ (a DPOR benchmark, not from the notes)";
  for (int n : {2, 8, 13}) add("readers", n, readers, "One writer and N readers of x.", nidhugg);
  for (int n : {5, 10, 15})
    add("lastzero", n, lastzero, "A reader scans for the last zero while writers fill.", nidhugg);
  for (int n : {12, 15}) add("indexer", n, indexer, "Hash-table inserts with lock-protected compare-and-set.", nidhugg);
  for (int n = 2; n <= 8; ++n) add("casrot", n, casrot, "Thread i compare-and-swaps x from i-1 to i.", nidhugg);
  for (int n : {2, 3, 4}) add("writers", n, writers, "W writers of x and one reader.", nidhugg);
  return true;
}();

}  // namespace
