// The blocking queue models come out as registered.
#include "expect_model.hpp"

namespace {
using interleave::testing::comes_out_as_expected;

TEST(BlockingQueue, IsFifoBoundedAndLosesNothing) { EXPECT_TRUE(comes_out_as_expected("blocking-queue")); }
TEST(BlockingQueue, ServesTwoConsumersWithoutLossOrDeadlock) {
  EXPECT_TRUE(comes_out_as_expected("blocking-queue/two-consumers"));
}
TEST(BlockingQueueNotifyOneOneCondition, IsCaughtAsADeadlock) {
  EXPECT_TRUE(comes_out_as_expected("blocking-queue/notify-one-one-condition"));
}
TEST(BlockingQueueIfNotWhile, IsCaughtUnderflowing) { EXPECT_TRUE(comes_out_as_expected("blocking-queue/if-not-while")); }
}  // namespace
