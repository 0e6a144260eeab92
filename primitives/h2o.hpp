// H2O: hydrogen and oxygen threads pass in groups of two H and one O.
//
// A problem every course teaches (Downey, "The Little Book of Semaphores",
// 5.6). Built from the notes' Semaphore and Barrier.
//
// Contract: hydrogen() and oxygen() block until the caller is part of a
// molecule of exactly two hydrogens and one oxygen; the molecule callback runs
// once per molecule with the counts of the threads that formed it, before any
// of them returns; no thread of the next molecule joins before it has run.
//
// State: h_permits (2), o_permits (1), a Barrier of 3 whose action reports
// the molecule. A thread takes a permit of its element, counts itself in,
// waits at the barrier, then returns its permit.
//   | thread   | step                                                   |
//   | H        | h_permits.acquire; ++h; barrier.wait; h_permits.release |
//   | O        | o_permits.acquire; ++o; barrier.wait; o_permits.release |
//   | barrier  | last of 3: molecule(h, o); h = o = 0; all released      |
//
// Teaching variant (H2OFlaw::three_h): the hydrogen semaphore starts with 3
// permits (the classic off-by-one): three hydrogens fill the barrier and
// form "H3".
#pragma once

#include <cstdint>
#include <functional>
#include <utility>

#include "interleave/real_sync.hpp"
#include "primitives/barrier.hpp"
#include "primitives/semaphore.hpp"

namespace interleave {

/// Known-buggy variants of H2O kept for teaching.
enum class H2OFlaw : std::uint8_t { none, three_h };

template <class Sync = real_sync, H2OFlaw Flaw = H2OFlaw::none>
class H2O {
 public:
  /// molecule(h, o) runs once per group of three, with its composition.
  explicit H2O(std::function<void(int, int)> molecule)
      : molecule_(std::move(molecule)),
        barrier_(
            3, [this] { formed(); }, "h2o.barrier") {}

  void hydrogen() { pass(h_permits_, h_); }
  void oxygen() { pass(o_permits_, o_); }

 private:
  void pass(Semaphore<Sync>& permits, typename Sync::template atomic<int>& count) {
    permits.acquire();
    count.fetch_add(1);
    barrier_.wait();
    permits.release();
  }
  // Runs under the barrier's lock, by the last thread of the group.
  void formed() { molecule_(h_.exchange(0), o_.exchange(0)); }

  std::function<void(int, int)> molecule_;
  Semaphore<Sync> h_permits_{Flaw == H2OFlaw::three_h ? 3 : 2, "h2o.hydrogen"};
  Semaphore<Sync> o_permits_{1, "h2o.oxygen"};
  typename Sync::template atomic<int> h_{0, "h2o.h"};
  typename Sync::template atomic<int> o_{0, "h2o.o"};
  Barrier<Sync> barrier_;
};

}  // namespace interleave
