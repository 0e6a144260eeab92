// The TTAS spin lock models come out as registered.
#include "expect_model.hpp"

namespace {
using interleave::testing::comes_out_as_expected;

TEST(SpinLock, LetsOneThreadInAtATime) { EXPECT_TRUE(comes_out_as_expected("spin-lock")); }
TEST(SpinLockPlainFlag, IsCaughtAsADataRace) { EXPECT_TRUE(comes_out_as_expected("spin-lock/plain-flag")); }

// Past the race, the plain test-then-set lets both threads in.
TEST(SpinLockPlainFlag, AlsoLetsTwoThreadsIn) {
  const interleave::Model* model = interleave::find_model("spin-lock/plain-flag");
  ASSERT_NE(model, nullptr);
  interleave::Options options = model->options;
  options.keep_going = true;
  const interleave::Result result = interleave::check(model->scenario, options);
  EXPECT_TRUE(result.has(interleave::ViolationKind::data_race));
  EXPECT_TRUE(result.has(interleave::ViolationKind::invariant));
}
}  // namespace
