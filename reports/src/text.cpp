// The terminal report: one column per thread, one row per step, the violating
// step marked, ANSI colour only when asked for.
#include <fmt/format.h>

#include "history_layout.hpp"
#include "interleave/reports.hpp"
#include "layout.hpp"
#include "model_state.hpp"
#include "summary.hpp"

namespace interleave::reports {

namespace {

// ANSI SGR codes, used only when TextStyle::colour is set.
constexpr const char* bold = "1";
constexpr const char* dim = "2";
constexpr const char* red = "1;31";
constexpr const char* green = "1;32";
constexpr const char* yellow = "1;33";
constexpr const char* cyan = "36";

class Painter {
 public:
  explicit Painter(bool on) : on_(on) {}
  std::string operator()(std::string_view text, const char* code) const {
    if (!on_ || text.empty()) return std::string(text);
    return fmt::format("\x1b[{}m{}\x1b[0m", code, text);
  }

 private:
  bool on_;
};

// `text` padded with spaces to `columns` display columns.
std::string pad(std::string_view text, std::size_t columns) {
  std::size_t w = layout::width(text);
  return std::string(text) + std::string(columns > w ? columns - w : 0, ' ');
}

// Green only for a proof: a sampled search that found nothing is yellow.
const char* verdict_colour(const Result& result) {
  switch (result.verdict) {
    case Verdict::holds: return result.exhaustive ? green : yellow;
    case Verdict::violated: return red;
    default: return yellow;
  }
}

// The trace table of one violation.
void render_trace(std::string& out, const Violation& v, const TextStyle& style, const Painter& paint) {
  const auto threads = layout::threads_of(v.trace);
  // Each thread column is as wide as its widest cell, capped at max_cell.
  std::vector<std::size_t> widths(threads.size(), 0);
  for (std::size_t c = 0; c < threads.size(); ++c) widths[c] = layout::width(fmt::format("thread {}", threads[c]));
  for (const auto& e : v.trace) {
    auto& w = widths[layout::column_of(threads, e.thread)];
    w = std::max(w, std::min(layout::width(layout::step_text(e)), style.max_cell));
  }
  const std::size_t step_width = std::max<std::size_t>(4, fmt::formatted_size("{}", v.trace.size()) + 3);

  std::string header = "  " + pad("step", step_width);
  std::string rule = "  " + std::string(step_width, '-');
  for (std::size_t c = 0; c < threads.size(); ++c) {
    header += " | " + paint(pad(fmt::format("thread {}", threads[c]), widths[c]), bold);
    rule += "-+-" + std::string(widths[c], '-');
  }
  out += header + " | " + paint("where", bold) + "\n" + rule + "-+-" + std::string(5, '-') + "\n";

  for (const auto& e : v.trace) {
    const bool failing = e.index == v.failing_step;
    const bool other = v.other_step && e.index == *v.other_step;  // a race's first access
    const auto column = layout::column_of(threads, e.thread);
    const auto lines = layout::wrap(layout::step_text(e), widths[column]);
    for (std::size_t l = 0; l < lines.size(); ++l) {
      std::string number = l == 0 ? fmt::format("{}{:>{}}",
                                                failing ? ">> "
                                                : other ? " > "
                                                        : "",
                                                e.index, step_width - (failing || other ? 3 : 0))
                                  : std::string(step_width, ' ');
      std::string row = "  " + paint(number, failing ? red : dim);
      for (std::size_t c = 0; c < threads.size(); ++c) {
        std::string cell = pad(c == column ? lines[l] : "", widths[c]);
        row += " | " + (c == column && (failing || other) ? paint(cell, red) : cell);
      }
      row += " | ";
      if (l == 0) row += paint(layout::short_where(e), dim);
      if (l == 0 && failing)
        row += paint(v.other_step
                         ? fmt::format("  <-- {}, second access (the first: step {})", to_string(v.kind), *v.other_step)
                         : fmt::format("  <-- {}", to_string(v.kind)),
                     red);
      if (l == 0 && other) row += paint(fmt::format("  <-- {}, first access", to_string(v.kind)), red);
      while (!row.empty() && row.back() == ' ') row.pop_back();
      out += row + "\n";
    }
  }
}

// A linearizability violation's history: one row per call in invocation
// order, its interval drawn as a bar, the counterexample's calls marked *.
void render_history(std::string& out, const Violation& v, const Painter& paint) {
  if (v.history.empty()) return;
  namespace hl = history_layout;
  const auto calls = hl::by_invocation(v.history);
  const std::uint64_t end = hl::end_of(calls);
  constexpr std::size_t bar_width = 40;
  std::size_t text_width = 0, interval_width = 0;
  for (const auto& c : calls) {
    text_width = std::max(text_width, layout::width(hl::call_text(c)));
    interval_width = std::max(interval_width, layout::width(hl::interval_text(c)));
  }
  out += "  history (* marks the calls that cannot all keep their results):\n";
  for (const auto& c : calls) {
    const auto [first, last] = hl::columns(c, end, bar_width);
    std::string bar(bar_width, ' ');
    for (std::size_t k = first; k <= last; ++k) bar[k] = c.returned == 0 ? '-' : '=';
    const std::string row =
        fmt::format("  {} thread {}  {}  {}  |{}|", c.offending ? '*' : ' ', c.thread,
                    pad(hl::call_text(c), text_width), pad(hl::interval_text(c), interval_width), bar);
    out += (c.offending ? paint(row, red) : row) + "\n";
  }
  out += "\n";
}

// The state of every model object after the failing step.
void render_state(std::string& out, const Violation& v) {
  if (v.failing_step >= v.trace.size()) return;
  const auto states = model_state::after_each_step(v.trace);
  const std::string text =
      fmt::format("state after step {}: {}", v.failing_step, model_state::line(states[v.failing_step]));
  for (const auto& line : layout::wrap(text, 100)) out += "  " + line + "\n";
}

}  // namespace

std::string render_text(const Result& result, const TextStyle& style) {
  const Painter paint(style.colour);
  std::string out =
      fmt::format("{}: {}  ({})\n", paint(result.model, bold),
                  paint(layout::verdict_line(result), verdict_colour(result)), layout::stats_line(result));
  if (!result.note.empty()) out += "  note: " + result.note + "\n";
  for (std::size_t i = 0; i < result.violations.size(); ++i) {
    const Violation& v = result.violations[i];
    out += fmt::format("\nviolation {} of {}: {}\n", i + 1, result.violations.size(), paint(to_string(v.kind), red));
    for (const auto& line : layout::wrap(v.message, 100)) out += "  " + line + "\n";
    out += fmt::format("  schedule: {}  ({})\n\n", paint(v.schedule, cyan), layout::length_line(v));
    render_history(out, v, paint);
    render_trace(out, v, style, paint);
    render_state(out, v);
  }
  return out;
}

}  // namespace interleave::reports
