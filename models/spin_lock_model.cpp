// Models of the TTAS spin lock (primitives/spin_lock.hpp): threads each
// increment a plain shared counter inside the lock (models/locked_increments.hpp).
#include "interleave/interleave.hpp"
#include "models/locked_increments.hpp"
#include "models/registry.hpp"
#include "primitives/spin_lock.hpp"

namespace {

using interleave::model_sync;
using interleave::real_sync;
using interleave::SpinLockFlaw;

constexpr const char* kPassage =
    "A mutex allows only a single thread to access a resource or critical section. Once a thread acquires a "
    "mutex, all other threads attempting to acquire the same mutex are blocked until the first thread releases "
    "the mutex.";

template <class S, SpinLockFlaw Flaw>
void increments(int threads) {
  interleave::locked_increments<S, interleave::SpinLock<S, Flaw>>(threads);
}

const interleave::Options kDpor = {.strategy = interleave::Strategy::dpor};

const bool registered = [] {
  interleave::register_model({
      .name = "spin-lock",
      .primitive = "spin-lock",
      .summary = "Two threads each increment a shared counter once under a TTAS spin lock: one inside at a "
                 "time, and the count ends at two.",
      .passage = kPassage,
      .expected = std::nullopt,
      .scenario = [] { increments<model_sync, SpinLockFlaw::none>(2); },
      .options = kDpor,
      .real_scenario = [] { increments<real_sync, SpinLockFlaw::none>(2); },
  });
  interleave::register_model({
      .name = "spin-lock/three-threads",
      .primitive = "spin-lock",
      .summary = "Three threads each increment a shared counter once under a TTAS spin lock.",
      .passage = kPassage,
      .expected = std::nullopt,
      .scenario = [] { increments<model_sync, SpinLockFlaw::none>(3); },
      .options = kDpor,
      .real_scenario = [] { increments<real_sync, SpinLockFlaw::none>(3); },
  });
  interleave::register_model({
      .name = "spin-lock/plain-flag",
      .primitive = "spin-lock",
      .summary = "Two threads each increment a shared counter once under a spin lock whose flag is a plain "
                 "variable.",
      .flaw = "The flag is a plain variable, not an atomic: the release is a plain write and the spin a plain "
              "read, with nothing ordering them, and the test and the set are two steps. A data race on the "
              "flag; two threads that both read it free both enter.",
      .passage = kPassage,
      .expected = interleave::ViolationKind::data_race,
      .scenario = [] { increments<model_sync, SpinLockFlaw::plain_flag>(2); },
      .options = kDpor,
      .real_scenario = [] { increments<real_sync, SpinLockFlaw::plain_flag>(2); },
  });
  interleave::register_model({
      .name = "spin-lock/relaxed-unlock",
      .primitive = "spin-lock",
      .summary = "Two threads each increment a shared counter once under a spin lock released by a relaxed "
                 "store.",
      .flaw = "unlock() stores false with memory_order_relaxed. The next thread's exchange reads it but does not "
              "synchronise with it: the first critical section does not happen-before the second, and the "
              "plain counter is a data race.",
      .passage = kPassage,
      .expected = interleave::ViolationKind::data_race,
      .scenario = [] { increments<model_sync, SpinLockFlaw::relaxed_unlock>(2); },
      .options = kDpor,
      .real_scenario = [] { increments<real_sync, SpinLockFlaw::relaxed_unlock>(2); },
  });
  return true;
}();

}  // namespace
