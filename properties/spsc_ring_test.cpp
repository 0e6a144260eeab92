// Properties of the single-producer single-consumer ring on real threads: a
// producer and a consumer passing random items through rings of one and of
// four slots keep their order, lose nothing and duplicate nothing; and any
// sequence of pushes and pops from one thread behaves as a bounded FIFO queue
// (a push fails exactly when Capacity items are queued). Under
// ThreadSanitizer the plain slots are also checked for races (the
// release/acquire indices must order them).
// More cases: RC_PARAMS="max_success=500" ./property_spsc_ring_test
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <deque>
#include <memory>
#include <optional>
#include <thread>
#include <vector>

#include "primitives/spsc_ring.hpp"
#include "properties/chaos.hpp"

namespace {

using interleave::properties::Chaos;

/// A producer thread pushes `items` (waiting while the ring is full) while the
/// consumer pops as many (waiting while it is empty); returns what came out.
template <std::size_t Capacity>
std::vector<int> pass_through(const std::vector<int>& items, int chaos, std::uint32_t seed) {
  // On the heap: ThreadSanitizer (clang 14) was seen to miss the slot race of
  // the relaxed-index variant when the ring lived in this thread's stack frame.
  const auto ring_owner = std::make_unique<interleave::SpscRing<int, Capacity>>();
  auto& ring = *ring_owner;
  std::vector<int> received;
  received.reserve(items.size());
  std::thread producer([&] {
    Chaos noise(chaos, seed);
    for (const int item : items) {
      noise.point();
      while (!ring.try_push(item)) std::this_thread::yield();
    }
  });
  Chaos noise(chaos, seed + 1);
  while (received.size() < items.size()) {
    noise.point();
    if (const std::optional<int> item = ring.try_pop())
      received.push_back(*item);
    else
      std::this_thread::yield();
  }
  producer.join();
  return received;
}

RC_GTEST_PROP(SpscRing, ItemsComeOutInOrderExactlyOnceThroughOneSlot, ()) {
  const auto items = *rc::gen::container<std::vector<int>>(*rc::gen::inRange(0, 1000), rc::gen::arbitrary<int>());
  RC_ASSERT(pass_through<1>(items, *rc::gen::inRange(0, 3), *rc::gen::arbitrary<std::uint32_t>()) == items);
}

RC_GTEST_PROP(SpscRing, ItemsComeOutInOrderExactlyOnceThroughFourSlots, ()) {
  const auto items = *rc::gen::container<std::vector<int>>(*rc::gen::inRange(0, 4000), rc::gen::arbitrary<int>());
  RC_ASSERT(pass_through<4>(items, *rc::gen::inRange(0, 3), *rc::gen::arbitrary<std::uint32_t>()) == items);
}

/// One thread, random pushes (true) and pops (false), against std::deque
/// bounded at the capacity.
RC_GTEST_PROP(SpscRing, BehavesAsABoundedFifoQueue, ()) {
  constexpr std::size_t kCapacity = 3;
  const auto ops = *rc::gen::container<std::vector<bool>>(rc::gen::arbitrary<bool>());
  interleave::SpscRing<int, kCapacity> ring;
  std::deque<int> expected;
  int next = 0;
  for (const bool push : ops) {
    if (push) {
      const bool room = expected.size() < kCapacity;
      RC_ASSERT(ring.try_push(next) == room);
      if (room) expected.push_back(next);
      ++next;
    } else {
      const std::optional<int> item = ring.try_pop();
      RC_ASSERT(item.has_value() == !expected.empty());
      if (item) {
        RC_ASSERT(*item == expected.front());
        expected.pop_front();
      }
    }
  }
}

}  // namespace
