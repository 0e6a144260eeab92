// Progress on standard error during long searches (see report_commands.hpp).
// On a terminal: redrawn in place with a carriage return, erased when the
// search ends so the report that follows starts on a clean line. Otherwise
// (a CI log): a plain line every few seconds.
#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>

#include "commands.hpp"
#include "report_commands.hpp"

namespace interleave::cli {

namespace {
constexpr double kPlainLineSeconds = 5;  ///< between progress lines in a log

// The bounds in force, as the line shows them.
std::string bound_of(const Options& o) {
  std::string bound = fmt::format("{}, steps <= {}", to_string(o.strategy), o.max_steps);
  if (o.max_preemptions >= 0) bound += fmt::format(", preemptions <= {}", o.max_preemptions);
  if (o.budget_executions) bound += fmt::format(", budget {} executions", o.budget_executions);
  if (o.budget_seconds > 0) bound += fmt::format(", budget {} s", o.budget_seconds);
  return bound;
}
}  // namespace

ProgressLine::ProgressLine(std::string model, const Options& options)
    : model_(std::move(model)), bound_(bound_of(options)), terminal_(isatty(STDERR_FILENO) == 1) {}

ProgressLine::~ProgressLine() {
  if (drawn_) fmt::print(stderr, "\r\x1b[K");
}

void ProgressLine::progress(const Stats& stats, std::uint64_t depth) {
  const std::uint64_t runs = stats.executions + stats.executions_blocked;
  const double rate = stats.seconds > 0 ? static_cast<double>(runs) / stats.seconds : 0.0;
  const std::string line = fmt::format("{}: {} executions ({:.0f}/s), depth {}, {:.1f} s [{}]", model_, runs, rate,
                                       depth, stats.seconds, bound_);
  if (terminal_) {
    fmt::print(stderr, "\r\x1b[K{}", line);
    drawn_ = true;
  } else if (stats.seconds >= printed_at_ + kPlainLineSeconds) {
    fmt::print(stderr, "{}\n", line);
    printed_at_ = stats.seconds;
  }
  std::fflush(stderr);
}

bool ProgressLine::stop_requested() { return interrupt_requested(); }

}  // namespace interleave::cli
