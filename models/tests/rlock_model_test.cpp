// The re-entrant lock models come out as registered.
#include "expect_model.hpp"

namespace {
using interleave::testing::comes_out_as_expected;

TEST(RLock, ReentersForItsOwnerAndRefusesAStrayRelease) { EXPECT_TRUE(comes_out_as_expected("rlock")); }
TEST(RLockNoOwnerCheck, IsCaughtLettingTwoThreadsIn) { EXPECT_TRUE(comes_out_as_expected("rlock/no-owner-check")); }
// The stray release also leaves the owner's last release with nothing to
// release: an exception, found in the same search.
TEST(RLockNoOwnerCheck, AlsoMakesTheOwnersLastReleaseThrow) {
  const interleave::Model* model = interleave::find_model("rlock/no-owner-check");
  ASSERT_NE(model, nullptr);
  const interleave::Result result = interleave::check(model->scenario, model->options);
  EXPECT_TRUE(result.has(interleave::ViolationKind::exception));
  EXPECT_TRUE(result.has(interleave::ViolationKind::invariant));
}
TEST(RLockPlainMutex, IsCaughtDeadlockingOnItself) { EXPECT_TRUE(comes_out_as_expected("rlock/plain-mutex")); }
}  // namespace
