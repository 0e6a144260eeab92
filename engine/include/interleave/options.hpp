// Every bound and knob of a search, in one documented struct.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace interleave {

/// Which strategy explores the schedules.
enum class Strategy {
  dfs,     ///< exhaustive depth-first search over every schedule
  dpor,    ///< exhaustive with dynamic partial-order reduction
  random,  ///< seeded random walk, budget_executions runs
  pct,     ///< probabilistic concurrency testing (priorities, change points)
};

std::string_view to_string(Strategy strategy);
bool parse_strategy(std::string_view text, Strategy& out);

/// Configuration of one check. Zero means "no bound" where noted.
struct Options {
  Strategy strategy = Strategy::dfs;
  std::uint64_t max_steps = 2000;       ///< per execution; past it: non_termination
  std::uint64_t budget_executions = 0;  ///< 0: unbounded (random/pct default 10000)
  double budget_seconds = 0;            ///< 0: unbounded
  std::uint64_t seed = 1;               ///< random and pct
  int pct_depth = 3;                    ///< pct: bug depth d (d-1 change points)
  int max_preemptions = -1;             ///< dfs, dpor: -1 unbounded; else iterative bounds 0..N
  int max_spurious_wakeups = 1;         ///< per execution; explored as choices (0: off)
  /// Time normally passes only when no thread can run (threads take no time),
  /// so a timeout and a notification explore both orders when they fall due
  /// together. On: a timed wait may also time out while others still run
  /// (they were slow), which explores far more.
  bool explore_timeouts = false;
  std::size_t stack_size = 64 * 1024;  ///< bytes per model thread, plus a guard page
  int max_bypass = 0;                  ///< starvation: 0 off; else bypasses allowed per wait
  /// The bypass bound applies to every mutex (a thread waiting to take it,
  /// or notified and waiting to take it back, while others acquire it), not
  /// only to the resources a primitive marks with wait_begin/wait_end. Off
  /// for a model whose promise is about its own resource, built on mutexes
  /// no fairer than the platform's.
  bool bypass_mutexes = true;
  /// A spin without a yield counts as one: the third identical read at the
  /// same place, with nothing changed by the thread in between, waits for
  /// another thread's change (spin.cpp). This assumes such a loop would do
  /// the same again; a loop that reads one place a fixed number of times and
  /// counts in a local breaks it, and needs this off to be explored fully.
  bool implicit_spins = true;
  int shard_index = 0;      ///< --shard K/N: explore part K (from 0) ...
  int shard_count = 1;      ///< ... of N disjoint parts whose union is the search
  /// Worker threads: unbounded DPOR shares its search among them by work
  /// stealing (exactly the executions of one), other searches run as many
  /// shards; the budgets apply to each worker.
  int jobs = 1;
  bool keep_going = false;  ///< after a violation, look for other kinds
  /// An exhaustive search (dfs or dpor, unsharded, no preemption bound) that
  /// stops before it is done (a budget, or a listener's stop request)
  /// writes its state here; empty: none is written.
  std::string checkpoint_file;
  /// Continues the search whose state checkpoint_file wrote there: the
  /// counts go on from the checkpoint's, and the executions are those the
  /// uninterrupted search would have run after it.
  std::string resume_file;
};

}  // namespace interleave
