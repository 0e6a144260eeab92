// The set of outcomes the model checker observes for a litmus program over
// its exhaustive search (DFS, which a weak-memory model runs under).
#pragma once

#include <set>
#include <stdexcept>

#include "interleave/interleave.hpp"
#include "models/litmus.hpp"

namespace interleave::litmus {

inline std::set<Outcome> observed_outcomes(const Program& p) {
  std::set<Outcome> seen;
  Options o;
  o.strategy = Strategy::dfs;
  o.max_preemptions = -1;
  const Result r = check([&] { seen.insert(run_litmus(p)); }, o);
  if (r.verdict != Verdict::holds || !r.exhaustive) throw std::runtime_error("litmus search incomplete: " + r.note);
  return seen;
}

}  // namespace interleave::litmus
