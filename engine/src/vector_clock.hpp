// Vector clocks for happens-before (Lamport; FastTrack-style epochs for
// shared<T> accesses). Fixed capacity: a model has at most kMaxThreads threads.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>

namespace interleave::engine {

inline constexpr int kMaxThreads = 32;

/// One logical clock per model thread.
class VectorClock {
 public:
  std::uint32_t operator[](int thread) const { return c_[static_cast<std::size_t>(thread)]; }
  void set(int thread, std::uint32_t value) { c_[static_cast<std::size_t>(thread)] = value; }
  void tick(int thread) { ++c_[static_cast<std::size_t>(thread)]; }
  /// Pointwise maximum over the first `threads` entries (acquire).
  void join(const VectorClock& other, int threads) {
    for (int i = 0; i < threads; ++i) c_[i] = std::max(c_[i], other.c_[i]);
  }
  void clear() { c_.fill(0); }

 private:
  std::array<std::uint32_t, kMaxThreads> c_{};
};

}  // namespace interleave::engine
