// The linearizability checker: hand-made histories with a known answer, and
// a differential test against brute force (every order of the calls that
// respects real time, every choice of which pending calls took effect) on
// thousands of small random histories of a register, a queue and a counter.
#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>
#include <random>
#include <vector>

#include "interleave/linearizability.hpp"
#include "interleave/specifications.hpp"

namespace interleave {
namespace {

LinCall call(int thread, std::uint64_t invoked, std::optional<std::uint64_t> returned, std::size_t op,
             std::vector<LinValue> args, LinValue result = 0) {
  return LinCall{thread, invoked, returned, op, std::move(args), result};
}

// ---- brute force: the definition, checked literally ----

/// Does `order` (calls by index) respect real time and give every returned
/// call its recorded result?
template <class S>
bool accepts(const LinSpecification<S>& spec, const LinHistory& h, const std::vector<std::size_t>& order) {
  for (std::size_t i = 0; i < order.size(); ++i)
    for (std::size_t j = i + 1; j < order.size(); ++j)
      if (h[order[j]].returned && *h[order[j]].returned < h[order[i]].invoked) return false;
  S state = spec.initial;
  for (std::size_t i : order) {
    if (!lin_detail::takes_effect(spec.operations[h[i].operation], state, h[i])) return false;
  }
  return true;
}

template <class S>
bool brute_force(const LinSpecification<S>& spec, const LinHistory& h, const std::vector<std::size_t>& calls) {
  std::vector<std::size_t> pending, done;
  for (std::size_t i : calls) (h[i].pending() ? pending : done).push_back(i);
  for (std::size_t mask = 0; mask < (std::size_t{1} << pending.size()); ++mask) {
    std::vector<std::size_t> order = done;
    for (std::size_t k = 0; k < pending.size(); ++k)
      if (mask >> k & 1) order.push_back(pending[k]);
    std::sort(order.begin(), order.end());
    do {
      if (accepts(spec, h, order)) return true;
    } while (std::next_permutation(order.begin(), order.end()));
  }
  return false;
}

template <class S>
bool brute_force(const LinSpecification<S>& spec, const LinHistory& h) {
  std::vector<std::size_t> all(h.size());
  std::iota(all.begin(), all.end(), 0);
  return brute_force(spec, h, all);
}

// ---- random histories ----

/// A random history of up to 3 threads × 3 calls: events interleaved at
/// random, a thread's last call sometimes left pending, results either those
/// of a random linearization (sometimes with one result altered) or random.
template <class S>
LinHistory random_history(const LinSpecification<S>& spec, std::mt19937_64& rng) {
  auto below = [&](std::size_t n) { return static_cast<std::size_t>(rng() % n); };
  const int threads = 1 + static_cast<int>(below(3));
  LinHistory h;
  std::vector<std::vector<std::size_t>> mine(static_cast<std::size_t>(threads));
  for (int t = 0; t < threads; ++t) {
    const std::size_t calls = 1 + below(3);
    for (std::size_t k = 0; k < calls; ++k) {
      const std::size_t op = below(spec.operations.size());
      const auto& choices = spec.operations[op].arguments;
      mine[static_cast<std::size_t>(t)].push_back(h.size());
      h.push_back(call(t, 0, 0, op, choices[below(choices.size())]));
    }
  }
  // Interleave: each thread invokes and returns its calls in order; its last
  // call returns with probability 4/5.
  std::vector<std::size_t> next_event(static_cast<std::size_t>(threads), 0);  // 2k: invoke call k; 2k+1: its return
  std::vector<std::size_t> events_of(static_cast<std::size_t>(threads));
  for (int t = 0; t < threads; ++t) {
    auto& m = mine[static_cast<std::size_t>(t)];
    events_of[static_cast<std::size_t>(t)] = 2 * m.size() - (below(5) == 0 ? 1 : 0);
    if (events_of[static_cast<std::size_t>(t)] % 2) h[m.back()].returned.reset();
  }
  std::uint64_t clock = 0;
  for (;;) {
    std::vector<std::size_t> live;
    for (std::size_t t = 0; t < next_event.size(); ++t)
      if (next_event[t] < events_of[t]) live.push_back(t);
    if (live.empty()) break;
    const std::size_t t = live[below(live.size())];
    LinCall& c = h[mine[t][next_event[t] / 2]];
    (next_event[t] % 2 == 0 ? c.invoked : *c.returned) = ++clock;
    ++next_event[t];
  }
  if (below(2) == 0) {
    // Results of a linearization: each call takes effect at a random point of its interval.
    std::vector<std::pair<double, std::size_t>> points;
    for (std::size_t i = 0; i < h.size(); ++i) {
      const double end = h[i].returned ? double(*h[i].returned) : double(clock + 1);
      points.push_back({h[i].invoked + (end - h[i].invoked) * std::uniform_real_distribution<double>(0, 1)(rng), i});
    }
    std::sort(points.begin(), points.end());
    S state = spec.initial;
    for (const auto& [at, i] : points) {
      const auto got = spec.operations[h[i].operation].apply(state, h[i].arguments);
      h[i].result = got ? *got : static_cast<LinValue>(below(4));
    }
    if (below(3) == 0) h[below(h.size())].result = static_cast<LinValue>(below(4));
  } else {
    for (auto& c : h) c.result = static_cast<LinValue>(below(4));
  }
  return h;
}

/// Checks `spec` on `count` random histories against brute force, and every
/// witness and counterexample the checker gives; returns how many histories
/// were linearizable.
template <class S>
std::size_t differential(const LinSpecification<S>& spec, std::uint64_t seed, int count) {
  std::mt19937_64 rng(seed);
  std::size_t yes = 0, mismatches = 0;
  for (int n = 0; n < count; ++n) {
    const LinHistory h = random_history(spec, rng);
    const LinVerdict v = check_linearizable(spec, h);
    const bool expected = brute_force(spec, h);
    if (v.linearizable != expected) {
      ++mismatches;
      ADD_FAILURE() << spec.name << " history " << n << ": checker says " << v.linearizable;
      continue;
    }
    if (v.linearizable) {
      ++yes;
      EXPECT_TRUE(accepts(spec, h, v.order)) << spec.name << " history " << n << ": the witness order is not valid";
      for (std::size_t i = 0; i < h.size(); ++i) {
        if (!h[i].pending()) {
          EXPECT_NE(std::find(v.order.begin(), v.order.end(), i), v.order.end()) << "a returned call is missing";
        }
      }
    } else {
      EXPECT_TRUE(v.minimal);
      EXPECT_FALSE(brute_force(spec, relaxed_history(h, v.cut, v.counterexample)))
          << spec.name << " history " << n << ": the counterexample is linearizable";
      for (std::size_t drop = 0; drop < v.counterexample.size(); ++drop) {
        auto fewer = v.counterexample;
        fewer.erase(fewer.begin() + static_cast<std::ptrdiff_t>(drop));
        EXPECT_TRUE(brute_force(spec, relaxed_history(h, v.cut, fewer)))
            << spec.name << " history " << n << ": the counterexample is not minimal";
      }
      std::vector<std::size_t> returned;
      for (std::size_t i = 0; i < h.size(); ++i)
        if (!h[i].pending()) returned.push_back(i);
      bool earlier_fails = false;  // the cut is the earliest failing prefix
      for (const LinCall& c : h)
        for (std::uint64_t t : {c.invoked, c.returned.value_or(0)})
          if (t > 0 && t < v.cut && !brute_force(spec, relaxed_history(h, t, returned))) earlier_fails = true;
      EXPECT_FALSE(earlier_fails) << spec.name << " history " << n << ": an earlier cut already fails";
    }
  }
  EXPECT_EQ(mismatches, 0u);
  return yes;
}

TEST(LinearizabilityDifferential, RegisterMatchesBruteForce) {
  const std::size_t yes = differential(specs::rw_register(), 1, 3000);
  EXPECT_GT(yes, 300u);  // both answers are well represented
  EXPECT_LT(yes, 2700u);
}

TEST(LinearizabilityDifferential, QueueMatchesBruteForce) {
  const std::size_t yes = differential(specs::queue(), 2, 3000);
  EXPECT_GT(yes, 300u);
  EXPECT_LT(yes, 2700u);
}

TEST(LinearizabilityDifferential, BoundedQueueMatchesBruteForce) {
  const std::size_t yes = differential(specs::queue(1), 3, 2000);
  EXPECT_GT(yes, 100u);  // a capacity of 1 blocks most random enqueues
  EXPECT_LT(yes, 1800u);
}

TEST(LinearizabilityDifferential, CounterMatchesBruteForce) {
  const std::size_t yes = differential(specs::counter(), 4, 3000);
  EXPECT_GT(yes, 300u);
  EXPECT_LT(yes, 2700u);
}

TEST(LinearizabilityDifferential, PartitionedKeyValueMatchesBruteForce) {
  const std::size_t yes = differential(specs::key_value(), 5, 2000);
  EXPECT_GT(yes, 200u);
  EXPECT_LT(yes, 1800u);
}

TEST(LinearizabilityDifferential, WriteOnceRegisterMatchesBruteForce) {
  const std::size_t yes = differential(specs::write_once(), 6, 2000);
  EXPECT_GT(yes, 200u);
  EXPECT_LT(yes, 1800u);
}

// ---- decompositions ----

// Two overlapping writes, a quiescent instant, then a read of the first
// write's value: only the segment end state "2 then 1" explains it, so the
// first segment's every end state must be carried over.
TEST(Linearizability, QuiescentSplittingCarriesEveryEndStateOfASegment) {
  const LinHistory h = {call(0, 1, 4, specs::write, {1}), call(1, 2, 3, specs::write, {2}),
                        call(0, 5, 6, specs::read, {}, 1), call(1, 7, 8, specs::read, {}, 1)};
  EXPECT_EQ(lin_detail::quiescent_segments(h).size(), 3u);
  const LinVerdict v = check_linearizable(specs::rw_register(), h);
  EXPECT_TRUE(v.linearizable);
  EXPECT_EQ(v.order, (std::vector<std::size_t>{1, 0, 2, 3}));
  LinHistory wrong = h;
  wrong[3].result = 2;  // after the read of 1, nothing wrote 2
  EXPECT_FALSE(check_linearizable(specs::rw_register(), wrong).linearizable);
}

TEST(Linearizability, TouchingCallsAreNotSplit) {
  const LinHistory h = {call(0, 1, 3, specs::write, {1}), call(1, 3, 4, specs::read, {}, 0)};
  EXPECT_EQ(lin_detail::quiescent_segments(h).size(), 1u);
  const LinHistory pending = {call(0, 1, std::nullopt, specs::write, {1}), call(1, 5, 6, specs::read, {}, 1)};
  EXPECT_EQ(lin_detail::quiescent_segments(pending).size(), 1u);  // a call never returned stays open
}

// A stale read on key 1 fails the history even though key 0's calls are
// fine; the witness of a good history respects real time across keys.
TEST(Linearizability, PartitionedByKey) {
  const LinHistory h = {call(0, 1, 4, specs::put, {0, 2}), call(1, 2, 3, specs::put, {1, 1}),
                        call(0, 5, 6, specs::get_key, {1}, 1), call(1, 5, 8, specs::get_key, {0}, 2)};
  const LinVerdict v = check_linearizable(specs::key_value(), h);
  ASSERT_TRUE(v.linearizable);
  EXPECT_TRUE(accepts(specs::key_value(), h, v.order));
  LinHistory stale = h;
  stale[2].result = 0;  // key 1 was written before this read began
  const LinVerdict bad = check_linearizable(specs::key_value(), stale);
  EXPECT_FALSE(bad.linearizable);
  EXPECT_EQ(bad.counterexample, (std::vector<std::size_t>{1, 2}));
}

// ---- specifications with time ----

TEST(Linearizability, TokenBucketGrantsNeedAnEarnedToken) {
  const auto spec = specs::token_bucket(1, 10, 0);  // empty at 0; one token per 10 ns, at most 1
  // Grants at 10 and 20: one token each.
  EXPECT_TRUE(
      check_linearizable(spec, {call(0, 1, 12, specs::get_token, {}, 10), call(1, 2, 25, specs::get_token, {}, 20)})
          .linearizable);
  // Two grants at 10 and 15: the second token is earned at 20 only.
  EXPECT_FALSE(
      check_linearizable(spec, {call(0, 1, 12, specs::get_token, {}, 10), call(1, 2, 25, specs::get_token, {}, 15)})
          .linearizable);
  // Full at 10 the clock pauses: after an idle 35 ns the next token is due 10 after the grant at 35.
  EXPECT_TRUE(
      check_linearizable(spec, {call(0, 1, 40, specs::get_token, {}, 35), call(0, 41, 50, specs::get_token, {}, 45)})
          .linearizable);
  EXPECT_FALSE(
      check_linearizable(spec, {call(0, 1, 40, specs::get_token, {}, 35), call(0, 41, 50, specs::get_token, {}, 41)})
          .linearizable);
}

TEST(Linearizability, RefillingTokenBucketRestartsItsPeriodWhenTakenFromFull) {
  const auto spec = specs::refilling_token_bucket(1, 10, 0);  // tokens at 0, 10, 20, ... while not full
  EXPECT_TRUE(
      check_linearizable(spec, {call(0, 1, 2, specs::get_token, {0}, 0), call(0, 3, 12, specs::get_token, {0}, 10)})
          .linearizable);
  // Taken from full at 5: the next token comes at 15, not at the beat of 10.
  EXPECT_FALSE(
      check_linearizable(spec, {call(0, 1, 6, specs::get_token, {1}, 5), call(0, 7, 12, specs::get_token, {0}, 10)})
          .linearizable);
  EXPECT_TRUE(
      check_linearizable(spec, {call(0, 1, 6, specs::get_token, {1}, 5), call(0, 7, 16, specs::get_token, {0}, 15)})
          .linearizable);
}

// ---- known histories ----

// Thread 0 enqueues 1 then 2; thread 1 dequeues 2 after both enqueues have
// returned, then 1. Each thread alone sees nothing wrong, but 1 was in the
// queue before 2.
TEST(Linearizability, QueueOutOfOrderAfterBothEnqueuesIsNotLinearizable) {
  const LinHistory h = {call(0, 1, 2, specs::enqueue, {1}), call(0, 3, 4, specs::enqueue, {2}),
                        call(1, 5, 6, specs::dequeue, {}, 2), call(1, 7, 8, specs::dequeue, {}, 1)};
  const LinVerdict v = check_linearizable(specs::queue(), h);
  EXPECT_FALSE(v.linearizable);
  // The failure is complete when the dequeue of 2 returns: the enqueue of 1 had returned before it
  // began, and nothing took 1 out. The enqueue of 2 is free to have happened any time.
  EXPECT_EQ(v.cut, 6u);
  EXPECT_EQ(v.counterexample, (std::vector<std::size_t>{0, 2}));
}

TEST(Linearizability, OverlappingEnqueuesMayBeDequeuedInEitherOrder) {
  const LinHistory h = {call(0, 1, 4, specs::enqueue, {1}), call(1, 2, 3, specs::enqueue, {2}),
                        call(2, 5, 6, specs::dequeue, {}, 2), call(2, 7, 8, specs::dequeue, {}, 1)};
  EXPECT_TRUE(check_linearizable(specs::queue(), h).linearizable);
}

TEST(Linearizability, CounterReadingAValueThatNeverExistedIsNotLinearizable) {
  // Two increments overlap a get that returns 3: the counter only ever held 0, 1 and 2.
  const LinHistory h = {call(0, 1, 10, specs::increment, {}), call(1, 2, 9, specs::increment, {}),
                        call(2, 3, 4, specs::get, {}, 3)};
  const LinVerdict v = check_linearizable(specs::counter(), h);
  EXPECT_FALSE(v.linearizable);
  EXPECT_EQ(v.cut, 4u);
  EXPECT_EQ(v.counterexample, std::vector<std::size_t>{2});
}

TEST(Linearizability, APendingWriteMayTakeEffect) {
  const LinHistory h = {call(0, 1, std::nullopt, specs::write, {3}), call(1, 2, 5, specs::read, {}, 3)};
  EXPECT_TRUE(check_linearizable(specs::rw_register(), h).linearizable);
}

TEST(Linearizability, APendingWriteMayBeDropped) {
  const LinHistory h = {call(0, 1, std::nullopt, specs::write, {3}), call(1, 2, 5, specs::read, {}, 0)};
  const LinVerdict v = check_linearizable(specs::rw_register(), h);
  EXPECT_TRUE(v.linearizable);
  EXPECT_EQ(v.order, std::vector<std::size_t>{1});
}

TEST(Linearizability, ADequeueThatReturnedCannotTakeEffectOnAnEmptyQueue) {
  // The dequeue returned 1 before the enqueue of 1 began.
  const LinHistory h = {call(0, 1, 2, specs::dequeue, {}, 1), call(1, 3, 4, specs::enqueue, {1})};
  EXPECT_FALSE(check_linearizable(specs::queue(), h).linearizable);
}

TEST(Linearizability, ADequeueBlockedOnAnEmptyQueueIsLinearizable) {
  const LinHistory h = {call(0, 1, std::nullopt, specs::dequeue, {}), call(1, 2, 3, specs::enqueue, {1}),
                        call(1, 4, 5, specs::dequeue, {}, 1)};
  EXPECT_TRUE(check_linearizable(specs::queue(), h).linearizable);
}

TEST(Linearizability, TouchingIntervalsOverlap) {
  // The read is invoked at the instant the write returns: they may be in either order.
  const LinHistory h = {call(0, 1, 3, specs::write, {1}), call(1, 3, 4, specs::read, {}, 0)};
  EXPECT_TRUE(check_linearizable(specs::rw_register(), h).linearizable);
}

}  // namespace
}  // namespace interleave
