// RWLock: the notes' readers-writer lock. Many readers or one writer, with one
// condition variable and notify_all. Over a sync policy.
//
// Seed passage: "Read-Write Lock" (class ReadersWriteLock: acquire_read_lock
// waits `while self.write_in_progress`, acquire_write_lock waits
// `while self.readers is not 0 or self.write_in_progress`).
//
// Contract
//   acquire_read()   blocks while a writer holds the lock; then reads share it.
//   release_read()   the last reader out wakes the waiters.
//   acquire_write()  blocks while any reader or a writer holds the lock.
//   release_write()  wakes the waiters.
//   Never a writer together with a reader or with another writer.
//   NOT fair: readers arriving while a writer waits go first, so a steady
//   stream of overlapping readers starves writers (FairRWLock fixes this).
//
// State transitions (r = readers, w = write_in_progress)
//   | state      | operation      | next                          |
//   | !w         | acquire_read   | r + 1                         |
//   | w          | acquire_read   | sleeps until !w               |
//   | r == 0, !w | acquire_write  | w = true                      |
//   | r > 0 or w | acquire_write  | sleeps until r == 0 and !w    |
//   | r > 1      | release_read   | r - 1                         |
//   | r == 1     | release_read   | r = 0, wakes all              |
//   | w          | release_write  | w = false, wakes all          |
//
// Starvation hooks: each acquire reports, with the lock held, that it starts
// waiting for "rwlock" and when it gets it, so the model checker's bounded-
// bypass check can count how often a waiting writer is overtaken. The notes'
// design, checked with a bypass bound, is the teaching model
// "rwlock/writer-starves".
#pragma once

#include "interleave/real_sync.hpp"
#include "interleave/thread_annotations.hpp"

namespace interleave {

template <class Sync = real_sync>
class RWLock {
 public:
  explicit RWLock(const char* name = "rwlock") : m_(name), cv_(name) {}
  RWLock(const RWLock&) = delete;
  RWLock& operator=(const RWLock&) = delete;

  /// The resource named to the starvation hooks (readers and writers wait
  /// for the same one; the trace keeps the pointer, so it must outlive it).
  static constexpr const char* kResource = "rwlock";

  void acquire_read() {
    typename Sync::template unique_lock<typename Sync::mutex> lock(m_);
    Sync::wait_begin(kResource);
    while (writing_) cv_.wait(lock);
    Sync::wait_end(kResource);
    ++readers_;
  }

  void release_read() {
    typename Sync::template unique_lock<typename Sync::mutex> lock(m_);
    if (--readers_ == 0) cv_.notify_all();
  }

  void acquire_write() {
    typename Sync::template unique_lock<typename Sync::mutex> lock(m_);
    Sync::wait_begin(kResource);
    while (readers_ != 0 || writing_) cv_.wait(lock);
    Sync::wait_end(kResource);
    writing_ = true;
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
  int readers_ GUARDED_BY(m_) = 0;
  bool writing_ GUARDED_BY(m_) = false;
};

}  // namespace interleave
