// A SourceLines that reads the source files a trace names, once each. The
// renderers never touch the disk; the CLI passes this in.
#include <fstream>
#include <map>
#include <memory>

#include "interleave/reports.hpp"

namespace interleave::reports {

SourceLines source_lines_from_disk() {
  // Shared so copies of the function share one cache; an unreadable file is
  // cached as empty.
  auto cache = std::make_shared<std::map<std::string, std::vector<std::string>>>();
  return [cache](const std::string& file, int line) -> std::optional<std::string> {
    auto it = cache->find(file);
    if (it == cache->end()) {
      std::vector<std::string> lines;
      std::ifstream in(file);
      for (std::string text; std::getline(in, text);) lines.push_back(std::move(text));
      it = cache->emplace(file, std::move(lines)).first;
    }
    if (line < 1 || static_cast<std::size_t>(line) > it->second.size()) return std::nullopt;
    std::string text = it->second[static_cast<std::size_t>(line) - 1];
    auto first = text.find_first_not_of(" \t");
    return first == std::string::npos ? std::string() : text.substr(first);
  };
}

}  // namespace interleave::reports
