// TicketLock: a FIFO spin lock of two counters, the next ticket to hand out
// and the ticket now served, over a sync policy.
//
// Seed passage: "Mutex" ("A mutex allows only a single thread to access a
// resource or critical section. Once a thread acquires a mutex, all other
// threads attempting to acquire the same mutex are blocked until the first
// thread releases the mutex."). The ticket lock adds an order: threads enter
// in the order they took their tickets, as customers at a bakery counter.
//
// Contract
//   lock()    takes the next ticket and spins until it is served.
//   unlock()  the holder serves the next ticket. Unlocking a lock one does
//             not hold is undefined.
//   At most one holder at a time; the holder's writes happen-before the next
//   holder's critical section; FIFO: a thread that took its ticket first
//   enters first (no waiter is ever bypassed).
//
// State transitions (n = next ticket, s = now serving; n - s threads hold
// or wait for the lock)
//   | state  | operation | next                                             |
//   | n == s | lock      | takes ticket n, n + 1; s == ticket: holds it     |
//   | n > s  | lock      | takes ticket n, n + 1; spins until s == ticket   |
//   | n > s  | unlock    | s + 1: the holder of ticket s + 1 enters         |
//
// Taking a ticket is one atomic fetch_add, so no two threads get the same
// ticket. Only the holder writes s, so unlock may read and then store it.
// Each spin iteration calls Sync::spin_loop(). The atomics use the default
// (sequentially consistent) order.
//
// Teaching variant (TicketLockFlaw::plain_next, model "ticket-lock/plain-next"):
// the next-ticket counter is a plain variable (`Sync::shared<unsigned>`), so
// taking a ticket is a read and a write with room between them: two threads
// take the same ticket and enter together, and the counter's accesses are a
// data race.
#pragma once

#include <type_traits>

#include "interleave/real_sync.hpp"

namespace interleave {

/// Known-buggy variants of TicketLock kept for teaching (see the header comment).
enum class TicketLockFlaw { none, plain_next };

template <class Sync = real_sync, TicketLockFlaw Flaw = TicketLockFlaw::none>
class TicketLock {
  using Next = std::conditional_t<Flaw == TicketLockFlaw::plain_next, typename Sync::template shared<unsigned>,
                                  typename Sync::template atomic<unsigned>>;

 public:
  explicit TicketLock(const char* name = "ticket_lock") : next_(0u, name), serving_(0u, name) {}
  TicketLock(const TicketLock&) = delete;
  TicketLock& operator=(const TicketLock&) = delete;

  /// Takes a ticket and spins until it is served.
  void lock() {
    const unsigned ticket = take_ticket();
    while (serving_.load() != ticket) Sync::spin_loop();
  }

  /// Serves the next ticket; the caller must hold the lock.
  void unlock() { serving_.store(serving_.load() + 1); }

 private:
  unsigned take_ticket() {
    if constexpr (Flaw == TicketLockFlaw::plain_next) {
      const unsigned ticket = next_.get();
      next_.set(ticket + 1);
      return ticket;
    } else {
      return next_.fetch_add(1);
    }
  }

  Next next_;
  typename Sync::template atomic<unsigned> serving_;
};

}  // namespace interleave
