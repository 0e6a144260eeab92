// FairRWLock: a readers-writer lock that serves arrivals in order (a ticket
// queue), so neither readers nor writers starve. Consecutive readers in the
// queue share the lock; a writer waits only for those who arrived before it.
// Over a sync policy.
//
// Seed passage: "Read-Write Lock" — the notes' lock (rwlock.hpp) lets a stream
// of readers starve a writer; this is its fair counterpart.
//
// Contract
//   As RWLock (never a writer with a reader or another writer), and: a thread
//   is overtaken only by threads that arrived (took a ticket) before it, so
//   with T threads no waiter is bypassed more than T - 1 times per wait.
//
// State transitions (r = readers, w = writer in, s = now serving, t = ticket)
//   | state                 | operation     | next                        |
//   | any                   | acquire_*     | t = next++, waits its turn  |
//   | s == t, !w            | reader's turn | r + 1, s + 1, wakes all     |
//   | s == t, !w, r == 0    | writer's turn | w = true, s + 1             |
//   | r == 1                | release_read  | r = 0, wakes all            |
//   | w                     | release_write | w = false, wakes all        |
//
// Starvation hooks as in RWLock ("rwlock"), reported once the ticket is taken.
#pragma once

#include <cstdint>

#include "interleave/real_sync.hpp"
#include "interleave/thread_annotations.hpp"

namespace interleave {

template <class Sync = real_sync>
class FairRWLock {
 public:
  explicit FairRWLock(const char* name = "rwlock") : m_(name), cv_(name) {}
  FairRWLock(const FairRWLock&) = delete;
  FairRWLock& operator=(const FairRWLock&) = delete;

  /// The resource named to the starvation hooks (readers and writers wait
  /// for the same one; the trace keeps the pointer, so it must outlive it).
  static constexpr const char* kResource = "rwlock";

  void acquire_read() {
    typename Sync::template unique_lock<typename Sync::mutex> lock(m_);
    const std::uint64_t ticket = next_++;
    Sync::wait_begin(kResource);
    while (serving_ != ticket || writing_) cv_.wait(lock);
    Sync::wait_end(kResource);
    ++readers_;
    ++serving_;
    cv_.notify_all();  // the next in line may be a reader too
  }

  void release_read() {
    typename Sync::template unique_lock<typename Sync::mutex> lock(m_);
    if (--readers_ == 0) cv_.notify_all();
  }

  void acquire_write() {
    typename Sync::template unique_lock<typename Sync::mutex> lock(m_);
    const std::uint64_t ticket = next_++;
    Sync::wait_begin(kResource);
    while (serving_ != ticket || writing_ || readers_ != 0) cv_.wait(lock);
    Sync::wait_end(kResource);
    writing_ = true;
    ++serving_;
  }

  void release_write() {
    typename Sync::template unique_lock<typename Sync::mutex> lock(m_);
    writing_ = false;
    cv_.notify_all();
  }

  /// Readers and writer without locking: for model invariants.
  int peek_readers() const NO_THREAD_SAFETY_ANALYSIS { return readers_; }
  bool peek_writing() const NO_THREAD_SAFETY_ANALYSIS { return writing_; }

 private:
  typename Sync::mutex m_;
  typename Sync::condition_variable cv_;
  std::uint64_t next_ GUARDED_BY(m_) = 0;
  std::uint64_t serving_ GUARDED_BY(m_) = 0;
  int readers_ GUARDED_BY(m_) = 0;
  bool writing_ GUARDED_BY(m_) = false;
};

}  // namespace interleave
