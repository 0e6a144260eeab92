// Properties of the seqlock on real threads: while one writer stores records
// whose fields are all equal and grow with each write, every record a reader
// reads has equal fields and is never older than the one it read before.
// Under ThreadSanitizer nothing is plain: the fields are relaxed atomics, so
// the sanitizer checks only that no access races; a torn read is what the
// assertions look for.
// More cases: RC_PARAMS="max_success=500" ./property_seqlock_test
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "primitives/seqlock.hpp"
#include "properties/chaos.hpp"

namespace {

using interleave::properties::Chaos;

constexpr std::size_t kFields = 4;
using Lock = interleave::Seqlock<interleave::real_sync, kFields>;

/// {k, k, ..., k}
Lock::Record record_of(int k) {
  Lock::Record r;
  r.fill(k);
  return r;
}

RC_GTEST_PROP(Seqlock, ReadersSeeWholeRecordsInTheOrderTheyWereWritten, ()) {
  const int writes = *rc::gen::inRange(0, 20000);
  const int readers = *rc::gen::inRange(1, 4);
  const int chaos = *rc::gen::inRange(0, 2);
  const auto seed = *rc::gen::arbitrary<std::uint32_t>();
  Lock lock(record_of(0));
  std::atomic<bool> done{false};
  std::atomic<bool> torn{false};
  std::atomic<bool> went_back{false};
  std::vector<std::thread> threads;
  for (int r = 0; r < readers; ++r)
    threads.emplace_back([&, r] {
      Chaos noise(chaos, seed + static_cast<std::uint32_t>(r) + 1);
      int newest = 0;
      for (bool last = false; !last;) {
        last = done.load();  // one more read after the writer finished
        noise.point();
        const Lock::Record record = lock.read();
        for (const int field : record)
          if (field != record[0]) torn = true;
        if (record[0] < newest) went_back = true;
        newest = record[0];
      }
    });
  Chaos noise(chaos, seed);
  for (int k = 1; k <= writes; ++k) {
    noise.point();
    lock.write(record_of(k));
  }
  done = true;
  for (auto& t : threads) t.join();
  RC_ASSERT(!torn);
  RC_ASSERT(!went_back);
  RC_ASSERT(lock.read() == record_of(writes));
}

}  // namespace
