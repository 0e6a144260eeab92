// Properties of the prime finder/printer monitor on real threads: for random
// limits and numbers of printers, every prime is printed exactly once, each
// printer's in increasing order, and every printer exits when told.
// More cases: RC_PARAMS="max_success=500" ./property_prime_printer_test
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <thread>
#include <vector>

#include "primitives/prime_printer.hpp"

namespace {

RC_GTEST_PROP(PrimePrinter, PrintsEveryPrimeOnceInOrderAndExits, ()) {
  const int limit = *rc::gen::inRange(0, 300);
  const int printers = *rc::gen::inRange(1, 4);
  interleave::PrimeMonitor<> monitor;
  std::vector<std::vector<int>> printed(printers);
  std::thread finder([&] { interleave::find_primes(monitor, 2, limit); });
  std::vector<std::thread> threads;
  for (int p = 0; p < printers; ++p)
    threads.emplace_back(
        [&, p] { interleave::print_primes(monitor, [&](int prime) { printed[p].push_back(prime); }); });
  finder.join();
  monitor.finish();
  for (auto& t : threads) t.join();  // every printer exits when told

  std::vector<int> all, expected;
  for (const auto& mine : printed) {
    RC_ASSERT(std::is_sorted(mine.begin(), mine.end()));
    all.insert(all.end(), mine.begin(), mine.end());
  }
  for (int n = 2; n <= limit; ++n)
    if (interleave::is_prime(n)) expected.push_back(n);
  std::sort(all.begin(), all.end());
  RC_ASSERT(all == expected);
}

}  // namespace
