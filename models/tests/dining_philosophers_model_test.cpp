// The registered dining-philosophers models come out as they expect.
#include "expect_model.hpp"

namespace {
using interleave::testing::comes_out_as_expected;

TEST(Philosophers, NeighboursNeverEatTogetherAndNoneDeadlock) { EXPECT_TRUE(comes_out_as_expected("philosophers")); }
TEST(PhilosophersNaive, IsCaughtDeadlocking) { EXPECT_TRUE(comes_out_as_expected("philosophers/naive")); }

}  // namespace
