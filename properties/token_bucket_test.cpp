// Properties of TokenBucket (lazy refill) on real threads: random capacities,
// periods of 1-3 ms and a few requesters. The grant times the bucket reports
// never exceed the burst bound (checked exactly: they come from the bucket's
// own clock reads), and all grants arrive in time: from an empty bucket, n
// tokens take about n periods; tolerance 500 ms, for a loaded 2-core CI machine or TSan.
// More cases: RC_PARAMS="max_success=500" ./property_token_bucket_test
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <chrono>
#include <mutex>
#include <thread>
#include <vector>

#include "primitives/rate_limit_spec.hpp"
#include "primitives/token_bucket.hpp"

RC_GTEST_PROP(TokenBucket, GrantsStayWithinTheBurstBoundAndArriveInTime, ()) {
  using clock = std::chrono::steady_clock;
  const int max_tokens = *rc::gen::inRange(1, 4);
  const auto period = std::chrono::milliseconds(*rc::gen::inRange(1, 4));
  const int requesters = *rc::gen::inRange(1, 5);
  const int each = *rc::gen::inRange(1, 3);
  const auto start = clock::now();
  interleave::TokenBucket<> bucket(max_tokens, period);
  std::mutex m;
  std::vector<clock::time_point> grants;
  std::vector<std::thread> threads;
  for (int r = 0; r < requesters; ++r)
    threads.emplace_back([&] {
      for (int i = 0; i < each; ++i) {
        const auto granted = bucket.get_token();
        std::lock_guard lk(m);
        grants.push_back(granted);
      }
    });
  for (auto& t : threads) t.join();
  const int n = requesters * each;
  RC_ASSERT(int(grants.size()) == n);
  RC_ASSERT(interleave::rate_limit::within_burst_bound(grants, max_tokens, period));
  RC_ASSERT(clock::now() - start <= n * period + std::chrono::milliseconds(500));
  RC_ASSERT(clock::now() - start >= n * period - period);  // the bucket starts empty
}
