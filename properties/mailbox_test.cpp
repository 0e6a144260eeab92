// Properties of the one-shot mailbox on real threads: a reader polling while
// a writer publishes a random value reads exactly that value once the flag
// is up. Under ThreadSanitizer the plain payload is also checked for races
// (the release/acquire flag must order it).
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <thread>

#include "primitives/message_passing.hpp"

namespace {

RC_GTEST_PROP(Mailbox, AReaderThatSeesTheFlagReadsThePublishedValue, ()) {
  const int value = *rc::gen::inRange(1, 1 << 20);
  const int readers = *rc::gen::inRange(1, 4);
  interleave::Mailbox<> box;
  std::vector<int> seen(static_cast<std::size_t>(readers), 0);
  std::vector<std::thread> threads;
  for (int r = 0; r < readers; ++r)
    threads.emplace_back([&, r] {
      std::optional<int> v;
      while (!(v = box.try_read())) std::this_thread::yield();
      seen[static_cast<std::size_t>(r)] = *v;
    });
  std::thread writer([&] { box.publish(value); });
  writer.join();
  for (auto& t : threads) t.join();
  for (int s : seen) RC_ASSERT(s == value);
}

}  // namespace
