// The registered ordering-puzzle models come out as they expect.
#include "expect_model.hpp"

namespace {
using interleave::testing::comes_out_as_expected;

TEST(PrintInOrder, PrintsFirstSecondThird) { EXPECT_TRUE(comes_out_as_expected("print-in-order")); }
TEST(PrintInOrderIfNotWhile, IsCaughtPrintingOutOfOrder) {
  EXPECT_TRUE(comes_out_as_expected("print-in-order/if-not-while"));
}
TEST(FooBar, Alternates) { EXPECT_TRUE(comes_out_as_expected("foo-bar")); }
TEST(FooBarIfNotWhile, IsCaughtPrintingBarFirst) { EXPECT_TRUE(comes_out_as_expected("foo-bar/if-not-while")); }
TEST(ZeroEvenOdd, PrintsZeroBetweenNumbers) { EXPECT_TRUE(comes_out_as_expected("zero-even-odd")); }
TEST(FizzBuzz, PrintsTheExactSequence) { EXPECT_TRUE(comes_out_as_expected("fizz-buzz")); }
TEST(FizzBuzzIfNotWhile, IsCaughtPrintingAWrongWord) {
  EXPECT_TRUE(comes_out_as_expected("fizz-buzz/if-not-while"));
}

}  // namespace
