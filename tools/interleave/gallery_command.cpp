// `interleave gallery DIR`: checks every registered model and writes, into
// DIR, the reports of every result with a violation (each teaching variant,
// and any correct model that failed), index.html (the teaching variants by
// primitive), summary.html (every model) and junit.xml. Exit 0 when every
// model came out as expected, 1 otherwise (as the gate). With --checks FILE
// (the JSON of `interleave which-check`), each variant also shows what
// stress and ThreadSanitizer found on real threads.
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <map>

#include "commands.hpp"
#include "report_commands.hpp"

namespace interleave::cli {

void add_gallery(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand("gallery", "Write every teaching variant's report, an index and a summary page");
  auto dir = std::make_shared<std::string>();
  auto checks = std::make_shared<std::string>();
  cmd->add_option("dir", *dir, "output folder (created if missing)")->required();
  cmd->add_option("--checks", *checks, "the JSON of `interleave which-check`: real-thread results per variant");
  cmd->callback([dir, checks, &exit_code] {
    create_output_folder(*dir);                          // before the long run: a bad folder is a usage error at once
    std::map<std::string, nlohmann::json> real_threads;  // variant -> its which-check row
    if (!checks->empty()) {
      std::ifstream in(*checks);
      if (!in) throw std::runtime_error("cannot read " + *checks);
      for (auto& row : nlohmann::json::parse(in)) real_threads[row.at("name").get<std::string>()] = row;
    }
    std::vector<reports::GalleryItem> items;
    std::vector<reports::JunitCase> cases;
    int mismatches = 0;
    for (const Model& m : models()) {
      Result r;
      {
        ProgressLine progress(m.name, m.options);
        r = check_model(m, m.options, Counterexamples::shrunk, progress.listener());
      }
      const bool as_expected = matches_expectation(m, r);
      mismatches += as_expected ? 0 : 1;
      const std::string stem = r.violations.empty() ? std::string() : write_reports(*dir, m, r);
      cases.push_back({m.name, r, as_expected});
      reports::GalleryItem item{m, std::move(r), as_expected, stem};
      if (auto row = real_threads.find(m.name); row != real_threads.end()) {
        item.stress = row->second.at("stress").get<std::string>();
        item.tsan = row->second.at("tsan").get<std::string>();
      }
      items.push_back(std::move(item));
    }
    write_file(std::filesystem::path(*dir) / "index.html", reports::render_gallery_index(items));
    write_file(std::filesystem::path(*dir) / "summary.html", reports::render_summary_page(items));
    write_file(std::filesystem::path(*dir) / "junit.xml", reports::render_junit(cases));
    fmt::print("gallery: {} models, {} not as expected; open {}/index.html\n", items.size(), mismatches, *dir);
    exit_code = mismatches ? violated : ok;
  });
}

}  // namespace interleave::cli
