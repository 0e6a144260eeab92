// The schedule string round-trips and rejects malformed input.
#include <gtest/gtest.h>

#include "../src/schedule.hpp"

namespace interleave::engine {

TEST(Schedule, EncodesRunsAndSpuriousWakeupsAndDecodesBack) {
  std::vector<Choice> choices{{0}, {0}, {0}, {1}, {2, Alt::spurious}, {0}};
  const std::string text = encode_schedule(choices);
  EXPECT_EQ(text, "1:0*3,1,2s,0");
  EXPECT_EQ(decode_schedule(text), choices);
}

TEST(Schedule, EncodesChoiceValuesApartFromWeakMemoryBranches) {
  std::vector<Choice> choices{{0, Alt::choice, 2}, {1, Alt::normal, 1}, {0}};
  const std::string text = encode_schedule(choices);
  EXPECT_EQ(text, "1:0c2,1r1,0");
  EXPECT_EQ(decode_schedule(text), choices);
  EXPECT_THROW(decode_schedule("1:0c0"), std::invalid_argument);
  EXPECT_THROW(decode_schedule("1:0sc1"), std::invalid_argument);
}

TEST(Schedule, RejectsMalformedStrings) {
  EXPECT_THROW(decode_schedule("0,1"), std::invalid_argument);
  EXPECT_THROW(decode_schedule("1:0,x"), std::invalid_argument);
  EXPECT_THROW(decode_schedule("1:0*0"), std::invalid_argument);
  EXPECT_THROW(decode_schedule("1:-1"), std::invalid_argument);
}

TEST(Schedule, IsNoLongerThanTheStepBound) {
  EXPECT_EQ(decode_schedule("1:0*10", 10).size(), 10u);
  EXPECT_THROW(decode_schedule("1:0*11", 10), std::invalid_argument);
  EXPECT_THROW(decode_schedule("1:0*6,1*5", 10), std::invalid_argument);
  EXPECT_THROW(decode_schedule("1:0*18446744073709551615"), std::invalid_argument);
}

}  // namespace interleave::engine
