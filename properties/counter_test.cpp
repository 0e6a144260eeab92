// Properties of Counter on real threads: for random threads, increments and
// chaos, the final count equals the number of increments.
// More cases: RC_PARAMS="max_success=500" ./property_counter_test
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <thread>
#include <vector>

#include "primitives/counter.hpp"
#include "properties/chaos.hpp"

namespace {

using interleave::properties::Chaos;

RC_GTEST_PROP(Counter, CountsEveryIncrement, ()) {
  const int threads = *rc::gen::inRange(1, 8);
  const int increments = *rc::gen::inRange(0, 2000);
  const int chaos = *rc::gen::inRange(0, 2);  // yields only: thousands of sleeps are slow
  const auto seed = *rc::gen::arbitrary<std::uint32_t>();
  interleave::Counter<> counter;
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t)
    workers.emplace_back([&, t] {
      Chaos noise(chaos, seed + t);
      for (int i = 0; i < increments; ++i) {
        noise.point();
        counter.increment();
      }
    });
  for (auto& w : workers) w.join();
  RC_ASSERT(counter.value() == long(threads) * increments);
}

}  // namespace
