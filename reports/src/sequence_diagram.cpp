#include "sequence_diagram.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <deque>
#include <map>
#include <optional>
#include <string_view>

#include "layout.hpp"

namespace interleave::reports::sequence_diagram {

namespace {

// The mutex a step releases: an unlock's object, or the mutex a condition
// variable wait releases ("releases mutex m"); nullopt otherwise.
std::optional<std::string> released(const TraceEvent& e) {
  if (e.operation == "unlock") return e.object;
  constexpr std::string_view prefix = "releases ";
  if (e.operation == "wait" && e.detail.rfind(prefix, 0) == 0) return e.detail.substr(prefix.size());
  return std::nullopt;
}

bool acquires(const TraceEvent& e) {
  return e.operation == "lock" || (e.operation == "try_lock" && e.detail == "acquired");
}

bool is_notify(const TraceEvent& e) { return e.operation == "notify_one" || e.operation == "notify_all"; }

// N in a notify's "woke N".
long woken_count(const std::string& detail) {
  constexpr std::string_view prefix = "woke ";
  if (detail.rfind(prefix, 0) != 0) return 0;
  return std::strtol(detail.c_str() + prefix.size(), nullptr, 10);
}

// Shortens a label to `max` characters, with an ellipsis.
std::string clip(const std::string& text, std::size_t max) {
  if (layout::width(text) <= max) return text;
  std::string out;
  std::size_t columns = 0;
  for (std::size_t i = 0; i < text.size() && columns + 1 < max; ++i) {
    out += text[i];
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++columns;
  }
  while (!out.empty() && (static_cast<unsigned char>(out.back()) & 0xC0) == 0x80) out.pop_back();
  if (!out.empty() && (static_cast<unsigned char>(out.back()) & 0x80)) out.pop_back();
  return out + "\u2026";
}

}  // namespace

std::vector<Arrow> arrows_of(const std::vector<TraceEvent>& trace) {
  std::vector<Arrow> out;
  std::map<std::string, std::size_t> last_release;  // mutex -> step that last released it
  std::map<std::string, std::deque<int>> waiters;   // cv or atomic -> its waiting threads, oldest first
  std::map<int, std::size_t> woken_by;              // thread -> the notify that woke it
  for (std::size_t i = 0; i < trace.size(); ++i) {
    const TraceEvent& e = trace[i];
    if (acquires(e)) {
      if (auto it = last_release.find(e.object); it != last_release.end()) {
        if (trace[it->second].thread != e.thread) out.push_back({Arrow::Kind::handoff, it->second, i});
        last_release.erase(it);
      }
    }
    if (auto m = released(e)) last_release[*m] = i;
    if (e.operation == "wait") waiters[e.object].push_back(e.thread);
    if (is_notify(e)) {
      // The engine wakes waiters oldest first, as many as "woke N" says.
      auto& queue = waiters[e.object];
      for (long n = woken_count(e.detail); n > 0 && !queue.empty(); --n) {
        woken_by[queue.front()] = i;
        queue.pop_front();
      }
    }
    if (e.operation == "wake") {
      auto& queue = waiters[e.object];
      queue.erase(std::remove(queue.begin(), queue.end(), e.thread), queue.end());
      if (auto it = woken_by.find(e.thread); it != woken_by.end()) {
        if (e.detail == "notified") out.push_back({Arrow::Kind::notify, it->second, i});
        woken_by.erase(it);
      }
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const Arrow& a, const Arrow& b) { return a.from < b.from; });
  return out;
}

std::string render_svg(const Violation& v, std::size_t id) {
  using layout::escape_xml;
  const auto threads = layout::threads_of(v.trace);
  constexpr int left = 44, lane = 170, top = 30, row = 18, label_chars = 24;
  const int width = left + lane * static_cast<int>(std::max<std::size_t>(threads.size(), 1));
  const int height = top + row * static_cast<int>(v.trace.size()) + 8;
  auto x_of = [&](int thread) { return left + 12 + lane * static_cast<int>(layout::column_of(threads, thread)); };
  auto y_of = [&](std::size_t step) { return top + row * static_cast<int>(step) + row / 2; };

  std::string out = fmt::format(
      "<svg class=\"sequence\" viewBox=\"0 0 {0} {1}\" "
      "style=\"max-width:{0}px\" role=\"img\" aria-label=\"Sequence diagram: one lane per thread, time running "
      "down\">\n<defs><marker id=\"seq-arrow-{2}\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" "
      "markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" class=\"head\"/></marker>"
      "</defs>\n",
      width, height, id);
  for (int t : threads) {
    const int x = x_of(t);
    out += fmt::format("<text class=\"lane-name\" x=\"{}\" y=\"16\">thread {}</text>", x - 8, t);
    out += fmt::format("<line class=\"lane\" x1=\"{0}\" y1=\"22\" x2=\"{0}\" y2=\"{1}\"/>\n", x, height - 4);
  }
  for (const Arrow& a : arrows_of(v.trace)) {
    const TraceEvent& from = v.trace[a.from];
    const TraceEvent& to = v.trace[a.to];
    const bool handoff = a.kind == Arrow::Kind::handoff;
    // From the edge of one mark to the edge of the other, so the head shows.
    const double x1 = x_of(from.thread), y1 = y_of(a.from), x2 = x_of(to.thread), y2 = y_of(a.to);
    const double length = std::max(1.0, std::hypot(x2 - x1, y2 - y1));
    const double ux = (x2 - x1) / length, uy = (y2 - y1) / length;
    out += fmt::format(
        "<line class=\"arrow {}\" x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\" "
        "marker-end=\"url(#seq-arrow-{})\" data-from=\"{}\" data-to=\"{}\"><title>{}</title></line>\n",
        handoff ? "handoff" : "notify", x1 + 6 * ux, y1 + 6 * uy, x2 - 7 * ux, y2 - 7 * uy, id, a.from, a.to,
        escape_xml(handoff ? fmt::format("{} passes from thread {} (step {}) to thread {} (step {})", to.object,
                                         from.thread, a.from, to.thread, a.to)
                           : fmt::format("{} by thread {} (step {}) wakes thread {} (step {})", from.operation,
                                         from.thread, a.from, to.thread, a.to)));
  }
  for (const TraceEvent& e : v.trace) {
    const bool failing = e.index == v.failing_step;
    const bool other = v.other_step && e.index == *v.other_step;
    const bool hook = e.operation.rfind("hook:", 0) == 0;
    const int x = x_of(e.thread), y = y_of(e.index);
    out += fmt::format(
        "<g class=\"mark{}{}\" data-step=\"{}\"><title>step {}, thread {}: {}</title>"
        "<text class=\"num\" x=\"{}\" y=\"{}\">{}</text><circle cx=\"{}\" cy=\"{}\" r=\"5\"/>"
        "<text class=\"label\" x=\"{}\" y=\"{}\">{}</text></g>\n",
        failing || other ? " violating" : "", hook ? " hook" : "", e.index, e.index, e.thread,
        escape_xml(layout::step_text(e)), left - 8, y + 4, e.index, x, y, x + 9, y + 4,
        escape_xml(clip(layout::action(e), label_chars)));
  }
  return out + "</svg>\n";
}

}  // namespace interleave::reports::sequence_diagram
