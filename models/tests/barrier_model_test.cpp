// The barrier models come out as registered.
#include "expect_model.hpp"

namespace {
using interleave::testing::comes_out_as_expected;

TEST(Barrier, ReleasesNoGenerationEarlyAndRunsItsActionOnce) { EXPECT_TRUE(comes_out_as_expected("barrier")); }
TEST(BarrierSingleUse, IsCaughtLettingAFastThreadLap) { EXPECT_TRUE(comes_out_as_expected("barrier/single-use")); }
}  // namespace
