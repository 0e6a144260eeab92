// The readers-writer lock models come out as registered.
#include "expect_model.hpp"

namespace {
using interleave::testing::comes_out_as_expected;

TEST(RWLock, NeverLetsAWriterInWithReadersOrAnotherWriter) { EXPECT_TRUE(comes_out_as_expected("rwlock")); }
TEST(RWLockWriterStarves, IsCaughtAsStarvation) { EXPECT_TRUE(comes_out_as_expected("rwlock/writer-starves")); }
TEST(FairRWLock, KeepsExclusionAndBoundsEveryWait) { EXPECT_TRUE(comes_out_as_expected("fair-rwlock")); }
TEST(FairRWLock, DoesNotStarveTheWriterInTheReaderStream) {
  EXPECT_TRUE(comes_out_as_expected("fair-rwlock/reader-stream"));
}
}  // namespace
