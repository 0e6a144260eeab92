// RLock: a re-entrant (recursive) lock with an owner and a hold count, built
// from one mutex and one condition variable, over a sync policy.
//
// Seed passage: "An RLock or reentrant lock allows the same thread to acquire
// the lock multiple times without causing a deadlock (useful in case of
// nested/recursive functions), and it must also release the lock the same
// number of times it acquired."
//
// Contract
//   acquire()  the owner re-acquires at once (depth + 1); any other thread
//              blocks until the lock is free, then owns it with depth 1.
//   release()  only the owner may release; throws std::logic_error for any
//              other caller (as Python's RuntimeError). The lock is free again
//              after as many releases as acquires, and one waiter is woken.
//   At most one owner at a time (mutual exclusion between threads).
//
// State transitions (o = owner, d = depth, t = caller)
//   | state         | operation | next                                   |
//   | d == 0        | acquire   | o = t, d = 1                           |
//   | o == t        | acquire   | d + 1                                  |
//   | o != t, d > 0 | acquire   | sleeps until d == 0                    |
//   | o == t, d > 1 | release   | d - 1                                  |
//   | o == t, d == 1| release   | d = 0, o = none, wakes one waiter      |
//   | o != t        | release   | throws std::logic_error, unchanged     |
//
// Teaching variants
//   RLockFlaw::no_owner_check ("rlock/no-owner-check"): release() checks only
//     that the lock is held, not by whom. A confused thread's release frees
//     the lock under its owner's feet: a third thread enters while the owner
//     is still inside.
//   RLockFlaw::plain_mutex ("rlock/plain-mutex"): a plain mutex used as if it
//     were re-entrant; the owner's nested acquire deadlocks on itself.
#pragma once

#include <optional>
#include <stdexcept>

#include "interleave/real_sync.hpp"
#include "interleave/thread_annotations.hpp"

namespace interleave {

/// Known-buggy variants of RLock kept for teaching (see the header comment).
enum class RLockFlaw { none, no_owner_check, plain_mutex };

template <class Sync = real_sync, RLockFlaw Flaw = RLockFlaw::none>
class RLock {
 public:
  explicit RLock(const char* name = "rlock") : m_(name), cv_(name) {}
  RLock(const RLock&) = delete;
  RLock& operator=(const RLock&) = delete;

  /// Acquires the lock, or re-acquires it when the caller owns it.
  void acquire() {
    if constexpr (Flaw == RLockFlaw::plain_mutex) {
      plain_lock();
    } else {
      typename Sync::template unique_lock<typename Sync::mutex> lock(m_);
      const auto me = Sync::this_thread_id();
      if (depth_ > 0 && owner_ == me) {
        ++depth_;
        return;
      }
      while (depth_ > 0) cv_.wait(lock);
      owner_ = me;
      depth_ = 1;
    }
  }

  /// Releases one hold; the last release frees the lock.
  void release() {
    if constexpr (Flaw == RLockFlaw::plain_mutex) {
      plain_unlock();
    } else {
      typename Sync::template unique_lock<typename Sync::mutex> lock(m_);
      if (depth_ == 0) throw std::logic_error("RLock::release: the lock is not held");
      if constexpr (Flaw != RLockFlaw::no_owner_check)
        if (owner_ != Sync::this_thread_id())
          throw std::logic_error("RLock::release: the caller does not own the lock");
      if (--depth_ == 0) {
        owner_.reset();
        cv_.notify_one();
      }
    }
  }

  /// Does the calling thread own the lock?
  bool owned_by_caller() {
    typename Sync::template unique_lock<typename Sync::mutex> lock(m_);
    return depth_ > 0 && owner_ == Sync::this_thread_id();
  }

  /// The hold count without locking: for model invariants.
  int peek_depth() const NO_THREAD_SAFETY_ANALYSIS { return depth_; }

 private:
  // The plain-mutex flaw: lock and unlock m_ itself, held between calls.
  void plain_lock() NO_THREAD_SAFETY_ANALYSIS { m_.lock(); }
  void plain_unlock() NO_THREAD_SAFETY_ANALYSIS { m_.unlock(); }

  typename Sync::mutex m_;
  typename Sync::condition_variable cv_;
  std::optional<typename Sync::thread_id> owner_ GUARDED_BY(m_);
  int depth_ GUARDED_BY(m_) = 0;
};

/// Holds an RLock for a scope (Python's `with lock:`).
template <class Lock>
class RLockGuard {
 public:
  explicit RLockGuard(Lock& lock) : lock_(lock) { lock_.acquire(); }
  ~RLockGuard() { lock_.release(); }
  RLockGuard(const RLockGuard&) = delete;
  RLockGuard& operator=(const RLockGuard&) = delete;

 private:
  Lock& lock_;
};

}  // namespace interleave
