// The HTML report's sequence diagram: an inline SVG with one vertical lane per
// thread, time running down, a mark per step, and arrows for the hand-offs
// between threads: a mutex released in one thread and next taken in another,
// and a notify to the wake-up it caused.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "interleave/result.hpp"

namespace interleave::reports::sequence_diagram {

struct Arrow {
  enum class Kind { handoff, notify };
  Kind kind;
  std::size_t from = 0;  ///< step index: the unlock (or the wait that releases) / the notify
  std::size_t to = 0;    ///< step index: the next lock in another thread / the wake
};

/// The hand-off and notify -> wake arrows of `trace`, by source step.
std::vector<Arrow> arrows_of(const std::vector<TraceEvent>& trace);

/// The diagram of `violation` as an <svg> element; `id` keeps its marker ids
/// apart from other diagrams on the page.
std::string render_svg(const Violation& violation, std::size_t id);

}  // namespace interleave::reports::sequence_diagram
