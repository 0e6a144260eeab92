// Properties of SyncExecutor on real threads: for random work times (0-2 ms)
// and numbers of calls, every execute() returns only after its callback ran,
// each callback runs exactly once, and no call returns before the work time.
// More cases: RC_PARAMS="max_success=500" ./property_async_to_sync_test
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <atomic>
#include <chrono>
#include <vector>

#include "primitives/async_to_sync.hpp"

RC_GTEST_PROP(AsyncToSync, ExecuteReturnsOnlyAfterTheCallbackRan, ()) {
  const auto work = std::chrono::microseconds(*rc::gen::inRange(0, 2000));
  const int calls = *rc::gen::inRange(1, 5);
  interleave::SyncExecutor<> executor(work);
  std::vector<std::atomic<int>> ran(calls);
  for (int i = 0; i < calls; ++i) {
    const auto start = std::chrono::steady_clock::now();
    executor.execute([&ran, i] { ran[i].fetch_add(1); });
    RC_ASSERT(ran[i].load() == 1);
    // Tolerance: none below; the steady clock never runs backwards.
    RC_ASSERT(std::chrono::steady_clock::now() - start >= work);
  }
  for (auto& r : ran) RC_ASSERT(r.load() == 1);
}
