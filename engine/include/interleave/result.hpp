// The outcome of a check, as plain data. Rendering lives in reports/.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace interleave {

/// The overall answer of a search.
enum class Verdict {
  holds,          ///< every explored execution kept every check
  violated,       ///< at least one violation, with a counterexample
  bound_reached,  ///< an execution or time budget ran out first: not a pass
  error,          ///< the model could not be checked (bad schedule, engine misuse)
};

/// Every bug class the engine can report.
enum class ViolationKind {
  assertion,           ///< interleave::assert_that failed inside a model thread
  invariant,           ///< a registered invariant was false after a step
  deadlock,            ///< live threads remain and none can run
  data_race,           ///< two unordered accesses to a shared<T>, one a write
  uninitialized_read,  ///< a shared<T> read before any write
  unlock_not_owner,    ///< a mutex released by a thread that does not hold it
  self_deadlock,       ///< a thread relocked a non-recursive mutex it holds
  thread_not_joined,   ///< a thread handle destroyed while still joinable
  misuse,              ///< other API misuse: joining twice, joining oneself, ...
  exception,           ///< an exception escaped a model thread
  non_termination,     ///< an execution ran past the step bound
  livelock,            ///< threads keep running without progress (a repeating cycle)
  starvation,          ///< a waiting thread was bypassed past the bound
  stack_overflow,      ///< a model thread overflowed its stack (guard page)
  linearizability,     ///< a history no order of its calls explains (check_linearizable)
  crash,               ///< the model crashed the process (a signal; found with --isolate)
};
/// How many kinds there are: the size of every table with one entry per kind.
inline constexpr std::size_t kViolationKindCount = static_cast<std::size_t>(ViolationKind::crash) + 1;

/// The stable spelling of a kind (used in JSON, the CLI and model names).
std::string_view to_string(ViolationKind kind);
/// Parses a kind's spelling; returns false when unknown.
bool parse_violation_kind(std::string_view text, ViolationKind& out);
std::string_view to_string(Verdict verdict);

/// One step of a trace, rendered to strings so a result outlives its execution.
struct TraceEvent {
  std::size_t index = 0;  ///< position in the trace, from 0
  int thread = 0;         ///< model thread id; 0 is the scenario's main thread
  std::string operation;  ///< "lock", "read", "notify_all", ...
  std::string object;     ///< the object's name, e.g. "mutex m" or "shared count"
  std::string detail;     ///< values read or written, wake-up reason, ...
  std::string file;       ///< caller's source file
  int line = 0;           ///< caller's source line
  double time = 0;        ///< virtual time in seconds when the step ran
};

/// One call of a concurrent history: linearizability violations show theirs.
struct HistoryCall {
  int thread = 0;
  std::uint64_t invoked = 0;   ///< time of the invocation (a logical clock in the model)
  std::uint64_t returned = 0;  ///< time of the response; 0: it never returned
  std::string call;            ///< the operation and its arguments, e.g. "enqueue(1)"
  std::string result;          ///< what it returned; empty when it never returned
  bool offending = false;      ///< one of the calls the minimal counterexample needs
};

/// A bug found, with the execution that shows it.
struct Violation {
  ViolationKind kind = ViolationKind::assertion;
  std::string message;            ///< one paragraph a reader can act on
  std::vector<TraceEvent> trace;  ///< the counterexample, in order
  std::size_t failing_step = 0;   ///< index in trace of the violating step
  /// The step the violating one raced with: a data race's first access
  /// (the violating step is its second). Empty for other kinds.
  std::optional<std::size_t> other_step;
  std::string schedule;            ///< replay token: pastes back to this trace
  int preemptions = 0;             ///< preemptive switches the schedule needed
  std::size_t original_steps = 0;  ///< trace length before shrinking (0: not shrunk)
  /// Linearizability violations: the calls of the history and their intervals.
  std::vector<HistoryCall> history;
};

/// Counters of a search.
struct Stats {
  std::uint64_t executions = 0;          ///< complete executions explored
  std::uint64_t executions_blocked = 0;  ///< executions cut short (sleep set, deadlock)
  std::uint64_t steps = 0;               ///< visible operations executed in all
  std::uint64_t max_depth = 0;           ///< longest execution, in steps
  double seconds = 0;                    ///< wall-clock time of the search
  // Assumptions the search made, which a verdict of holds rests on (check()'s note says so):
  /// executions where a wait could have woken spuriously once more, past Options::max_spurious_wakeups
  std::uint64_t spurious_withheld = 0;
  /// executions where a read repeated unchanged at one place was taken for a spin (Options::implicit_spins)
  std::uint64_t implicit_spins = 0;
};

/// The whole answer for one model.
struct Result {
  std::string model;
  Verdict verdict = Verdict::holds;
  std::vector<Violation> violations;  ///< first counterexample of each kind found
  Stats stats;
  std::string strategy;     ///< which strategy explored
  bool exhaustive = false;  ///< the strategy covers every schedule (dfs, dpor), not a sample
  /// The search explored every execution its strategy and options define
  /// and stopped only because none was left. False when it was cut short: by
  /// an execution or time budget, an interrupt, stopping at the first
  /// violation (without keep_going), a preemption bound that left schedules
  /// out, a step bound too small for the model, or an error; and always for a
  /// sample (random, pct) or a replay. The verdict says this only when
  /// nothing was found (bound_reached); with violations it is this field's to
  /// say whether other kinds could remain. Without violations, a complete
  /// search holds.
  bool complete = false;
  std::string note;     ///< why a bound was reached, or the error
  int shard_index = 0;  ///< the part of a sharded search this result covers (from 0) ...
  int shard_count = 1;  ///< ... of this many; 1: the whole search

  bool ok() const { return verdict == Verdict::holds; }
  bool has(ViolationKind kind) const {
    for (const auto& v : violations)
      if (v.kind == kind) return true;
    return false;
  }
};

}  // namespace interleave
