// The schedule string: a short printable replay token.
//
// Format: "1:" then comma-separated steps; a step is a thread id, with "s"
// appended for a wait that wakes spuriously, "t" for a timed wait timing out
// early, and "*N" for N repeats. Example: "1:0*3,1,2s,0" = thread 0 three
// times, thread 1, thread 2 waiting and waking spuriously, thread 0.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "scheduler.hpp"

namespace interleave::engine {

std::string encode_schedule(const std::vector<Choice>& choices);
/// Throws std::invalid_argument with a one-line reason on a malformed string
/// or one of more than `max_steps` steps (an execution never takes more than
/// its step bound, so a longer schedule cannot fit the model).
std::vector<Choice> decode_schedule(std::string_view text, std::size_t max_steps = 10'000'000);

}  // namespace interleave::engine
