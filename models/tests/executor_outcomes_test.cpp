// The executor models' claims that a scenario has more than one outcome:
// the search must reach each of them, or a model that "holds" would say
// nothing about the outcome it never saw.
#include <gtest/gtest.h>

#include "interleave/interleave.hpp"
#include "primitives/future_wait.hpp"
#include "primitives/thread_pool_executor.hpp"

namespace interleave {
namespace {

using Pool = ThreadPoolExecutor<model_sync>;

/// DPOR over: submit a task, then try to cancel it at once; `claim` is
/// asserted about the cancel's outcome, so a violation means the search
/// reached an execution where the claim is false.
Result cancel_outcome_claim(bool claim) {
  return check(
      [claim] {
        Pool pool(1);
        const Future<int, model_sync> f = pool.submit([] { return 1; });
        assert_that(f.cancel() == claim, "the claimed outcome of cancel()");
      },
      {.strategy = Strategy::dpor});
}

// The cancel attempt of executor/notes-cancel can go either way.
TEST(ExecutorOutcomes, CancelRightAfterSubmitCanSucceedAndCanFail) {
  EXPECT_TRUE(cancel_outcome_claim(true).has(ViolationKind::assertion));   // some execution fails to cancel
  EXPECT_TRUE(cancel_outcome_claim(false).has(ViolationKind::assertion));  // some execution cancels
}

// A submit racing shutdown (the executor model) is sometimes accepted and
// sometimes refused.
TEST(ExecutorOutcomes, SubmitRacingShutdownCanBeAcceptedAndCanBeRefused) {
  for (const bool claim_accepted : {true, false}) {
    const Result r = check(
        [claim_accepted] {
          Pool pool(1);
          bool accepted = false;
          run_together({
              [&] {
                try {
                  pool.submit([] { return 1; });
                  accepted = true;
                } catch (const ExecutorShutdownError&) {
                }
              },
              [&] { pool.shutdown(true); },
          });
          assert_that(accepted == claim_accepted, "the claimed outcome of submit()");
        },
        {.strategy = Strategy::dpor});
    EXPECT_TRUE(r.has(ViolationKind::assertion)) << "claim_accepted=" << claim_accepted;
  }
}

}  // namespace
}  // namespace interleave
