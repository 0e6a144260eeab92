// The registered cigarette-smokers models come out as they expect.
#include "expect_model.hpp"

namespace {
using interleave::testing::comes_out_as_expected;

TEST(Smokers, OnlyTheSmokerLackingThePairSmokes) { EXPECT_TRUE(comes_out_as_expected("smokers")); }
TEST(SmokersNaive, IsCaughtDeadlocking) { EXPECT_TRUE(comes_out_as_expected("smokers/naive")); }

}  // namespace
