// Models of H2O (primitives/h2o.hpp): atoms pass in threes; the invariant
// checks every molecule formed so far is exactly two H and one O.
#include <vector>

#include "interleave/interleave.hpp"
#include "models/registry.hpp"
#include "primitives/h2o.hpp"

namespace {

using interleave::H2OFlaw;
using interleave::model_sync;
using interleave::real_sync;

constexpr const char* kPassage =
    "Barrier: A barrier is a synchronization construct to wait for a certain number of threads to reach a "
    "common synchronization point in code (H2O, a problem every course teaches, built on it).";

template <class S, H2OFlaw Flaw>
void atoms(int hydrogens, int oxygens) {
  int molecules = 0, bad = 0;
  S::invariant("every molecule is exactly two H and one O", [&] { return bad == 0; });
  interleave::H2O<S, Flaw> water([&](int h, int o) {
    if (h != 2 || o != 1) ++bad;
    ++molecules;
  });
  std::vector<typename S::thread> threads;
  for (int i = 0; i < hydrogens; ++i) threads.emplace_back([&] { water.hydrogen(); });
  for (int i = 0; i < oxygens; ++i) threads.emplace_back([&] { water.oxygen(); });
  for (auto& t : threads) t.join();
  S::assert_that(molecules == oxygens, "one molecule per oxygen");
}

const bool registered = [] {
  interleave::register_model({
      .name = "h2o",
      .primitive = "h2o",
      .summary =
          "Two H and one O thread form one molecule, exactly H2O (a larger crowd is slow to search exhaustively).",
      .passage = kPassage,
      .expected = std::nullopt,
      .scenario = [] { atoms<model_sync, H2OFlaw::none>(2, 1); },
      .options = {.strategy = interleave::Strategy::dpor},
      .real_scenario = [] { atoms<real_sync, H2OFlaw::none>(2, 1); },
  });
  interleave::register_model({
      .name = "h2o/three-h",
      .primitive = "h2o",
      .summary = "Three H and one O, with a hydrogen semaphore of three permits.",
      .flaw = "Semaphore(3) for hydrogen instead of 2: three hydrogens get through, reach the barrier of three "
              "before the oxygen, and trip it: the molecule formed is H3 (invariant); the oxygen then waits forever.",
      .passage = kPassage,
      .expected = interleave::ViolationKind::invariant,
      .scenario = [] { atoms<model_sync, H2OFlaw::three_h>(3, 1); },
      .options = {.strategy = interleave::Strategy::dpor},
      .real_scenario = [] { atoms<real_sync, H2OFlaw::three_h>(3, 1); },
  });
  return true;
}();

}  // namespace
