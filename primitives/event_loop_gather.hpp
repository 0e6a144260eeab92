// gather and wait_for over scheduled tasks (event_loop_task.hpp), as
// asyncio.gather and asyncio.wait_for.
//
// Contract
//   gather(tasks, cancel_on_error)  schedules the tasks not yet scheduled
//       and waits until all are done or one fails. All done: their values in
//       input order (not completion order). One failed: the first failure in
//       completion order is rethrown (a task that failed before gather looked
//       counts first, in input order); with cancel_on_error the tasks not yet
//       done are cancelled, otherwise they keep running. Cancelling the
//       gather cancels every task in it.
//   wait_for(t, timeout)  schedules t if needed and waits at most `timeout`
//       on the loop's clock. Done in time: its value (or its exception). Not:
//       t is cancelled, wait_for waits for it to end, and throws
//       TaskTimeoutError (or returns t's value if t caught the cancellation
//       and finished anyway). Cancelling the wait_for cancels t.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "primitives/event_loop_task.hpp"

namespace interleave {
namespace detail {

/// Suspends until every task is done or one of them fails.
template <class T>
struct AllDoneOrFailure {
  const std::vector<task<T>>& tasks;
  TaskBase* owner = nullptr;
  std::shared_ptr<std::optional<std::size_t>> first_failure = std::make_shared<std::optional<std::size_t>>();

  bool await_ready() {
    bool all_done = true;
    for (std::size_t i = 0; i < tasks.size(); ++i) {
      if (!tasks[i].done())
        all_done = false;
      else if (tasks[i].exception() && !*first_failure)
        *first_failure = i;
    }
    return all_done || *first_failure;
  }
  template <class P>
  void await_suspend(std::coroutine_handle<P> h) {
    owner = promise_of(h).owner;
    LoopCore& loop = *owner->loop;
    loop.suspend(*owner, h);
    auto remaining = std::make_shared<std::size_t>(0);
    std::function<void()> wake = loop.waker(*owner);
    for (std::size_t i = 0; i < tasks.size(); ++i) {
      if (tasks[i].done()) continue;
      ++*remaining;
      TaskBase* t = &tasks[i].state();  // alive while its callbacks run
      t->add_done_callback([t, i, remaining, wake, first = first_failure] {
        --*remaining;
        if (t->exception() && !*first) *first = i;
        if (*remaining == 0 || *first) wake();
      });
    }
  }
  /// The index of the first task that failed, if any.
  std::optional<std::size_t> await_resume() {
    if (owner) owner->deliver_cancel();
    return *first_failure;
  }
};

/// Suspends until `t` is done or `timeout_ns` passed; true if done.
struct DoneWithin {
  TaskBase& t;
  std::int64_t timeout_ns;  ///< negative: no timeout
  TaskBase* owner = nullptr;

  bool await_ready() const { return t.done(); }
  template <class P>
  void await_suspend(std::coroutine_handle<P> h) {
    owner = promise_of(h).owner;
    LoopCore& loop = *owner->loop;
    loop.suspend(*owner, h);
    std::function<void()> wake = loop.waker(*owner);
    t.add_done_callback(wake);
    if (timeout_ns >= 0) loop.add_timer(loop.now_ns() + timeout_ns, wake);
  }
  bool await_resume() {
    if (owner) owner->deliver_cancel();
    return t.done();
  }
};

}  // namespace detail

/// See the contract. T must not be void.
template <class T>
task<std::vector<T>> gather(std::vector<task<T>> tasks, bool cancel_on_error = false) {
  LoopCore& loop = co_await this_loop();
  for (const task<T>& t : tasks) loop.ensure_scheduled(t);
  std::optional<std::size_t> failed;
  // Awaiters with owning members are named: GCC 12 destroys a braced
  // temporary awaiter twice when its co_await is assigned inside a try block.
  detail::AllDoneOrFailure<T> all_done_or_failure{tasks};
  try {
    failed = co_await all_done_or_failure;
  } catch (const CancelledError&) {
    for (const task<T>& t : tasks) t.cancel();
    throw;
  }
  if (failed) {
    if (cancel_on_error)
      for (const task<T>& t : tasks) t.cancel();
    std::rethrow_exception(tasks[*failed].exception());
  }
  std::vector<T> results;
  results.reserve(tasks.size());
  for (const task<T>& t : tasks) results.push_back(t.result());
  co_return results;
}

/// See the contract.
template <class T, class Rep, class Period>
task<T> wait_for(task<T> t, std::chrono::duration<Rep, Period> timeout) {
  LoopCore& loop = co_await this_loop();
  loop.ensure_scheduled(t);
  const std::int64_t ns =
      std::max<std::int64_t>(0, std::chrono::duration_cast<std::chrono::nanoseconds>(timeout).count());
  bool in_time = false;
  detail::DoneWithin within_timeout{t.state(), ns};
  try {
    in_time = co_await within_timeout;
  } catch (const CancelledError&) {
    t.cancel();
    throw;
  }
  if (!in_time) {
    t.cancel();
    detail::DoneWithin until_done{t.state(), -1};
    co_await until_done;
    if (t.cancelled()) throw TaskTimeoutError();
  }
  co_return t.result();
}

}  // namespace interleave
