// A small, fast pseudo-random generator for the random walk: SplitMix64
// (Steele, Lea & Flood 2014; the seeder of xoshiro), one 64-bit word of
// state, period 2^64, passes BigCrush. Drawing a branch with it and Lemire's
// multiply-and-reject bound costs a few cycles, where std::mt19937_64 and
// std::uniform_int_distribution cost tens at every scheduling point.
#pragma once

#include <cstdint>

namespace interleave::engine {

class SplitMix64 {
 public:
  explicit SplitMix64(std::uint64_t seed) : state_(seed) {}

  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  }

  /// Uniform in [0, n), n > 0: Lemire's nearly divisionless method (2019),
  /// which rejects the few draws that would bias the low values.
  std::uint64_t below(std::uint64_t n) {
    unsigned __int128 m = static_cast<unsigned __int128>(next()) * n;
    std::uint64_t low = static_cast<std::uint64_t>(m);
    if (low < n) {
      const std::uint64_t threshold = (0 - n) % n;
      while (low < threshold) {
        m = static_cast<unsigned __int128>(next()) * n;
        low = static_cast<std::uint64_t>(m);
      }
    }
    return static_cast<std::uint64_t>(m >> 64);
  }

 private:
  std::uint64_t state_;
};

}  // namespace interleave::engine
