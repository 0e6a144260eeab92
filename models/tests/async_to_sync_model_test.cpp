// The registered async-to-sync models come out as they expect.
#include "expect_model.hpp"

namespace {
using interleave::testing::comes_out_as_expected;

TEST(AsyncToSync, ReturnsOnlyAfterTheCallbackRan) { EXPECT_TRUE(comes_out_as_expected("async-to-sync")); }
TEST(AsyncToSyncFlagAfterUnlock, IsCaughtLosingTheWakeUp) {
  EXPECT_TRUE(comes_out_as_expected("async-to-sync/flag-after-unlock"));
}

}  // namespace
