// Models of the single-producer single-consumer ring (primitives/spsc_ring.hpp).
// The consumer must receive 1, 2, ... in order: nothing lost, duplicated, or
// overwritten by a push into a full ring (which would lose an item), and
// never more items than were pushed.
#include <vector>

#include "interleave/interleave.hpp"
#include "models/registry.hpp"
#include "primitives/spsc_ring.hpp"

namespace {

using interleave::model_sync;
using interleave::real_sync;
using interleave::SpscRingFlaw;

constexpr const char* kPassage =
    "Single-producer single-consumer ring buffer: the producer writes a slot and advances the tail, the "
    "consumer reads a slot and advances the head; a full ring makes the producer wait, an empty one the "
    "consumer.";

/// Items received must be 1, 2, ... in order, and no more than were pushed.
template <class S>
void check_received(const std::vector<int>& received, int pushed) {
  S::assert_that(received.size() <= static_cast<std::size_t>(pushed), "more items popped than pushed");
  for (std::size_t n = 0; n < received.size(); ++n)
    S::assert_that(received[n] == static_cast<int>(n) + 1,
                   "the consumer did not receive the items in the order they were pushed");
}

/// The producer pushes 1..items, spinning while the ring is full; the
/// consumer pops `items` items, spinning while it is empty.
template <class S, std::size_t Capacity, SpscRingFlaw Flaw>
void produce_and_consume(int items) {
  interleave::SpscRing<int, Capacity, S, Flaw> ring;
  std::vector<int> received;
  S::run_together({[&] {
                     for (int i = 1; i <= items; ++i)
                       while (!ring.try_push(i)) S::spin_loop();
                   },
                   [&] {
                     for (int n = 0; n < items; ++n) {
                       std::optional<int> item;
                       while (!(item = ring.try_pop())) S::spin_loop();
                       received.push_back(*item);
                     }
                   }});
  S::assert_that(received.size() == static_cast<std::size_t>(items), "an item was not received");
  check_received<S>(received, items);
}

/// The producer makes `pushes` attempts (pushing 1, 2, ... as they succeed),
/// the consumer `pops` attempts; no waiting, so a full and an empty ring are
/// both met.
template <class S, std::size_t Capacity, SpscRingFlaw Flaw>
void attempt_both(int pushes, int pops) {
  interleave::SpscRing<int, Capacity, S, Flaw> ring;
  int pushed = 0;
  std::vector<int> received;
  S::run_together({[&] {
                     for (int a = 0; a < pushes; ++a)
                       if (ring.try_push(pushed + 1)) ++pushed;
                   },
                   [&] {
                     for (int a = 0; a < pops; ++a)
                       if (auto item = ring.try_pop()) received.push_back(*item);
                   }});
  check_received<S>(received, pushed);
}

// Exhaustive DFS (weak memory) grows fast here: a one-slot ring with both
// sides spinning over two items is past 600,000 executions, so the one-slot
// configuration makes bounded attempts instead of spinning.
const bool registered = [] {
  interleave::register_model({
      .name = "spsc-ring",
      .primitive = "spsc-ring",
      .summary = "A producer pushes 1, 2 through a two-slot ring while a consumer pops two, each spinning while "
                 "the ring is full or empty: they come out 1, 2, with no race on the plain slots.",
      .passage = kPassage,
      .expected = std::nullopt,
      .scenario = [] { produce_and_consume<model_sync, 2, SpscRingFlaw::none>(2); },
      .real_scenario = [] { produce_and_consume<real_sync, 2, SpscRingFlaw::none>(2); },
  });
  interleave::register_model({
      .name = "spsc-ring/one-slot",
      .primitive = "spsc-ring",
      .summary = "A producer makes two push attempts on a one-slot ring while a consumer makes three pop "
                 "attempts: a push into the full ring fails, the slot is reused only after it was read, and "
                 "what is popped is 1, 2, ... in order.",
      .passage = kPassage,
      .expected = std::nullopt,
      .scenario = [] { attempt_both<model_sync, 1, SpscRingFlaw::none>(2, 3); },
      .real_scenario = [] { attempt_both<real_sync, 1, SpscRingFlaw::none>(2, 3); },
  });
  interleave::register_model({
      .name = "spsc-ring/relaxed-index",
      .primitive = "spsc-ring",
      .summary = "A producer pushes 1, 2 through a one-slot ring whose indices are stored relaxed while a "
                 "consumer pops two.",
      .flaw = "The head and tail are stored relaxed: the consumer's acquire load reads the new tail but "
              "synchronises with nothing, so its read of the plain slot has no happens-before to the "
              "producer's write of it (a data race; on a weak-memory machine the consumer reads a stale item). "
              "The same holds the other way: the producer may overwrite a slot the consumer is still reading.",
      .passage = kPassage,
      .expected = interleave::ViolationKind::data_race,
      .scenario = [] { produce_and_consume<model_sync, 1, SpscRingFlaw::relaxed_index>(2); },
      .real_scenario = [] { produce_and_consume<real_sync, 1, SpscRingFlaw::relaxed_index>(2); },
  });
  return true;
}();

}  // namespace
