// The registered deferred-executor models come out as they expect.
#include "expect_model.hpp"

namespace {
using interleave::testing::comes_out_as_expected;

TEST(DeferredExecutor, RunsEachActionOnceOnTimeInDueOrder) { EXPECT_TRUE(comes_out_as_expected("deferred-executor")); }
TEST(DeferredExecutorFlooredTime, IsCaughtRunningLate) {
  EXPECT_TRUE(comes_out_as_expected("deferred-executor/floored-time"));
}
TEST(DeferredExecutorActionUnderLock, IsCaughtBlockingAdd) {
  EXPECT_TRUE(comes_out_as_expected("deferred-executor/action-under-lock"));
}
TEST(DeferredExecutorNotes, IsCaught) { EXPECT_TRUE(comes_out_as_expected("deferred-executor/notes")); }

}  // namespace
