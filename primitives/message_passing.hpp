// Mailbox: one writer publishes one value, readers poll for it: a payload
// and a ready flag, over a sync policy. The smallest use of release/acquire.
//
// Contract
//   publish(v)   called once, by one thread: stores v, then raises the flag.
//   try_read()   returns the value once the flag reads raised, else nullopt;
//                a reader that sees the flag sees the value published.
//
// The flag's store is a release and its load an acquire: the acquire load
// that reads the raised flag synchronises with the release store, so the
// payload write happens-before the reader's payload read, and the payload
// can be a plain variable.
//
// Teaching variants
//   MailboxFlaw::relaxed_flag (model "mailbox/relaxed-flag"): the flag is
//     stored and loaded relaxed, the payload is plain. No happens-before
//     from the writer to the reader: a data race on the payload.
//   MailboxFlaw::relaxed_flag_atomic_payload (model
//     "mailbox/relaxed-flag-atomic-payload"): the same with a relaxed atomic
//     payload, so no race, but the reader may see the flag raised and still
//     read the payload's initial value: stale data. On x86 the hardware
//     keeps stores in order, so only the compiler could show it there.
#pragma once

#include <atomic>
#include <optional>
#include <type_traits>

#include "interleave/real_sync.hpp"

namespace interleave {

/// Known-buggy variants of Mailbox kept for teaching (see the header comment).
enum class MailboxFlaw { none, relaxed_flag, relaxed_flag_atomic_payload };

template <class Sync = real_sync, MailboxFlaw Flaw = MailboxFlaw::none>
class Mailbox {
  static constexpr bool kAtomicPayload = Flaw == MailboxFlaw::relaxed_flag_atomic_payload;
  static constexpr std::memory_order kStore =
      Flaw == MailboxFlaw::none ? std::memory_order_release : std::memory_order_relaxed;
  static constexpr std::memory_order kLoad =
      Flaw == MailboxFlaw::none ? std::memory_order_acquire : std::memory_order_relaxed;
  using Payload =
      std::conditional_t<kAtomicPayload, typename Sync::template atomic<int>, typename Sync::template shared<int>>;

 public:
  Mailbox() : payload_(0, "payload"), ready_(false, "ready") {}
  Mailbox(const Mailbox&) = delete;
  Mailbox& operator=(const Mailbox&) = delete;

  /// Publishes `v`; call once.
  void publish(int v) {
    if constexpr (kAtomicPayload)
      payload_.store(v, std::memory_order_relaxed);
    else
      payload_.set(v);
    ready_.store(true, kStore);
  }

  /// The published value, or nullopt while the flag is down.
  std::optional<int> try_read() {
    if (!ready_.load(kLoad)) return std::nullopt;
    if constexpr (kAtomicPayload)
      return payload_.load(std::memory_order_relaxed);
    else
      return payload_.get();
  }

 private:
  Payload payload_;
  typename Sync::template atomic<bool> ready_;
};

}  // namespace interleave
