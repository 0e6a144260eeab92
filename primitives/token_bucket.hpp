// Token bucket with lazy refill: a rate limiter that computes the tokens
// earned since the last refill whenever someone asks.
//
// Notes' passage: "Rate-Limit using token bucket" — "We generate a token every
// second, but total number of available tokens cannot be greater than the
// max_token", first design (TokenBucketFilter).
//
// Contract: TokenBucket(max_tokens, period) starts empty; a token is earned
// every `period` while the bucket holds fewer than max_tokens (the refill
// clock pauses while it is full). get_token() blocks until a token is
// available, takes it, and returns the time it was granted. Over any window
// [t1, t2] of grant times, grants <= max_tokens + floor((t2 - t1) / period);
// no grant is lost: a request is granted as soon as the bucket has a token
// for it. Waiting does not hold the lock.
//
// State (tokens = k, last = the refill clock):
//   | event                      | next                                    |
//   | refill at now              | n = (now - last) / period; k = min(max, |
//   |                            | k + n); last += n * period; if k == max: |
//   |                            | last = now (the clock pauses when full) |
//   | get_token, k > 0           | k - 1; granted at now                   |
//   | get_token, k == 0          | wait (lock released) until last + period|
//
// Teaching variant (TokenBucketFlaw::sleep_under_lock): the notes' get_token,
// translated: tokens += int(now - last_request_time); if none, sleep one
// period *holding the lock*, then grant; last_request_time = now. The
// truncation throws away the part-period earned before each request, so a
// request after an idle gap of 1.5 periods waits a whole period more than it
// should (a lost grant), and while one requester sleeps every other requester
// is stuck on the lock, even one whose token is already due.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>

#include "interleave/real_sync.hpp"
#include "interleave/thread_annotations.hpp"

namespace interleave {

/// Known-buggy variants of TokenBucket kept for teaching.
enum class TokenBucketFlaw : std::uint8_t { none, sleep_under_lock };

template <class Sync = real_sync, TokenBucketFlaw Flaw = TokenBucketFlaw::none>
class TokenBucket {
  using lock_type = typename Sync::template unique_lock<typename Sync::mutex>;

 public:
  using time_point = typename Sync::clock::time_point;
  using duration = typename Sync::clock::duration;

  TokenBucket(int max_tokens, duration period)
      : max_tokens_(max_tokens), period_(period), started_(Sync::now()), last_(started_) {}

  /// When the bucket started empty: the origin of its refill clock (what a
  /// specification of its grants starts from).
  time_point started() const { return started_; }

  /// Blocks until a token is available, takes it; returns when it was granted.
  time_point get_token() {
    lock_type lk(m_);
    if constexpr (Flaw == TokenBucketFlaw::sleep_under_lock) {
      return notes_get_token();
    } else {
      for (;;) {
        const time_point now = Sync::now();
        refill(now);
        if (tokens_ > 0) {
          --tokens_;
          return now;
        }
        cv_.wait_until(lk, last_ + period_);
      }
    }
  }

 private:
  void refill(time_point now) REQUIRES(m_) {
    const auto earned = (now - last_) / period_;
    tokens_ = static_cast<int>(std::min<std::int64_t>(max_tokens_, tokens_ + earned));
    last_ += earned * period_;
    if (tokens_ == max_tokens_) last_ = now;
  }

  // The notes' TokenBucketFilter.get_token, line for line.
  time_point notes_get_token() REQUIRES(m_) {
    tokens_ += static_cast<int>((Sync::now() - last_) / period_);  // int(time.time() - last)
    if (tokens_ > max_tokens_) tokens_ = max_tokens_;
    if (tokens_ == 0)
      Sync::sleep_for(period_);  // time.sleep(1), still holding the lock
    else
      --tokens_;
    last_ = Sync::now();
    return last_;
  }

  typename Sync::mutex m_{"token_bucket.m"};
  typename Sync::condition_variable cv_{"token_bucket.cv"};  // only timed waits
  const int max_tokens_;
  const duration period_;
  const time_point started_;
  int tokens_ GUARDED_BY(m_) = 0;
  time_point last_ GUARDED_BY(m_);
};

}  // namespace interleave
