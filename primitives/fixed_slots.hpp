// FixedSlots: storage for a ring of at most Capacity items held inline in the
// object (no heap), with std::vector's constructor-from-size and operator[].
// BlockingQueue takes its slots as a template parameter (std::vector by
// default); FixedSlots lets the same queue live in memory shared between
// processes (process_sync), where a vector's heap buffer would be private to
// the process that allocated it.
#pragma once

#include <array>
#include <cstddef>
#include <stdexcept>

namespace interleave {

template <class T, std::size_t Capacity>
class FixedSlots {
 public:
  /// `size` slots in use; more than Capacity is a programming error.
  explicit FixedSlots(std::size_t size) {
    if (size > Capacity) throw std::length_error("FixedSlots: size exceeds Capacity");
  }
  T& operator[](std::size_t i) { return slots_[i]; }
  const T& operator[](std::size_t i) const { return slots_[i]; }

 private:
  std::array<T, Capacity> slots_{};
};

}  // namespace interleave
