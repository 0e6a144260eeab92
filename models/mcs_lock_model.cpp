// Models of the MCS queue lock (primitives/mcs_lock.hpp): threads each
// increment a plain shared counter inside the lock, each with its own queue
// node; an invariant counts the threads inside, and the final count must
// equal the increments.
#include <deque>

#include "interleave/interleave.hpp"
#include "models/registry.hpp"
#include "primitives/mcs_lock.hpp"

namespace {

using interleave::model_sync;
using interleave::real_sync;

constexpr const char* kPassage =
    "A mutex allows only a single thread to access a resource or critical section. Once a thread acquires a "
    "mutex, all other threads attempting to acquire the same mutex are blocked until the first thread releases "
    "the mutex.";

template <class S>
void increments(int threads) {
  using Lock = interleave::McsLock<S>;
  Lock lock;
  typename S::template shared<int> count{0, "count"};
  // Nodes are made before the threads start, so every execution creates the
  // model's objects in the same order.
  std::deque<typename Lock::Node> nodes;
  for (int t = 0; t < threads; ++t) nodes.emplace_back("mcs_node");
  int inside = 0;
  S::invariant("at most one thread inside", [&] { return inside <= 1; });
  std::vector<std::function<void()>> bodies;
  for (typename Lock::Node& node : nodes)
    bodies.push_back([&, mine = &node] {
      lock.lock(*mine);
      ++inside;
      count.update([](int c) { return c + 1; });
      --inside;
      lock.unlock(*mine);
    });
  S::run_together(std::move(bodies));
  S::assert_that(count.get() == threads, "no update lost: the count equals the increments");
}

const interleave::Options kDpor = {.strategy = interleave::Strategy::dpor};

const bool registered = [] {
  interleave::register_model({
      .name = "mcs-lock",
      .primitive = "mcs-lock",
      .summary = "Two threads each increment a shared counter once under an MCS queue lock, each with its own "
                 "node: one inside at a time, and the count ends at two.",
      .passage = kPassage,
      .expected = std::nullopt,
      .scenario = [] { increments<model_sync>(2); },
      .options = kDpor,
      .real_scenario = [] { increments<real_sync>(2); },
  });
  interleave::register_model({
      .name = "mcs-lock/three-threads",
      .primitive = "mcs-lock",
      .summary = "Three threads each increment a shared counter once under an MCS queue lock.",
      .passage = kPassage,
      .expected = std::nullopt,
      .scenario = [] { increments<model_sync>(3); },
      .options = kDpor,
      .real_scenario = [] { increments<real_sync>(3); },
  });
  return true;
}();

}  // namespace
