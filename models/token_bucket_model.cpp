// Models of the two token buckets (primitives/token_bucket.hpp and
// primitives/refilling_token_bucket.hpp) on the virtual clock: requesters
// arrive at fixed times; afterwards the grant times must keep the burst bound
// and each must come no later than an ideal one-token bucket would give it
// (primitives/rate_limit_spec.hpp).
#include <chrono>
#include <vector>

#include "interleave/interleave.hpp"
#include "models/registry.hpp"
#include "models/timed_options.hpp"
#include "primitives/rate_limit_spec.hpp"
#include "primitives/refilling_token_bucket.hpp"
#include "primitives/token_bucket.hpp"

namespace {

using interleave::model_sync;
using interleave::RefillingTokenBucketFlaw;
using interleave::TokenBucketFlaw;
using time_point = model_sync::clock::time_point;
using std::chrono::milliseconds;

constexpr const char* kPassage =
    "Rate-Limit using token bucket: We generate a token every second, but total number of available tokens "
    "cannot be greater than the max_token.";
constexpr auto kPeriod = std::chrono::seconds(1);

/// Requesters arrive at `arrivals` (from time 0) and take one token each from
/// a one-token bucket whose first token is due at `first`.
template <class Bucket>
void requests(const std::vector<milliseconds>& arrivals, milliseconds first) {
  std::vector<time_point> asked, granted;
  {
    Bucket bucket(1, kPeriod);
    std::vector<model_sync::thread> threads;
    for (milliseconds at : arrivals)
      threads.emplace_back([&, at] {
        model_sync::sleep_for(at);
        asked.push_back(model_sync::now());
        granted.push_back(bucket.get_token());
      });
    for (auto& t : threads) t.join();
  }
  interleave::assert_that(interleave::rate_limit::within_burst_bound(granted, 1, kPeriod),
                          "no window of grants exceeds max_tokens + window / period");
  const auto due = interleave::rate_limit::due_times(asked, time_point(first), kPeriod);
  std::sort(granted.begin(), granted.end());
  for (std::size_t i = 0; i < granted.size(); ++i)
    interleave::assert_that(granted[i] <= due[i], "no grant is lost: each request is granted once its token is due");
}

// Two requests at 0 s, one after a 1.5 s idle gap, one at 3.7 s.
const std::vector<milliseconds> lazy_arrivals = {milliseconds(0), milliseconds(0), milliseconds(1500),
                                                 milliseconds(3700)};
// The refill thread's first token is there at 0 s.
const std::vector<milliseconds> refill_arrivals = {milliseconds(500), milliseconds(1000), milliseconds(1000)};

const bool registered = [] {
  interleave::register_model({
      .name = "token-bucket",
      .primitive = "token-bucket",
      .summary = "Lazy refill, one token per second: four requests keep the burst bound and each is granted "
                 "when its token is due.",
      .passage = kPassage,
      .expected = std::nullopt,
      .scenario = [] { requests<interleave::TokenBucket<model_sync>>(lazy_arrivals, milliseconds(1000)); },
      .options = interleave::timed_model_options(),
      .model_only = "its checks are rates over the virtual clock",
  });
  interleave::register_model({
      .name = "token-bucket/sleep-under-lock",
      .primitive = "token-bucket",
      .summary = "The notes' TokenBucketFilter.get_token, translated.",
      .flaw = "possible_tokens += int(now - last_request_time) throws away the part-second earned before each "
              "request, and last_request_time = now restarts the count: the request arriving at 3.7 s, 0.7 s "
              "after the previous grant, finds no token, sleeps a full second and is granted at 4.7 s, though a "
              "token was due at 4 s (a lost grant; the assertion names it). And it sleeps holding the lock: in "
              "the trace the requester arriving at 1.5 s sits blocked on the mutex while the 0 s requester "
              "sleeps. The burst bound does hold: the flaw is lateness, never over-granting.",
      .passage = kPassage,
      .expected = interleave::ViolationKind::assertion,
      .scenario =
          [] {
            requests<interleave::TokenBucket<model_sync, TokenBucketFlaw::sleep_under_lock>>(lazy_arrivals,
                                                                                             milliseconds(1000));
          },
      .options = interleave::timed_model_options(),
      .model_only = "its checks are rates over the virtual clock",
  });
  interleave::register_model({
      .name = "token-bucket-refill",
      .primitive = "token-bucket-refill",
      .summary = "Refill thread, one token per second: three requests keep the burst bound and each is granted "
                 "when its token is due.",
      .passage = kPassage,
      .expected = std::nullopt,
      .scenario = [] { requests<interleave::RefillingTokenBucket<model_sync>>(refill_arrivals, milliseconds(0)); },
      .options = interleave::timed_model_options(),
      .model_only = "its checks are rates over the virtual clock",
  });
  interleave::register_model({
      .name = "token-bucket-refill/notify-before-increment",
      .primitive = "token-bucket-refill",
      .summary = "The refill thread notifies, unlocks, and only then adds the token.",
      .flaw = "A waiter woken by the refill's notify can take the lock before the refill thread adds the token; "
              "it finds the bucket empty and waits again. The token then goes in with nobody notified and sits "
              "there for a whole period: the request due at 1.5 s is granted at 2.5 s (assertion: a lost "
              "grant).",
      .passage = kPassage,
      .expected = interleave::ViolationKind::assertion,
      .scenario =
          [] {
            requests<interleave::RefillingTokenBucket<model_sync, RefillingTokenBucketFlaw::notify_before_increment>>(
                refill_arrivals, milliseconds(0));
          },
      .options = interleave::timed_model_options(),
      .model_only = "its checks are rates over the virtual clock",
  });
  interleave::register_model({
      .name = "token-bucket-refill/fixed-phase",
      .primitive = "token-bucket-refill",
      .summary = "The notes' daemon: a refill every second on a fixed beat.",
      .flaw = "The notes' daemonThread adds a token every second whatever the requesters do. The token taken "
              "from the full bucket at 0.5 s is replaced at the 1 s beat, so two grants fall in half a second "
              "with max_tokens 1: the burst bound max_tokens + window / period is broken (assertion).",
      .passage = kPassage,
      .expected = interleave::ViolationKind::assertion,
      .scenario =
          [] {
            requests<interleave::RefillingTokenBucket<model_sync, RefillingTokenBucketFlaw::fixed_phase>>(
                refill_arrivals, milliseconds(0));
          },
      .options = interleave::timed_model_options(),
      .model_only = "its checks are rates over the virtual clock",
  });
  return true;
}();

}  // namespace
