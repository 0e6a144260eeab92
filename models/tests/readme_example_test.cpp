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
    // Counted from outside the bathroom, each count a step the invariant sees.
    interleave::model_sync::atomic<int> women{0, "women inside"}, men{0, "men inside"};
    interleave::invariant("no mixed genders", [&] { return women.load() == 0 || men.load() == 0; });
    auto visit = [&](Gender g, interleave::model_sync::atomic<int>& inside) {
      room.enter(g);
      inside.fetch_add(1);
      inside.fetch_sub(1);
      room.leave(g);
    };
    interleave::model_sync::thread a([&] { visit(Gender::female, women); });
    interleave::model_sync::thread b([&] { visit(Gender::male, men); });
    a.join(); b.join();
  }, {.strategy = interleave::Strategy::dpor});
  // clang-format on
  // --- end ---
  EXPECT_EQ(r.verdict, interleave::Verdict::holds) << r.note;
  EXPECT_GT(r.stats.executions, 1u);  // both orders of entry were explored
}

// The example's invariant can fail: without the bathroom's entry protocol
// the two visits overlap, and DPOR finds the order where they do.
TEST(ReadmeExample, TheInvariantCatchesVisitsThatOverlap) {
  const interleave::Result r = interleave::check(
      [] {
        interleave::model_sync::atomic<int> women{0, "women inside"}, men{0, "men inside"};
        interleave::invariant("no mixed genders", [&] { return women.load() == 0 || men.load() == 0; });
        auto visit = [&](interleave::model_sync::atomic<int>& inside) {
          inside.fetch_add(1);
          inside.fetch_sub(1);
        };
        interleave::model_sync::thread a([&] { visit(women); });
        interleave::model_sync::thread b([&] { visit(men); });
        a.join();
        b.join();
      },
      {.strategy = interleave::Strategy::dpor});
  EXPECT_TRUE(r.has(interleave::ViolationKind::invariant)) << to_string(r.verdict);
}

}  // namespace
