// One self-contained HTML page per result: a header (verdict, statistics, what
// the model checks, the flaw and the notes' passage), then per violation its
// message, schedule (with a copy button), step controls and the trace as
// swimlanes, one column per thread. Style and script are inline
// (html_assets.cpp); a Content-Security-Policy forbids any network load.
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "history_layout.hpp"
#include "html_assets.hpp"
#include "interleave/reports.hpp"
#include "layout.hpp"
#include "model_state.hpp"
#include "sequence_diagram.hpp"
#include "summary.hpp"

namespace interleave::reports {

namespace {

using layout::escape_xml;

void render_about(std::string& out, const HtmlOptions& o) {
  if (o.summary.empty() && o.flaw.empty() && o.passage.empty()) return;
  out += "<dl class=\"about\">\n";
  if (!o.summary.empty()) out += "<dt>What it checks</dt><dd>" + escape_xml(o.summary) + "</dd>\n";
  if (!o.flaw.empty()) out += "<dt>The flaw</dt><dd>" + escape_xml(o.flaw) + "</dd>\n";
  if (!o.passage.empty()) out += "<dt>From the notes</dt><dd>" + escape_xml(o.passage) + "</dd>\n";
  out += "</dl>\n";
}

// One step's cell in its thread's lane.
std::string step_cell(const TraceEvent& e, const HtmlOptions& o) {
  std::string cell = fmt::format("<div class=\"cell\"><span class=\"op\">{}</span> <span class=\"obj\">{}</span>",
                                 escape_xml(e.operation), escape_xml(e.object));
  if (!e.detail.empty()) cell += fmt::format(" <span class=\"detail\">{}</span>", escape_xml(e.detail));
  std::string where = layout::short_where(e);
  if (!where.empty())
    cell += fmt::format("<div class=\"where\" title=\"{}:{}\">{}</div>", escape_xml(e.file), e.line, escape_xml(where));
  if (o.source && !e.file.empty()) {
    if (auto text = o.source(e.file, e.line)) cell += fmt::format("<pre class=\"src\">{}</pre>", escape_xml(*text));
  }
  return cell + "</div>";
}

// The state panel (filled by the script for the current step) and the state
// of every model object after each step, embedded as JSON: per step a list of
// [object, state, changed].
void render_state(std::string& out, const Violation& v) {
  nlohmann::json steps = nlohmann::json::array();
  for (const auto& snapshot : model_state::after_each_step(v.trace)) {
    nlohmann::json entries = nlohmann::json::array();
    for (const auto& e : snapshot) entries.push_back({e.object, e.state, e.changed});
    steps.push_back(std::move(entries));
  }
  std::string json = steps.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  // "</" could close the script element early.
  for (std::size_t at = json.find("</"); at != std::string::npos; at = json.find("</", at + 3))
    json.insert(at + 1, "\\");
  out +=
      "<div class=\"state-panel\"><h3>State after step <span class=\"sp-step\"></span></h3>"
      "<p class=\"muted\">Every model object after the selected step; what the step changed is highlighted.</p>"
      "<table class=\"state\"><tbody></tbody></table></div>\n";
  out += "<script type=\"application/json\" class=\"states\">" + json + "</script>\n";
}

// A linearizability violation's history: one track per thread, each call a
// bar from its invocation to its response (dashed when it never returned),
// the counterexample's calls highlighted.
void render_history(std::string& out, const Violation& v) {
  if (v.history.empty()) return;
  namespace hl = history_layout;
  const auto calls = hl::by_invocation(v.history);
  const double end = static_cast<double>(hl::end_of(calls));
  out += fmt::format(
      "<div class=\"history\"><h3>History</h3><p class=\"muted\">Each bar is a call, from its invocation to its "
      "response; the highlighted calls cannot all keep their results in any order that respects real time.</p>\n");
  for (int t : hl::threads_of(calls)) {
    out += fmt::format(
        "<div class=\"h-row\" data-thread=\"{}\"><span class=\"h-thread\">thread {}</span>"
        "<div class=\"h-track\">",
        t, t);
    for (const auto& c : calls) {
      if (c.thread != t) continue;
      const double until = c.returned == 0 ? end : static_cast<double>(c.returned);
      const double left = 100.0 * static_cast<double>(c.invoked) / end;
      const std::string text = hl::call_text(c) + " " + hl::interval_text(c);
      out += fmt::format(
          "<div class=\"h-call{}{}\" data-invoked=\"{}\" data-returned=\"{}\" style=\"left:{:.2f}%;width:{:.2f}%\" "
          "title=\"{}\">{}</div>",
          c.offending ? " offending" : "", c.returned == 0 ? " pending" : "", c.invoked, c.returned, left,
          100.0 * (until - static_cast<double>(c.invoked)) / end, escape_xml(text), escape_xml(hl::call_text(c)));
    }
    out += "</div></div>\n";
  }
  out += "</div>\n";
}

void render_violation(std::string& out, const Violation& v, std::size_t i, std::size_t count, const HtmlOptions& o) {
  const auto threads = layout::threads_of(v.trace);
  out += fmt::format("<section class=\"violation\" id=\"violation-{}\" data-failing=\"{}\">\n", i, v.failing_step);
  out += fmt::format("<h2>Violation {} of {}: <code>{}</code></h2>\n", i + 1, count, to_string(v.kind));
  out += "<p class=\"message\">" + escape_xml(v.message) + "</p>\n";
  out += fmt::format(
      "<div class=\"schedule\">Schedule <code class=\"schedule-text\">{}</code>"
      "<button type=\"button\" class=\"copy\">Copy</button><span class=\"muted\">{}</span></div>\n",
      escape_xml(v.schedule), escape_xml(layout::length_line(v)));
  if (!o.replay_command.empty())
    out += fmt::format("<p class=\"muted\">Replay: <code>{} '{}'</code></p>\n", escape_xml(o.replay_command),
                       escape_xml(v.schedule));
  render_history(out, v);
  out +=
      "<div class=\"controls\"><button type=\"button\" class=\"prev\">&#9664; Previous</button>"
      "<button type=\"button\" class=\"next\">Next &#9654;</button>"
      "<button type=\"button\" class=\"to-failing\">Violating step</button>"
      "<span class=\"position muted\"></span><span class=\"muted\">keys: <kbd>&larr;</kbd> <kbd>&rarr;</kbd> "
      "<kbd>Home</kbd> <kbd>End</kbd> <kbd>v</kbd></span></div>\n"
      "<div class=\"current-step\"><div class=\"cs-title\"></div><div><code class=\"cs-action\"></code></div>"
      "<div class=\"where cs-where\"></div><pre class=\"cs-src\"></pre></div>\n";
  render_state(out, v);
  out +=
      "<details class=\"diagram\" open><summary>Sequence diagram</summary><p class=\"muted\">One lane per "
      "thread, time running down; arrows: a mutex passed from one thread to another, a notify to the wake-up it "
      "caused. Click a step to select it.</p><div class=\"diagram-box\">" +
      sequence_diagram::render_svg(v, i) + "</div></details>\n";
  out += "<table class=\"lanes\"><thead><tr><th class=\"num\">step</th>";
  for (int t : threads) out += fmt::format("<th>thread {}</th>", t);
  out += "</tr></thead>\n<tbody>\n";
  for (const auto& e : v.trace) {
    const auto column = layout::column_of(threads, e.thread);
    const bool failing = e.index == v.failing_step;
    const bool other = v.other_step && e.index == *v.other_step;  // a race's first access
    // Steps between a race's two accesses: the happens-before gap.
    const bool gap = v.other_step && e.index > *v.other_step && e.index < v.failing_step;
    out += fmt::format(
        "<tr class=\"step{}{}\" data-step=\"{}\" data-thread=\"{}\" data-action=\"{}\" data-where=\"{}\">"
        "<td class=\"num\">{}</td>",
        failing ? " violating"
        : other ? " violating racing-first"
        : gap   ? " race-gap"
                : "",
        e.operation.rfind("hook:", 0) == 0 ? " hook" : "", e.index, e.thread, escape_xml(layout::step_text(e)),
        escape_xml(e.file.empty() ? "" : fmt::format("{}:{}", e.file, e.line)), e.index);
    for (std::size_t c = 0; c < threads.size(); ++c)
      out += "<td class=\"lane\">" + (c == column ? step_cell(e, o) : std::string()) + "</td>";
    out += "</tr>\n";
  }
  out += "</tbody></table>\n</section>\n";
}

}  // namespace

std::string render_html(const Result& result, const HtmlOptions& options) {
  const std::string title = options.title.empty() ? result.model : options.title;
  std::string out = fmt::format(
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
      "style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<title>{}</title>\n<style>{}</style>\n</head>\n<body>\n<header>\n"
      "<h1>{}</h1>\n<p><span class=\"verdict verdict-{}\">{}</span> <span class=\"stats\">{}</span></p>\n",
      escape_xml(title + " — interleave"), html_assets::style, escape_xml(title),
      result.verdict == Verdict::holds && !result.exhaustive ? "sampled" : to_string(result.verdict),
      escape_xml(layout::verdict_line(result)), escape_xml(layout::stats_line(result)));
  if (!result.note.empty()) out += "<p class=\"muted\">" + escape_xml(result.note) + "</p>\n";
  render_about(out, options);
  out += "</header>\n<main>\n";
  for (std::size_t i = 0; i < result.violations.size(); ++i)
    render_violation(out, result.violations[i], i, result.violations.size(), options);
  out += fmt::format("</main>\n<script>{}</script>\n</body>\n</html>\n", html_assets::script);
  return out;
}

}  // namespace interleave::reports
