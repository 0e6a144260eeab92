// Models of the sleeping barber (primitives/sleeping_barber.hpp): one chair,
// two customers; the waiting room never overflows, and every customer who
// sat down got a haircut.
#include <vector>

#include "interleave/interleave.hpp"
#include "models/registry.hpp"
#include "primitives/sleeping_barber.hpp"

namespace {

using interleave::BarberFlaw;
using interleave::model_sync;
using interleave::real_sync;

constexpr const char* kPassage =
    "Condition variables are the way for threads to communicate with each other ... This 'notify' method will "
    "wake up the thread1 (the sleeping barber, a problem every course teaches).";

template <class S, BarberFlaw Flaw>
void two_customers() {
  int haircuts = 0, served = 0;
  {
    interleave::BarberShop<S, Flaw> shop(1, [&] { ++haircuts; });
    S::invariant("never more than the chairs waiting", [&] { return shop.waiting_now() <= 1; });
    std::vector<typename S::thread> customers;
    for (int i = 0; i < 2; ++i)
      customers.emplace_back([&] {
        if (shop.visit()) ++served;
      });
    for (auto& c : customers) c.join();
  }
  S::assert_that(served >= 1, "the first customer always finds a chair");
  S::assert_that(haircuts == served, "every seated customer got a haircut");
}

const bool registered = [] {
  interleave::register_model({
      .name = "barber",
      .primitive = "barber",
      .summary = "One chair, two customers: never more than one waiting; every seated customer gets a haircut.",
      .passage = kPassage,
      .expected = std::nullopt,
      .scenario = [] { two_customers<model_sync, BarberFlaw::none>(); },
      .options = {.strategy = interleave::Strategy::dpor},
      .real_scenario = [] { two_customers<real_sync, BarberFlaw::none>(); },
  });
  interleave::register_model({
      .name = "barber/lost-wakeup",
      .primitive = "barber",
      .summary = "The customer rings the bell before sitting down.",
      .flaw = "visit() notifies the barber, releases the lock, and only then sits down (waiting + 1). A barber "
              "woken by the bell who runs in between finds the waiting room empty and goes back to sleep; the "
              "customer sits down with nobody left to wake the barber. Both wait forever: deadlock.",
      .passage = kPassage,
      .expected = interleave::ViolationKind::deadlock,
      .scenario = [] { two_customers<model_sync, BarberFlaw::lost_wakeup>(); },
      .options = {.strategy = interleave::Strategy::dpor},
      .real_scenario = [] { two_customers<real_sync, BarberFlaw::lost_wakeup>(); },
  });
  return true;
}();

}  // namespace
