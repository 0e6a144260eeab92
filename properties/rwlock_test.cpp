// Properties of the readers-writer locks (the notes' RWLock and FairRWLock) on
// real threads: for random readers, writers, rounds and chaos, a monitor never
// sees a writer with a reader or with another writer, and every operation
// completes.
// More cases: RC_PARAMS="max_success=500" ./property_rwlock_test
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "primitives/fair_rwlock.hpp"
#include "primitives/rwlock.hpp"
#include "properties/chaos.hpp"

namespace {

using interleave::properties::Chaos;

template <class Lock>
void keeps_exclusion() {
  const int readers = *rc::gen::inRange(0, 5);
  const int writers = *rc::gen::inRange(0, 4);
  const int rounds = *rc::gen::inRange(1, 25);
  const int chaos = *rc::gen::inRange(0, 3);
  const auto seed = *rc::gen::arbitrary<std::uint32_t>();

  Lock lock;
  std::atomic<int> reading{0}, writing{0}, done{0};
  std::atomic<bool> broken{false};
  std::vector<std::thread> threads;
  for (int r = 0; r < readers; ++r)
    threads.emplace_back([&, r] {
      Chaos noise(chaos, seed + r);
      for (int i = 0; i < rounds; ++i) {
        lock.acquire_read();
        ++reading;
        if (writing.load() != 0) broken = true;
        noise.point();
        --reading;
        lock.release_read();
        ++done;
      }
    });
  for (int w = 0; w < writers; ++w)
    threads.emplace_back([&, w] {
      Chaos noise(chaos, seed + 100 + w);
      for (int i = 0; i < rounds; ++i) {
        lock.acquire_write();
        if (++writing != 1 || reading.load() != 0) broken = true;
        noise.point();
        --writing;
        lock.release_write();
        ++done;
      }
    });
  for (auto& t : threads) t.join();
  RC_ASSERT(!broken.load());
  RC_ASSERT(done.load() == (readers + writers) * rounds);
  RC_ASSERT(lock.peek_readers() == 0);  // all threads joined: no race
  RC_ASSERT(!lock.peek_writing());
}

RC_GTEST_PROP(RWLock, NeverAWriterWithReadersOrAnotherWriter, ()) { keeps_exclusion<interleave::RWLock<>>(); }
RC_GTEST_PROP(FairRWLock, NeverAWriterWithReadersOrAnotherWriter, ()) { keeps_exclusion<interleave::FairRWLock<>>(); }

}  // namespace
