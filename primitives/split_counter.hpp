// SplitCounter: a counter kept in two atomic words, value = 2 × high + low
// (a two-digit counter in base 2, the shape of a 64-bit count kept in two
// 32-bit halves). increment() carries under a mutex; get() reads both
// words under the same mutex, so it returns a value the counter held.
//
// Contract
//   increment()  adds one.
//   get()        the current count.
//   Linearizable against a plain integer counter (specs::counter()).
//
// Teaching variant
//   SplitCounterFlaw::torn_read ("split-counter/torn-read"): get() reads the
//   two words without the lock, low first, so it can see half of the carry
//   from 1 to 2 (low 1 -> 0, then high 0 -> 1): 2 × 1 + 1 = 3 when it reads
//   low before the carry and high after, a value the counter never held, or
//   0 when it reads between the two writes after the first increment
//   returned. Not linearizable, though every word read is a value that word
//   held (no data race).
#pragma once

#include "interleave/real_sync.hpp"
#include "interleave/thread_annotations.hpp"

namespace interleave {

enum class SplitCounterFlaw { none, torn_read };

template <class Sync = real_sync, SplitCounterFlaw Flaw = SplitCounterFlaw::none>
class SplitCounter {
 public:
  SplitCounter() : m_("counter"), low_(0, "low"), high_(0, "high") {}
  SplitCounter(const SplitCounter&) = delete;
  SplitCounter& operator=(const SplitCounter&) = delete;

  void increment() {
    typename Sync::template unique_lock<typename Sync::mutex> lock(m_);
    if (low_.load() == 0) {
      low_.store(1);
    } else {
      low_.store(0);
      high_.store(high_.load() + 1);
    }
  }

  long get() {
    if constexpr (Flaw == SplitCounterFlaw::torn_read) {
      const long low = low_.load();
      return 2 * high_.load() + low;
    } else {
      typename Sync::template unique_lock<typename Sync::mutex> lock(m_);
      return 2 * high_.load() + low_.load();
    }
  }

 private:
  typename Sync::mutex m_;
  typename Sync::template atomic<long> low_;
  typename Sync::template atomic<long> high_;
};

}  // namespace interleave
