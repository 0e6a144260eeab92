// Models of the unisex bathroom (primitives/bathroom.hpp): a small crowd
// visits; invariants watch occupancy from outside the bathroom (a person counts
// from the moment enter() returns until leave() is called).
#include <chrono>
#include <vector>

#include "interleave/interleave.hpp"
#include "models/registry.hpp"
#include "primitives/bathroom.hpp"

namespace {

using interleave::BathroomRule;
using interleave::Gender;
using interleave::model_sync;

constexpr const char* kPassage =
    "Unisex-Bathroom Problem: 1. There cannot be men and women in the bathroom at the same time. "
    "2. There should never be more than three employees in the bathroom simultaneously.";

struct Visitor {
  Gender gender;
  int visits;
};

/// Every visitor visits `visits` times; the invariants check the two rules.
template <class Room>
void crowd(Room& room, int capacity, const std::vector<Visitor>& visitors) {
  int inside[2] = {0, 0};
  interleave::invariant("never men and women together", [&] { return inside[0] == 0 || inside[1] == 0; });
  interleave::invariant("never more than capacity inside", [&] { return inside[0] + inside[1] <= capacity; });
  std::vector<model_sync::thread> people;
  for (const Visitor& v : visitors)
    people.emplace_back([&room, &inside, v] {
      for (int i = 0; i < v.visits; ++i) {
        room.enter(v.gender);
        ++inside[int(v.gender)];
        model_sync::sleep_for(std::chrono::seconds(1));  // use_bathroom: time.sleep(1)
        --inside[int(v.gender)];
        room.leave(v.gender);
      }
    });
  for (auto& p : people) p.join();
  interleave::assert_that(inside[0] == 0 && inside[1] == 0, "everyone left");
}

/// One more man than fits, and a woman. Capacity 2 rather than the notes' 3
/// keeps the search small; the admission rule is the same for any capacity.
template <BathroomRule Rule>
void full_house() {
  interleave::UnisexBathroom<model_sync, Rule> room(2);
  crowd(room, 2, {{Gender::male, 1}, {Gender::male, 1}, {Gender::male, 1}, {Gender::female, 1}});
}

/// Men keep coming back while a woman waits: the starvation scenario. One
/// man visits four times, the other once. The woman starts waiting once she
/// finds men inside; every later entry by a man passes her. (The checker
/// counts as a bypass every entry after a wait began, including by those
/// ahead in line, so a first-come-first-served line needs bound 2 here.)
template <class Room>
void steady_stream() {
  Room room;
  crowd(room, 3, {{Gender::male, 4}, {Gender::male, 1}, {Gender::female, 1}});
}

/// The fair line at capacity 1: two men and a woman (the fair rule's extra
/// wake-ups make a bigger crowd slow to search exhaustively).
void fair_single() {
  interleave::UnisexBathroom<model_sync, BathroomRule::fair> room(1);
  crowd(room, 1, {{Gender::male, 1}, {Gender::male, 1}, {Gender::female, 1}});
}

/// Exhaustive with reduction; max_bypass > 0 turns on the starvation check.
interleave::Options exhaustive(int max_bypass = 0) {
  interleave::Options o;
  o.strategy = interleave::Strategy::dpor;
  o.max_bypass = max_bypass;
  o.bypass_mutexes = false;  // the bound is the bathroom's own promise; its mutex is as unfair as the platform's
  return o;
}

const bool registered = [] {
  interleave::register_model({
      .name = "bathroom",
      .primitive = "bathroom",
      .summary = "Three men and a woman, capacity 2: never mixed genders, never more than capacity inside.",
      .passage = kPassage,
      .expected = std::nullopt,
      .scenario = [] { full_house<BathroomRule::correct>(); },
      .options = exhaustive(),
      .model_only = "its checks are invariants between steps, on the virtual clock (use_bathroom sleeps 1 s)",
  });
  interleave::register_model({
      .name = "bathroom/no-capacity",
      .primitive = "bathroom",
      .summary = "The admission rule checks the gender only.",
      .flaw = "enter() waits only while the other gender is inside and never counts heads: with three men "
              "arriving together (capacity 2), the third walks in while two are inside, and the invariant \"never more "
              "than capacity inside\" fails.",
      .passage = kPassage,
      .expected = interleave::ViolationKind::invariant,
      .scenario = [] { full_house<BathroomRule::no_capacity>(); },
      .options = exhaustive(),
      .model_only = "its checks are invariants between steps, on the virtual clock (use_bathroom sleeps 1 s)",
  });
  interleave::register_model({
      .name = "bathroom/notes",
      .primitive = "bathroom",
      .summary = "The notes' UnisexBathroomProblem, translated: men keep coming back while a woman waits.",
      .flaw = "in_use_by stays \"male\" as long as one man is still inside, so men arriving or coming back walk "
              "in while a woman waits in cond.wait(): she is bypassed more than the bound (2), a starvation; "
              "with a steady stream of men, without any bound. "
              "Also, max_emps_sem.acquire() runs while holding the condition's lock, so a fourth person "
              "blocked on the semaphore stalls every arrival and every departure's bookkeeping.",
      .passage = kPassage,
      .expected = interleave::ViolationKind::starvation,
      .scenario = [] { steady_stream<interleave::NotesBathroom<model_sync>>(); },
      .options = exhaustive(2),
      .model_only = "its checks are invariants between steps, on the virtual clock (use_bathroom sleeps 1 s)",
  });
  interleave::register_model({
      .name = "bathroom-fair",
      .primitive = "bathroom-fair",
      .summary = "Fair bathroom in the notes' starvation scenario: nobody who starts waiting after someone enters "
                 "before them, so every wait is passed at most by the two others (bound 2).",
      .passage = kPassage,
      .expected = std::nullopt,
      .scenario = [] { steady_stream<interleave::UnisexBathroom<model_sync, BathroomRule::fair>>(); },
      .options = exhaustive(2),
      .model_only = "its checks are invariants between steps, on the virtual clock (use_bathroom sleeps 1 s)",
  });
  interleave::register_model({
      .name = "bathroom-fair/full-house",
      .primitive = "bathroom-fair",
      .summary = "Fair bathroom, two men and a woman, capacity 1: never mixed, never more than capacity inside.",
      .passage = kPassage,
      .expected = std::nullopt,
      .scenario = [] { fair_single(); },
      .options = exhaustive(),
      .model_only = "its checks are invariants between steps, on the virtual clock (use_bathroom sleeps 1 s)",
  });
  return true;
}();

}  // namespace
