// Properties of DiningTable on real threads: for random table sizes and
// numbers of meals, neighbours never eat at once and every meal is eaten (the
// test would hang on a deadlock; ctest's timeout turns that into a failure).
// More cases: RC_PARAMS="max_success=500" ./property_dining_philosophers_test
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "primitives/dining_philosophers.hpp"

RC_GTEST_PROP(Philosophers, NeighboursNeverEatTogetherAndAllMealsAreEaten, ()) {
  const int n = *rc::gen::inRange(2, 7);
  const int meals = *rc::gen::inRange(1, 30);
  interleave::DiningTable<> table(n);
  std::vector<std::atomic<bool>> eating(n);
  std::atomic<bool> neighbours_ate_together{false};
  std::atomic<int> eaten{0};
  std::vector<std::thread> philosophers;
  for (int i = 0; i < n; ++i)
    philosophers.emplace_back([&, i] {
      for (int m = 0; m < meals; ++m)
        table.dine(i, [&] {
          eating[i].store(true);
          if (eating[(i + 1) % n].load() || eating[(i + n - 1) % n].load()) neighbours_ate_together.store(true);
          std::this_thread::yield();
          eating[i].store(false);
          eaten.fetch_add(1);
        });
    });
  for (auto& t : philosophers) t.join();
  RC_ASSERT(!neighbours_ate_together.load());
  RC_ASSERT(eaten.load() == n * meals);
}
