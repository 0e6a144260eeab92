// Counterexample shrinking: the shrunk schedule has the fewest preemptions
// the bug needs, is no longer than the original, shows the same kind, and
// replays to exactly its own trace.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <vector>

#include "../src/execution.hpp"
#include "../src/scheduler.hpp"
#include "../src/scheduling_point.hpp"
#include "../src/stack_pool.hpp"
#include "interleave/interleave.hpp"
#include "interleave/shrink.hpp"

namespace interleave {
namespace {

using S = model_sync;

// A lost update between two threads, each first doing steps that have
// nothing to do with it: the bug needs exactly one preemption (between one
// thread's load and its store).
void lost_update_with_noise() {
  S::atomic<int> count{0, "count"};
  S::atomic<int> noise{0, "noise"};
  auto work = [&] {
    for (int i = 0; i < 3; ++i) noise.store(noise.load() + 1);
    const int seen = count.load();
    count.store(seen + 1);
  };
  S::thread a(work);
  S::thread b(work);
  a.join();
  b.join();
  assert_that(count.load() == 2, "lost update: count is not 2");
}

Violation found_by_random_walk(std::uint64_t seed) {
  Options options;
  options.strategy = Strategy::random;
  options.seed = seed;
  options.budget_executions = 2000;
  const Result r = check(lost_update_with_noise, options);
  EXPECT_TRUE(r.has(ViolationKind::assertion)) << "seed " << seed;
  return r.violations.empty() ? Violation{} : r.violations.front();
}

TEST(Shrink, FindsTheOnePreemptionTheBugNeeds) {
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    const Violation original = found_by_random_walk(seed);
    const Violation shrunk = shrink(lost_update_with_noise, original);
    EXPECT_EQ(shrunk.kind, ViolationKind::assertion);
    EXPECT_EQ(shrunk.preemptions, 1) << "seed " << seed << ": " << original.schedule << " -> " << shrunk.schedule;
    EXPECT_LE(shrunk.trace.size(), original.trace.size());
  }
}

TEST(Shrink, RecordsTheOriginalLengthWhenItShrinks) {
  for (std::uint64_t seed : {1, 2, 3, 4, 5}) {
    const Violation original = found_by_random_walk(seed);
    const Violation shrunk = shrink(lost_update_with_noise, original);
    if (shrunk.schedule == original.schedule) {
      EXPECT_EQ(shrunk.original_steps, 0u);
    } else {
      EXPECT_EQ(shrunk.original_steps, original.trace.size());
      EXPECT_TRUE(shrunk.preemptions < original.preemptions || shrunk.trace.size() < original.trace.size());
    }
  }
}

TEST(Shrink, ShrunkScheduleReplaysToItsOwnTrace) {
  const Violation shrunk = shrink(lost_update_with_noise, found_by_random_walk(3));
  const Result again = replay(lost_update_with_noise, shrunk.schedule);
  ASSERT_TRUE(again.has(ViolationKind::assertion)) << again.note;
  const Violation& v = again.violations.front();
  ASSERT_EQ(v.trace.size(), shrunk.trace.size());
  for (std::size_t i = 0; i < v.trace.size(); ++i) {
    EXPECT_EQ(v.trace[i].thread, shrunk.trace[i].thread) << i;
    EXPECT_EQ(v.trace[i].operation, shrunk.trace[i].operation) << i;
    EXPECT_EQ(v.trace[i].detail, shrunk.trace[i].detail) << i;
  }
  EXPECT_EQ(v.failing_step, shrunk.failing_step);
}

// SCTBench's queue_bad (Thomson, Donaldson, Betts, PPoPP 2014), small: a
// producer and a consumer take turns on a queue under a mutex, by flags. The
// consumer checks each element it takes against the one stored at its own
// loop index, but its index also advances on turns where it found nothing to
// take: one preemption (the consumer spins once before the producer has
// run) makes it compare against the wrong element.
void queue_bad() {
  constexpr int kSize = 4;
  S::mutex m{"m"};
  std::vector<std::unique_ptr<S::shared<int>>> elements, stored;
  for (int i = 0; i < kSize; ++i) {
    elements.push_back(std::make_unique<S::shared<int>>(0, "element"));
    stored.push_back(std::make_unique<S::shared<int>>(0, "stored"));
  }
  S::shared<int> head{0, "head"}, tail{0, "tail"};
  S::shared<bool> enqueue_turn{true, "enqueue_flag"}, dequeue_turn{false, "dequeue_flag"};
  auto enqueue = [&](int value) {
    const int t = tail.get();
    elements[t]->set(value);
    tail.set(t + 1);
  };
  auto dequeue = [&] {
    const int h = head.get();
    const int value = elements[h]->get();
    head.set(h + 1);
    return value;
  };
  S::thread producer([&] {
    m.lock();
    enqueue(1);
    stored[0]->set(1);
    m.unlock();
    for (int i = 0; i < kSize - 1; ++i) {
      m.lock();
      if (enqueue_turn.get()) {
        enqueue(i + 2);
        stored[i + 1]->set(i + 2);
        enqueue_turn.set(false);
        dequeue_turn.set(true);
      }
      m.unlock();
    }
  });
  S::thread consumer([&] {
    for (int i = 0; i < kSize; ++i) {
      m.lock();
      if (dequeue_turn.get()) {
        assert_that(dequeue() == stored[i]->get(), "dequeued an element other than the one stored");
        dequeue_turn.set(false);
        enqueue_turn.set(true);
      }
      m.unlock();
    }
  });
  producer.join();
  consumer.join();
}

// SCTBench's wronglock, with atomics: one thread updates the value under
// data_lock and checks nobody changed it meanwhile; two others update it
// under another lock. One preemption (inside the checked update) shows it,
// but only after every thread has been spawned.
void wronglock() {
  S::mutex data_lock{"data_lock"}, this_lock{"this_lock"};
  S::atomic<int> value{0, "data_value"};
  auto checked = [&] {
    data_lock.lock();
    const int seen = value.load();
    value.store(value.load() + 1);
    assert_that(value.load() == seen + 1, "data_value changed under data_lock");
    data_lock.unlock();
  };
  auto unchecked = [&] {
    this_lock.lock();
    value.store(value.load() + 1);
    this_lock.unlock();
  };
  S::thread a(checked);
  S::thread b(unchecked);
  S::thread c(unchecked);
  a.join();
  b.join();
  c.join();
}

/// The smallest (preemptions, steps) of any schedule showing a violation of
/// `kind`, by brute force: every schedule with at most 0, 1, ... preemptions,
/// without step cuts or budgets.
struct Smallest {
  int preemptions = -1;
  std::size_t steps = 0;
};
Smallest smallest_by_brute_force(void (*scenario)(), ViolationKind kind) {
  const Options options;
  engine::StackPool stacks(options.stack_size);
  for (int bound = 0; bound <= 4; ++bound) {
    Smallest best;
    const auto dfs = engine::make_dfs(bound);
    while (dfs->begin_execution()) {
      engine::Execution ex(options, stacks);
      const engine::Ending ending = ex.run(scenario, *dfs);
      dfs->end_execution(engine::execution_end(ex, ending, false));
      for (const engine::Failure& f : ex.failures())
        if (f.kind == kind && (best.preemptions < 0 || ex.render_trace().size() < best.steps))
          best = {bound, ex.render_trace().size()};
    }
    if (best.preemptions >= 0) return best;
  }
  return {};
}

/// A counterexample of `scenario` as the sampling strategy finds it.
std::optional<Violation> sampled(void (*scenario)(), Strategy strategy, std::uint64_t seed) {
  Options options;
  options.strategy = strategy;
  options.seed = seed;
  options.budget_executions = 2000;
  const Result r = check(scenario, options);
  if (r.violations.empty()) return std::nullopt;
  return r.violations.front();
}

/// Every counterexample sampled from `scenario` shrinks to exactly the
/// smallest one, and never to a larger one than it was.
void expect_shrinks_to_the_smallest(void (*scenario)()) {
  const Smallest smallest = smallest_by_brute_force(scenario, ViolationKind::assertion);
  ASSERT_GE(smallest.preemptions, 0) << "the model has no violation within 4 preemptions";
  int shrunk_count = 0;
  for (Strategy strategy : {Strategy::random, Strategy::pct})
    for (std::uint64_t seed = 1; seed <= 15; ++seed) {
      const std::optional<Violation> original = sampled(scenario, strategy, seed);
      if (!original) continue;
      ++shrunk_count;
      const Violation shrunk = shrink(scenario, *original);
      const std::string where =
          fmt::format("{} seed {}: {} preemptions, {} steps -> {}, {}", to_string(strategy), seed,
                      original->preemptions, original->trace.size(), shrunk.preemptions, shrunk.trace.size());
      EXPECT_EQ(shrunk.kind, ViolationKind::assertion) << where;
      EXPECT_EQ(shrunk.preemptions, smallest.preemptions) << where;
      EXPECT_EQ(shrunk.trace.size(), smallest.steps) << where;
      EXPECT_TRUE(shrunk.preemptions < original->preemptions ||
                  (shrunk.preemptions == original->preemptions && shrunk.trace.size() <= original->trace.size()))
          << where;
      const Result again = replay(scenario, shrunk.schedule);
      EXPECT_TRUE(again.has(ViolationKind::assertion)) << where << ": " << again.note;
    }
  EXPECT_GE(shrunk_count, 20);
}

// Greedy shrinking leaves some of these at two preemptions: cutting either
// preemption alone loses the bug.
TEST(Shrink, ReachesTheFewestPreemptionsTheBugNeeds) { expect_shrinks_to_the_smallest(queue_bad); }

// Greedy shrinking leaves some of these at one preemption but ten steps more
// than the shortest schedule with one.
TEST(Shrink, ReachesTheFewestStepsAtTheFewestPreemptions) { expect_shrinks_to_the_smallest(wronglock); }

// A data race does not stop its execution: the shrunk schedule must run to
// the end, or it would not replay.
TEST(Shrink, ShrunkDataRaceReplays) {
  auto racy = [] {
    S::shared<int> x{0, "x"};
    S::atomic<int> noise{0, "noise"};
    S::thread a([&] {
      x.set(1);
      for (int i = 0; i < 4; ++i) noise.store(i);
    });
    S::thread b([&] {
      for (int i = 0; i < 4; ++i) noise.store(i);
      x.set(2);
    });
    a.join();
    b.join();
  };
  for (std::uint64_t seed = 1; seed <= 5; ++seed) {
    const std::optional<Violation> original = sampled(+racy, Strategy::random, seed);
    ASSERT_TRUE(original);
    const Violation shrunk = shrink(racy, *original);
    const Result again = replay(racy, shrunk.schedule);
    EXPECT_TRUE(again.has(ViolationKind::data_race)) << again.note;
  }
}

TEST(Shrink, LeavesAnUnreadableScheduleAlone) {
  Violation v;
  v.kind = ViolationKind::assertion;
  v.schedule = "not a schedule";
  EXPECT_EQ(shrink(lost_update_with_noise, v).schedule, "not a schedule");
}

}  // namespace
}  // namespace interleave
