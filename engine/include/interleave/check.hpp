// Entry points: run a scenario under a strategy and return a Result.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "interleave/options.hpp"
#include "interleave/result.hpp"

namespace interleave {

/// Receives progress during long searches (the command line's progress line
/// draws it).
class Listener {
 public:
  virtual ~Listener() = default;
  /// Called every so often with the counters so far and the depth in force.
  virtual void progress(const Stats& stats, std::uint64_t depth) = 0;
  /// Asked after every execution: true ends the search as if a budget ran
  /// out (the result is bound_reached, its note says it was interrupted).
  virtual bool stop_requested() { return false; }
};

/// Explores the schedules of `scenario` (the body of model thread 0) under
/// `options` and returns what was found. Never throws for a model's bug; an
/// unusable option (a shard outside 0 <= K < N) gives Verdict::error.
Result check(const std::function<void()>& scenario, const Options& options = {}, Listener* listener = nullptr);

/// One result from the results of the N shards of one search (shard_index
/// 0..N-1, each once): counts added (seconds: the slowest part), the first
/// violation of each kind, the strongest verdict (error, violated,
/// bound_reached, holds) with its note. Throws std::invalid_argument when
/// the parts are not exactly the shards of one model's search.
Result merge_shards(const std::vector<Result>& parts);

/// The schedule string of the execution running on this OS thread, up to and
/// including the step it is taking; empty outside an execution. For a crash
/// handler (the command line's --isolate) to say which schedule crashed.
std::string current_schedule();

/// Runs exactly one execution following `schedule` (a Violation's schedule
/// string) and returns its result; a violation's trace is the trace of that
/// schedule. A malformed schedule, or one that does not fit the scenario,
/// gives Verdict::error with the reason in the note.
Result replay(const std::function<void()>& scenario, const std::string& schedule, const Options& options = {});

}  // namespace interleave
