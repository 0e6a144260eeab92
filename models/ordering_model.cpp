// Models of the ordering puzzles (primitives/ordering.hpp): each role runs on
// its own thread; the printed sequence must be the exact expected one.
#include <algorithm>
#include <string>
#include <vector>

#include "interleave/interleave.hpp"
#include "models/registry.hpp"
#include "primitives/ordering.hpp"

namespace {

using interleave::model_sync;
using interleave::OrderingFlaw;
using interleave::real_sync;
using Words = std::vector<std::string>;

constexpr const char* kPassage =
    "Monitor: Condition Variables: These allow threads to wait for certain conditions to be true within the "
    "monitor (print in order, FooBar, zero-even-odd and fizz-buzz: puzzles every course teaches).";

/// Runs each role on its own thread. The invariant catches the first word out
/// of place as it is printed; the final assertion checks nothing is missing.
template <class S, class Puzzle, class... Roles>
void check_output(Puzzle& puzzle, Words& out, const Words& expected, Roles... roles) {
  S::invariant("the output so far is a prefix of the expected sequence",
               [&] { return out.size() <= expected.size() && std::equal(out.begin(), out.end(), expected.begin()); });
  std::vector<typename S::thread> threads;
  (threads.emplace_back([&puzzle, roles] { (puzzle.*roles)(); }), ...);
  for (auto& t : threads) t.join();
  S::assert_that(out == expected, "the output is the exact expected sequence");
}

Words fizz_buzz_words(int n) {
  Words w;
  for (int i = 1; i <= n; ++i)
    w.push_back(i % 15 == 0 ? "fizzbuzz" : i % 3 == 0 ? "fizz" : i % 5 == 0 ? "buzz" : std::to_string(i));
  return w;
}

template <class S, OrderingFlaw Flaw>
void print_in_order() {
  Words out;
  interleave::PrintInOrder<S, Flaw> p([&](const std::string& s) { out.push_back(s); });
  using P = decltype(p);
  check_output<S>(p, out, {"first", "second", "third"}, &P::third, &P::second, &P::first);
}

template <class S, OrderingFlaw Flaw>
void foo_bar() {
  Words out;
  interleave::FooBar<S, Flaw> p(2, [&](const std::string& s) { out.push_back(s); });
  using P = decltype(p);
  check_output<S>(p, out, {"foo", "bar", "foo", "bar"}, &P::bar, &P::foo);
}

template <class S, OrderingFlaw Flaw>
void zero_even_odd() {
  Words out;
  interleave::ZeroEvenOdd<S, Flaw> p(2, [&](const std::string& s) { out.push_back(s); });
  using P = decltype(p);
  check_output<S>(p, out, {"0", "1", "0", "2"}, &P::even, &P::odd, &P::zero);
}

template <class S, OrderingFlaw Flaw>
void fizz_buzz() {
  Words out;
  interleave::FizzBuzz<S, Flaw> p(2, [&](const std::string& s) { out.push_back(s); });
  using P = decltype(p);
  check_output<S>(p, out, fizz_buzz_words(2), &P::fizz, &P::buzz, &P::fizzbuzz, &P::number);
}

interleave::Options exhaustive(int spurious = 0) {
  interleave::Options o;
  o.strategy = interleave::Strategy::dpor;
  o.max_spurious_wakeups = spurious;
  return o;
}

const bool registered = [] {
  interleave::register_model({
      .name = "print-in-order",
      .primitive = "print-in-order",
      .summary = "third(), second(), first() started in reverse: prints first, second, third.",
      .passage = kPassage,
      .expected = std::nullopt,
      .scenario = [] { print_in_order<model_sync, OrderingFlaw::none>(); },
      .options = exhaustive(1),
      .real_scenario = [] { print_in_order<real_sync, OrderingFlaw::none>(); },
  });
  interleave::register_model({
      .name = "print-in-order/if-not-while",
      .primitive = "print-in-order",
      .summary = "Waits with `if` instead of `while`.",
      .flaw = "third() waits once with `if`. The notify_all after \"first\" (meant for "
              "second()) wakes third() too; it does not re-check its turn and prints "
              "\"third\" before \"second\".",
      .passage = kPassage,
      .expected = interleave::ViolationKind::invariant,
      .scenario = [] { print_in_order<model_sync, OrderingFlaw::if_not_while>(); },
      .options = exhaustive(),
      .real_scenario = [] { print_in_order<real_sync, OrderingFlaw::if_not_while>(); },
  });
  interleave::register_model({
      .name = "foo-bar",
      .primitive = "foo-bar",
      .summary = "foo() and bar() alternate twice: foo bar foo bar, even with a spurious "
                 "wake-up.",
      .passage = kPassage,
      .expected = std::nullopt,
      .scenario = [] { foo_bar<model_sync, OrderingFlaw::none>(); },
      .options = exhaustive(1),
      .real_scenario = [] { foo_bar<real_sync, OrderingFlaw::none>(); },
  });
  interleave::register_model({
      .name = "foo-bar/if-not-while",
      .primitive = "foo-bar",
      .summary = "Waits with `if` instead of `while`; one spurious wake-up allowed.",
      .flaw = "With two threads every notify is meant for the other one, so `if` looks "
              "safe, until a spurious wake-up: bar() wakes with no foo printed, does not "
              "re-check, and prints \"bar\" first.",
      .passage = kPassage,
      .expected = interleave::ViolationKind::invariant,
      .scenario = [] { foo_bar<model_sync, OrderingFlaw::if_not_while>(); },
      .options = exhaustive(1),
      .real_scenario = [] { foo_bar<real_sync, OrderingFlaw::if_not_while>(); },
  });
  interleave::register_model({
      .name = "zero-even-odd",
      .primitive = "zero-even-odd",
      .summary = "n = 2: prints 0 1 0 2.",
      .passage = kPassage,
      .expected = std::nullopt,
      .scenario = [] { zero_even_odd<model_sync, OrderingFlaw::none>(); },
      .options = exhaustive(),
      .real_scenario = [] { zero_even_odd<real_sync, OrderingFlaw::none>(); },
  });
  interleave::register_model(
      {.name = "fizz-buzz",
       .primitive = "fizz-buzz",
       .summary = "Four threads, n = 2: prints 1 2 while fizz, buzz and fizzbuzz wait out every turn and leave (n = 3 "
                  "and more is too slow to search exhaustively: every step wakes all four).",
       .passage = kPassage,
       .expected = std::nullopt,
       .scenario = [] { fizz_buzz<model_sync, OrderingFlaw::none>(); },
       .options = exhaustive(),
       .real_scenario = [] { fizz_buzz<real_sync, OrderingFlaw::none>(); }});
  interleave::register_model({
      .name = "fizz-buzz/if-not-while",
      .primitive = "fizz-buzz",
      .summary = "Four threads waiting with `if` instead of `while`.",
      .flaw = "Every step wakes all four threads; with `if`, a thread whose turn it is not "
              "goes ahead anyway and prints its word for the wrong number.",
      .passage = kPassage,
      .expected = interleave::ViolationKind::invariant,
      .scenario = [] { fizz_buzz<model_sync, OrderingFlaw::if_not_while>(); },
      .options = exhaustive(),
      .real_scenario = [] { fizz_buzz<real_sync, OrderingFlaw::if_not_while>(); },
  });
  return true;
}();

}  // namespace
