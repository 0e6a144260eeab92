// The ordering puzzles every course teaches: print in order, FooBar
// alternation, zero-even-odd, and fizz-buzz with four threads. Each thread
// runs one role; together they must print one exact sequence.
//
// All four are one monitor, Turns: a thread waits until it is its turn (a
// predicate over the shared state), acts, moves the state on, and wakes the
// others. (The notes' "Monitor" passage: "Condition variables ... allow
// threads to wait for certain conditions to be true within the monitor.")
//
// Contracts (out(s) is the caller-supplied printer):
//   PrintInOrder: first(), second(), third() from three threads, any start
//     order; prints "first", "second", "third".
//   FooBar(n): foo() and bar() from two threads; prints "foo","bar" n times.
//   ZeroEvenOdd(n): zero(), even(), odd(); prints 0,1,0,2,...,0,n.
//   FizzBuzz(n): fizz(), buzz(), fizzbuzz(), number(); prints 1..n with
//     multiples of 3 as "fizz", of 5 as "buzz", of 15 as "fizzbuzz".
//
// State of Turns: `state` (an integer the puzzle interprets), under m.
//   | when(turn, act)   | lock; wait while !turn(state); act(state); notify_all |
//
// Teaching variant (OrderingFlaw::if_not_while): `if (!turn) wait` instead
// of `while`: a thread woken by a notify meant for another role (or
// spuriously) acts out of turn and the sequence comes out wrong.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <utility>

#include "interleave/real_sync.hpp"

namespace interleave {

/// Known-buggy variants of the ordering puzzles kept for teaching.
enum class OrderingFlaw : std::uint8_t { none, if_not_while };

/// The monitor behind every puzzle: wait for your turn, act, wake the rest.
template <class Sync, OrderingFlaw Flaw>
class Turns {
 public:
  /// Waits until turn(state), then runs act(state) (which moves state on).
  template <class Turn, class Act>
  void when(Turn turn, Act act) {
    typename Sync::template unique_lock<typename Sync::mutex> lk(m_);
    if constexpr (Flaw == OrderingFlaw::if_not_while) {
      if (!turn(state_)) cv_.wait(lk);
    } else {
      while (!turn(state_)) cv_.wait(lk);
    }
    act(state_);
    cv_.notify_all();
  }

 private:
  typename Sync::mutex m_{"turns.m"};
  typename Sync::condition_variable cv_{"turns.cv"};
  long state_ = 0;
};

using Printer = std::function<void(const std::string&)>;

template <class Sync = real_sync, OrderingFlaw Flaw = OrderingFlaw::none>
class PrintInOrder {
 public:
  explicit PrintInOrder(Printer out) : out_(std::move(out)) {}
  void first() { step(0, "first"); }
  void second() { step(1, "second"); }
  void third() { step(2, "third"); }

 private:
  void step(long stage, const char* word) {
    turns_.when([stage](long s) { return s == stage; },
                [&](long& s) {
                  out_(word);
                  s = stage + 1;
                });
  }
  Printer out_;
  Turns<Sync, Flaw> turns_;
};

template <class Sync = real_sync, OrderingFlaw Flaw = OrderingFlaw::none>
class FooBar {
 public:
  FooBar(int n, Printer out) : n_(n), out_(std::move(out)) {}
  void foo() { run(0, "foo"); }
  void bar() { run(1, "bar"); }

 private:
  // state counts words printed; foo prints at even counts, bar at odd.
  void run(long parity, const char* word) {
    for (int i = 0; i < n_; ++i)
      turns_.when([parity](long s) { return s % 2 == parity; },
                  [&](long& s) {
                    out_(word);
                    ++s;
                  });
  }
  int n_;
  Printer out_;
  Turns<Sync, Flaw> turns_;
};

template <class Sync = real_sync, OrderingFlaw Flaw = OrderingFlaw::none>
class ZeroEvenOdd {
 public:
  ZeroEvenOdd(int n, Printer out) : n_(n), out_(std::move(out)) {}
  // state counts words printed: even counts print 0, odd count 2k-1 prints k.
  void zero() {
    for (int i = 0; i < n_; ++i)
      turns_.when([](long s) { return s % 2 == 0; },
                  [&](long& s) {
                    out_("0");
                    ++s;
                  });
  }
  void even() { numbers(2); }
  void odd() { numbers(1); }

 private:
  void numbers(int first) {
    for (int k = first; k <= n_; k += 2)
      turns_.when([k](long s) { return s == 2L * k - 1; },
                  [&](long& s) {
                    out_(std::to_string(k));
                    ++s;
                  });
  }
  int n_;
  Printer out_;
  Turns<Sync, Flaw> turns_;
};

template <class Sync = real_sync, OrderingFlaw Flaw = OrderingFlaw::none>
class FizzBuzz {
 public:
  FizzBuzz(int n, Printer out) : n_(n), out_(std::move(out)) {}
  void fizz() {
    role([](long i) { return i % 3 == 0 && i % 5 != 0; }, [](long) { return std::string("fizz"); });
  }
  void buzz() {
    role([](long i) { return i % 3 != 0 && i % 5 == 0; }, [](long) { return std::string("buzz"); });
  }
  void fizzbuzz() {
    role([](long i) { return i % 15 == 0; }, [](long) { return std::string("fizzbuzz"); });
  }
  void number() {
    role([](long i) { return i % 3 != 0 && i % 5 != 0; }, [](long i) { return std::to_string(i); });
  }

 private:
  // state is the last number printed; a role acts on the next one when it is
  // its kind, and leaves once the next one is past n.
  template <class Mine, class Word>
  void role(Mine mine, Word word) {
    for (;;) {
      bool done = false;
      turns_.when([&](long s) { return s + 1 > n_ || mine(s + 1); },
                  [&](long& s) {
                    if (s + 1 > n_) {
                      done = true;
                      return;
                    }
                    out_(word(s + 1));
                    ++s;
                  });
      if (done) return;
    }
  }
  int n_;
  Printer out_;
  Turns<Sync, Flaw> turns_;
};

}  // namespace interleave
