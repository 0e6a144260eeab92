// Models of the counter (primitives/counter.hpp): three threads each add one;
// the final count must be three.
#if defined(__clang__)  // model_sync's mutex carries no capability: the analysis is for real_sync
#pragma clang diagnostic ignored "-Wthread-safety-analysis"
#endif

#include "interleave/interleave.hpp"
#include "models/registry.hpp"
#include "primitives/counter.hpp"

namespace {

using interleave::CounterFlaw;
using interleave::model_sync;
using interleave::real_sync;

constexpr const char* kPassage =
    "count = 0; def increment(): global count; count += 1 -- the count += 1 is not an atomic operation, "
    "which means that it has multiple steps ... vulnerable to corruption when two or more threads try to "
    "update it.";

template <class S, CounterFlaw Flaw>
void increments(int threads) {
  interleave::Counter<S, Flaw> counter;
  std::vector<std::function<void()>> bodies(threads, [&] { counter.increment(); });
  S::run_together(std::move(bodies));
  S::assert_that(counter.value() == threads, "no update lost: the count equals the increments");
}

const bool registered = [] {
  interleave::register_model({
      .name = "counter",
      .primitive = "counter",
      .summary = "Three threads each increment a locked counter once: the count ends at three.",
      .passage = kPassage,
      .expected = std::nullopt,
      .scenario = [] { increments<model_sync, CounterFlaw::none>(3); },
      .options = {},
      .real_scenario = [] { increments<real_sync, CounterFlaw::none>(3); },
  });
  interleave::register_model({
      .name = "counter/unlocked",
      .primitive = "counter",
      .summary = "Three threads each run the notes' bare `count += 1` once.",
      .flaw = "No lock around `count += 1`: it is a read and a write, and two threads that read the same "
              "value both write value + 1. A data race, and a lost update (run with keep_going to see the "
              "final assertion fail too).",
      .passage = kPassage,
      .expected = interleave::ViolationKind::data_race,
      .scenario = [] { increments<model_sync, CounterFlaw::unlocked>(3); },
      .options = {},
      .real_scenario = [] { increments<real_sync, CounterFlaw::unlocked>(3); },
  });
  return true;
}();

}  // namespace
