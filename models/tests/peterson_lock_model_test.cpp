// The Peterson's lock models come out as registered.
#include "expect_model.hpp"

namespace {
using interleave::testing::comes_out_as_expected;

TEST(PetersonLock, LetsOneOfItsTwoThreadsInAtATime) { EXPECT_TRUE(comes_out_as_expected("peterson-lock")); }
TEST(PetersonLockStoresSwapped, IsCaughtLettingTwoThreadsIn) {
  EXPECT_TRUE(comes_out_as_expected("peterson-lock/stores-swapped"));
}
}  // namespace
