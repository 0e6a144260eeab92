// Each subcommand of `interleave` registers itself on the app; its callback
// stores the process exit code in `exit_code`.
#pragma once

#include <CLI/CLI.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include "interleave/interleave.hpp"
#include "models/check_model.hpp"
#include "models/registry.hpp"

namespace interleave::cli {

/// Exit codes, the contract CI builds on.
enum Exit : int { ok = 0, violated = 1, usage = 2, bound = 3 };

/// check_model in a child process (--isolate): a crash of the model becomes a
/// violation of kind crash with the schedule it was running.
Result isolated_check(const Model& model, const Options& options, Counterexamples counterexamples);

/// Parses `argv` and runs the subcommand; returns the exit code.
int run(int argc, char** argv);

void add_list(CLI::App& app, int& exit_code);
void add_check(CLI::App& app, int& exit_code);
void add_replay(CLI::App& app, int& exit_code);
void add_gate(CLI::App& app, int& exit_code);
void add_merge(CLI::App& app, int& exit_code);
void add_stress(CLI::App& app, int& exit_code);
void add_which_check(CLI::App& app, int& exit_code);

/// Prints the gate's line for `m` and its result; true when it came out as expected.
bool print_gate_line(const Model& m, const Result& r);

/// A flag's whole-number check: digits (and a sign only if lo < 0), within
/// [lo, hi]; anything else is a usage error naming the range.
CLI::Validator whole_number(std::int64_t lo, std::int64_t hi);
/// A flag's number of seconds: a decimal number above 0.
CLI::Validator positive_seconds();

/// Installs the SIGINT handler (main does, once): the first Ctrl-C asks
/// running searches to stop, the second ends the process.
void catch_interrupts();
/// True once Ctrl-C was pressed.
bool interrupt_requested();

/// The model named `name`; throws CLI::ValidationError with a clear line if unknown.
const Model& model_named(const std::string& name);
/// Exit code of one result.
int exit_code_of(const Result& result);
/// Prints a result as plain text / JSON on stdout.
void print_text(const Result& result);
std::string to_json(const Result& result);

}  // namespace interleave::cli
