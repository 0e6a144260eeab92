#include "caller_location.hpp"

#include <dlfcn.h>
#include <execinfo.h>

#include <array>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <map>
#include <mutex>
#include <string_view>

#include <fmt/format.h>

namespace interleave::engine {
namespace {

bool is_library_path(std::string_view file) {
  return file.find("/bits/") != std::string_view::npos || file.find("/c++/") != std::string_view::npos ||
         file.starts_with("bits/") || file.starts_with("/usr/include/");
}

/// The engine and its sync policy: never the place a step is attributed to.
bool is_engine_path(std::string_view file) {
  return file.find("/engine/src/") != std::string_view::npos || file.ends_with("interleave/model_sync.hpp") ||
         file.ends_with("interleave/engine_api.hpp") || file.ends_with("interleave/real_sync.hpp");
}

using Place = std::pair<std::string, int>;

/// The places of one address, innermost first: with inlining, one return
/// address stands for a chain of inlined calls (addr2line -i), e.g. the
/// sync policy inside std::construct_at inside vector::emplace_back inside
/// the model. Resolved through addr2line on the object that holds it
/// (relative address for shared objects and position-independent
/// executables); cached, since every report asks for the same few.
std::vector<Place> resolve(void* address) {
  static std::mutex guard;
  static std::map<void*, std::vector<Place>> cache;
  std::lock_guard<std::mutex> hold(guard);
  if (auto it = cache.find(address); it != cache.end()) return it->second;
  std::vector<Place> found;
  Dl_info info{};
  if (dladdr(address, &info) && info.dli_fname) {
    // A return address points after the call: one byte back is inside it.
    const auto offset =
        reinterpret_cast<std::uintptr_t>(address) - 1 - reinterpret_cast<std::uintptr_t>(info.dli_fbase);
    const std::string command = fmt::format("addr2line -i -e '{}' 0x{:x} 2>/dev/null", info.dli_fname, offset);
    if (FILE* pipe = popen(command.c_str(), "r")) {
      std::array<char, 4096> line{};
      while (std::fgets(line.data(), line.size(), pipe)) {
        std::string text(line.data());
        while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
        if (const std::size_t paren = text.find(" (discriminator"); paren != std::string::npos) text.resize(paren);
        const std::size_t colon = text.rfind(':');
        if (colon == std::string::npos || text.compare(0, 2, "??") == 0) continue;
        const int number = std::atoi(text.c_str() + colon + 1);
        if (number > 0) found.emplace_back(text.substr(0, colon), number);
      }
      pclose(pipe);
    }
  }
  cache[address] = found;
  return found;
}

}  // namespace

bool in_library_header(const char* file) {
  // Direct-mapped cache keyed by the literal's address: record() asks for
  // every step, so the common answer must cost a compare.
  struct Slot {
    const char* file = nullptr;
    bool library = false;
  };
  thread_local std::array<Slot, 64> slots{};
  Slot& slot = slots[(reinterpret_cast<std::uintptr_t>(file) >> 4) % slots.size()];
  if (slot.file != file) slot = Slot{file, file && is_library_path(file)};
  return slot.library;
}

std::vector<void*> capture_callers() {
  std::array<void*, 24> frames{};
  const int n = backtrace(frames.data(), static_cast<int>(frames.size()));
  return std::vector<void*>(frames.begin(), frames.begin() + std::max(n, 0));
}

std::optional<std::pair<std::string, int>> user_frame(const std::vector<void*>& callers) {
  for (void* address : callers)
    for (const Place& place : resolve(address))
      if (!is_library_path(place.first) && !is_engine_path(place.first)) return place;
  return std::nullopt;
}

}  // namespace interleave::engine
