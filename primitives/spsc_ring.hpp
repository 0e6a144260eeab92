// SpscRing: a bounded FIFO queue for exactly one producer thread and one
// consumer thread, lock-free (Lamport's ring buffer), over a sync policy.
//
// Contract
//   try_push(v)  producer only: appends v and returns true, or returns false
//                (and changes nothing) when Capacity items are queued.
//   try_pop()    consumer only: removes and returns the oldest item, or
//                nullopt when the queue is empty.
//   Items come out in the order they went in, each exactly once, and never
//   more than Capacity are queued.
//
// Two counters that only grow: tail_, written only by the producer, counts
// the items pushed; head_, written only by the consumer, counts the items
// popped. Item i lives in slot i % Capacity; tail_ - head_ items are queued.
// Each side loads its own counter relaxed (only it writes it) and the other
// side's with acquire; each publishes its counter with a release store:
//   - the producer writes the slot, then stores tail_ (release); a consumer
//     whose acquire load reads that tail_ sees the slot written;
//   - the consumer reads the slot, then stores head_ (release); a producer
//     whose acquire load reads that head_ reuses the slot only after the
//     read of it.
// So the slots can be plain variables: every access to one is ordered by
// happens-before with the next.
//
// Teaching variant (SpscRingFlaw::relaxed_index, model
// "spsc-ring/relaxed-index"): both counters are stored relaxed. The other
// side's acquire load reads the new count but synchronises with nothing, so
// the consumer reads a slot with no happens-before to its write (a data
// race; on a weak-memory machine a stale item), and the producer may
// overwrite a slot the consumer is still reading. x86 stores are releases in
// hardware, so there only the compiler could show it.
#pragma once

#include <array>
#include <atomic>
#include <cstddef>
#include <optional>
#include <utility>

#include "interleave/real_sync.hpp"

namespace interleave {

/// Known-buggy variants of SpscRing kept for teaching (see the header comment).
enum class SpscRingFlaw { none, relaxed_index };

template <class T, std::size_t Capacity, class Sync = real_sync, SpscRingFlaw Flaw = SpscRingFlaw::none>
class SpscRing {
  static_assert(Capacity > 0, "a ring needs at least one slot");
  static constexpr std::memory_order kPublish =
      Flaw == SpscRingFlaw::none ? std::memory_order_release : std::memory_order_relaxed;

 public:
  SpscRing() : head_(0, "head"), tail_(0, "tail"), slots_(make_slots(std::make_index_sequence<Capacity>{})) {}
  SpscRing(const SpscRing&) = delete;
  SpscRing& operator=(const SpscRing&) = delete;

  /// Producer only: appends `v`; false when the ring is full.
  bool try_push(T v) {
    const std::size_t tail = tail_.load(std::memory_order_relaxed);
    if (tail - head_.load(std::memory_order_acquire) == Capacity) return false;
    slots_[tail % Capacity].set(std::move(v));
    tail_.store(tail + 1, kPublish);
    return true;
  }

  /// Consumer only: the oldest item, or nullopt when the ring is empty.
  std::optional<T> try_pop() {
    const std::size_t head = head_.load(std::memory_order_relaxed);
    if (tail_.load(std::memory_order_acquire) == head) return std::nullopt;
    std::optional<T> item = slots_[head % Capacity].get();
    head_.store(head + 1, kPublish);
    return item;
  }

 private:
  using Slot = typename Sync::template shared<T>;

  /// The slots, built in place (model variables do not move).
  template <std::size_t... I>
  static std::array<Slot, Capacity> make_slots(std::index_sequence<I...>) {
    return {((void)I, Slot("slot"))...};
  }

  typename Sync::template atomic<std::size_t> head_;  ///< items popped; written by the consumer
  typename Sync::template atomic<std::size_t> tail_;  ///< items pushed; written by the producer
  std::array<Slot, Capacity> slots_;
};

}  // namespace interleave
