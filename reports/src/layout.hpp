// Layout helpers shared by the renderers: which threads a trace shows, how a
// step reads in one line, and how wide a string is on screen. No renderer
// decides anything about a result beyond what these spell out.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "interleave/result.hpp"

namespace interleave::reports::layout {

/// The thread ids that appear in `trace`, ascending: one column each.
std::vector<int> threads_of(const std::vector<TraceEvent>& trace);

/// The column of `thread` in `threads` (its position).
std::size_t column_of(const std::vector<int>& threads, int thread);

/// "operation object" (either may be empty).
std::string action(const TraceEvent& event);

/// action(event), then " (detail)" when there is a detail.
std::string step_text(const TraceEvent& event);

/// "file:line" with the file's last two path components; "" when unknown.
std::string short_where(const TraceEvent& event);

/// Display width of UTF-8 text: one column per code point.
std::size_t width(std::string_view text);

/// Splits `text` into pieces of at most `max` display columns, breaking at
/// newlines, and at spaces where it can. Always at least one piece.
std::vector<std::string> wrap(std::string_view text, std::size_t max);

/// Text safe in XML and HTML content and attribute values: & < > " ' escaped,
/// and control characters XML 1.0 forbids dropped.
std::string escape_xml(std::string_view text);

/// The step marked as violating in a violation's trace, or nullptr when the
/// index is past the end (an empty trace).
const TraceEvent* failing_event(const Violation& violation);

}  // namespace interleave::reports::layout
