// Queue between real processes: values round-trip as JSON; get(timeout)
// returns nullopt on an empty queue and a value put later by another process;
// a value too long for a message and a put after close are refused.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "primitives/process/process.hpp"
#include "primitives/process/queue.hpp"

namespace {

using interleave::process::Process;
using interleave::process::Queue;
using namespace std::chrono_literals;

TEST(ProcessQueue, ValuesPutByAChildAreGotInOrderByTheParent) {
  Queue<std::pair<std::string, int>, 4> queue;
  Process child([&queue] {
    for (int i = 0; i < 20; ++i) queue.put({"item", i});
  });
  child.start();
  for (int i = 0; i < 20; ++i) EXPECT_EQ(queue.get(), std::make_pair(std::string("item"), i));
  ASSERT_TRUE(child.join(10s));
  EXPECT_EQ(child.exitcode(), 0);
  EXPECT_TRUE(queue.empty());
}

TEST(ProcessQueue, GetWithTimeoutGivesUpOnAnEmptyQueueAndWakesForALatePut) {
  Queue<int> queue;
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(queue.get(30ms), std::nullopt);
  EXPECT_GE(std::chrono::steady_clock::now() - start, 30ms);
  Process child([&queue] {
    std::this_thread::sleep_for(20ms);
    queue.put(42);
  });
  child.start();
  EXPECT_EQ(queue.get(10s), 42);
  ASSERT_TRUE(child.join(10s));
}

TEST(ProcessQueue, RefusesAValueLongerThanAMessageAndAPutAfterClose) {
  Queue<std::string, 2, 16> queue;
  EXPECT_THROW(queue.put(std::string(20, 'x')), std::length_error);
  queue.put("short");
  EXPECT_EQ(queue.qsize(), 1);
  queue.close();
  EXPECT_THROW(queue.put("more"), std::logic_error);
  EXPECT_EQ(queue.get(), "short");  // close stops this handle's puts only
}

}  // namespace
