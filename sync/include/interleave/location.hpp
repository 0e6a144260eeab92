// The source location every visible operation records.
//
// std::source_location is missing from clang 14 with libstdc++ 12 (our tsan
// toolchain), so we capture file and line with the builtins both g++ and clang
// support as defaulted arguments: they expand at the caller's call site.
#pragma once

namespace interleave {

/// Where a visible operation was called from.
struct location {
  const char* file = "?";
  int line = 0;

  /// The caller's location when used as a defaulted argument.
  static constexpr location current(const char* file = __builtin_FILE(), int line = __builtin_LINE()) noexcept {
    return location{file, line};
  }
};

}  // namespace interleave
