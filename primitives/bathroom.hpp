// The unisex bathroom: men and women share one bathroom.
//
// Notes' passage: "Unisex-Bathroom Problem" — "1. There cannot be men and
// women in the bathroom at the same time. 2. There should never be more than
// three employees in the bathroom simultaneously."
//
// Contract (UnisexBathroom):
//   enter(g) blocks until the bathroom is empty or used by g, and fewer than
//   `capacity` are inside; then the caller is inside. leave(g) must follow an
//   enter(g) by the same caller. No fairness: a steady stream of one gender
//   may keep the other out forever (Rule::fair fixes that).
//
// State (inside = n, used_by = g):
//   | state                    | enter(g)                 | enter(other)  | leave       |
//   | empty (n = 0)            | n = 1, used_by = g       | (same, other) | misuse      |
//   | 0 < n < cap, used_by = g | n + 1                    | wait          | n - 1       |
//   | n = cap, used_by = g     | wait                     | wait          | n - 1, wake |
//
// Rule::fair adds a ticket line: arrivals are served in arrival order, so a
// waiting person is bypassed at most by those who arrived before them (the
// bound the model checks with Options::max_bypass).
//
// Teaching variants:
//   Rule::no_capacity — checks the gender only: a fourth person walks in.
//   NotesBathroom     — the notes' code, translated: a Semaphore(3) acquired
//                       while holding the condition's lock; one gender can
//                       starve the other.
#pragma once

#include <cstdint>

#include "interleave/real_sync.hpp"
#include "interleave/thread_annotations.hpp"
#include "primitives/semaphore.hpp"

namespace interleave {

enum class Gender : std::uint8_t { female = 0, male = 1 };

/// The resource name the bathrooms report to the starvation checker (one
/// pointer, as the checker compares names by address).
inline constexpr const char* kBathroomResource = "bathroom";

inline Gender other(Gender g) { return g == Gender::female ? Gender::male : Gender::female; }
inline const char* to_string(Gender g) { return g == Gender::female ? "female" : "male"; }

/// Which admission rule UnisexBathroom uses.
enum class BathroomRule : std::uint8_t {
  correct,      ///< same gender and below capacity
  no_capacity,  ///< teaching variant: same gender only
  fair,         ///< correct, and served in arrival order
};

template <class Sync = real_sync, BathroomRule Rule = BathroomRule::correct>
class UnisexBathroom {
  using lock_type = typename Sync::template unique_lock<typename Sync::mutex>;

 public:
  explicit UnisexBathroom(int capacity = 3) : capacity_(capacity) {}

  /// Blocks until `g` may enter, then enters.
  void enter(Gender g) {
    lock_type lk(m_);
    Sync::wait_begin(kBathroomResource);
    const std::uint64_t ticket = next_ticket_++;
    while (!admits(g, ticket)) cv_.wait(lk);
    inside_.set(inside_.get() + 1);
    used_by_.set(g);
    ++serving_;
    Sync::wait_end(kBathroomResource);
    // In the fair line the next ticket may be admissible too.
    if constexpr (Rule == BathroomRule::fair) cv_.notify_all();
  }

  /// Leaves; the last one out frees the bathroom for the other gender.
  void leave(Gender) {
    lock_type lk(m_);
    inside_.set(inside_.get() - 1);
    cv_.notify_all();
  }

 private:
  bool admits(Gender g, std::uint64_t ticket) const REQUIRES(m_) {
    const int inside = inside_.get();
    const bool gender_ok = inside == 0 || used_by_.get() == g;
    if constexpr (Rule == BathroomRule::no_capacity) return gender_ok;
    const bool room = inside < capacity_;
    if constexpr (Rule == BathroomRule::fair) return ticket == serving_ && gender_ok && room;
    return gender_ok && room;
  }

  typename Sync::mutex m_{"bathroom.m"};
  typename Sync::condition_variable cv_{"bathroom.cv"};
  const int capacity_;
  // Model objects, so that a report's state panel shows who is inside.
  typename Sync::template shared<int> inside_ GUARDED_BY(m_){0, "bathroom.inside"};
  typename Sync::template shared<Gender> used_by_ GUARDED_BY(m_){Gender::female, "bathroom.used_by (1 = male)"};
  std::uint64_t next_ticket_ GUARDED_BY(m_) = 0;  // fair: the line's next ticket
  std::uint64_t serving_ GUARDED_BY(m_) = 0;      // fair: the ticket at the door
};

/// The notes' UnisexBathroomProblem, translated line for line (teaching
/// variant). Flaws: (1) max_emps_sem.acquire() is called while holding the
/// condition's lock, so a fourth person blocks everyone's bookkeeping until a
/// permit frees; (2) in_use_by stays "male" as long as men overlap, so a
/// woman waiting in cond.wait() is bypassed without bound: starvation. (The
/// notes also print emps_in_bathroom without the lock, a data race; the
/// print is left out here so the model shows the starvation alone.)
template <class Sync = real_sync>
class NotesBathroom {
  using lock_type = typename Sync::template unique_lock<typename Sync::mutex>;

 public:
  void enter(Gender g) {
    lock_type lk(m_);  // with self.cond:
    Sync::wait_begin(kBathroomResource);
    while (in_use_by_.get() == static_cast<int>(other(g))) cond_.wait(lk);
    max_emps_sem_.acquire();  // blocks while holding the cond's lock
    emps_in_bathroom_.set(emps_in_bathroom_.get() + 1);
    in_use_by_.set(static_cast<int>(g));
    Sync::wait_end(kBathroomResource);
  }

  void leave(Gender) {
    max_emps_sem_.release();
    lock_type lk(m_);
    emps_in_bathroom_.set(emps_in_bathroom_.get() - 1);
    if (emps_in_bathroom_.get() == 0) in_use_by_.set(kNone);
    cond_.notify_all();
  }

 private:
  static constexpr int kNone = -1;
  typename Sync::mutex m_{"bathroom.cond"};
  typename Sync::condition_variable cond_{"bathroom.cond"};
  Semaphore<Sync> max_emps_sem_{3};
  // Model objects, so that a report's state panel shows who is inside.
  typename Sync::template shared<int> emps_in_bathroom_ GUARDED_BY(m_){0, "emps_in_bathroom"};
  typename Sync::template shared<int> in_use_by_ GUARDED_BY(m_){kNone, "in_use_by (-1 none, 1 male)"};
};

}  // namespace interleave
