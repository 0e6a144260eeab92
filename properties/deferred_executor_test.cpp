// Properties of DeferredExecutor on real threads: random delays of 0-15 ms
// for a few actions. Each action runs exactly once, never before its due time
// (exact: same steady clock), at most 500 ms after it is due and the previous
// action has returned (tolerance for a loaded machine or TSan), and an action
// already added when an earlier-started one ran is not due before it.
// More cases: RC_PARAMS="max_success=500" ./property_deferred_executor_test
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <chrono>
#include <vector>

#include "primitives/deferred_executor.hpp"

namespace {
using clock = std::chrono::steady_clock;

struct Record {
  clock::time_point due;    // add time (read before add) + delay: the earliest allowed
  clock::time_point added;  // add() had returned by then
  clock::time_point start, end;
  int runs = 0;
};
}  // namespace

RC_GTEST_PROP(DeferredExecutor, RunsEachActionOnceOnTimeInDueOrder, ()) {
  const auto delays = *rc::gen::container<std::vector<int>>(rc::gen::inRange(0, 16));
  RC_PRE(!delays.empty() && delays.size() <= 8);
  std::vector<Record> records(delays.size());
  std::vector<int> order;  // written only by the executor thread
  {
    interleave::DeferredExecutor<> executor;
    for (std::size_t i = 0; i < delays.size(); ++i) {
      const auto delay = std::chrono::milliseconds(delays[i]);
      records[i].due = clock::now() + delay;
      executor.add(delay, [&records, &order, i] {
        records[i].start = clock::now();
        ++records[i].runs;
        order.push_back(int(i));
        records[i].end = clock::now();
      });
      records[i].added = clock::now();
    }
    executor.wait_idle();
  }
  RC_ASSERT(order.size() == delays.size());
  clock::time_point previous_end{};
  for (std::size_t k = 0; k < order.size(); ++k) {
    const Record& r = records[order[k]];
    RC_ASSERT(r.runs == 1);
    RC_ASSERT(r.start >= r.due);
    RC_ASSERT(r.start <= std::max(r.due, previous_end) + std::chrono::milliseconds(500));
    previous_end = r.end;
    if (k + 1 < order.size()) {
      const Record& next = records[order[k + 1]];
      // `next` was surely pending when `r` started: it must not be due sooner.
      if (next.added <= r.start) RC_ASSERT(next.due + std::chrono::milliseconds(1) >= r.due);
    }
  }
}
