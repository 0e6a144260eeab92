// Models of the reusable barrier (primitives/barrier.hpp, on atomic
// wait/notify): threads pass it twice. Each thread notes the generation it has
// reached before waiting; on the way out it checks that every thread had
// reached it, and the action checks it runs once per generation before anyone
// is released.
#include <algorithm>
#include <vector>

#include "interleave/interleave.hpp"
#include "models/registry.hpp"
#include "primitives/barrier.hpp"

namespace {

using interleave::BarrierFlaw;
using interleave::model_sync;
using interleave::real_sync;

constexpr const char* kPassage =
    "Barrier: The involved threads each invoke the barrier object's wait() method and get blocked till "
    "all of threads have called wait(). When the last thread invokes wait() all of the waiting threads "
    "are released simultaneously.";

template <class S, class BarrierType>
void laps(int parties, int generations) {
  std::vector<int> reached(parties, 0);  // generations each thread has arrived at
  std::vector<int> passed(parties, 0);   // generations each thread has left
  int actions = 0;
  BarrierType barrier(parties, [&] {
    ++actions;
    S::assert_that(std::all_of(reached.begin(), reached.end(), [&](int g) { return g == actions; }),
                   "the action runs once per generation, after every thread arrived at it");
    S::assert_that(std::all_of(passed.begin(), passed.end(), [&](int g) { return g == actions - 1; }),
                   "the action runs before any thread of its generation is released");
  });
  std::vector<std::function<void()>> bodies;
  for (int t = 0; t < parties; ++t)
    bodies.push_back([&, t] {
      for (int g = 1; g <= generations; ++g) {
        reached[t] = g;
        const int index = barrier.wait();
        S::assert_that(index >= 0 && index < parties, "the arrival index is in 0 .. parties-1");
        S::assert_that(std::all_of(reached.begin(), reached.end(), [&](int r) { return r >= g; }),
                       "no thread passes a generation before every thread arrived at it");
        passed[t] = g;
      }
    });
  S::run_together(std::move(bodies));
  S::assert_that(actions == generations, "the action ran once per generation");
}

const bool registered = [] {
  interleave::register_model({
      .name = "barrier",
      .primitive = "barrier",
      .summary = "Three threads pass a barrier with an action twice: nobody passes a generation early, the "
                 "action runs once per generation before anyone is released.",
      .passage = kPassage,
      .expected = std::nullopt,
      .scenario = [] { laps<model_sync, interleave::Barrier<model_sync, BarrierFlaw::none>>(3, 2); },
      .options = {.strategy = interleave::Strategy::dpor, .max_spurious_wakeups = 1},
      .real_scenario = [] { laps<real_sync, interleave::Barrier<real_sync, BarrierFlaw::none>>(3, 2); },
  });
  interleave::register_model({
      .name = "barrier/single-use",
      .primitive = "barrier",
      .summary = "Three threads pass, twice, a barrier that remembers only that it has tripped.",
      .flaw = "Waiters wait until the barrier has tripped at all, not until their generation has: no "
              "generation count. The second generation finds it open, and a fast thread laps the slow "
              "ones, passing generation 2 before they arrive.",
      .passage = kPassage,
      .expected = interleave::ViolationKind::assertion,
      .scenario = [] { laps<model_sync, interleave::Barrier<model_sync, BarrierFlaw::single_use>>(3, 2); },
      .options = {.max_spurious_wakeups = 0},
      .real_scenario = [] { laps<real_sync, interleave::Barrier<real_sync, BarrierFlaw::single_use>>(3, 2); },
  });
  return true;
}();

}  // namespace
