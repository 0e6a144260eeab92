// Seqlock: one writer updates a small record that readers copy without
// taking a lock, over a sync policy. Readers never block the writer; a
// reader that overlapped a write notices and tries again.
//
// Contract
//   write(v)     stores the record v. One writer at a time: concurrent
//                writers must be serialised by the caller.
//   try_read()   one attempt: the record as some write() (or the
//                constructor) left it, or nullopt when the attempt
//                overlapped a write. Never a mix of two writes.
//   read()       tries until an attempt succeeds; spins meanwhile.
//
// The sequence counter is even while the record is stable and odd while a
// write is in progress; each write() adds 2. A reader reads the counter,
// copies the fields, reads the counter again, and keeps the copy only if both
// reads are the same even number. The fields are relaxed atomics, so a
// reader that overlaps a write copies them without a data race, and the
// orders are those of Boehm ("Can seqlocks get along with programming
// language memory models?", MSPC 2012, Figure 6):
//   writer:  seq.store(s + 1, relaxed); fence(release);
//            fields.store(relaxed);     seq.store(s + 2, release)
//   reader:  s0 = seq.load(acquire);    fields.load(relaxed);
//            fence(acquire);            s1 = seq.load(relaxed)
// If the reader copied any field value of a write, its acquire fence
// synchronises with the writer's release fence, so the second counter read
// sees at least s + 1 and differs from s0 (the copy is dropped). If s0 read
// the s + 2 of a write, the acquire load synchronises with that release store,
// so the copy sees every field of that write or of a later one, and a later
// one shows up again through the fence.
//
// Teaching variant (SeqlockFlaw::no_fence, model "seqlock/no-fence"): the
// reader leaves out the acquire fence. Its relaxed field loads may then read
// a write that its relaxed second counter read does not see, so both
// counter reads agree on an even number while the copy mixes an old field
// with a new one: a torn snapshot. On x86 loads are not reordered with
// loads, so only the compiler could show it there.
#pragma once

#include <array>
#include <atomic>
#include <cstddef>
#include <optional>
#include <utility>

#include "interleave/real_sync.hpp"

namespace interleave {

/// Known-buggy variants of Seqlock kept for teaching (see the header comment).
enum class SeqlockFlaw { none, no_fence };

template <class Sync = real_sync, std::size_t Fields = 2, SeqlockFlaw Flaw = SeqlockFlaw::none>
class Seqlock {
 public:
  using Record = std::array<int, Fields>;

  /// A seqlock holding `initial`.
  explicit Seqlock(const Record& initial = Record{})
      : seq_(0, "seq"), fields_(make_fields(initial, std::make_index_sequence<Fields>{})) {}
  Seqlock(const Seqlock&) = delete;
  Seqlock& operator=(const Seqlock&) = delete;

  /// Stores `record`; the caller is the only writer at this time.
  void write(const Record& record) {
    const unsigned s = seq_.load(std::memory_order_relaxed);  // only this writer stores seq
    seq_.store(s + 1, std::memory_order_relaxed);
    Sync::atomic_thread_fence(std::memory_order_release);
    for (std::size_t i = 0; i < Fields; ++i) fields_[i].store(record[i], std::memory_order_relaxed);
    seq_.store(s + 2, std::memory_order_release);
  }

  /// One read attempt: the record, or nullopt if it overlapped a write.
  std::optional<Record> try_read() const {
    const unsigned before = seq_.load(std::memory_order_acquire);
    if (before % 2 != 0) return std::nullopt;
    Record copy;
    for (std::size_t i = 0; i < Fields; ++i) copy[i] = fields_[i].load(std::memory_order_relaxed);
    if constexpr (Flaw != SeqlockFlaw::no_fence) Sync::atomic_thread_fence(std::memory_order_acquire);
    const unsigned after = seq_.load(std::memory_order_relaxed);
    if (after != before) return std::nullopt;
    return copy;
  }

  /// Reads the record, retrying while writes overlap the attempt.
  Record read() const {
    for (;;) {
      if (auto copy = try_read()) return *copy;
      Sync::spin_loop();
    }
  }

 private:
  using Field = typename Sync::template atomic<int>;

  /// The fields holding `initial`, built in place (atomics do not move).
  template <std::size_t... I>
  static std::array<Field, Fields> make_fields(const Record& initial, std::index_sequence<I...>) {
    return {Field(initial[I], "field")...};
  }

  typename Sync::template atomic<unsigned> seq_;
  std::array<Field, Fields> fields_;
};

}  // namespace interleave
