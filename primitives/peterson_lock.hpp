// PetersonLock: Peterson's mutual exclusion for two threads, from two flags
// and a turn variable (loads and stores only, no read-modify-write), over a
// sync policy.
//
// Seed passage: "Mutex" ("A mutex allows only a single thread to access a
// resource or critical section. Once a thread acquires a mutex, all other
// threads attempting to acquire the same mutex are blocked until the first
// thread releases the mutex."). Peterson's algorithm builds that guarantee
// for two threads from nothing but sequentially consistent loads and stores.
//
// Contract
//   lock(me)    me is 0 or 1, and each of the two threads uses its own; spins
//               until the caller may enter.
//   unlock(me)  the holder leaves.
//   At most one of the two threads inside at a time; no deadlock; bounded
//   waiting: a thread that wants in enters before the other enters twice.
//   Needs sequentially consistent atomics (the default order): with weaker
//   orders the store to one's own flag may be seen after the load of the
//   other's, and both enter.
//
// State transitions (w[i] = thread i wants in, v = the victim, the thread
// that gives way when both want in)
//   | state                 | operation | next                                |
//   | any                   | lock(i)   | w[i] = 1, then v = i, then spins    |
//   |                       |           | while w[1-i] && v == i              |
//   | w[1-i] == 0 or v != i | (spin)    | enters                              |
//   | inside                | unlock(i) | w[i] = 0                            |
//
// Each spin iteration calls Sync::spin_loop().
//
// Teaching variant (PetersonFlaw::stores_swapped, model
// "peterson-lock/stores-swapped"): lock(i) stores v = i before w[i] = 1.
// Thread 0 sets v = 0; thread 1 sets v = 1, w[1] = 1, sees w[0] == 0 and
// enters; thread 0 sets w[0] = 1, sees v == 1 != 0 and enters too: two
// threads in the critical section.
//
// Teaching variant (PetersonFlaw::acquire_release, model
// "peterson-lock/acquire-release"): the stores are releases and the loads
// acquires. That is store buffering (the SB litmus test): each thread's load
// of the other's flag may read the old false although the other's store came
// first, because release/acquire puts no order between a store and a later
// load of another location. Both enter: two threads in the critical section.
#pragma once

#include <atomic>

#include "interleave/real_sync.hpp"

namespace interleave {

/// Known-buggy variants of PetersonLock kept for teaching (see the header comment).
enum class PetersonFlaw { none, stores_swapped, acquire_release };

template <class Sync = real_sync, PetersonFlaw Flaw = PetersonFlaw::none>
class PetersonLock {
 public:
  explicit PetersonLock(const char* name = "peterson")
      : wants_{typename Sync::template atomic<bool>(false, name), typename Sync::template atomic<bool>(false, name)},
        victim_(0, name) {}
  PetersonLock(const PetersonLock&) = delete;
  PetersonLock& operator=(const PetersonLock&) = delete;

  /// Spins until thread `me` (0 or 1) may enter.
  void lock(int me) {
    const int other = 1 - me;
    if constexpr (Flaw == PetersonFlaw::acquire_release) {
      wants_[me].store(true, std::memory_order_release);
      victim_.store(me, std::memory_order_release);
      while (wants_[other].load(std::memory_order_acquire) && victim_.load(std::memory_order_acquire) == me)
        Sync::spin_loop();
      return;
    }
    if constexpr (Flaw == PetersonFlaw::stores_swapped) {
      victim_.store(me);
      wants_[me].store(true);
    } else {
      wants_[me].store(true);
      victim_.store(me);
    }
    while (wants_[other].load() && victim_.load() == me) Sync::spin_loop();
  }

  /// Thread `me` leaves.
  void unlock(int me) {
    if constexpr (Flaw == PetersonFlaw::acquire_release)
      wants_[me].store(false, std::memory_order_release);
    else
      wants_[me].store(false);
  }

 private:
  typename Sync::template atomic<bool> wants_[2];
  typename Sync::template atomic<int> victim_;
};

}  // namespace interleave
