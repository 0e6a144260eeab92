// The state panel's data: each model object's state after each step, rebuilt
// from a trace worded as the engine words it.
#include "model_state.hpp"

#include <gtest/gtest.h>

namespace interleave::reports {
namespace {

TraceEvent ev(std::size_t index, int thread, std::string op, std::string object, std::string detail, double time = 0) {
  return {index, thread, std::move(op), std::move(object), std::move(detail), "models/m.cpp", 1, time};
}

const model_state::Entry* find(const model_state::Snapshot& s, const std::string& object) {
  for (const auto& e : s)
    if (e.object == object) return &e;
  return nullptr;
}

TEST(ModelState, VariablesTakeTheValueWrittenOrFirstRead) {
  const std::vector<TraceEvent> trace = {
      ev(0, 1, "read", "shared count", "= 0"),
      ev(1, 2, "read", "shared count", "= 0"),
      ev(2, 1, "write", "shared count", "0 -> 1"),
      ev(3, 2, "write", "shared count", "0 -> 1"),
      ev(4, 1, "rmw", "atomic n", "4 -> 5"),
      ev(5, 2, "read", "atomic n", "= 4 (from thread 1 step 2, not the latest)"),
  };
  const auto states = model_state::after_each_step(trace);
  ASSERT_EQ(states.size(), trace.size());
  EXPECT_EQ(find(states[0], "shared count")->state, "= 0");
  EXPECT_TRUE(find(states[0], "shared count")->changed);
  EXPECT_FALSE(find(states[1], "shared count")->changed);
  EXPECT_EQ(find(states[2], "shared count")->state, "= 1");
  EXPECT_TRUE(find(states[2], "shared count")->changed);
  EXPECT_FALSE(find(states[3], "shared count")->changed) << "writing 1 over 1 changes nothing";
  EXPECT_EQ(find(states[3], "atomic n"), nullptr) << "not touched yet";
  EXPECT_EQ(find(states[5], "atomic n")->state, "= 5") << "a stale read does not rewind the latest value";
  EXPECT_EQ(model_state::line(states[5]), "shared count = 1; atomic n = 5; clock: t=0s");
}

TEST(ModelState, MutexOwnersAndConditionVariableWaiters) {
  const std::vector<TraceEvent> trace = {
      ev(0, 1, "lock", "mutex m", ""),
      ev(1, 1, "wait", "cv c", "releases mutex m"),
      ev(2, 2, "lock", "mutex m", ""),
      ev(3, 2, "notify_one", "cv c", "woke 1"),
      ev(4, 2, "unlock", "mutex m", ""),
      ev(5, 1, "wake", "cv c", "notified", 0.5),
      ev(6, 1, "try_lock", "mutex m", "acquired", 0.5),
  };
  const auto states = model_state::after_each_step(trace);
  EXPECT_EQ(find(states[0], "mutex m")->state, "held by thread 1");
  EXPECT_EQ(find(states[1], "mutex m")->state, "free");
  EXPECT_TRUE(find(states[1], "mutex m")->changed) << "the wait released the mutex";
  EXPECT_EQ(find(states[1], "cv c")->state, "waiting: thread 1");
  EXPECT_EQ(find(states[2], "mutex m")->state, "held by thread 2");
  EXPECT_EQ(find(states[3], "cv c")->state, "no waiters, woken: thread 1") << "notified, not yet running";
  EXPECT_TRUE(find(states[3], "cv c")->changed);
  EXPECT_EQ(find(states[5], "cv c")->state, "no waiters");
  EXPECT_TRUE(find(states[5], "clock")->changed);
  EXPECT_FALSE(find(states[4], "clock")->changed);
  EXPECT_EQ(model_state::line(states[6]), "mutex m: held by thread 1; cv c: no waiters; clock: t=0.5s");
}

TEST(ModelState, AtomicWaitersAreListedBesideTheValue) {
  const std::vector<TraceEvent> trace = {
      ev(0, 1, "wait", "atomic flag", "value 0: blocks"),
      ev(1, 2, "write", "atomic flag", "0 -> 1"),
      ev(2, 1, "wake", "atomic flag", "notified"),
  };
  const auto states = model_state::after_each_step(trace);
  EXPECT_EQ(find(states[0], "atomic flag")->state, "= 0, waiting: thread 1");
  EXPECT_EQ(find(states[1], "atomic flag")->state, "= 1, waiting: thread 1");
  EXPECT_EQ(find(states[2], "atomic flag")->state, "= 1");
}

}  // namespace
}  // namespace interleave::reports
