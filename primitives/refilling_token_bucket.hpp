// Token bucket with a refill thread: a daemon adds tokens; requesters wait on
// a condition until one is there.
//
// Notes' passage: "Rate-Limit using token bucket" — "Another approach using
// daemon thread, where we start a daemon thread to fill in available tokens.
// This approach uses condition variable to lock/notify."
//
// Contract: RefillingTokenBucket(max_tokens, period) starts with a refill
// thread that adds the first token at once and then one per `period` while
// the bucket holds fewer than max_tokens; taking a token from a full bucket
// restarts the period. get_token() blocks until a token is available, takes
// it, and returns the time it was granted. Same bound as TokenBucket: over any
// window [t1, t2] of grants, grants <= max_tokens + floor((t2 - t1) / period);
// a waiter is woken by the refill that gives it its token. The destructor
// stops and joins the refill thread (the notes' daemon can never stop; in C++
// it would outlive the object it refills).
//
// State (tokens = k, next = the next refill time, under m):
//   | event                  | next                                        |
//   | refill thread at next  | if k < max: k + 1, notify_one; next += per. |
//   | get_token, k > 0       | if k == max: next = now + period; k - 1     |
//   | get_token, k == 0      | wait on cv                                  |
//
// Teaching variants (RefillingTokenBucketFlaw):
//   notify_before_increment — the refill thread notifies, unlocks, then adds
//     the token in a second critical section. A woken waiter that runs in
//     between finds the bucket empty and sleeps again; the token then sits in
//     the bucket for a whole period while the waiter sleeps.
//   fixed_phase — the notes' daemon: refills on a fixed one-period beat,
//     whatever the requesters do. A token taken from a full bucket just before
//     a beat is replaced at once, so a window can see one grant more than
//     max_tokens + floor(T / period).
#pragma once

#include <chrono>
#include <cstdint>

#include "interleave/real_sync.hpp"
#include "interleave/thread_annotations.hpp"
#include "primitives/join_in_destructor.hpp"

namespace interleave {

/// Known-buggy variants of RefillingTokenBucket kept for teaching.
enum class RefillingTokenBucketFlaw : std::uint8_t { none, notify_before_increment, fixed_phase };

template <class Sync = real_sync, RefillingTokenBucketFlaw Flaw = RefillingTokenBucketFlaw::none>
class RefillingTokenBucket {
  using lock_type = typename Sync::template unique_lock<typename Sync::mutex>;

 public:
  using time_point = typename Sync::clock::time_point;
  using duration = typename Sync::clock::duration;

  RefillingTokenBucket(int max_tokens, duration period)
      : max_tokens_(max_tokens), period_(period), next_(Sync::now()), refiller_([this] { refill_loop(); }) {}

  ~RefillingTokenBucket() {
    {
      lock_type lk(m_);
      stop_ = true;
      tick_.notify_all();
    }
    join_in_destructor<Sync>(refiller_);
  }

  /// Blocks until a token is available, takes it; returns when it was granted.
  time_point get_token() {
    lock_type lk(m_);
    while (tokens_ == 0) cv_.wait(lk);
    const time_point now = Sync::now();
    if (Flaw != RefillingTokenBucketFlaw::fixed_phase && tokens_ == max_tokens_) {
      // The refill clock ran while full: restart it. The refill thread's
      // wait loop re-reads next_, so no notify is needed.
      next_ = now + period_;
    }
    --tokens_;
    return now;
  }

 private:
  void refill_loop() {
    lock_type lk(m_);
    for (;;) {
      // Sleep until the next refill time (which get_token may push back).
      while (!stop_ && Sync::now() < next_) tick_.wait_until(lk, next_);
      if (stop_) return;
      if constexpr (Flaw == RefillingTokenBucketFlaw::notify_before_increment) {
        cv_.notify_one();
        lk.unlock();  // the flaw: the woken waiter may look before the token is in
        lk.lock();
        if (tokens_ < max_tokens_) ++tokens_;
      } else if (tokens_ < max_tokens_) {
        ++tokens_;
        cv_.notify_one();
      }
      next_ = Sync::now() + period_;
    }
  }

  typename Sync::mutex m_{"refilling_bucket.m"};
  typename Sync::condition_variable cv_{"refilling_bucket.tokens"};
  typename Sync::condition_variable tick_{"refilling_bucket.tick"};
  const int max_tokens_;
  const duration period_;
  int tokens_ GUARDED_BY(m_) = 0;
  time_point next_ GUARDED_BY(m_);
  bool stop_ GUARDED_BY(m_) = false;
  typename Sync::thread refiller_;  // last: starts after every member above
};

}  // namespace interleave
