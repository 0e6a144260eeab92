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
void add_new(CLI::App& app, int& exit_code);

/// The file-name stem of a model's reports: "lock-order/inversion" ->
/// "lock-order__inversion".
std::string report_stem(const std::string& model_name);

/// The HTML page's extras for a model: what it checks, its flaw and passage,
/// the replay command, and source lines read from disk.
reports::HtmlOptions html_options_for(const Model& model);

/// Writes `text` to `path` as is, through a temporary file renamed into
/// place; throws std::runtime_error with a clear line when it cannot.
void write_file(const std::filesystem::path& path, const std::string& text);

/// Creates `dir` if missing; throws std::runtime_error when it cannot.
void create_output_folder(const std::filesystem::path& dir);

/// Writes <stem>.txt, .md, .json and .html of `result` into `dir` (created
/// if missing) and returns the stem; throws std::runtime_error when it cannot.
std::string write_reports(const std::filesystem::path& dir, const Model& model, const Result& result);

/// write_reports, with a failure printed on stderr (false) instead of thrown.
bool try_write_reports(const std::filesystem::path& dir, const Model& model, const Result& result);

/// Progress on standard error while a search runs (executions, executions
/// per second, depth, elapsed, bound in force): on a terminal one line
/// redrawn in place and erased when the search ends; otherwise a plain line
/// every few seconds. Also tells the search when Ctrl-C asks it to stop.
class ProgressLine final : public Listener {
 public:
  ProgressLine(std::string model, const Options& options);
  ~ProgressLine() override;
  Listener* listener() { return this; }
  void progress(const Stats& stats, std::uint64_t depth) override;
  bool stop_requested() override;

 private:
  std::string model_;
  std::string bound_;
  bool terminal_ = false;
  bool drawn_ = false;
  double printed_at_ = 0;  ///< seconds into the search of the last plain line
};

}  // namespace interleave::cli
