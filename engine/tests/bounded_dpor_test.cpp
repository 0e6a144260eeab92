// DPOR under a preemption bound (bounded partial-order reduction): a bug that
// needs one preemption is found in few executions however many threads
// there are, and a search the bound cut short never says "holds".
#include <gtest/gtest.h>

#include <memory>
#include <vector>

#include "interleave/interleave.hpp"

namespace interleave {
namespace {

using S = model_sync;

constexpr int kNoisePairs = 5;  // ten noise threads, twelve in all with the setter and the checker
constexpr int kNoiseWrites = 3;

/// SCTBench's reorder, with atomics only, among many threads: a setter
/// writes a, then b; a checker reads them in `checker_order` and asserts it
/// saw neither write or both. Spawned after them, pairs of noise threads
/// write a variable of their pair's own. Reading a then b, one preemption
/// (the setter between its writes) breaks the check; reading b then a, it
/// always holds. Unbounded DPOR explores the noise pairs' every order (deep
/// in the execution, so first) before it reverses the checker's race; the
/// orders with one preemption are few.
enum class CheckerOrder { a_then_b, b_then_a };
template <CheckerOrder checker_order>
void reorder_among_noise() {
  S::atomic<int> a{0, "a"}, b{0, "b"};
  std::vector<std::unique_ptr<S::atomic<int>>> noise;
  for (int j = 0; j < kNoisePairs; ++j) noise.push_back(std::make_unique<S::atomic<int>>(0, "noise"));
  std::vector<S::thread> threads;
  threads.emplace_back([&] {
    a.store(1);
    b.store(-1);
  });
  threads.emplace_back([&] {
    int seen_a = 0, seen_b = 0;
    if (checker_order == CheckerOrder::a_then_b) {
      seen_a = a.load();
      seen_b = b.load();
      assert_that((seen_a == 0 && seen_b == 0) || (seen_a == 1 && seen_b == -1), "saw the setter half done");
    } else {
      seen_b = b.load();
      seen_a = a.load();
      assert_that(seen_b == 0 || seen_a == 1, "saw b written before a");
    }
  });
  for (int j = 0; j < kNoisePairs; ++j)
    for (int twice = 0; twice < 2; ++twice)
      threads.emplace_back([&, j] {
        for (int w = 1; w <= kNoiseWrites; ++w) noise[static_cast<std::size_t>(j)]->store(w);
      });
  for (S::thread& t : threads) t.join();
}

constexpr std::uint64_t kFewExecutions = 500;

Options dpor(int max_preemptions, std::uint64_t budget) {
  Options o;
  o.strategy = Strategy::dpor;
  o.max_preemptions = max_preemptions;
  o.budget_executions = budget;
  return o;
}

TEST(BoundedDpor, FindsABugNeedingOnePreemptionAmongManyThreadsInFewExecutions) {
  const auto buggy = reorder_among_noise<CheckerOrder::a_then_b>;
  const Result r = check(buggy, dpor(1, kFewExecutions));
  ASSERT_TRUE(r.has(ViolationKind::assertion)) << r.note;
  EXPECT_EQ(r.violations.front().preemptions, 1);
  EXPECT_NE(r.note.find("preemption bound 1"), std::string::npos) << r.note;
  const Result again = replay(buggy, r.violations.front().schedule);
  EXPECT_TRUE(again.has(ViolationKind::assertion)) << again.note;
  // The same budget without the bound is spent on the noise.
  const Result unbounded = check(buggy, dpor(-1, kFewExecutions));
  EXPECT_FALSE(unbounded.has(ViolationKind::assertion));
  EXPECT_EQ(unbounded.verdict, Verdict::bound_reached);
}

TEST(BoundedDpor, ACorrectProgramCutByTheBoundIsNotAPass) {
  const Result r = check(reorder_among_noise<CheckerOrder::b_then_a>, dpor(1, 0));
  EXPECT_EQ(r.verdict, Verdict::bound_reached) << r.note;
  EXPECT_TRUE(r.violations.empty());
  EXPECT_NE(r.note.find("at most 1 preemptions"), std::string::npos) << r.note;
}

TEST(BoundedDpor, ABoundNothingNeedsIsAPass) {
  // Two threads on variables of their own: one Mazurkiewicz trace, no
  // preemption needed, so the bound leaves nothing out.
  const Result r = check(
      [] {
        S::atomic<int> x{0, "x"}, y{0, "y"};
        run_together({[&] {
                        x.store(1);
                        x.store(2);
                      },
                      [&] {
                        y.store(1);
                        y.store(2);
                      }});
      },
      dpor(0, 0));
  EXPECT_EQ(r.verdict, Verdict::holds) << r.note;
}

}  // namespace
}  // namespace interleave
