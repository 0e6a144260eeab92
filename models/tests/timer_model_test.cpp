// The timer models come out as registered.
#include "expect_model.hpp"

namespace {
using interleave::testing::comes_out_as_expected;

TEST(Timer, FiresOnceOnTimeAndNeverAfterCancelReturns) { EXPECT_TRUE(comes_out_as_expected("timer")); }
TEST(TimerCancelRace, IsCaughtRunningAfterCancel) { EXPECT_TRUE(comes_out_as_expected("timer/cancel-race")); }
}  // namespace
