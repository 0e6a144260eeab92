// `interleave merge FILE...`: the JSON results of the N shards of a search
// (`check ... --shard K/N --format json`, one file per shard, each a result
// or an array of results) merged into one result per model, exactly as the
// parts of a search on several threads are merged (interleave::merge_shards).
// With --gate, every registered model is judged against its expected outcome,
// as `interleave gate` does; a model missing from the files fails the gate.
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <iostream>
#include <map>

#include "commands.hpp"
#include "report_commands.hpp"

namespace interleave::cli {
namespace {

/// Every result in `path`, grouped by model into `parts` (in first-seen order in `order`).
void read_results(const std::string& path, std::map<std::string, std::vector<Result>>& parts,
                  std::vector<std::string>& order) {
  std::ifstream in(path);
  if (!in) throw CLI::ValidationError(fmt::format("cannot read {}", path));
  nlohmann::json doc;
  try {
    doc = nlohmann::json::parse(in);
  } catch (const nlohmann::json::exception& e) {
    throw CLI::ValidationError(fmt::format("{} is not JSON: {}", path, e.what()));
  }
  const nlohmann::json items = doc.is_array() ? doc : nlohmann::json::array({doc});
  for (const nlohmann::json& item : items) {
    Result r;
    try {
      r = reports::result_from_json(item);
    } catch (const std::exception& e) {
      throw CLI::ValidationError(fmt::format("{} holds no interleave result: {}", path, e.what()));
    }
    if (!parts.count(r.model)) order.push_back(r.model);
    parts[r.model].push_back(std::move(r));
  }
}

}  // namespace

void add_merge(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand("merge", "Merge the JSON results of the shards of a search");
  auto files = std::make_shared<std::vector<std::string>>();
  auto gate = std::make_shared<bool>(false);
  auto format = std::make_shared<std::string>("text");
  auto report_dir = std::make_shared<std::string>();
  cmd->add_option("files", *files, "JSON results, one per shard")->required();
  cmd->add_flag("--gate", *gate, "judge every registered model against its expected outcome");
  cmd->add_option("--format", *format, "text, json or junit")->check(CLI::IsMember({"text", "json", "junit"}));
  cmd->add_option("--report", *report_dir, "write the reports of each merged violation here");
  cmd->callback([=, &exit_code] {
    std::map<std::string, std::vector<Result>> parts;
    std::vector<std::string> order;
    for (const std::string& f : *files) read_results(f, parts, order);
    std::vector<std::pair<std::string, Result>> merged;
    for (const std::string& model : order) {
      try {
        merged.emplace_back(model, merge_shards(parts[model]));
      } catch (const std::invalid_argument& e) {
        throw CLI::ValidationError(e.what());
      }
    }
    int worst = ok, mismatches = 0;
    bool unwritten = false;
    std::string json_items;
    for (auto& [name, r] : merged) {
      const Model* model = find_model(name);
      if (*gate) {
        if (!model) throw CLI::ValidationError(fmt::format("{} is not a registered model", name));
        mismatches += print_gate_line(*model, r) ? 0 : 1;
      } else if (*format == "json") {
        json_items += (json_items.empty() ? "" : ",\n") + to_json(r);
      } else if (*format == "text") {
        print_text(r);
      }
      const int code = exit_code_of(r);
      if (code == violated || (worst == ok && code != ok)) worst = code;
      if (!report_dir->empty() && !r.violations.empty() && model)
        unwritten |= !try_write_reports(*report_dir, *model, r);
    }
    if (*gate) {
      for (const Model& m : models())
        if (!parts.count(m.name)) {
          fmt::print("FAIL {:<40} not in the results\n", m.name);
          ++mismatches;
        }
      fmt::print("{} models merged from {} files, {} mismatches\n", merged.size(), files->size(), mismatches);
      exit_code = unwritten ? usage : mismatches ? violated : ok;
      return;
    }
    if (*format == "junit") std::cout << reports::render_junit(merged);
    if (*format == "json") std::cout << (merged.size() == 1 ? json_items : "[\n" + json_items + "\n]") << "\n";
    exit_code = unwritten ? usage : worst;
  });
}

}  // namespace interleave::cli
