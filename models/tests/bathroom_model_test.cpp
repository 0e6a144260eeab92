// The registered bathroom models come out as they expect: the correct and fair
// bathrooms hold, each teaching variant gives its named violation.
#include "expect_model.hpp"

namespace {
using interleave::testing::comes_out_as_expected;

TEST(Bathroom, NeverMixesGendersNorLetsAFourthIn) { EXPECT_TRUE(comes_out_as_expected("bathroom")); }
TEST(BathroomNoCapacity, IsCaughtLettingAFourthIn) { EXPECT_TRUE(comes_out_as_expected("bathroom/no-capacity")); }
TEST(BathroomNotes, IsCaughtStarvingTheWaitingWoman) { EXPECT_TRUE(comes_out_as_expected("bathroom/notes")); }
TEST(FairBathroom, BoundsEveryWaitInTheStarvationScenario) { EXPECT_TRUE(comes_out_as_expected("bathroom-fair")); }
TEST(FairBathroom, NeverMixesGendersNorLetsAFourthIn) {
  EXPECT_TRUE(comes_out_as_expected("bathroom-fair/full-house"));
}

}  // namespace
