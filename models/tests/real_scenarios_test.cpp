// Every registered model either has a real-thread scenario or says why not,
// and every correct model's real-thread scenario holds on std::threads: a
// few runs, none with a failed assertion or an exception. (A scenario that
// still used a model_sync object would throw here: they exist only inside
// interleave::check.)
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "interleave/real_sync.hpp"
#include "models/registry.hpp"

namespace interleave {
namespace {

TEST(RealScenarios, EveryModelHasOneOrSaysWhyNot) {
  for (const Model& m : models())
    EXPECT_TRUE(static_cast<bool>(m.real_scenario) != !m.model_only.empty())
        << m.name << ": needs a real_scenario or a model_only reason, not both";
}

TEST(RealScenarios, CorrectModelsHoldOnRealThreads) {
  auto& failures = real::scenario_failures::instance();
  int checked = 0;
  for (const Model& m : models()) {
    if (m.expected || !m.real_scenario) continue;
    ++checked;
    for (int run = 0; run < 5; ++run) {
      failures.reset();
      m.real_scenario();
      ASSERT_EQ(failures.count(), 0) << m.name << ", run " << run + 1 << ": " << failures.first();
    }
  }
  EXPECT_GT(checked, 20) << "most correct models have a real-thread scenario";
}

}  // namespace
}  // namespace interleave
