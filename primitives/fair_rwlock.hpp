// FairRWLock: a phase-fair readers-writer lock (Brandenburg & Anderson 2010,
// "Spin-based reader-writer synchronization for multiprocessor real-time
// systems", the ticket lock PF-T), over a sync policy: reader phases and
// writer phases alternate, so neither readers nor writers starve. Readers do
// not take turns (the former design handed the lock from each arrival to the
// next, a context switch per hand-off when the next was not running): every
// reader a writer held up enters as soon as it leaves, and a reader never
// waits for another reader. Waiters sleep on
// the counters with C++20-style atomic wait/notify on the policy's
// parking_atomic: on real threads a waiter sleeps on a futex at once, and a
// notify makes a system call only while someone sleeps. (libstdc++'s
// std::atomic::wait first spins and calls sched_yield 4 times; a lock's
// waiter usually waits for a preempted thread, and each yield gave the core
// to another process: 3-10x slower than std::shared_mutex under load, see
// interleave/real_parking_atomic.hpp.)
//
// Seed passage: "Read-Write Lock" — the notes' lock (rwlock.hpp) lets a stream
// of readers starve a writer; this is its fair counterpart.
//
// Contract
//   As RWLock (never a writer with a reader or another writer), and phase
//   fairness: a reader waits for at most one writer (the one in or announced
//   when it arrived); a writer waits for the writers that took a ticket
//   before it (FIFO), then for the readers that arrived before it announced
//   itself. Readers arriving after a writer's announcement wait for that
//   writer, so a stream of readers cannot starve it.
//
// The algorithm (four counters; rin and rout count reader arrivals and
// departures in units of kReader, and rin's two low bits say whether a writer
// is present and its phase, the parity of its ticket):
//   acquire_read   rin += kReader; if a writer's bits w were set, wait until
//                  rin's writer bits differ from w (that writer left; a new
//                  writer has the other phase, so the reader is not held up
//                  by it: it was counted before that writer's announcement).
//   release_read   rout += kReader; wake the writer waiting for the readers.
//   acquire_write  t = win++; wait until wout == t (writers in ticket order);
//                  announce: r = rin, rin += present | phase(t); wait until
//                  rout == r (the readers that arrived before it have left).
//   release_write  clear rin's writer bits (wakes the readers it held up);
//                  wout + 1 (wakes the next writer).
// Every access is seq_cst: all writes are read-modify-writes (a lock prefix
// on x86 whatever the order), and the model checker's DPOR covers the search.
// A reader's add to rin reads the last writer's clearing of the bits, its add
// to rout is read by the writer that waits for it, and wout passes each
// writer's critical section on to the next.
//
// State transitions (R = readers in, B = rin's writer bits, t = ticket)
//   | state        | operation      | next                                   |
//   | B == 0       | acquire_read   | R + 1                                  |
//   | B != 0       | acquire_read   | counted; waits until B changes         |
//   | wout == t    | acquire_write  | B = present | phase(t); waits R_before |
//   | wout != t    | acquire_write  | waits for wout == t                    |
//   | any          | release_read   | R - 1; notifies rout                   |
//   | writer in    | release_write  | B = 0; wout + 1; notifies both         |
//
// Starvation hooks: a reader waits for "rwlock" as a shared acquirer (other
// readers do not bypass it: they do not exclude it), a writer first for its
// turn among writers ("rwlock writers"), then, once announced, for "rwlock"
// exclusively. Readers that enter while a writer waits for its turn among
// writers (those the writer ahead held up, and arrivals between that
// writer's release and this one's announcement) are the reader phase between
// the two writers and are not counted against it.
#pragma once

#include <atomic>
#include <cstdint>

#include "interleave/real_sync.hpp"

namespace interleave {

template <class Sync = real_sync>
class FairRWLock {
 public:
  FairRWLock() : rin_(0, "rwlock.rin"), rout_(0, "rwlock.rout"), win_(0, "rwlock.win"), wout_(0, "rwlock.wout") {}
  FairRWLock(const FairRWLock&) = delete;
  FairRWLock& operator=(const FairRWLock&) = delete;

  /// The resources named to the starvation hooks (the trace keeps the
  /// pointers, so they must outlive it).
  static constexpr const char* kResource = "rwlock";
  static constexpr const char* kWriterTurn = "rwlock writers";

  void acquire_read() {
    const std::uint32_t writer = rin_.fetch_add(kReader) & kWriterBits;
    Sync::wait_begin_shared(kResource);
    if (writer != 0) wait_while(rin_, [writer](std::uint32_t in) { return (in & kWriterBits) == writer; });
    Sync::wait_end_shared(kResource);
  }

  void release_read() {
    rout_.fetch_add(kReader);
    rout_.notify_one();  // at most one writer waits for the readers
  }

  void acquire_write() {
    const std::uint32_t ticket = win_.fetch_add(1);
    Sync::wait_begin(kWriterTurn);
    wait_while(wout_, [ticket](std::uint32_t out) { return out != ticket; });
    Sync::wait_end(kWriterTurn);
    const std::uint32_t readers_before = rin_.fetch_add(kPresent | (ticket & kPhase));  // writer bits were 0
    Sync::wait_begin(kResource);
    wait_while(rout_, [readers_before](std::uint32_t out) { return out != readers_before; });
    Sync::wait_end(kResource);
  }

  void release_write() {
    rin_.fetch_and(~kWriterBits);
    rin_.notify_all();
    wout_.fetch_add(1);
    wout_.notify_all();
  }

  /// Readers arrived and not yet left, and whether a writer holds or waits
  /// for the lock: for checks once every thread has finished.
  int peek_readers() const { return int((rin_.load() - rout_.load()) / kReader); }
  bool peek_writing() const { return win_.load() != wout_.load(); }

 private:
  static constexpr std::uint32_t kReader = 0x100;  // one reader in rin / rout
  static constexpr std::uint32_t kWriterBits = 0x3;
  static constexpr std::uint32_t kPresent = 0x2;
  static constexpr std::uint32_t kPhase = 0x1;

  /// Waits while `blocked(word)`: re-reads after every change (and spurious
  /// wake-up: parking_atomic's wait may return early) of the word.
  template <class Word, class Blocked>
  static void wait_while(const Word& word, Blocked blocked) {
    for (std::uint32_t seen = word.load(); blocked(seen); seen = word.load()) word.wait(seen);
  }

  typename Sync::template parking_atomic<std::uint32_t> rin_;
  typename Sync::template parking_atomic<std::uint32_t> rout_;
  typename Sync::template parking_atomic<std::uint32_t> win_;
  typename Sync::template parking_atomic<std::uint32_t> wout_;
};

}  // namespace interleave
