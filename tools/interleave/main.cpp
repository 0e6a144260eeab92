// interleave: the model checker's command line.
//   interleave list [--format json]
//   interleave check NAME... [--strategy dfs|dpor|random|pct] [--max-steps N] [--budget-executions N]
//                    [--budget-seconds S] [--seed N] [--max-preemptions N] [--spurious N] [--max-bypass N]
//                    [--keep-going] [--isolate] [--all] [--checkpoint FILE] [--resume FILE]
//                    [--shard K/N] [--jobs N] [--no-shrink] [--format text|json|junit] [--report DIR]
//   interleave replay NAME SCHEDULE [--format text|json]
//   interleave explain NAME
//   interleave gate [NAME...]
//   interleave merge FILE... [--gate] [--format text|json|junit] [--report DIR]
//   interleave new NAME [--dir DIR]
//   interleave stress NAME... [--variants] [--runs N] [--seconds T] [--batch N] [--hang-after S]
//                     [--format text|json]
//   interleave which-check --stress FILE --tsan FILE [--json OUT] [--markdown OUT]
//   interleave gallery DIR [--checks FILE]
// Exit codes: 0 holds, 1 violation, 2 usage error (or a report that could not
// be written), 3 a bound was reached (or Ctrl-C) before the search finished.
#include "commands.hpp"

int main(int argc, char** argv) {
  interleave::cli::catch_interrupts();
  return interleave::cli::run(argc, argv);
}
