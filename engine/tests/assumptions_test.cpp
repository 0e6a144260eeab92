// A verdict of holds names the assumptions its search made where they left
// executions out (check.cpp, note_assumptions): spurious wake-ups past
// Options::max_spurious_wakeups, and reads repeated unchanged at one place
// taken for spins (Options::implicit_spins). Each program here has a bug
// that only the assumption hides: the note must say so, and the search
// without it must find the bug.
#include <gtest/gtest.h>

#include "interleave/interleave.hpp"

namespace interleave {
namespace {

using S = model_sync;
using Lock = S::unique_lock<S::mutex>;

/// The assertion fails only when both waits return spuriously: the standard
/// allows any number of spurious wake-ups ([thread.condition.condvar]).
void two_spurious_wakeups() {
  S::mutex m{"m"};
  S::condition_variable cv{"cv"};
  S::shared<int> stage{0, "stage"};
  run_together({[&] {
                  Lock l(m);
                  if (stage.get() < 1) cv.wait(l);  // a spurious return here is harmless ...
                  if (stage.get() < 2) cv.wait(l);  // ... unless this one returns spuriously too
                  assert_that(stage.get() >= 1, "stage 1 reached");
                },
                [&] {
                  Lock l(m);
                  stage.set(2);
                  cv.notify_all();
                }});
}

TEST(Assumptions, ASpuriousWakeupBudgetThatHidesABugIsNamed) {
  for (Strategy s : {Strategy::dfs, Strategy::dpor}) {
    Options o;
    o.strategy = s;
    const Result within = check(two_spurious_wakeups, o);
    EXPECT_EQ(within.verdict, Verdict::holds) << to_string(s);
    EXPECT_NE(within.note.find("at most 1 spurious wake-up"), std::string::npos) << within.note;
    o.max_spurious_wakeups = 2;
    EXPECT_TRUE(check(two_spurious_wakeups, o).has(ViolationKind::assertion)) << to_string(s);
  }
}

/// Not a spin: four reads that wait for nothing; the writer may come after
/// all of them.
void four_reads() {
  S::atomic<int> x{0, "x"};
  int zeros = 0;
  run_together({[&] { x.store(1); },
                [&] {
                  for (int i = 0; i < 4; ++i) zeros += x.load() == 0 ? 1 : 0;
                }});
  assert_that(zeros < 4, "the writer ran before the fourth read");
}

TEST(Assumptions, ReadsTakenForASpinAreNamed) {
  for (Strategy s : {Strategy::dfs, Strategy::dpor}) {
    Options o;
    o.strategy = s;
    const Result assumed = check(four_reads, o);
    EXPECT_EQ(assumed.verdict, Verdict::holds) << to_string(s);
    EXPECT_NE(assumed.note.find("read repeated unchanged"), std::string::npos) << assumed.note;
    o.implicit_spins = false;
    EXPECT_TRUE(check(four_reads, o).has(ViolationKind::assertion)) << to_string(s);
  }
}

TEST(Assumptions, ASearchThatAssumedNothingSaysNothing) {
  const Result r = check([] {
    S::atomic<int> x{0, "x"};
    run_together({[&] { x.store(1); }, [&] { (void)x.load(); }});
  });
  EXPECT_EQ(r.verdict, Verdict::holds);
  EXPECT_EQ(r.note, "");
}

}  // namespace
}  // namespace interleave
