// The prime finder/printer models come out as registered.
#include "expect_model.hpp"

namespace {
using interleave::testing::comes_out_as_expected;

TEST(PrimePrinter, PrintsThePrimeOnceAndBothPrintersExit) { EXPECT_TRUE(comes_out_as_expected("prime-printer")); }
TEST(PrimePrinter, PrintsInOrderThroughSpuriousWakeUps) {
  EXPECT_TRUE(comes_out_as_expected("prime-printer/spurious"));
}
TEST(PrimePrinterNoLoop, IsCaughtPrintingAPrimeTwice) { EXPECT_TRUE(comes_out_as_expected("prime-printer/no-loop")); }
}  // namespace
