// Models of the readers-writer locks (primitives/rwlock.hpp, the notes'
// design, and primitives/fair_rwlock.hpp). Invariants count readers and
// writers inside from outside. The starvation scenario lets two readers come
// back while a writer waits, with a bounded-bypass check.
#if defined(__clang__)  // model_sync's mutex carries no capability: the analysis is for real_sync
#pragma clang diagnostic ignored "-Wthread-safety-analysis"
#endif

#include <atomic>
#include <vector>

#include "interleave/interleave.hpp"
#include "models/registry.hpp"
#include "primitives/fair_rwlock.hpp"
#include "primitives/rwlock.hpp"

namespace {

using interleave::model_sync;
using interleave::real_sync;

constexpr const char* kPassage =
    "Read-Write Lock: design a lock which lets multiple readers read at the same time, but only one writer "
    "write at a time. (class ReadersWriteLock: acquire_read_lock waits while write_in_progress; "
    "acquire_write_lock waits while readers is not 0 or write_in_progress)";

/// `readers` threads read `reads` times each, `writers` threads write once each.
template <class S, class Lock>
void readers_and_writers(int readers, int reads, int writers) {
  Lock lock;
  std::atomic<int> reading{0}, writing{0};  // atomic: readers overlap on real threads
  S::invariant("never a writer with readers", [&] { return writing == 0 || reading == 0; });
  S::invariant("never two writers", [&] { return writing <= 1; });
  std::vector<std::function<void()>> bodies;
  for (int r = 0; r < readers; ++r)
    bodies.push_back([&] {
      for (int i = 0; i < reads; ++i) {
        lock.acquire_read();
        ++reading;
        S::yield();
        --reading;
        lock.release_read();
      }
    });
  for (int w = 0; w < writers; ++w)
    bodies.push_back([&] {
      lock.acquire_write();
      ++writing;
      S::yield();
      --writing;
      lock.release_write();
    });
  S::run_together(std::move(bodies));
  S::assert_that(lock.peek_readers() == 0 && !lock.peek_writing(), "the lock is free at the end");
}

interleave::Options bypass_bound(int bound) {
  interleave::Options o;
  o.strategy = interleave::Strategy::dpor;
  o.max_spurious_wakeups = 0;  // the wait loops are checked against spurious wake-ups elsewhere
  o.max_bypass = bound;
  o.bypass_mutexes = false;  // the bound is the lock's own promise; its mutex is as unfair as the platform's
  return o;
}

template <class S>
using NotesLock = interleave::RWLock<S>;
template <class S>
using FairLock = interleave::FairRWLock<S>;

const bool registered = [] {
  interleave::register_model({
      .name = "rwlock",
      .primitive = "rwlock",
      .summary = "Two readers and two writers, once each, through the notes' lock: never a writer with a "
                 "reader or another writer.",
      .passage = kPassage,
      .expected = std::nullopt,
      .scenario = [] { readers_and_writers<model_sync, NotesLock<model_sync>>(2, 1, 2); },
      .options = bypass_bound(0),  // 0: no bypass bound; exclusion only
      .real_scenario = [] { readers_and_writers<real_sync, NotesLock<real_sync>>(2, 1, 2); },
  });
  interleave::register_model({
      .name = "rwlock/writer-starves",
      .primitive = "rwlock",
      .summary = "Two readers read twice each while a writer waits, through the notes' lock, with a "
                 "bypass bound of 2.",
      .flaw = "The notes' lock admits a reader whenever no write is in progress, even while a writer waits. "
              "Readers that keep overlapping keep the count above zero and the writer is overtaken again and "
              "again: more than the bound of 2 (with endless readers, forever).",
      .passage = kPassage,
      .expected = interleave::ViolationKind::starvation,
      .scenario = [] { readers_and_writers<model_sync, NotesLock<model_sync>>(2, 2, 1); },
      .options = bypass_bound(2),
      .model_only = "starvation is a bound on how often a waiter is bypassed, counted over the model's schedules",
  });
  interleave::register_model({
      .name = "fair-rwlock",
      .primitive = "fair-rwlock",
      .summary = "Two readers and two writers, once each, through the fair lock: exclusion holds and nobody is "
                 "overtaken more than 3 times (the other threads).",
      .passage = kPassage,
      .expected = std::nullopt,
      .scenario = [] { readers_and_writers<model_sync, FairLock<model_sync>>(2, 1, 2); },
      .options = bypass_bound(3),
      .real_scenario = [] { readers_and_writers<real_sync, FairLock<real_sync>>(2, 1, 2); },
  });
  interleave::register_model({
      .name = "fair-rwlock/reader-stream",
      .primitive = "fair-rwlock",
      .summary = "The notes' starvation scenario (two readers reading twice while a writer waits) through the "
                 "fair lock, bypass bound 2: the writer is overtaken only by those who came before it.",
      .passage = kPassage,
      .expected = std::nullopt,
      .scenario = [] { readers_and_writers<model_sync, FairLock<model_sync>>(2, 2, 1); },
      .options = bypass_bound(2),
      .real_scenario = [] { readers_and_writers<real_sync, FairLock<real_sync>>(2, 2, 1); },
  });
  return true;
}();

}  // namespace
