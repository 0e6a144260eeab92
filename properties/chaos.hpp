// Chaos for real-thread properties: at random points a thread yields or
// sleeps for a few microseconds, to widen the interleavings a run sees.
// Each thread draws from its own generator, seeded by the property (so a
// failing case's seed names its chaos too, up to the OS scheduler).
#pragma once

#include <chrono>
#include <cstdint>
#include <random>
#include <thread>

namespace interleave::properties {

/// Per-thread chaos source. level 0: none; 1: yields; 2: yields and sleeps.
class Chaos {
 public:
  Chaos(int level, std::uint64_t seed) : level_(level), rng_(seed) {}

  /// A chaos point: maybe yield, maybe sleep up to 50 microseconds.
  void point() {
    if (level_ == 0) return;
    const auto roll = rng_() % 8;
    if (roll == 0)
      std::this_thread::yield();
    else if (roll == 1 && level_ >= 2)
      std::this_thread::sleep_for(std::chrono::microseconds(rng_() % 50));
  }

 private:
  int level_;
  std::mt19937_64 rng_;
};

}  // namespace interleave::properties
