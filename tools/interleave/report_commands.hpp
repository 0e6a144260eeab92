// The report side of the command line: report files, the progress line, and
// the explain and gallery subcommands (renderers live in reports/).
#pragma once

#include <CLI/CLI.hpp>

#include <filesystem>
#include <memory>
#include <string>

#include "interleave/interleave.hpp"
#include "interleave/reports.hpp"
#include "models/registry.hpp"

namespace interleave::cli {

void add_explain(CLI::App& app, int& exit_code);
void add_gallery(CLI::App& app, int& exit_code);

/// The file-name stem of a model's reports: "lock-order/inversion" ->
/// "lock-order__inversion".
std::string report_stem(const std::string& model_name);

/// The HTML page's extras for a model: what it checks, its flaw and passage,
/// the replay command, and source lines read from disk.
reports::HtmlOptions html_options_for(const Model& model);

/// Writes `text` to `path` as is; throws std::runtime_error when it cannot.
void write_file(const std::filesystem::path& path, const std::string& text);

/// Writes <stem>.txt, .md, .json and .html of `result` into `dir` (created
/// if missing) and returns the stem.
std::string write_reports(const std::filesystem::path& dir, const Model& model, const Result& result);

/// A one-line progress display on standard error, redrawn in place while a
/// search runs (executions, executions per second, depth, elapsed, bound in
/// force). Silent unless standard error is a terminal.
class ProgressLine final : public Listener {
 public:
  ProgressLine(std::string model, const Options& options);
  ~ProgressLine() override;
  /// this when standard error is a terminal, else nullptr (pass to check()).
  Listener* listener() { return enabled_ ? this : nullptr; }
  void progress(const Stats& stats, std::uint64_t depth) override;

 private:
  std::string model_;
  std::string bound_;
  bool enabled_ = false;
  bool drawn_ = false;
};

}  // namespace interleave::cli
