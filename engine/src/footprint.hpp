// What a step touches, for partial-order reduction: up to six objects, each
// read or written. Two steps of different threads are dependent when they
// touch a common object and one of them writes it.
#pragma once

#include <array>
#include <cstdint>

namespace interleave::engine {

/// The virtual clock as an object: sleeps and timed waits write it.
inline constexpr std::uint32_t kClockObject = 0xfffffffe;
/// The execution's budget of spurious wake-ups: a wait that wakes spuriously writes it.
inline constexpr std::uint32_t kSpuriousBudget = 0xfffffffd;

/// The order of the writes an invariant can see: every step that writes an
/// object an invariant read writes it too (Object::observed), so those
/// steps are dependent and DPOR explores each order of them.
inline constexpr std::uint32_t kInvariantObserver = 0xfffffffc;

/// The waiters of atomic `a` (atomic wait/notify), apart from its value: a
/// notify and a wait's check touch them, a store does not. Object ids stay
/// below this bit.
inline constexpr std::uint32_t kWaitersBit = 0x80000000;
inline constexpr std::uint32_t waiters_of(std::uint32_t a) { return a | kWaitersBit; }

struct Footprint {
  static constexpr int kCapacity = 6;
  std::array<std::uint32_t, kCapacity> object{};
  std::array<bool, kCapacity> write{};
  int size = 0;

  bool full() const { return size == kCapacity; }
  void add(std::uint32_t o, bool w) {
    object[static_cast<std::size_t>(size)] = o;
    write[static_cast<std::size_t>(size)] = w;
    ++size;
  }
  bool dependent(const Footprint& other) const {
    for (int i = 0; i < size; ++i)
      for (int j = 0; j < other.size; ++j)
        if (object[i] == other.object[j] && (write[i] || other.write[j])) return true;
    return false;
  }
};

}  // namespace interleave::engine
