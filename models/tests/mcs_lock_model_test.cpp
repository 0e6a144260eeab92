// The MCS queue lock model comes out as registered.
#include "expect_model.hpp"

namespace {
using interleave::testing::comes_out_as_expected;

TEST(McsLock, LetsOneThreadInAtATime) { EXPECT_TRUE(comes_out_as_expected("mcs-lock")); }
}  // namespace
