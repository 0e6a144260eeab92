// The specification of a token bucket's grants, shared by the token-bucket
// models and properties: checks on a recorded history of grant times.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <vector>

namespace interleave::rate_limit {

/// True when every window [g_i, g_j] of the grant times holds at most
/// max_tokens + floor((g_j - g_i) / period) grants. `grants` need not be sorted.
template <class TimePoint, class Duration>
bool within_burst_bound(std::vector<TimePoint> grants, int max_tokens, Duration period) {
  std::sort(grants.begin(), grants.end());
  for (std::size_t i = 0; i < grants.size(); ++i)
    for (std::size_t j = i; j < grants.size(); ++j) {
      const auto allowed = max_tokens + (grants[j] - grants[i]) / period;
      if (static_cast<decltype(allowed)>(j - i + 1) > allowed) return false;
    }
  return true;
}

/// When each request should be granted at the latest, for a bucket of one
/// token whose first token is due at `first` and whose next token is due one
/// period after each grant (the clock pauses while the bucket is full):
/// grant_k = max(arrival_k, next), next = grant_k + period. Arrivals sorted.
template <class TimePoint, class Duration>
std::vector<TimePoint> due_times(std::vector<TimePoint> arrivals, TimePoint first, Duration period) {
  std::sort(arrivals.begin(), arrivals.end());
  std::vector<TimePoint> due;
  TimePoint next = first;
  for (const TimePoint& a : arrivals) {
    due.push_back(std::max(a, next));
    next = due.back() + period;
  }
  return due;
}

}  // namespace interleave::rate_limit
