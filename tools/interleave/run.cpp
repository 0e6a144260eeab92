// The command line's parser and dispatch, apart from main() so that a fuzzer
// (tools/fuzz) drives exactly what a user's arguments drive.
#include <iostream>

#include "commands.hpp"
#include "report_commands.hpp"

namespace interleave::cli {

int run(int argc, char** argv) {
  CLI::App app{"interleave: a model checker for concurrency primitives"};
  app.require_subcommand(1);
  int exit_code = ok;
  add_list(app, exit_code);
  add_check(app, exit_code);
  add_replay(app, exit_code);
  add_gate(app, exit_code);
  add_merge(app, exit_code);
  add_explain(app, exit_code);
  add_gallery(app, exit_code);
  add_new(app, exit_code);
  add_stress(app, exit_code);
  add_which_check(app, exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "interleave: " << e.what() << "\n";
    return usage;
  } catch (const std::exception& e) {  // e.g. an output folder that cannot be written
    std::cerr << "interleave: error: " << e.what() << "\n";
    return usage;
  }
  return exit_code;
}

}  // namespace interleave::cli
