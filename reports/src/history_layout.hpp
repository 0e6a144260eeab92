// Layout of a linearizability violation's history, shared by the renderers:
// the calls in invocation order, their text, and their intervals scaled to
// a width (text bars, HTML percentages).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "interleave/result.hpp"

namespace interleave::reports::history_layout {

/// The calls sorted by invocation (then thread).
std::vector<HistoryCall> by_invocation(const std::vector<HistoryCall>& history);

/// Thread ids of the history, ascending.
std::vector<int> threads_of(const std::vector<HistoryCall>& history);

/// One past the latest stamp: where a call that never returned ends.
std::uint64_t end_of(const std::vector<HistoryCall>& history);

/// "enqueue(1) -> 0", or "dequeue() (never returned)".
std::string call_text(const HistoryCall& call);

/// "[3, 8]", or "[3, ...)" for a call that never returned.
std::string interval_text(const HistoryCall& call);

/// The call's interval as columns [first, last] of `width` columns spanning
/// stamps 0..end (last >= first).
std::pair<std::size_t, std::size_t> columns(const HistoryCall& call, std::uint64_t end, std::size_t width);

}  // namespace interleave::reports::history_layout
