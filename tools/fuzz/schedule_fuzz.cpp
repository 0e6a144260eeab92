// The schedule parser on arbitrary text: it returns choices no longer than
// the bound it is given, or throws std::invalid_argument; nothing else (no
// crash, no other exception, no allocation past the bound). A decoded
// schedule encodes back to a string that decodes to the same choices.
#include <cstdint>
#include <cstdlib>
#include <stdexcept>
#include <string_view>

#include "schedule.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  constexpr std::size_t kBound = 4096;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    const auto choices = interleave::engine::decode_schedule(text, kBound);
    if (choices.size() > kBound) std::abort();
    if (interleave::engine::decode_schedule(interleave::engine::encode_schedule(choices), kBound) != choices)
      std::abort();
  } catch (const std::invalid_argument&) {
  }
  return 0;
}
