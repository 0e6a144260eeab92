// Validators for the command line's numbers: every flag states its range, and
// anything else (a sign where none belongs, a fraction, an overflowing or
// empty number) is a usage error, never silently reinterpreted.
#include <charconv>
#include <cstdint>
#include <sstream>

#include <fmt/format.h>

#include "commands.hpp"

namespace interleave::cli {

CLI::Validator whole_number(std::int64_t lo, std::int64_t hi) {
  return CLI::Validator(
      [lo, hi](std::string& text) -> std::string {
        std::int64_t value = 0;
        const char* end = text.data() + text.size();
        const auto [stop, ec] = std::from_chars(text.data(), end, value);
        if (text.empty() || ec != std::errc{} || stop != end || value < lo || value > hi)
          return fmt::format("\"{}\" is not a whole number from {} to {}", text, lo, hi);
        return {};
      },
      fmt::format("INT in [{} - {}]", lo, hi));
}

CLI::Validator positive_seconds() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        double seconds = 0;
        std::istringstream in(text);
        if ((in >> seconds) && in.eof() && seconds > 0 && seconds < 1e9) return {};
        return fmt::format("\"{}\" is not a number of seconds above 0", text);
      },
      "SECONDS > 0");
}

}  // namespace interleave::cli
