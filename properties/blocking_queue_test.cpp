// Properties of BlockingQueue on real threads: for random producers,
// consumers, capacities, item counts and chaos, the recorded history shows no
// item lost or duplicated and each consumer sees each producer's items in
// order (FIFO); a monitor thread never sees the size outside 0..capacity.
// More cases: RC_PARAMS="max_success=500" ./property_blocking_queue_test
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <atomic>
#include <deque>
#include <thread>
#include <vector>

#include "primitives/blocking_queue.hpp"
#include "properties/chaos.hpp"

namespace {

using interleave::properties::Chaos;

RC_GTEST_PROP(BlockingQueue, IsFifoBoundedAndLosesNothing, ()) {
  const int capacity = *rc::gen::inRange(1, 5);
  const int producers = *rc::gen::inRange(1, 4);
  const int consumers = *rc::gen::inRange(1, 4);
  const int per_producer = *rc::gen::inRange(0, 40);
  const int chaos = *rc::gen::inRange(0, 3);
  const auto seed = *rc::gen::arbitrary<std::uint32_t>();
  const int total = producers * per_producer;

  interleave::BlockingQueue<int> queue(capacity);
  std::atomic<bool> done{false}, out_of_bounds{false};
  std::thread monitor([&] {
    while (!done) {
      const int size = queue.size();
      if (size < 0 || size > capacity) out_of_bounds = true;
      std::this_thread::yield();
    }
  });
  // Consumers share out `total` takes: consumer c takes total/consumers, the
  // first takes the remainder too.
  std::vector<std::vector<int>> taken(consumers);
  std::vector<std::thread> threads;
  for (int p = 0; p < producers; ++p)
    threads.emplace_back([&, p] {
      Chaos noise(chaos, seed + p);
      for (int i = 0; i < per_producer; ++i) {
        noise.point();
        queue.enqueue(p * 1000 + i);
      }
    });
  for (int c = 0; c < consumers; ++c)
    threads.emplace_back([&, c] {
      Chaos noise(chaos, seed + 100 + c);
      const int mine = total / consumers + (c == 0 ? total % consumers : 0);
      for (int i = 0; i < mine; ++i) {
        noise.point();
        taken[c].push_back(queue.dequeue());
      }
    });
  for (auto& t : threads) t.join();
  done = true;
  monitor.join();

  RC_ASSERT(!out_of_bounds.load());
  RC_ASSERT(queue.size() == 0);
  std::vector<int> all;
  for (const auto& mine : taken) {
    for (int p = 0; p < producers; ++p) {
      std::vector<int> from_p;
      std::copy_if(mine.begin(), mine.end(), std::back_inserter(from_p), [&](int v) { return v / 1000 == p; });
      RC_ASSERT(std::is_sorted(from_p.begin(), from_p.end()));
    }
    all.insert(all.end(), mine.begin(), mine.end());
  }
  std::vector<int> expected;
  for (int p = 0; p < producers; ++p)
    for (int i = 0; i < per_producer; ++i) expected.push_back(p * 1000 + i);
  std::sort(all.begin(), all.end());
  RC_ASSERT(all == expected);
}

// Single-threaded: any sequence of enqueues and dequeues that never blocks
// behaves as a std::deque (the sequential specification).
RC_GTEST_PROP(BlockingQueue, BehavesAsADequeWhenNeverBlocked, ()) {
  const int capacity = *rc::gen::inRange(1, 6);
  const auto ops = *rc::gen::container<std::vector<int>>(rc::gen::inRange(-1, 100));
  interleave::BlockingQueue<int> queue(capacity);
  std::deque<int> spec;
  for (int op : ops) {
    if (op < 0) {  // dequeue, if it would not block
      if (spec.empty()) continue;
      RC_ASSERT(queue.dequeue() == spec.front());
      spec.pop_front();
    } else {  // enqueue, if it would not block
      if (int(spec.size()) == capacity) continue;
      queue.enqueue(op);
      spec.push_back(op);
    }
    RC_ASSERT(queue.size() == int(spec.size()));
  }
}

}  // namespace
