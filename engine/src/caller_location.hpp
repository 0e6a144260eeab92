// Steps whose recorded source location is inside a standard-library header
// (a thread constructed by `emplace_back`, a mutex locked by `std::lock_guard`:
// the defaulted location argument is evaluated where the library calls us)
// are attributed to the innermost frame of the caller's own code instead.
// Such a step keeps its call stack (a few return addresses, taken only for
// these steps); a report resolves it to file and line with the debug
// information (addr2line), and keeps the recorded location when it cannot.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "interleave/location.hpp"

namespace interleave::engine {

/// True for a file of the C++ standard library's headers (cached per literal).
bool in_library_header(const char* file);

/// The return addresses of the current call stack.
std::vector<void*> capture_callers();

/// The innermost frame of `callers` in the user's code (not a standard
/// library header, not the engine or its sync policy), as file and line;
/// nullopt when none can be resolved (no debug information, no addr2line).
std::optional<std::pair<std::string, int>> user_frame(const std::vector<void*>& callers);

}  // namespace interleave::engine
