// Properties of double-checked initialisation on real threads: threads that
// call get() at once all get the value the initialiser computed, and the
// initialiser runs exactly once. Under ThreadSanitizer the plain value is also
// checked for races (the release/acquire flag must order its write before the
// fast path's read).
// More cases: RC_PARAMS="max_success=500" ./property_once_init_test
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "primitives/once_init.hpp"
#include "properties/chaos.hpp"

namespace {

using interleave::properties::Chaos;

RC_GTEST_PROP(OnceInit, EveryCallerGetsTheOneValueComputed, ()) {
  const int threads = *rc::gen::inRange(1, 6);
  const int calls_each = *rc::gen::inRange(1, 4);
  const std::string value = *rc::gen::nonEmpty(rc::gen::string<std::string>());
  const int chaos = *rc::gen::inRange(0, 3);
  const auto seed = *rc::gen::arbitrary<std::uint32_t>();
  interleave::OnceInit<std::string> once;
  std::atomic<int> made{0};
  std::atomic<bool> go{false};  // threads start together, so they race for the first call
  std::vector<std::vector<std::string>> seen(static_cast<std::size_t>(threads));
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t)
    workers.emplace_back([&, t] {
      Chaos noise(chaos, seed + static_cast<std::uint32_t>(t));
      while (!go.load()) std::this_thread::yield();
      for (int c = 0; c < calls_each; ++c) {
        noise.point();
        seen[static_cast<std::size_t>(t)].push_back(once.get([&] {
          made.fetch_add(1);
          noise.point();  // a slow initialiser widens the window for the others
          return value;
        }));
      }
    });
  go = true;
  for (auto& w : workers) w.join();
  RC_ASSERT(made.load() == 1);
  for (const auto& mine : seen)
    for (const std::string& v : mine) RC_ASSERT(v == value);
}

}  // namespace
