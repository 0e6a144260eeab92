// Models of the dining philosophers (primitives/dining_philosophers.hpp):
// three philosophers eat once each (a step long); the invariant watches that
// no two neighbours eat at once.
#include <vector>

#include "interleave/interleave.hpp"
#include "models/registry.hpp"
#include "primitives/dining_philosophers.hpp"

namespace {

using interleave::model_sync;
using interleave::PhilosopherFlaw;
using interleave::real_sync;

constexpr const char* kPassage =
    "Deadlocks occur when two or more threads aren't able to make any progress because the resource required "
    "by the first thread is held by the second and the resource required by the second thread is held by the "
    "first.";

template <class S, PhilosopherFlaw Flaw>
void dinner(int n) {
  interleave::DiningTable<S, Flaw> table(n);
  std::vector<char> eating(n, false);  // not vector<bool>: neighbours write their own element
  S::invariant("no two neighbours eat at once", [&] {
    for (int i = 0; i < n; ++i)
      if (eating[i] && eating[(i + 1) % n]) return false;
    return true;
  });
  int meals = 0;
  std::vector<typename S::thread> philosophers;
  for (int i = 0; i < n; ++i)
    philosophers.emplace_back([&, i] {
      table.dine(i, [&] {
        eating[i] = true;
        S::yield();  // eating takes a step: others may run meanwhile
        eating[i] = false;
        ++meals;
      });
    });
  for (auto& p : philosophers) p.join();
  S::assert_that(meals == n, "every philosopher ate");
}

const bool registered = [] {
  interleave::register_model({
      .name = "philosophers",
      .primitive = "philosophers",
      .summary = "Three philosophers take the lower-numbered fork first: neighbours never eat together, no "
                 "deadlock.",
      .passage = kPassage,
      .expected = std::nullopt,
      .scenario = [] { dinner<model_sync, PhilosopherFlaw::none>(3); },
      .options = {.strategy = interleave::Strategy::dpor},
      .real_scenario = [] { dinner<real_sync, PhilosopherFlaw::none>(3); },
  });
  interleave::register_model({
      .name = "philosophers/naive",
      .primitive = "philosophers",
      .summary = "Three philosophers each take the left fork, then the right.",
      .flaw = "Every philosopher picks up the left fork first. When all three hold their left fork, each waits "
              "for the right one, which its neighbour holds as a left fork: a cycle of waits, deadlock.",
      .passage = kPassage,
      .expected = interleave::ViolationKind::deadlock,
      .scenario = [] { dinner<model_sync, PhilosopherFlaw::naive>(3); },
      .options = {.strategy = interleave::Strategy::dpor},
      .real_scenario = [] { dinner<real_sync, PhilosopherFlaw::naive>(3); },
  });
  return true;
}();

}  // namespace
