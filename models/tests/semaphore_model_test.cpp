// The semaphore models come out as registered.
#include "expect_model.hpp"

namespace {
using interleave::testing::comes_out_as_expected;

TEST(Semaphore, NeverAdmitsMoreThanPermitsAndLosesNone) { EXPECT_TRUE(comes_out_as_expected("semaphore")); }
TEST(SemaphoreIfNotWhile, IsCaughtAdmittingTooManyHolders) {
  EXPECT_TRUE(comes_out_as_expected("semaphore/if-not-while"));
}
}  // namespace
