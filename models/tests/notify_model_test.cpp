// The notify_all models come out as registered.
#include "expect_model.hpp"

namespace {
using interleave::testing::comes_out_as_expected;

TEST(NotifyAll, WakesEveryWaiterOneLockHolderAtATime) { EXPECT_TRUE(comes_out_as_expected("notify")); }
TEST(NotifyOneInsteadOfAll, IsCaughtAsADeadlock) { EXPECT_TRUE(comes_out_as_expected("notify/one-instead-of-all")); }
}  // namespace
