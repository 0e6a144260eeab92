// The counter models come out as registered.
#include "expect_model.hpp"

namespace {
using interleave::testing::comes_out_as_expected;

TEST(Counter, CountsEveryIncrementUnderTheLock) { EXPECT_TRUE(comes_out_as_expected("counter")); }
TEST(CounterUnlocked, IsCaughtAsADataRace) { EXPECT_TRUE(comes_out_as_expected("counter/unlocked")); }

// Past the race, the unlocked counter also loses an update: the final count
// assertion fails in some interleaving.
TEST(CounterUnlocked, AlsoLosesAnUpdate) {
  const interleave::Model* model = interleave::find_model("counter/unlocked");
  ASSERT_NE(model, nullptr);
  interleave::Options options = model->options;
  options.keep_going = true;
  const interleave::Result result = interleave::check(model->scenario, options);
  EXPECT_TRUE(result.has(interleave::ViolationKind::data_race));
  EXPECT_TRUE(result.has(interleave::ViolationKind::assertion));
}
}  // namespace
