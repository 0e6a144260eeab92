// Properties of UberSeating on real threads: for random even numbers of
// democrats and republicans that can fill whole cars, the recorded history is
// a sequence of rides, each of exactly four seated riders (4 + 0 or 2 + 2)
// followed by one drive, and every rider is seated exactly once.
// More cases: RC_PARAMS="max_success=500" ./property_uber_seating_test
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <mutex>
#include <random>
#include <thread>
#include <vector>

#include "primitives/uber_seating.hpp"

namespace {

using interleave::Party;

thread_local int rider_id = -1;

/// One history event: a rider seated (rider >= 0) or a drive (rider == -1).
struct Event {
  int rider;
  Party party;
};

}  // namespace

RC_GTEST_PROP(Uber, EveryRideIsFourValidRidersThenOneDrive, ()) {
  // Even counts of each party summing to a multiple of 4: always seatable.
  const int democrats = 2 * *rc::gen::inRange(0, 5);
  const int republicans_pairs = *rc::gen::inRange(0, 5);
  const int republicans = 2 * (republicans_pairs + ((democrats / 2 + republicans_pairs) % 2));
  RC_PRE(democrats + republicans > 0);

  std::mutex history_m;
  std::vector<Event> history;
  interleave::UberSeating<> uber(
      [&](Party p) {
        std::lock_guard lk(history_m);
        history.push_back({rider_id, p});
      },
      [&] {
        std::lock_guard lk(history_m);
        history.push_back({-1, Party::democrat});
      });

  std::vector<int> order(democrats + republicans);
  for (int i = 0; i < int(order.size()); ++i) order[i] = i;
  std::shuffle(order.begin(), order.end(), std::mt19937(*rc::gen::arbitrary<unsigned>()));  // arrivals
  std::vector<std::thread> riders;
  for (int id : order) {
    const Party p = id < democrats ? Party::democrat : Party::republican;
    riders.emplace_back([&uber, id, p] {
      rider_id = id;
      uber.seat(p);
    });
  }
  for (auto& t : riders) t.join();

  std::vector<int> seen(order.size(), 0);
  int in_car[2] = {0, 0};
  int rides = 0;
  for (const Event& e : history) {
    if (e.rider >= 0) {
      ++seen[e.rider];
      ++in_car[int(e.party)];
      RC_ASSERT(in_car[0] + in_car[1] <= 4);
      continue;
    }
    const bool valid =
        (in_car[0] == 4 && in_car[1] == 0) || (in_car[0] == 0 && in_car[1] == 4) || (in_car[0] == 2 && in_car[1] == 2);
    RC_ASSERT(valid);
    in_car[0] = in_car[1] = 0;
    ++rides;
  }
  RC_ASSERT(in_car[0] + in_car[1] == 0);  // nobody seated after the last drive
  RC_ASSERT(rides == (democrats + republicans) / 4);
  RC_ASSERT(std::all_of(seen.begin(), seen.end(), [](int n) { return n == 1; }));
}
