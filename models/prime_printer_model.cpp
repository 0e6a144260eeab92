// Models of the notes' prime finder and printer monitor
// (primitives/prime_printer.hpp): the main thread finds the primes up to a
// limit and publishes them to one or two printers, then tells the printers to
// exit. Every prime must be printed exactly once, each printer's in
// increasing order.
#if defined(__clang__)  // model_sync's mutex carries no capability: the analysis is for real_sync
#pragma clang diagnostic ignored "-Wthread-safety-analysis"
#endif

#include <algorithm>
#include <vector>

#include "interleave/interleave.hpp"
#include "models/registry.hpp"
#include "primitives/prime_printer.hpp"

namespace {

using interleave::model_sync;
using interleave::PrimePrinterFlaw;
using interleave::real_sync;

constexpr const char* kPassage =
    "Monitor: Example: Finding prime number, we have a finder function and a printer function. PRINTER "
    "THREAD WAITS UNTIL THERE IS SOMETHING TO PRINT: while not found_prime and not exit_prog: "
    "cond_var.wait() ... FINDER THREAD FINDS AND NOTIFIES THE PRINTER THREAD: found_prime = True; "
    "cond_var.notify()";

template <class S, PrimePrinterFlaw Flaw>
void find_and_print(int limit, int printers) {
  interleave::PrimeMonitor<S, Flaw> monitor;
  std::vector<std::vector<int>> printed(printers);
  std::vector<typename S::thread> threads;
  for (int p = 0; p < printers; ++p)
    threads.emplace_back(
        [&, p] { interleave::print_primes(monitor, [&](int prime) { printed[p].push_back(prime); }); });
  interleave::find_primes(monitor, 2, limit);  // the main thread is the finder
  monitor.finish();
  for (auto& t : threads) t.join();

  std::vector<int> all, expected;
  for (const auto& mine : printed) {
    S::assert_that(std::is_sorted(mine.begin(), mine.end()), "each printer prints in increasing order");
    all.insert(all.end(), mine.begin(), mine.end());
  }
  for (int n = 2; n <= limit; ++n)
    if (interleave::is_prime(n)) expected.push_back(n);
  std::sort(all.begin(), all.end());
  S::assert_that(all == expected, "every prime found is printed exactly once");
}

const bool registered = [] {
  interleave::register_model({
      .name = "prime-printer",
      .primitive = "prime-printer",
      .summary = "A finder hands the prime 2 to two competing printers: printed exactly once, and both "
                 "printers exit when told.",
      .passage = kPassage,
      .expected = std::nullopt,
      .scenario = [] { find_and_print<model_sync, PrimePrinterFlaw::none>(2, 2); },
      .options = {.strategy = interleave::Strategy::dpor, .max_spurious_wakeups = 0},
      .real_scenario = [] { find_and_print<real_sync, PrimePrinterFlaw::none>(2, 2); },
  });
  interleave::register_model({
      .name = "prime-printer/spurious",
      .primitive = "prime-printer",
      .summary = "A finder hands 2, 3 and 5 to one printer, with spurious wake-ups explored: each printed "
                 "once, in order; the `while` loops absorb the wake-ups.",
      .passage = kPassage,
      .expected = std::nullopt,
      .scenario = [] { find_and_print<model_sync, PrimePrinterFlaw::none>(5, 1); },
      .options = {.strategy = interleave::Strategy::dpor, .max_spurious_wakeups = 1},
      .real_scenario = [] { find_and_print<real_sync, PrimePrinterFlaw::none>(5, 1); },
  });
  interleave::register_model({
      .name = "prime-printer/no-loop",
      .primitive = "prime-printer",
      .summary = "The prime 2 handed to two printers that wait under `if` instead of `while`.",
      .flaw = "The printer waits with `if not found_prime and not exit_prog: wait()`. Woken with nothing "
              "pending (the other printer took the prime, or a spurious wake-up), it prints the stale prime "
              "again: a duplicated print.",
      .passage = kPassage,
      .expected = interleave::ViolationKind::assertion,
      .scenario = [] { find_and_print<model_sync, PrimePrinterFlaw::no_loop>(2, 2); },
      .options = {.max_spurious_wakeups = 1},
      .real_scenario = [] { find_and_print<real_sync, PrimePrinterFlaw::no_loop>(2, 2); },
  });
  return true;
}();

}  // namespace
