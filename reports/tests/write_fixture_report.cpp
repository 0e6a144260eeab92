// Writes the HTML report of a hand-built result to argv[1], for the
// browser test (reports/browser_test/report_browser_test.mjs).
#include <fstream>
#include <iostream>

#include "fixtures.hpp"
#include "interleave/reports.hpp"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: report_fixture_writer OUT.html\n";
    return 2;
  }
  interleave::reports::HtmlOptions options;
  options.summary = "Never admits more threads than it has permits.";
  options.flaw = "Waits with `if` instead of `while`, so a woken waiter proceeds without re-checking.";
  options.passage = "Semaphores: P waits while the count is zero.";
  options.replay_command = "interleave check semaphore/if-not-while --replay";
  options.source = [](const std::string&, int line) -> std::optional<std::string> {
    return "count_ = count_ - 1;  // line " + std::to_string(line);
  };
  std::ofstream out(argv[1]);
  // Two violations to step through, and a linearizability violation whose history is drawn as bars.
  interleave::Result result = interleave::reports::fixtures::two_violations();
  result.violations.push_back(interleave::reports::fixtures::linearizability().violations[0]);
  out << interleave::reports::render_html(result, options);
  return out ? 0 : 1;
}
