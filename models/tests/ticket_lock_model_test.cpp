// The ticket lock models come out as registered.
#include "expect_model.hpp"

namespace {
using interleave::testing::comes_out_as_expected;

TEST(TicketLock, LetsOneThreadInAtATime) { EXPECT_TRUE(comes_out_as_expected("ticket-lock")); }
TEST(TicketLockPlainNext, IsCaughtAsADataRace) { EXPECT_TRUE(comes_out_as_expected("ticket-lock/plain-next")); }

// Past the race, two threads holding the same ticket enter together.
TEST(TicketLockPlainNext, AlsoLetsTwoThreadsIn) {
  const interleave::Model* model = interleave::find_model("ticket-lock/plain-next");
  ASSERT_NE(model, nullptr);
  interleave::Options options = model->options;
  options.keep_going = true;
  const interleave::Result result = interleave::check(model->scenario, options);
  EXPECT_TRUE(result.has(interleave::ViolationKind::data_race));
  EXPECT_TRUE(result.has(interleave::ViolationKind::invariant));
}
}  // namespace
