// Code written for std::atomic, memory orders and fences included, compiles
// unchanged under both sync policies; under the model, publishing a plain
// variable through a relaxed flag is a data race and through release/acquire
// is not.
#include <gtest/gtest.h>

#include <thread>

#include "interleave/interleave.hpp"
#include "interleave/real_sync.hpp"

namespace interleave {
namespace {

/// Message passing: the payload is a plain variable, the flag an atomic.
template <class Sync>
int message_passing(std::memory_order publish, std::memory_order observe) {
  typename Sync::template shared<int> payload(0, "payload");
  typename Sync::template atomic<int> flag(0, "flag");
  int seen = -1;
  typename Sync::thread producer([&] {
    payload.set(42);
    Sync::atomic_thread_fence(std::memory_order_release);
    flag.store(1, publish);
  });
  typename Sync::thread consumer([&] {
    while (flag.load(observe) == 0) Sync::yield();
    Sync::atomic_thread_fence(std::memory_order_acquire);
    seen = payload.get();
    int expected = 1;
    flag.compare_exchange_strong(expected, 2, std::memory_order_acq_rel, std::memory_order_relaxed);
    flag.fetch_add(1, std::memory_order_relaxed);
    flag.exchange(7, std::memory_order_acquire);
  });
  producer.join();
  consumer.join();
  return seen;
}

TEST(MemoryOrderApi, TheSameCodeRunsOnRealThreads) {
  EXPECT_EQ(message_passing<real_sync>(std::memory_order_release, std::memory_order_acquire), 42);
}

TEST(MemoryOrderApi, FencesMakeARelaxedFlagPublish) {
  const Result r = check([] { message_passing<model_sync>(std::memory_order_relaxed, std::memory_order_relaxed); });
  EXPECT_EQ(r.verdict, Verdict::holds) << r.note;
  EXPECT_TRUE(r.exhaustive);
}

/// The same, without the fences.
void relaxed_publication(std::memory_order publish, std::memory_order observe) {
  model::shared<int> payload(0, "payload");
  model::atomic<int> flag(0, "flag");
  run_together({[&] {
                  payload.set(42);
                  flag.store(1, publish);
                },
                [&] {
                  if (flag.load(observe) == 1) payload.get();
                }});
}

TEST(MemoryOrderApi, ARelaxedFlagDoesNotPublishAPlainVariable) {
  const Result relaxed = check([] { relaxed_publication(std::memory_order_relaxed, std::memory_order_relaxed); });
  EXPECT_TRUE(relaxed.has(ViolationKind::data_race));
  const Result synced = check([] { relaxed_publication(std::memory_order_release, std::memory_order_acquire); });
  EXPECT_EQ(synced.verdict, Verdict::holds) << synced.note;
}

}  // namespace
}  // namespace interleave
