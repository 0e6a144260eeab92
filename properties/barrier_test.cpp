// Properties of Barrier (the barrier on atomic wait/notify) on real threads:
// for random parties, generations and chaos, no thread leaves generation g
// before all arrived at it, the action runs exactly once per generation before
// anyone is released, and the arrival indices of a generation are 0 ..
// parties-1.
// More cases: RC_PARAMS="max_success=500" ./property_barrier_test
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <thread>
#include <vector>

#include "primitives/barrier.hpp"
#include "properties/chaos.hpp"

namespace {

using interleave::properties::Chaos;

template <class BarrierType>
void no_generation_leaves_early_and_the_action_runs_once() {
  const int parties = *rc::gen::inRange(1, 7);
  const int generations = *rc::gen::inRange(1, 15);
  const int chaos = *rc::gen::inRange(0, 3);
  const auto seed = *rc::gen::arbitrary<std::uint32_t>();

  std::vector<std::atomic<int>> reached(parties), passed(parties);
  std::atomic<int> actions{0};
  std::atomic<bool> early{false}, action_late{false};
  std::mutex history_m;
  std::vector<std::vector<int>> indices(generations);  // arrival indices per generation

  BarrierType barrier(parties, [&] {
    const int g = ++actions;
    for (int t = 0; t < parties; ++t)
      if (reached[t].load() != g || passed[t].load() != g - 1) action_late = true;
  });
  std::vector<std::thread> threads;
  for (int t = 0; t < parties; ++t)
    threads.emplace_back([&, t] {
      Chaos noise(chaos, seed + t);
      for (int g = 1; g <= generations; ++g) {
        noise.point();
        reached[t] = g;
        const int index = barrier.wait();
        for (int u = 0; u < parties; ++u)
          if (reached[u].load() < g) early = true;
        passed[t] = g;
        std::lock_guard lk(history_m);
        indices[g - 1].push_back(index);
      }
    });
  for (auto& t : threads) t.join();
  RC_ASSERT(!early.load());
  RC_ASSERT(!action_late.load());
  RC_ASSERT(actions.load() == generations);
  for (auto& gen : indices) {
    std::sort(gen.begin(), gen.end());
    for (int i = 0; i < parties; ++i) RC_ASSERT(gen[i] == i);
  }
  RC_ASSERT(barrier.n_waiting() == 0);
}

RC_GTEST_PROP(Barrier, NoGenerationLeavesEarlyAndTheActionRunsOnce, ()) {
  no_generation_leaves_early_and_the_action_runs_once<interleave::Barrier<>>();
}

}  // namespace
