// One-line summaries shared by the text, Markdown and JUnit renderers.
#include "summary.hpp"

#include <fmt/format.h>

namespace interleave::reports::layout {

namespace {
std::string plural(std::uint64_t n, const char* word) { return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s"); }
// 100000 -> "100,000".
std::string grouped(std::uint64_t n) {
  std::string digits = std::to_string(n);
  for (std::size_t i = digits.size(); i > 3; i -= 3) digits.insert(i - 3, ",");
  return digits;
}
}  // namespace

std::string verdict_line(const Result& result) {
  if (result.verdict != Verdict::holds || result.exhaustive) return std::string(to_string(result.verdict));
  const std::uint64_t n = result.stats.executions;
  return fmt::format("no violation in {} {}{} (sampled, not exhaustive)", grouped(n),
                     result.strategy.empty() ? "" : result.strategy + " ", n == 1 ? "execution" : "executions");
}

std::string stats_line(const Result& result) {
  const Stats& s = result.stats;
  std::string line = result.strategy.empty() ? "" : result.strategy + ", ";
  line += plural(s.executions, "execution");
  if (s.executions_blocked > 0) line += fmt::format(" ({} cut short)", s.executions_blocked);
  // The search's totals, worded apart from the counterexample's length
  // (length_line): "10 steps in the search" beside "a counterexample of 16 steps".
  line += fmt::format(", {} in the search, longest {}, {:.3f} s", plural(s.steps, "step"), s.max_depth, s.seconds);
  line += result.complete ? ", search complete" : ", search incomplete";
  return line;
}

std::string length_line(const Violation& violation) {
  std::string line = "counterexample of " + plural(violation.trace.size(), "step") + ", " +
                     plural(static_cast<std::uint64_t>(violation.preemptions), "preemption");
  if (violation.original_steps > 0) line += fmt::format(", shrunk from {}", plural(violation.original_steps, "step"));
  return line;
}

}  // namespace interleave::reports::layout
