// The registered token-bucket models come out as they expect.
#include "expect_model.hpp"

namespace {
using interleave::testing::comes_out_as_expected;

TEST(TokenBucket, KeepsTheBurstBoundAndLosesNoGrant) { EXPECT_TRUE(comes_out_as_expected("token-bucket")); }
TEST(TokenBucketSleepUnderLock, IsCaughtLosingAGrant) {
  EXPECT_TRUE(comes_out_as_expected("token-bucket/sleep-under-lock"));
}
TEST(RefillingTokenBucket, KeepsTheBurstBoundAndLosesNoGrant) {
  EXPECT_TRUE(comes_out_as_expected("token-bucket-refill"));
}
TEST(RefillingTokenBucketNotifyBeforeIncrement, IsCaughtLeavingATokenUnclaimed) {
  EXPECT_TRUE(comes_out_as_expected("token-bucket-refill/notify-before-increment"));
}
TEST(RefillingTokenBucketFixedPhase, IsCaughtBreakingTheBurstBound) {
  EXPECT_TRUE(comes_out_as_expected("token-bucket-refill/fixed-phase"));
}

}  // namespace
