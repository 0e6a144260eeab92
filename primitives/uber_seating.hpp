// Uber seating: democrats and republicans share rides of four.
//
// Notes' passage: "Uber Rider problem" — "either an Uber ride can have all
// democrats or republicans or two Democrats and two Republicans. All other
// combinations can result in a fist-fight." The correct version is the notes'
// UberSeatingProblem translated: it is right.
//
// Contract:
//   seat(p) blocks until the caller is one of a valid ride of four (4 of one
//   party, or 2 + 2); it calls seated(p) once in the caller's thread; the
//   rider that completed the ride (the leader) calls drive() once, after all
//   four have called seated(), and before any rider of the next ride is
//   seated. Riders who can never form a valid ride wait forever.
//
// State (d, r = riders of each party counted and not yet in a ride; the
// arriving rider's party is "mine"):
//   | on arrival (after mine + 1)  | action                                   |
//   | mine == 4                    | release 3 of mine; leader; mine -= 4     |
//   | mine == 2 and theirs >= 2    | release 1 mine + 2 theirs; leader; -2 -2 |
//   | otherwise                    | unlock; wait on my party's semaphore     |
//   then: seated(p); barrier of 4; the leader drives and unlocks. The leader
//   holds the lock from forming the ride until it drives, so rides never mix.
//
// Teaching variants (UberFlaw):
//   three_one  — adds "one of us may ride with three of them": a 1 + 3 ride.
//   no_barrier — drops the barrier: the leader drives before everyone is in.
#pragma once

#include <cstdint>
#include <functional>
#include <utility>

#include "interleave/real_sync.hpp"
#include "interleave/thread_annotations.hpp"
#include "primitives/barrier.hpp"
#include "primitives/semaphore.hpp"

namespace interleave {

enum class Party : std::uint8_t { democrat = 0, republican = 1 };

inline Party other(Party p) { return p == Party::democrat ? Party::republican : Party::democrat; }

/// Known-buggy variants of UberSeating kept for teaching.
enum class UberFlaw : std::uint8_t { none, three_one, no_barrier };

template <class Sync = real_sync, UberFlaw Flaw = UberFlaw::none>
class UberSeating {
 public:
  /// `seated(p)` runs in each rider's thread once seated; `drive()` once per ride.
  UberSeating(std::function<void(Party)> seated, std::function<void()> drive)
      : seated_(std::move(seated)), drive_(std::move(drive)) {}

  /// Blocks until the caller is in a valid ride; see the contract above.
  // The leader keeps the lock across the barrier and drive(), which the
  // thread-safety analysis cannot follow.
  void seat(Party p) NO_THREAD_SAFETY_ANALYSIS {
    bool leader = false;
    m_.lock();
    int& mine = count_[int(p)];
    int& theirs = count_[int(other(p))];
    ++mine;
    if (mine == 4) {
      waiting_[int(p)].release(3);
      leader = true;
      mine -= 4;
    } else if (mine == 2 && theirs >= 2) {
      waiting_[int(p)].release(1);
      waiting_[int(other(p))].release(2);
      leader = true;
      mine -= 2;
      theirs -= 2;
    } else if (Flaw == UberFlaw::three_one && mine == 1 && theirs >= 3) {
      waiting_[int(other(p))].release(3);  // the flaw: a 1 + 3 ride
      leader = true;
      mine -= 1;
      theirs -= 3;
    } else {
      m_.unlock();
      waiting_[int(p)].acquire();
    }
    seated_(p);
    if constexpr (Flaw != UberFlaw::no_barrier) barrier_.wait();
    if (leader) {
      drive_();
      m_.unlock();
    }
  }

 private:
  typename Sync::mutex m_{"uber.lock"};
  int count_[2] GUARDED_BY(m_) = {0, 0};
  Semaphore<Sync> waiting_[2] = {Semaphore<Sync>(0, "uber.democrats_waiting"),
                                 Semaphore<Sync>(0, "uber.republicans_waiting")};
  Barrier<Sync> barrier_{4, {}, "uber.barrier"};
  std::function<void(Party)> seated_;
  std::function<void()> drive_;
};

}  // namespace interleave
