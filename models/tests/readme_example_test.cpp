// README's "Writing a primitive" example, compiled and run as written there
// (keep the two the same): two people of different genders visit the
// bathroom, and an invariant watches that they are never inside together.
#include <gtest/gtest.h>

#include "interleave/interleave.hpp"
#include "primitives/bathroom.hpp"

namespace {

TEST(ReadmeExample, TheBathroomNeverMixesGenders) {
  // --- as in README.md (kept as written there) ---
  // clang-format off
  using interleave::Gender;
  interleave::Result r = interleave::check([] {
    interleave::UnisexBathroom<interleave::model_sync> room(3);
    int inside[2] = {0, 0};  // by gender, counted from outside the bathroom
    interleave::invariant("no mixed genders", [&] { return inside[0] == 0 || inside[1] == 0; });
    auto visit = [&](Gender g) {
      room.enter(g);
      ++inside[int(g)];
      --inside[int(g)];
      room.leave(g);
    };
    interleave::model_sync::thread a([&] { visit(Gender::female); });
    interleave::model_sync::thread b([&] { visit(Gender::male); });
    a.join(); b.join();
  }, {.strategy = interleave::Strategy::dpor});
  // clang-format on
  // --- end ---
  EXPECT_EQ(r.verdict, interleave::Verdict::holds) << r.note;
  EXPECT_GT(r.stats.executions, 1u);  // both orders of entry were explored
}

}  // namespace
