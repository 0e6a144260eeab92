// interleave: the model checker's command line.
//   interleave list [--format json]
//   interleave check NAME... [--strategy dfs|dpor|random|pct] [--max-steps N] [--budget-executions N]
//                    [--budget-seconds S] [--seed N] [--max-preemptions N] [--spurious N] [--max-bypass N]
//                    [--keep-going]
//                    [--shard K/N] [--jobs N] [--no-shrink] [--format text|json|junit] [--report DIR]
//   interleave replay NAME SCHEDULE [--format text|json]
//   interleave explain NAME
//   interleave gate [NAME...]
//   interleave merge FILE... [--gate] [--format text|json|junit] [--report DIR]
//   interleave gallery DIR
//   interleave new NAME [--dir DIR]
// Exit codes: 0 holds, 1 violation, 2 usage error (or a report that could not
// be written), 3 a bound was reached (or Ctrl-C) before the search finished.
#include <iostream>

#include "commands.hpp"
#include "report_commands.hpp"

int main(int argc, char** argv) {
  CLI::App app{"interleave: a model checker for concurrency primitives"};
  app.require_subcommand(1);
  int exit_code = interleave::cli::ok;
  interleave::cli::add_list(app, exit_code);
  interleave::cli::add_check(app, exit_code);
  interleave::cli::add_replay(app, exit_code);
  interleave::cli::add_gate(app, exit_code);
  interleave::cli::add_merge(app, exit_code);
  interleave::cli::add_explain(app, exit_code);
  interleave::cli::add_gallery(app, exit_code);
  interleave::cli::add_new(app, exit_code);
  interleave::cli::catch_interrupts();
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "interleave: " << e.what() << "\n";
    return interleave::cli::usage;
  } catch (const std::exception& e) {  // e.g. an output folder that cannot be written
    std::cerr << "interleave: error: " << e.what() << "\n";
    return interleave::cli::usage;
  }
  return exit_code;
}
