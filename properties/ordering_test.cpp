// Properties of the ordering puzzles on real threads: for random n and a
// random start order of the roles, each puzzle prints its exact sequence.
// More cases: RC_PARAMS="max_success=500" ./property_ordering_test
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <functional>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "primitives/ordering.hpp"

namespace {

using Words = std::vector<std::string>;

/// A printer safe to call from several threads (the puzzle orders the calls).
struct Output {
  std::mutex m;
  Words words;
  interleave::Printer printer() {
    return [this](const std::string& s) {
      std::lock_guard lk(m);
      words.push_back(s);
    };
  }
};

/// Starts the roles in a random order, joins them.
void run_roles(std::vector<std::function<void()>> roles) {
  std::shuffle(roles.begin(), roles.end(), std::mt19937(*rc::gen::arbitrary<unsigned>()));
  std::vector<std::thread> threads;
  for (auto& r : roles) threads.emplace_back(r);
  for (auto& t : threads) t.join();
}

}  // namespace

RC_GTEST_PROP(PrintInOrder, PrintsFirstSecondThird, ()) {
  Output out;
  interleave::PrintInOrder<> p(out.printer());
  run_roles({[&] { p.first(); }, [&] { p.second(); }, [&] { p.third(); }});
  RC_ASSERT(out.words == Words({"first", "second", "third"}));
}

RC_GTEST_PROP(FooBar, Alternates, ()) {
  const int n = *rc::gen::inRange(1, 50);
  Output out;
  interleave::FooBar<> p(n, out.printer());
  run_roles({[&] { p.foo(); }, [&] { p.bar(); }});
  Words expected;
  for (int i = 0; i < n; ++i) expected.insert(expected.end(), {"foo", "bar"});
  RC_ASSERT(out.words == expected);
}

RC_GTEST_PROP(ZeroEvenOdd, PrintsZeroBetweenNumbers, ()) {
  const int n = *rc::gen::inRange(1, 50);
  Output out;
  interleave::ZeroEvenOdd<> p(n, out.printer());
  run_roles({[&] { p.zero(); }, [&] { p.even(); }, [&] { p.odd(); }});
  Words expected;
  for (int i = 1; i <= n; ++i) expected.insert(expected.end(), {"0", std::to_string(i)});
  RC_ASSERT(out.words == expected);
}

RC_GTEST_PROP(FizzBuzz, PrintsTheExactSequenceWithFourThreads, ()) {
  const int n = *rc::gen::inRange(1, 60);
  Output out;
  interleave::FizzBuzz<> p(n, out.printer());
  run_roles({[&] { p.fizz(); }, [&] { p.buzz(); }, [&] { p.fizzbuzz(); }, [&] { p.number(); }});
  Words expected;
  for (int i = 1; i <= n; ++i)
    expected.push_back(i % 15 == 0 ? "fizzbuzz" : i % 3 == 0 ? "fizz" : i % 5 == 0 ? "buzz" : std::to_string(i));
  RC_ASSERT(out.words == expected);
}
