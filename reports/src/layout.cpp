// Layout helpers shared by the renderers (see layout.hpp).
#include "layout.hpp"

#include <algorithm>
#include <cstdlib>

namespace interleave::reports::layout {

std::vector<int> threads_of(const std::vector<TraceEvent>& trace) {
  std::vector<int> threads;
  for (const auto& event : trace) {
    threads.push_back(event.thread);
    // A thread spawned but never run still gets its column: an empty one
    // says it never took a step.
    if (event.operation == "spawn" && event.object.rfind("thread ", 0) == 0)
      threads.push_back(std::atoi(event.object.c_str() + 7));
  }
  std::sort(threads.begin(), threads.end());
  threads.erase(std::unique(threads.begin(), threads.end()), threads.end());
  return threads;
}

std::size_t column_of(const std::vector<int>& threads, int thread) {
  return static_cast<std::size_t>(std::lower_bound(threads.begin(), threads.end(), thread) - threads.begin());
}

std::string action(const TraceEvent& event) {
  if (event.object.empty()) return event.operation;
  if (event.operation.empty()) return event.object;
  return event.operation + " " + event.object;
}

std::string step_text(const TraceEvent& event) {
  std::string text = action(event);
  if (!event.detail.empty()) text += (text.empty() ? "" : " ") + ("(" + event.detail + ")");
  return text;
}

std::string short_where(const TraceEvent& event) {
  if (event.file.empty() || event.file == "?") return {};
  std::string_view file = event.file;
  auto last = file.rfind('/');
  if (last != std::string_view::npos && last > 0) {
    auto before = file.rfind('/', last - 1);
    if (before != std::string_view::npos) file.remove_prefix(before + 1);
  }
  return std::string(file) + ":" + std::to_string(event.line);
}

std::size_t width(std::string_view text) {
  // Count code points: every byte that is not a UTF-8 continuation byte.
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

namespace {
// Byte length of the longest prefix of `text` at most `max` columns wide.
std::size_t prefix_bytes(std::string_view text, std::size_t max) {
  std::size_t columns = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if ((text[i] & 0xC0) != 0x80) {
      if (columns == max) return i;
      ++columns;
    }
  }
  return text.size();
}
}  // namespace

std::vector<std::string> wrap(std::string_view text, std::size_t max) {
  std::vector<std::string> pieces;
  if (max == 0) max = 1;
  // A newline always breaks: wrap each line on its own.
  if (auto newline = text.find('\n'); newline != std::string_view::npos) {
    pieces = wrap(text.substr(0, newline), max);
    auto rest = wrap(text.substr(newline + 1), max);
    pieces.insert(pieces.end(), rest.begin(), rest.end());
    return pieces;
  }
  while (width(text) > max) {
    std::size_t cut = prefix_bytes(text, max);
    auto space = text.substr(0, cut + 1).rfind(' ');
    if (space != std::string_view::npos && space > 0) cut = space;
    pieces.emplace_back(text.substr(0, cut));
    text.remove_prefix(cut);
    while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  }
  pieces.emplace_back(text);
  return pieces;
}

std::string escape_xml(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t' && c != '\r') break;
        out += c;
    }
  }
  return out;
}

const TraceEvent* failing_event(const Violation& violation) {
  if (violation.failing_step >= violation.trace.size()) return nullptr;
  return &violation.trace[violation.failing_step];
}

}  // namespace interleave::reports::layout
