// The registered Uber seating models come out as they expect.
#include "expect_model.hpp"

namespace {
using interleave::testing::comes_out_as_expected;

TEST(Uber, SeatsATwoAndTwoRideAndDrivesItOnce) { EXPECT_TRUE(comes_out_as_expected("uber")); }
TEST(UberThreeOne, IsCaughtFormingAThreeAndOneRide) { EXPECT_TRUE(comes_out_as_expected("uber/three-one")); }
TEST(UberNoBarrier, IsCaughtDrivingBeforeAllAreSeated) { EXPECT_TRUE(comes_out_as_expected("uber/no-barrier")); }

}  // namespace
