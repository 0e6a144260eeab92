// Properties on real threads of H2O, the sleeping barber and the cigarette
// smokers, for random crowd sizes.
// More cases: RC_PARAMS="max_success=500" ./property_classic_problems_test
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <thread>
#include <vector>

#include "primitives/cigarette_smokers.hpp"
#include "primitives/h2o.hpp"
#include "primitives/sleeping_barber.hpp"

RC_GTEST_PROP(H2O, EveryMoleculeIsTwoHydrogensAndOneOxygen, ()) {
  const int molecules = *rc::gen::inRange(1, 8);
  std::atomic<int> formed{0}, bad{0};
  interleave::H2O<> water([&](int h, int o) {
    if (h != 2 || o != 1) bad.fetch_add(1);
    formed.fetch_add(1);
  });
  std::vector<std::thread> atoms;
  for (int i = 0; i < 3 * molecules; ++i)
    atoms.emplace_back([&, i] { i % 3 == 2 ? water.oxygen() : water.hydrogen(); });
  for (auto& t : atoms) t.join();
  RC_ASSERT(bad.load() == 0);
  RC_ASSERT(formed.load() == molecules);
}

RC_GTEST_PROP(Barber, NeverOverfillsAndCutsEverySeatedCustomer, ()) {
  const int chairs = *rc::gen::inRange(1, 4);
  const int customers = *rc::gen::inRange(1, 12);
  std::atomic<int> haircuts{0}, served{0}, turned_away{0};
  {
    interleave::BarberShop<> shop(chairs, [&] {
      haircuts.fetch_add(1);
      std::this_thread::yield();
    });
    std::vector<std::thread> threads;
    for (int i = 0; i < customers; ++i)
      threads.emplace_back([&] { (shop.visit() ? served : turned_away).fetch_add(1); });
    for (auto& t : threads) t.join();
  }
  RC_ASSERT(served.load() + turned_away.load() == customers);
  RC_ASSERT(haircuts.load() == served.load());
  RC_ASSERT(served.load() >= 1);  // the first to arrive always finds a chair
}

RC_GTEST_PROP(Smokers, OnlyTheSmokerLackingTheOfferSmokes, ()) {
  const auto offers = *rc::gen::container<std::vector<int>>(rc::gen::inRange(0, 3));
  RC_PRE(offers.size() <= 30);
  interleave::SmokersTable<> table;
  std::mutex m;
  std::vector<int> offered(3, 0), smoked(3, 0);
  bool out_of_turn = false;
  std::vector<std::thread> smokers;
  for (int i = 0; i < 3; ++i) {
    const int mine = int(std::count(offers.begin(), offers.end(), i));
    smokers.emplace_back([&, i, mine] {
      for (int k = 0; k < mine; ++k) {
        table.smoke(i);
        std::lock_guard lk(m);
        out_of_turn = out_of_turn || offered[i] <= smoked[i];
        ++smoked[i];
      }
    });
  }
  for (int missing : offers) {
    {
      std::lock_guard lk(m);
      ++offered[missing];  // counted before it is on the table
    }
    table.offer(missing);
  }
  for (auto& t : smokers) t.join();
  RC_ASSERT(!out_of_turn);
  RC_ASSERT(smoked == offered);
}
