// The registered H2O models come out as they expect.
#include "expect_model.hpp"

namespace {
using interleave::testing::comes_out_as_expected;

TEST(H2O, FormsExactlyTwoHydrogensAndOneOxygen) { EXPECT_TRUE(comes_out_as_expected("h2o")); }
TEST(H2OThreeH, IsCaughtFormingH3) { EXPECT_TRUE(comes_out_as_expected("h2o/three-h")); }

}  // namespace
