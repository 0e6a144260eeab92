// Properties of UnisexBathroom on real threads: for random crowds, capacities
// and numbers of visits, nobody ever sees the other gender inside, nobody sees
// more than `capacity` inside, and every visit completes.
// More cases: RC_PARAMS="max_success=500" ./property_bathroom_test
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <mutex>
#include <thread>
#include <vector>

#include "primitives/bathroom.hpp"

namespace {

using interleave::BathroomRule;
using interleave::Gender;

/// Watches occupancy from outside: counts a person from the moment enter()
/// returns until just before leave(), so it never overcounts.
struct Monitor {
  std::mutex m;
  int inside[2] = {0, 0};
  int most = 0;
  bool mixed = false;
  int visits = 0;

  void in(Gender g) {
    std::lock_guard lk(m);
    ++inside[int(g)];
    mixed = mixed || inside[int(interleave::other(g))] > 0;
    most = std::max(most, inside[0] + inside[1]);
    ++visits;
  }
  void out(Gender g) {
    std::lock_guard lk(m);
    --inside[int(g)];
  }
};

template <BathroomRule Rule>
void crowd_keeps_the_rules() {
  const int women = *rc::gen::inRange(0, 4);
  const int men = *rc::gen::inRange(0, 4);
  const int visits = *rc::gen::inRange(1, 4);
  const int capacity = *rc::gen::inRange(1, 4);
  interleave::UnisexBathroom<interleave::real_sync, Rule> room(capacity);
  Monitor monitor;
  std::vector<std::thread> people;
  for (int i = 0; i < women + men; ++i) {
    const Gender g = i < women ? Gender::female : Gender::male;
    people.emplace_back([&, g, i] {
      for (int v = 0; v < visits; ++v) {
        room.enter(g);
        monitor.in(g);
        if ((i + v) % 2 == 0) std::this_thread::yield();
        monitor.out(g);
        room.leave(g);
      }
    });
  }
  for (auto& t : people) t.join();
  RC_ASSERT(!monitor.mixed);
  RC_ASSERT(monitor.most <= capacity);
  RC_ASSERT(monitor.visits == (women + men) * visits);
}

}  // namespace

RC_GTEST_PROP(Bathroom, NeverMixesGendersNorExceedsCapacity, ()) { crowd_keeps_the_rules<BathroomRule::correct>(); }

RC_GTEST_PROP(FairBathroom, NeverMixesGendersNorExceedsCapacity, ()) { crowd_keeps_the_rules<BathroomRule::fair>(); }
