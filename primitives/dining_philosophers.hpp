// Dining philosophers: n philosophers around a table, one fork between each
// pair of neighbours; eating needs both forks.
//
// A problem every course teaches (Dijkstra, 1965), and the notes' deadlock
// passage: "Deadlocks occur when two or more threads aren't able to make any
// progress because the resource required by the first thread is held by the
// second and the resource required by the second thread is held by the first."
//
// Contract: dine(i, meal) takes fork i (left) and fork (i + 1) % n (right),
// runs meal(), and puts both down. Two neighbours never eat at once (they
// share a fork); the table never deadlocks.
//
// Correct rule: take the lower-numbered fork first (a global lock order), so
// no cycle of "holds one, waits for the next" can close.
//   | philosopher  | first fork           | second fork          |
//   | 0 .. n-2     | i (left)             | i + 1 (right)        |
//   | n-1          | 0 (right, lower)     | n-1 (left)           |
//
// Teaching variant (PhilosopherFlaw::naive): everyone takes the left fork
// first. If all n take their left fork, each waits for a fork its neighbour
// holds: deadlock.
#pragma once

#include <cstdint>
#include <deque>
#include <utility>

#include "interleave/real_sync.hpp"

namespace interleave {

/// Known-buggy variants of DiningTable kept for teaching.
enum class PhilosopherFlaw : std::uint8_t { none, naive };

template <class Sync = real_sync, PhilosopherFlaw Flaw = PhilosopherFlaw::none>
class DiningTable {
 public:
  /// A table for n >= 2 philosophers (forks fork.0 .. fork.7, then "fork").
  explicit DiningTable(int n) : n_(n) {
    static const char* const names[] = {"fork.0", "fork.1", "fork.2", "fork.3", "fork.4", "fork.5", "fork.6", "fork.7"};
    for (int i = 0; i < n; ++i) forks_.emplace_back(i < 8 ? names[i] : "fork");
  }

  int size() const { return n_; }

  /// Philosopher i picks up both forks, eats, puts them down.
  template <class Meal>
  void dine(int i, Meal&& meal) {
    int first = i, second = (i + 1) % n_;
    if constexpr (Flaw == PhilosopherFlaw::none)
      if (second < first) std::swap(first, second);
    typename Sync::template unique_lock<typename Sync::mutex> a(forks_[first]);
    typename Sync::template unique_lock<typename Sync::mutex> b(forks_[second]);
    std::forward<Meal>(meal)();
  }

 private:
  int n_;
  std::deque<typename Sync::mutex> forks_;
};

}  // namespace interleave
