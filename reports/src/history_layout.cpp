// See history_layout.hpp.
#include "history_layout.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace interleave::reports::history_layout {

std::vector<HistoryCall> by_invocation(const std::vector<HistoryCall>& history) {
  std::vector<HistoryCall> out = history;
  std::stable_sort(out.begin(), out.end(), [](const HistoryCall& a, const HistoryCall& b) {
    return a.invoked != b.invoked ? a.invoked < b.invoked : a.thread < b.thread;
  });
  return out;
}

std::vector<int> threads_of(const std::vector<HistoryCall>& history) {
  std::vector<int> out;
  for (const auto& c : history) out.push_back(c.thread);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::uint64_t end_of(const std::vector<HistoryCall>& history) {
  std::uint64_t end = 0;
  for (const auto& c : history) end = std::max({end, c.invoked, c.returned});
  return end + 1;
}

std::string call_text(const HistoryCall& call) {
  return call.returned == 0 ? call.call + " (never returned)" : call.call + " -> " + call.result;
}

std::string interval_text(const HistoryCall& call) {
  return call.returned == 0 ? fmt::format("[{}, ...)", call.invoked)
                            : fmt::format("[{}, {}]", call.invoked, call.returned);
}

std::pair<std::size_t, std::size_t> columns(const HistoryCall& call, std::uint64_t end, std::size_t width) {
  auto column = [&](std::uint64_t t) {
    return std::min(width - 1, static_cast<std::size_t>(static_cast<double>(t) / static_cast<double>(end) * width));
  };
  const std::size_t first = column(call.invoked);
  return {first, std::max(first, call.returned == 0 ? width - 1 : column(call.returned))};
}

}  // namespace interleave::reports::history_layout
