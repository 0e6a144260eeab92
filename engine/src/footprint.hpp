// What a step touches, for partial-order reduction: up to three objects, each
// read or written. Two steps of different threads are dependent when they
// touch a common object and one of them writes it.
#pragma once

#include <array>
#include <cstdint>

#include "execution.hpp"

namespace interleave::engine {

/// The virtual clock as an object: sleeps and timed waits write it.
inline constexpr std::uint32_t kClockObject = 0xfffffffe;
/// The execution's budget of spurious wake-ups: a wait that wakes spuriously writes it.
inline constexpr std::uint32_t kSpuriousBudget = 0xfffffffd;

struct Footprint {
  std::array<std::uint32_t, 3> object{};
  std::array<bool, 3> write{};
  int size = 0;

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

/// The footprint of the operation thread `t` is parked at, in the state of `ex`.
inline Footprint footprint_of(const Thread& t, const Execution& ex) {
  Footprint f;
  switch (t.pending) {
    case Op::lock:
    case Op::try_lock:
    case Op::unlock:
    case Op::notify_one:
    case Op::notify_all:
      f.add(t.pending_object, true);
      break;
    case Op::wait:
      f.add(t.pending_object, true);
      f.add(t.pending_mutex, true);
      break;
    case Op::wake:  // a spurious wake-up left the condition variable at its wait step
      if (t.wake != Wake::spurious) f.add(t.pending_object, true);
      if (t.deadline >= 0) f.add(kClockObject, true);
      break;
    case Op::read:
    case Op::failed_rmw:
      f.add(t.pending_object, t.pending_access != Access::read && t.pending_access != Access::failed_rmw);
      break;
    case Op::write:
      f.add(t.pending_object, true);
      break;
    case Op::rmw: {  // a compare-exchange that will fail here only reads
      const Value& now = ex.objects()[t.pending_object].value;
      const bool fails = t.pending_expected.known && now.known && now.number != t.pending_expected.number;
      f.add(t.pending_object, !fails);
      break;
    }
    case Op::sleep:
      f.add(kClockObject, true);
      break;
    default:  // spawn, join, yield: ordered by the thread structure, not by objects
      break;
  }
  return f;
}

}  // namespace interleave::engine
