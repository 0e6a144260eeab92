// One-line summaries shared by the text, Markdown and JUnit renderers.
#pragma once

#include <string>

#include "interleave/result.hpp"

namespace interleave::reports::layout {

/// The verdict as a reader should take it: "holds" only for an exhaustive
/// search; a sampled search that found nothing says so, e.g. "no violation in
/// 100,000 random executions (sampled, not exhaustive)"; otherwise the
/// verdict's name.
std::string verdict_line(const Result& result);

/// "dfs, 120 executions (3 cut short), 4,800 steps in the search, longest 40,
/// 0.012 s, search complete".
std::string stats_line(const Result& result);

/// "7 steps, 1 preemption" plus ", shrunk from 31 steps" when it was shrunk.
std::string length_line(const Violation& violation);

}  // namespace interleave::reports::layout
