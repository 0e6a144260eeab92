// Hand-built results for the renderer tests, so they do not depend on the
// engine: a lost wake-up caught as an invariant failure across three threads,
// a result that holds, and one whose text needs escaping everywhere.
#pragma once

#include "interleave/result.hpp"

namespace interleave::reports::fixtures {

/// A violated result: one invariant violation, 3 threads (0, 1, 2), 9 steps,
/// failing at step 7, shrunk from 23 steps, one preemption.
Result violated();

/// A result that holds: no violations, after an exhaustive (dfs) search.
Result holds();

/// A random search of 100,000 executions that found no violation: sampled,
/// not a proof.
Result sampled();

/// A violated result whose strings hold < > & " ' | * ` and a newline.
Result awkward();

/// A result with two violations of different kinds (deadlock and data race).
Result two_violations();

/// A linearizability violation of a queue: 2 threads, 4 calls (one never
/// returned), 2 of them offending.
Result linearizability();

}  // namespace interleave::reports::fixtures
