// PrimeMonitor: the notes' monitor example, a prime finder handing primes to
// a printer through one mutex and one condition variable, over a sync policy.
//
// Seed passage: "Monitor" ("Example: Finding prime number, we have a finder
// function and a printer function"), with the printer's
// `while not found_prime and not exit_prog: cond_var.wait()` and the finder's
// `found_prime = True; cond_var.notify()`.
//
// The notes' finder sets found_prime and notifies without waiting for the
// printer to take the previous prime, so a fast finder overwrites a prime
// before it is printed. Here publish() waits while a prime is pending: the
// one-slot hand-off the example means.
//
// Contract
//   publish(p)  blocks while a prime is pending, then makes p pending.
//   finish()    blocks while a prime is pending, then tells the printer to
//               exit. No publish() after finish().
//   take()      blocks until a prime is pending or finish() was called;
//               returns the pending prime (and clears it), or nullopt when
//               told to exit. Every published prime is taken exactly once, in
//               publication order.
//
// State transitions (f = found_prime, x = exit_prog)
//   | state      | operation | next                                    |
//   | !f         | publish p | f = true, prime = p, wakes all          |
//   | f          | publish p | sleeps until !f                         |
//   | !f         | finish    | x = true, wakes all                     |
//   | f          | take      | f = false, wakes all, returns prime     |
//   | !f, x      | take      | returns nullopt                         |
//   | !f, !x     | take      | sleeps until f or x                     |
//
// Teaching variant (PrimePrinterFlaw::no_loop, model "prime-printer/no-loop"):
// the printer waits under `if` rather than `while`. Woken with nothing pending
// (a spurious wake-up), it prints the stale prime again: a duplicated print.
#pragma once

#include <optional>

#include "interleave/real_sync.hpp"
#include "interleave/thread_annotations.hpp"

namespace interleave {

/// Known-buggy variants of PrimeMonitor kept for teaching.
enum class PrimePrinterFlaw { none, no_loop };

template <class Sync = real_sync, PrimePrinterFlaw Flaw = PrimePrinterFlaw::none>
class PrimeMonitor {
 public:
  explicit PrimeMonitor(const char* name = "primes") : m_(name), cv_(name) {}
  PrimeMonitor(const PrimeMonitor&) = delete;
  PrimeMonitor& operator=(const PrimeMonitor&) = delete;

  /// Finder: hands `prime` to the printer (waits for the slot to be free).
  void publish(int prime) {
    typename Sync::template unique_lock<typename Sync::mutex> lock(m_);
    while (found_) cv_.wait(lock);
    prime_ = prime;
    found_ = true;
    cv_.notify_all();
  }

  /// Finder or main: tells the printer to exit once the slot is empty.
  void finish() {
    typename Sync::template unique_lock<typename Sync::mutex> lock(m_);
    while (found_) cv_.wait(lock);
    exit_ = true;
    cv_.notify_all();
  }

  /// Printer: the next prime, or nullopt when told to exit.
  std::optional<int> take() {
    typename Sync::template unique_lock<typename Sync::mutex> lock(m_);
    if constexpr (Flaw == PrimePrinterFlaw::no_loop) {
      if (!found_ && !exit_) cv_.wait(lock);
    } else {
      while (!found_ && !exit_) cv_.wait(lock);
    }
    if (exit_ && !found_) return std::nullopt;
    found_ = false;
    cv_.notify_all();
    return prime_;
  }

 private:
  typename Sync::mutex m_;
  typename Sync::condition_variable cv_;
  int prime_ GUARDED_BY(m_) = 0;
  bool found_ GUARDED_BY(m_) = false;
  bool exit_ GUARDED_BY(m_) = false;
};

/// Is n prime? (trial division; the finder's work between hand-offs)
constexpr bool is_prime(int n) {
  if (n < 2) return false;
  for (int d = 2; d * d <= n; ++d)
    if (n % d == 0) return false;
  return true;
}

/// The finder thread's body: publishes every prime in [from, to].
template <class Monitor>
void find_primes(Monitor& monitor, int from, int to) {
  for (int n = from; n <= to; ++n)
    if (is_prime(n)) monitor.publish(n);
}

/// The printer thread's body: takes primes until told to exit, passing each
/// to `print`.
template <class Monitor, class Print>
void print_primes(Monitor& monitor, Print print) {
  while (auto prime = monitor.take()) print(*prime);
}

}  // namespace interleave
