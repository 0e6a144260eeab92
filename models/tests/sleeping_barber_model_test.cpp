// The registered sleeping-barber models come out as they expect.
#include "expect_model.hpp"

namespace {
using interleave::testing::comes_out_as_expected;

TEST(Barber, NeverOverfillsTheRoomAndCutsEverySeatedCustomer) { EXPECT_TRUE(comes_out_as_expected("barber")); }
TEST(BarberLostWakeup, IsCaughtDeadlocking) { EXPECT_TRUE(comes_out_as_expected("barber/lost-wakeup")); }

}  // namespace
