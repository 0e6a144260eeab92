// Renderers of a check's Result: terminal text, Markdown, JSON, JUnit XML and
// a self-contained HTML page. Each is a pure function of the plain result (as
// TSan's report printer is): layout only, no decisions about the result.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "interleave/result.hpp"
#include "models/registry.hpp"

namespace interleave::reports {

/// Looks up the text of a source line for a step ("file", line), or nullopt.
/// Renderers never read files themselves; the caller passes this in.
using SourceLines = std::function<std::optional<std::string>(const std::string& file, int line)>;

/// A SourceLines that reads files from disk (cached per file); nullopt for
/// files that cannot be read or lines past their end.
SourceLines source_lines_from_disk();

/// How the terminal trace looks.
struct TextStyle {
  bool colour = false;        ///< ANSI colour (the CLI passes isatty(stdout))
  std::size_t max_cell = 38;  ///< a thread column's widest cell; longer cells wrap
};

/// The terminal report: a header per violation, then one column per thread
/// and one row per step (operation, object, values, file:line), with the
/// violating step marked.
std::string render_text(const Result& result, const TextStyle& style = {});

/// The report as GitHub-flavoured Markdown (for pull-request comments).
std::string render_markdown(const Result& result);

/// The version of the JSON schema (reports/schema/result.schema.json).
/// Bumped when a field is removed or changes meaning; adding one is compatible.
inline constexpr std::string_view json_schema_id = "interleave.result/1";

/// The report as JSON following reports/schema/result.schema.json.
nlohmann::json to_json(const Result& result);
/// to_json(result), pretty-printed.
std::string render_json(const Result& result);
/// Reads a report written by render_json back into a Result (for replaying
/// a saved report). Throws nlohmann::json::exception on a malformed report.
Result result_from_json(const nlohmann::json& report);

/// One JUnit test case: a model's name and its result. `passed` says whether
/// the result is what the model expects (a teaching variant passes when it
/// is caught); the renderer does not decide it.
struct JunitCase {
  std::string name;
  Result result;
  bool passed = false;
};

/// JUnit XML: one <testcase> per model; a failing case carries the text trace.
std::string render_junit(const std::vector<JunitCase>& cases, std::string_view suite = "interleave");
/// As above, each case passing exactly when its result holds.
std::string render_junit(const std::vector<std::pair<std::string, Result>>& results,
                         std::string_view suite = "interleave");

/// Extra, optional content of the HTML page.
struct HtmlOptions {
  std::string title;           ///< page title; default: the model's name
  std::string summary;         ///< what the model checks (a sentence)
  std::string flaw;            ///< a teaching variant's flaw (a paragraph)
  std::string passage;         ///< the notes' passage it comes from
  std::string replay_command;  ///< e.g. "interleave replay NAME" (the page appends the schedule)
  SourceLines source;          ///< when set, each step shows its source line
};

/// One self-contained HTML page (inline CSS and JS, no network): swimlanes per
/// thread, steps in order, the violating step highlighted, next/previous
/// buttons and arrow-key navigation, each step's source line, and the schedule
/// string with a copy button.
std::string render_html(const Result& result, const HtmlOptions& options = {});

/// One model on the gallery's pages: the model, its result, whether that is
/// what the model expects (decided by the caller, e.g. matches_expectation),
/// and the stem of its report files ("" when none were written).
struct GalleryItem {
  Model model;
  Result result;
  bool as_expected = false;
  std::string report_stem;
  /// What the real-thread checks found (`interleave which-check`'s cells):
  /// stress runs and ThreadSanitizer. Empty when not measured. A model-only
  /// variant shows its Model::model_only reason instead.
  std::string stress;
  std::string tsan;
};

/// The gallery's index page: every teaching variant (a model that expects a
/// violation), grouped by primitive, with its flaw, the notes' passage, what
/// the checker found, and links to its reports (<stem>.html/.txt/.json/.md).
std::string render_gallery_index(const std::vector<GalleryItem>& items);

/// The summary page of every model: expected and found outcome, whether they
/// match, executions and time; linked to the index and to each report.
std::string render_summary_page(const std::vector<GalleryItem>& items);

}  // namespace interleave::reports
