// The scenario the lock models share: threads each increment a plain shared
// counter once inside the lock; an invariant counts the threads inside, and
// the final count must equal the increments.
#pragma once

#include <functional>
#include <utility>
#include <vector>

#include "interleave/interleave.hpp"

namespace interleave {

/// `threads` threads each lock a `Lock` (lock()/unlock()) around one increment.
template <class S, class Lock>
void locked_increments(int threads) {
  Lock lock;
  typename S::template shared<int> count{0, "count"};
  int inside = 0;
  S::invariant("at most one thread inside", [&] { return inside <= 1; });
  std::vector<std::function<void()>> bodies(static_cast<std::size_t>(threads), [&] {
    lock.lock();
    ++inside;
    count.update([](int c) { return c + 1; });
    --inside;
    lock.unlock();
  });
  S::run_together(std::move(bodies));
  S::assert_that(count.get() == threads, "no update lost: the count equals the increments");
}

}  // namespace interleave
