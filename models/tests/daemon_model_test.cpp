// The daemon-thread models come out as registered.
#include "expect_model.hpp"

namespace {
using interleave::testing::comes_out_as_expected;

TEST(Daemon, MayOutliveTheMainThread) { EXPECT_TRUE(comes_out_as_expected("daemon")); }
TEST(DaemonNotDetached, IsCaughtAsAThreadLeftRunning) { EXPECT_TRUE(comes_out_as_expected("daemon/not-detached")); }
}  // namespace
