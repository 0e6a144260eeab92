// Models of the ticket lock (primitives/ticket_lock.hpp): threads each
// increment a plain shared counter inside the lock (models/locked_increments.hpp).
#include "interleave/interleave.hpp"
#include "models/locked_increments.hpp"
#include "models/registry.hpp"
#include "primitives/ticket_lock.hpp"

namespace {

using interleave::model_sync;
using interleave::real_sync;
using interleave::TicketLockFlaw;

constexpr const char* kPassage =
    "A mutex allows only a single thread to access a resource or critical section. Once a thread acquires a "
    "mutex, all other threads attempting to acquire the same mutex are blocked until the first thread releases "
    "the mutex.";

template <class S, TicketLockFlaw Flaw>
void increments(int threads) {
  interleave::locked_increments<S, interleave::TicketLock<S, Flaw>>(threads);
}

const interleave::Options kDpor = {.strategy = interleave::Strategy::dpor};

const bool registered = [] {
  interleave::register_model({
      .name = "ticket-lock",
      .primitive = "ticket-lock",
      .summary = "Two threads each increment a shared counter once under a ticket lock: one inside at a time, "
                 "and the count ends at two.",
      .passage = kPassage,
      .expected = std::nullopt,
      .scenario = [] { increments<model_sync, TicketLockFlaw::none>(2); },
      .options = kDpor,
      .real_scenario = [] { increments<real_sync, TicketLockFlaw::none>(2); },
  });
  interleave::register_model({
      .name = "ticket-lock/three-threads",
      .primitive = "ticket-lock",
      .summary = "Three threads each increment a shared counter once under a ticket lock.",
      .passage = kPassage,
      .expected = std::nullopt,
      .scenario = [] { increments<model_sync, TicketLockFlaw::none>(3); },
      .options = kDpor,
      .real_scenario = [] { increments<real_sync, TicketLockFlaw::none>(3); },
  });
  interleave::register_model({
      .name = "ticket-lock/plain-next",
      .primitive = "ticket-lock",
      .summary = "Two threads each increment a shared counter once under a ticket lock whose next-ticket "
                 "counter is a plain variable.",
      .flaw = "Taking a ticket reads the plain next-ticket counter and writes it back plus one: two steps with "
              "room between them. Two threads that read the same value hold the same ticket and enter "
              "together; the counter's unordered accesses are a data race.",
      .passage = kPassage,
      .expected = interleave::ViolationKind::data_race,
      .scenario = [] { increments<model_sync, TicketLockFlaw::plain_next>(2); },
      .options = kDpor,
      .real_scenario = [] { increments<real_sync, TicketLockFlaw::plain_next>(2); },
  });
  return true;
}();

}  // namespace
