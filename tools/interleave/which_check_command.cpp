// `interleave which-check --stress FILE --tsan FILE [--json OUT] [--markdown OUT]`:
// the table of which check catches which teaching variant. Runs the gate's
// check of every teaching variant (the model checker column) and joins it
// with two measurements of `interleave stress --variants --format json`: one
// from an ordinary build (the stress column) and one from a ThreadSanitizer
// build (the TSan column). Writes the joined JSON (which `interleave gallery
// --checks` reads) and the Markdown table README shows.
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <iostream>
#include <map>
#include <vector>

#include "commands.hpp"
#include "report_commands.hpp"

namespace interleave::cli {
namespace {

std::map<std::string, nlohmann::json> read_stress_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::map<std::string, nlohmann::json> by_name;
  for (auto& entry : nlohmann::json::parse(in)) by_name[entry.at("name").get<std::string>()] = entry;
  return by_name;
}

std::string with_commas(long n) {
  std::string digits = std::to_string(n), out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

/// A failure's text without the " at FILE:LINE" an assertion ends with.
std::string without_location(const std::string& failure) {
  const std::size_t at = failure.rfind(" at ");
  if (at == std::string::npos || failure.find(':', at) == std::string::npos) return failure;
  return failure.substr(0, at);
}

/// The stress cell: what real runs showed, with how many runs.
std::string stress_cell(const nlohmann::json& s) {
  if (s.contains("model_only")) return "model only: " + s["model_only"].get<std::string>();
  const long runs = s["runs"], failed = s["failed"].get<long>() + s["crashed"].get<long>();
  if (s["hung_run"].get<long>() > 0) {
    if (s["hung_at_exit"].get<bool>())
      return fmt::format("caught: hung at exit after run {}", with_commas(s["hung_run"]));
    return fmt::format("caught: hung (deadlock?) in run {}{}", with_commas(s["hung_run"]),
                       failed ? fmt::format(", {} failed before", with_commas(failed)) : "");
  }
  if (failed)
    return fmt::format("caught: {} of {} runs failed ({})", with_commas(failed), with_commas(runs),
                       without_location(s["first_failure"].get<std::string>()));
  return fmt::format("not caught in {} runs", with_commas(runs));
}

/// The TSan cell: the kinds reported, or nothing in how many runs.
std::string tsan_cell(const nlohmann::json& s) {
  if (s.contains("model_only")) return "model only";
  const long runs = s["runs"], hung = s["hung_run"];
  std::string kinds;
  for (const auto& [kind, n] : s["tsan_kinds"].items()) kinds += (kinds.empty() ? "" : ", ") + kind;
  const std::string hang = hung > 0 ? fmt::format("; run {} hung", with_commas(hung)) : "";
  if (kinds.empty()) {
    if (hung > 0 && runs == 0) return "not caught: run 1 hung before any report";
    return fmt::format("not caught in {} runs{}", with_commas(runs), hang);
  }
  return fmt::format("caught: {} (first in run {} of {}{})", kinds, with_commas(s["tsan_first_run"]), with_commas(runs),
                     hang);
}

/// The table of the variants with a real-thread scenario, then the model-only
/// variants grouped by their reason, with the model checker's verdict.
std::string which_check_markdown(const nlohmann::json& rows) {
  std::string out =
      "| variant | model checker | stress (real threads) | ThreadSanitizer |\n| --- | --- | --- | --- |\n";
  std::map<std::string, std::vector<std::string>> model_only;  // reason -> "`name` (verdict)"
  for (const auto& row : rows) {
    const auto& stress = row["stress_measurement"];
    if (stress.contains("model_only")) {
      model_only[stress["model_only"].get<std::string>()].push_back(
          fmt::format("`{}` ({})", row["name"].get<std::string>(), row["model_checker"].get<std::string>()));
      continue;
    }
    out += fmt::format("| `{}` | {} | {} | {} |\n", row["name"].get<std::string>(),
                       row["model_checker"].get<std::string>(), row["stress"].get<std::string>(),
                       row["tsan"].get<std::string>());
  }
  if (!model_only.empty()) out += "\nModel only (no real-thread scenario), by reason:\n\n";
  for (const auto& [reason, names] : model_only) {
    out += "- " + reason + ": ";
    for (std::size_t i = 0; i < names.size(); ++i) out += (i ? ", " : "") + names[i];
    out += ".\n";
  }
  return out;
}

}  // namespace

void add_which_check(CLI::App& app, int& exit_code) {
  auto* cmd =
      app.add_subcommand("which-check", "Join the model checker, stress and TSan results of every teaching variant");
  auto stress_file = std::make_shared<std::string>();
  auto tsan_file = std::make_shared<std::string>();
  auto json_out = std::make_shared<std::string>();
  auto markdown_out = std::make_shared<std::string>();
  cmd->add_option("--stress", *stress_file, "`interleave stress --variants --format json` of an ordinary build")
      ->required();
  cmd->add_option("--tsan", *tsan_file, "the same, of a ThreadSanitizer build (the tsan-models preset)")->required();
  cmd->add_option("--json", *json_out, "write the joined rows here (for `interleave gallery --checks`)");
  cmd->add_option("--markdown", *markdown_out, "write the Markdown table here (default: stdout)");
  cmd->callback([=, &exit_code] {
    const auto stress = read_stress_file(*stress_file);
    const auto tsan = read_stress_file(*tsan_file);
    nlohmann::json rows = nlohmann::json::array();
    int mismatches = 0;
    for (const Model& m : models()) {
      if (!m.expected) continue;
      const Result r = check_model(m, m.options, Counterexamples::as_found);
      const bool caught = matches_expectation(m, r);
      mismatches += caught ? 0 : 1;
      std::string found;
      for (const Violation& v : r.violations) found += (found.empty() ? "" : ", ") + std::string(to_string(v.kind));
      auto s = stress.find(m.name);
      auto t = tsan.find(m.name);
      if (s == stress.end() || t == tsan.end())
        throw std::runtime_error(m.name + " is missing from the stress or TSan measurement");
      rows.push_back({{"name", m.name},
                      {"expected", to_string(*m.expected)},
                      {"model_checker", caught ? "caught: " + found : "NOT caught: " + found},
                      {"stress", stress_cell(s->second)},
                      {"tsan", tsan_cell(t->second)},
                      {"stress_measurement", s->second},
                      {"tsan_measurement", t->second}});
    }
    if (!json_out->empty()) write_file(*json_out, rows.dump(2) + "\n");
    const std::string table = which_check_markdown(rows);
    if (markdown_out->empty())
      std::cout << table;
    else
      write_file(*markdown_out, table);
    exit_code = mismatches ? violated : ok;
  });
}

}  // namespace interleave::cli
