// --jobs N under DPOR shares one search among N workers by work stealing
// (work_stealing.hpp): it must stay exact. On random programs, 1, 2 and 3
// workers explore the same number of complete executions (one per
// Mazurkiewicz trace, the brute-force enumerator's count) and reach the same
// final states.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <mutex>
#include <set>

#include "interleave/interleave.hpp"
#include "program_gen.hpp"

namespace interleave {
namespace {

struct Explored {
  Result result;
  std::set<testing_gen::State> states;
};

/// Explores `program` under DPOR with `jobs` workers.
Explored explore_with_jobs(const testing_gen::Program& program, int jobs) {
  Explored e;
  std::mutex states_lock;  // the workers' executions finish on their own threads
  Options o;
  o.strategy = Strategy::dpor;
  o.jobs = jobs;
  o.budget_seconds = 60;  // a program the search cannot finish fails the property instead of hanging it
  o.keep_going = true;    // races are expected in random programs; explore everything
  e.result = check(
      [&] {
        const testing_gen::State s = testing_gen::run_model(program);
        const std::lock_guard lock(states_lock);
        e.states.insert(s);
      },
      o);
  return e;
}

/// Explores `program` with 1 worker, then with 2 and 3, each a few times
/// (which worker takes which branch varies from run to run): the same
/// verdict, count of complete executions and final states every time.
void expect_the_same_with_more_workers(const testing_gen::Program& program) {
  const Explored one = explore_with_jobs(program, 1);
  RC_ASSERT(one.result.verdict != Verdict::error);
  for (int run = 0; run < 3; ++run)
    for (int jobs : {2, 3}) {
      const Explored many = explore_with_jobs(program, jobs);
      RC_ASSERT(many.result.verdict == one.result.verdict);
      RC_ASSERT(many.result.stats.executions == one.result.stats.executions);
      RC_ASSERT(many.states == one.states);
    }
}

RC_GTEST_PROP(WorkStealing, EveryNumberOfWorkersExploresTheSameTracesAndStates, ()) {
  const testing_gen::Program program = *testing_gen::program();
  expect_the_same_with_more_workers(program);
  RC_ASSERT(explore_with_jobs(program, 2).result.stats.executions == testing_gen::enumerate(program).traces);
}

RC_GTEST_PROP(WorkStealing, WithConditionVariablesToo, ()) {
  expect_the_same_with_more_workers(*testing_gen::program_with_conditions());
}

RC_GTEST_PROP(WorkStealing, WithSpinLoopsToo, ()) {
  expect_the_same_with_more_workers(*testing_gen::program_with_spins());
}

/// n threads, each doing k stores to its own atomic and loading the next
/// thread's: a search large enough to be split among the workers.
void writers_and_readers(int n, int k) {
  using S = model_sync;
  std::vector<std::unique_ptr<S::atomic<int>>> vars;
  for (int t = 0; t < n; ++t) vars.push_back(std::make_unique<S::atomic<int>>(0, "v"));
  std::vector<std::function<void()>> bodies;
  for (int t = 0; t < n; ++t)
    bodies.push_back([&vars, t, n, k] {
      for (int i = 0; i < k; ++i) {
        vars[static_cast<std::size_t>(t)]->store(i + 1);
        (void)vars[static_cast<std::size_t>((t + 1) % n)]->load();
      }
    });
  run_together(std::move(bodies));
}

TEST(WorkStealing, WorkersShareALargerSearchExactly) {
  Options o;
  o.strategy = Strategy::dpor;
  const Result one = check([] { writers_and_readers(3, 2); }, o);
  ASSERT_EQ(one.verdict, Verdict::holds) << one.note;
  ASSERT_GT(one.stats.executions, 100u);
  for (int jobs : {2, 3, 4}) {
    o.jobs = jobs;
    const Result many = check([] { writers_and_readers(3, 2); }, o);
    EXPECT_EQ(many.verdict, Verdict::holds) << many.note;
    EXPECT_EQ(many.stats.executions, one.stats.executions) << jobs << " jobs";
  }
}

TEST(WorkStealing, AViolationStopsEveryWorker) {
  Options o;
  o.strategy = Strategy::dpor;
  o.jobs = 2;
  const Result r = check(
      [] {
        model_sync::atomic<int> x{0, "x"};
        run_together({[&] { x.store(1); }, [&] { x.store(2); }, [&] { assert_that(x.load() != 1, "saw 1"); }});
      },
      o);
  EXPECT_EQ(r.verdict, Verdict::violated);
  EXPECT_TRUE(r.has(ViolationKind::assertion));
}

}  // namespace
}  // namespace interleave
