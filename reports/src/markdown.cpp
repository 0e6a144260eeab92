// The report as GitHub-flavoured Markdown, for pull-request comments: a
// summary, then per violation its message, schedule and the trace as a table
// with one column per thread and the violating step in bold.
#include <fmt/format.h>

#include "history_layout.hpp"
#include "interleave/reports.hpp"
#include "layout.hpp"
#include "model_state.hpp"
#include "summary.hpp"

namespace interleave::reports {

namespace {

// Text safe inside a table cell: pipes escaped, newlines as <br>, and the
// characters Markdown would read as markup escaped.
std::string cell(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '|' || c == '*' || c == '_' || c == '`' || c == '<' || c == '[' || c == ']' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "<br>";
      continue;
    }
    out += c;
  }
  return out;
}

// Inline code that survives backticks inside it.
std::string code(std::string_view text) {
  std::string fence = text.find('`') == std::string_view::npos ? "`" : "`` ";
  std::string close = fence == "`" ? "`" : " ``";
  return fence + std::string(text) + close;
}

void render_trace(std::string& out, const Violation& v) {
  const auto threads = layout::threads_of(v.trace);
  out += "| step |";
  for (int t : threads) out += fmt::format(" thread {} |", t);
  out += " where |\n|---:|";
  for (std::size_t c = 0; c < threads.size(); ++c) out += "---|";
  out += "---|\n";
  for (const auto& e : v.trace) {
    const bool failing = e.index == v.failing_step;
    const bool other = v.other_step && e.index == *v.other_step;  // a race's first access
    const auto column = layout::column_of(threads, e.thread);
    out += failing ? fmt::format("| **{} ⚠** |", e.index)
           : other ? fmt::format("| **{} ⚠ (first access)** |", e.index)
                   : fmt::format("| {} |", e.index);
    for (std::size_t c = 0; c < threads.size(); ++c) {
      if (c != column) {
        out += " |";
        continue;
      }
      std::string text = cell(layout::step_text(e));
      out += failing || other ? " **" + text + "** |" : " " + text + " |";
    }
    std::string where = layout::short_where(e);
    out += (where.empty() ? std::string(" ") : " " + code(where)) + " |\n";
  }
}

// A linearizability violation's history as a table in invocation order, the
// counterexample's calls in bold.
void render_history(std::string& out, const Violation& v) {
  if (v.history.empty()) return;
  out +=
      "<details open><summary>History</summary>\n\n| thread | call | interval | counterexample |\n|---:|---|---|---|\n";
  for (const auto& c : history_layout::by_invocation(v.history)) {
    const std::string text = cell(history_layout::call_text(c));
    out += fmt::format("| {} | {} | {} | {} |\n", c.thread, c.offending ? "**" + text + "**" : text,
                       cell(history_layout::interval_text(c)), c.offending ? "yes" : "");
  }
  out += "\n</details>\n\n";
}

}  // namespace

std::string render_markdown(const Result& result) {
  std::string out = fmt::format("### `{}`: {}\n\n", result.model, layout::verdict_line(result));
  out += layout::stats_line(result) + "\n";
  if (!result.note.empty()) out += "\n> " + result.note + "\n";
  for (std::size_t i = 0; i < result.violations.size(); ++i) {
    const Violation& v = result.violations[i];
    out += fmt::format("\n#### Violation {} of {}: `{}`\n\n", i + 1, result.violations.size(), to_string(v.kind));
    out += v.message + "\n\n";
    out += fmt::format("Schedule {} ({}).\n\n", code(v.schedule), layout::length_line(v));
    render_history(out, v);
    out += "<details open><summary>Trace</summary>\n\n";
    render_trace(out, v);
    out += "\n</details>\n";
    if (v.failing_step < v.trace.size())
      out += fmt::format("\nState after step {}: {}.\n", v.failing_step,
                         cell(model_state::line(model_state::after_each_step(v.trace)[v.failing_step])));
  }
  return out;
}

}  // namespace interleave::reports
