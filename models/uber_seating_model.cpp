// Models of Uber seating (primitives/uber_seating.hpp): four riders; the
// seated() and drive() hooks tally each ride, and drive() asserts the ride is
// four riders of a valid mix, all seated; at the end every rider was seated
// once and exactly one ride left.
#include <vector>

#include "interleave/interleave.hpp"
#include "models/registry.hpp"
#include "primitives/uber_seating.hpp"

namespace {

using interleave::model_sync;
using interleave::Party;
using interleave::real_sync;
using interleave::UberFlaw;

constexpr const char* kPassage =
    "Uber Rider problem: either an Uber ride can have all democrats or republicans or two Democrats and two "
    "Republicans. All other combinations can result in a fist-fight.";

/// Riders of the given parties each call seat() once.
template <class S, UberFlaw Flaw>
void ride(const std::vector<Party>& riders) {
  int in_car[2] = {0, 0};
  int seated = 0;
  int rides = 0;
  interleave::UberSeating<S, Flaw> uber(
      [&](Party p) {
        ++in_car[int(p)];
        ++seated;
      },
      [&] {
        const int d = in_car[0], r = in_car[1];
        S::assert_that(d + r == 4, "drive() only after all four riders are seated");
        S::assert_that((d == 4 || r == 4 || (d == 2 && r == 2)), "a ride is 4 + 0 or 2 + 2");
        in_car[0] = in_car[1] = 0;
        ++rides;
      });
  std::vector<typename S::thread> threads;
  for (Party p : riders) threads.emplace_back([&uber, p] { uber.seat(p); });
  for (auto& t : threads) t.join();
  S::assert_that(seated == int(riders.size()), "every rider seated once");
  S::assert_that(rides == int(riders.size()) / 4, "one drive per four riders");
}

interleave::Options exhaustive() {
  interleave::Options o;
  o.strategy = interleave::Strategy::dpor;
  // Semaphore and Barrier survive spurious wake-ups (their own models check
  // that); exploring them here too multiplies the schedules past a minute.
  o.max_spurious_wakeups = 0;
  return o;
}

const std::vector<Party> two_and_two = {Party::democrat, Party::republican, Party::democrat, Party::republican};
const std::vector<Party> three_and_one = {Party::democrat, Party::democrat, Party::democrat, Party::republican};

const bool registered = [] {
  interleave::register_model({
      .name = "uber",
      .primitive = "uber",
      .summary = "Two democrats and two republicans: one 2 + 2 ride, driven after all four are seated.",
      .passage = kPassage,
      .expected = std::nullopt,
      .scenario = [] { ride<model_sync, UberFlaw::none>(two_and_two); },
      .options = exhaustive(),
      .real_scenario = [] { ride<real_sync, UberFlaw::none>(two_and_two); },
  });
  interleave::register_model({
      .name = "uber/three-one",
      .primitive = "uber",
      .summary = "Three democrats and one republican, with a rule that also forms 1 + 3 rides.",
      .flaw = "A third rule, \"one of us may ride with three of them\", releases three riders of the other "
              "party when the arriving rider finds three of them waiting. The last republican to arrive leads "
              "a ride of three democrats and himself: drive() sees a 3 + 1 ride, the mix the problem forbids. "
              "(The correct rules leave these four waiting.)",
      .passage = kPassage,
      .expected = interleave::ViolationKind::assertion,
      .scenario = [] { ride<model_sync, UberFlaw::three_one>(three_and_one); },
      .options = exhaustive(),
      .real_scenario = [] { ride<real_sync, UberFlaw::three_one>(three_and_one); },
  });
  interleave::register_model({
      .name = "uber/no-barrier",
      .primitive = "uber",
      .summary = "Two democrats and two republicans, without the barrier before drive().",
      .flaw = "Without barrier.wait(), the ride's leader calls drive() as soon as it is seated itself; the "
              "three riders it released from their semaphores may not have reached seated() yet. drive() "
              "sees fewer than four riders in the car.",
      .passage = kPassage,
      .expected = interleave::ViolationKind::assertion,
      .scenario = [] { ride<model_sync, UberFlaw::no_barrier>(two_and_two); },
      .options = exhaustive(),
      .real_scenario = [] { ride<real_sync, UberFlaw::no_barrier>(two_and_two); },
  });
  return true;
}();

}  // namespace
