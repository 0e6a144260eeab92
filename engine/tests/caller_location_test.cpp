// A step whose defaulted location is evaluated inside the standard library
// (threads constructed by emplace_back, a mutex taken by std::lock_guard) is
// attributed to the line of this file that called the library.
#include <gtest/gtest.h>

#include <mutex>
#include <vector>

#include "interleave/interleave.hpp"

namespace interleave {
namespace {

using S = model_sync;

bool in_this_file(const TraceEvent& e) {
  return e.file.size() >= 24 && e.file.compare(e.file.size() - 24, 24, "caller_location_test.cpp") == 0;
}

TEST(CallerLocation, LibraryCallsAreAttributedToTheCallersLine) {
  const Result r = check([] {
    S::mutex m{"m"};
    int inside = 0;
    std::vector<S::thread> threads;
    for (int i = 0; i < 2; ++i)
      threads.emplace_back([&] {
        std::lock_guard<S::mutex> hold(m);
        ++inside;
      });
    for (S::thread& t : threads) t.join();
    assert_that(inside == 1, "fails on purpose: both threads get in");
  });
  ASSERT_EQ(r.violations.size(), 1u);
  int spawns = 0, locks = 0;
  for (const TraceEvent& e : r.violations[0].trace) {
    EXPECT_EQ(e.file.find("/bits/"), std::string::npos) << e.operation << " at " << e.file << ":" << e.line;
    if (e.operation == "spawn") spawns += in_this_file(e) ? 1 : 0;
    if (e.operation == "lock") locks += in_this_file(e) ? 1 : 0;
  }
  EXPECT_EQ(spawns, 2);
  EXPECT_GE(locks, 1);
}

}  // namespace
}  // namespace interleave
