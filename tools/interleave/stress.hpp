// Stress: a model's real-thread scenario (Model::real_scenario) run again and
// again on std::threads, in child processes, counting what goes wrong. Built
// with -fsanitize=thread (the tsan-models preset), it also collects what
// ThreadSanitizer reported.
#pragma once

#include <map>
#include <string>

#include "models/registry.hpp"

namespace interleave::cli {

struct StressOptions {
  long runs = 1000;       ///< stop after this many runs ...
  double seconds = 10;    ///< ... or once this much time has passed
  long batch = 200;       ///< runs per child process
  double hang_after = 5;  ///< a run that takes longer is a hang (the child is killed)
};

struct StressResult {
  long runs = 0;                           ///< runs that finished (or crashed)
  long failed = 0;                         ///< runs with a failed assertion or an exception
  long crashed = 0;                        ///< runs that killed their child process (a signal)
  long first_failed_run = 0;               ///< 1-based; 0 when none failed or crashed
  std::string first_failure;               ///< its text
  long hung_run = 0;                       ///< 1-based run that did not finish within hang_after; 0 when none
  bool hung_at_exit = false;               ///< every run finished but the child process did not exit
  double seconds = 0;                      ///< wall time spent
  bool under_tsan = false;                 ///< this binary is built with ThreadSanitizer
  std::map<std::string, long> tsan_kinds;  ///< ThreadSanitizer report kind -> number of reports
  long tsan_first_run = 0;                 ///< 1-based run during which the first report came; 0 when none
  std::string tsan_first;                  ///< the first report's WARNING line

  bool stress_caught() const { return failed + crashed > 0 || hung_run > 0; }
  bool tsan_caught() const { return !tsan_kinds.empty(); }
};

/// True when this binary is built with -fsanitize=thread.
bool built_with_tsan();

/// Runs `model.real_scenario` (which must be set) in child processes of
/// `options.batch` runs each, until options.runs runs or options.seconds.
StressResult stress(const Model& model, const StressOptions& options);

/// The kind of a ThreadSanitizer report from its WARNING line, e.g.
/// "WARNING: ThreadSanitizer: data race (pid=12)" -> "data race"; empty when
/// the line is not one.
std::string tsan_kind_of(const std::string& line);

/// One line: "1000 runs in 0.4 s: 3 failed (first, run 12: ...)"; TSan's kinds when built with it.
std::string describe(const StressResult& r);

}  // namespace interleave::cli
