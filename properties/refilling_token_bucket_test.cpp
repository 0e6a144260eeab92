// Properties of RefillingTokenBucket (refill thread) on real threads: random
// capacities, periods of 1-3 ms and a few requesters. Reported grant times
// never exceed the burst bound (exact: they are the bucket's own clock reads)
// and all grants arrive in time: the first token is there at once, then one
// per period; tolerance 500 ms, for a loaded 2-core CI machine or TSan.
// More cases: RC_PARAMS="max_success=500" ./property_refilling_token_bucket_test
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <chrono>
#include <mutex>
#include <thread>
#include <vector>

#include "primitives/rate_limit_spec.hpp"
#include "primitives/refilling_token_bucket.hpp"

RC_GTEST_PROP(RefillingTokenBucket, GrantsStayWithinTheBurstBoundAndArriveInTime, ()) {
  using clock = std::chrono::steady_clock;
  const int max_tokens = *rc::gen::inRange(1, 4);
  const auto period = std::chrono::milliseconds(*rc::gen::inRange(1, 4));
  const int requesters = *rc::gen::inRange(1, 5);
  const int each = *rc::gen::inRange(1, 3);
  const auto start = clock::now();
  std::mutex m;
  std::vector<clock::time_point> grants;
  {
    interleave::RefillingTokenBucket<> bucket(max_tokens, period);
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
  }  // stops and joins the refill thread
  const int n = requesters * each;
  RC_ASSERT(int(grants.size()) == n);
  RC_ASSERT(interleave::rate_limit::within_burst_bound(grants, max_tokens, period));
  RC_ASSERT(clock::now() - start <= (n - 1) * period + std::chrono::milliseconds(500));
}
