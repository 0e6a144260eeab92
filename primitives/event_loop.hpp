// EventLoop<Sync>: a single-threaded event loop running task<T> coroutines
// (event_loop_task.hpp), over a sync policy, as Python's asyncio loop.
//
// Notes' passage: "The event loop ... runs in a single thread and executes
// all callbacks and tasks in that thread. While a task is running in the
// event loop, no other tasks can run in the same thread. When a task executes
// an await expression, the running task gets suspended, and the event loop
// executes the next task."
//
// Contract
//   run_until_complete(t)  schedules t and runs the loop until t is done;
//                          returns its value or rethrows its exception. Other
//                          tasks stay pending for the next run.
//   run_forever()          runs until stop() (from a task or, through
//                          call_soon_threadsafe, from another thread).
//   clock                  Sync::clock: the steady clock on real threads, the
//                          model's virtual clock (which jumps to the next
//                          deadline when nothing can run) under the model.
//   call_soon_threadsafe(fn)  any thread: fn runs on the loop's thread at
//                          its next turn; wakes the loop if it is idle.
//   run_in_executor(ex, fn)  a task that runs fn() on the executor (any
//                          ThreadPoolExecutor<Sync>) and returns its value;
//                          cancelling it cancels the executor's future (which
//                          succeeds only while fn has not started).
//   run_coroutine_threadsafe(t)  any thread: schedules t on the loop and
//                          returns a Future<T, Sync> with its outcome
//                          (CancelledError as its exception if t was cancelled).
//                          Cancelling the future before the loop picked the
//                          call up keeps t from ever being scheduled; after,
//                          the future is running and cannot be cancelled.
//   lifetime               the loop must outlive every executor future and
//                          thread that may still call into it: declare an
//                          executor after the loop, so it is shut down first.
//
// Idle wait (under m_): with no ready task, the loop waits on cv_ until the
// next timer's deadline (or without a deadline when there is none) or until
// another thread posts to the inbox. With no ready task, no timer and nothing
// posted, a task awaiting forever leaves the loop waiting forever: the model
// reports it as a deadlock.
#pragma once

#include <chrono>
#include <functional>
#include <type_traits>
#include <utility>
#include <vector>

#include "interleave/real_sync.hpp"
#include "interleave/thread_annotations.hpp"
#include "primitives/event_loop_task.hpp"
#include "primitives/future.hpp"

namespace interleave {
namespace detail {

/// The suspension point behind EventLoop::wait_future.
template <class Loop, class Fut>
struct FutureAwaiter {
  Loop* loop;
  Fut future;
  TaskBase* owner = nullptr;
  bool await_ready() const { return future.done(); }
  template <class P>
  void await_suspend(std::coroutine_handle<P> h) {
    owner = promise_of(h).owner;
    loop->suspend(*owner, h);
    std::function<void()> wake = loop->waker(*owner);
    Loop* l = loop;
    future.add_done_callback([l, wake](const Fut&) { l->call_soon_threadsafe(wake); });
  }
  void await_resume() {
    if (owner && owner->cancel_requested) {
      future.cancel();
      owner->deliver_cancel();
    }
  }
};

}  // namespace detail

template <class Sync = real_sync>
class EventLoop final : public LoopCore {
  using lock_type = typename Sync::template unique_lock<typename Sync::mutex>;

 public:
  EventLoop() = default;

  template <class T>
  T run_until_complete(task<T> main) {
    task<T> t = create_task(std::move(main));
    run_while([&] { return !t.done(); });
    return t.result();
  }

  void run_forever() {
    stopped_ = false;
    run_while([&] { return !stopped_; });
  }
  /// Ends run_forever() after the current step (loop thread).
  void stop() { stopped_ = true; }

  /// See the contract.
  void call_soon_threadsafe(std::function<void()> fn) {
    lock_type lk(m_);
    inbox_.push_back(std::move(fn));
    cv_.notify_one();
  }

  std::int64_t now_ns() override {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(Sync::now().time_since_epoch()).count();
  }

  /// Suspends the awaiting task until `future` is done (any thread may
  /// complete it); cancelling the task cancels the future.
  template <class T, unsigned Flaws>
  auto wait_future(Future<T, Sync, Flaws> future) {
    return detail::FutureAwaiter<EventLoop, Future<T, Sync, Flaws>>{this, std::move(future)};
  }

  /// See the contract.
  template <class Executor, class F>
  task<std::invoke_result_t<F&>> run_in_executor(Executor& executor, F fn) {
    auto future = executor.submit(std::move(fn));
    co_await wait_future(future);
    co_return future.result();
  }

  /// See the contract.
  template <class T>
  Future<T, Sync> run_coroutine_threadsafe(task<T> coroutine) {
    Future<T, Sync> future;
    call_soon_threadsafe([this, future, coroutine] {
      if (!future.set_running_or_notify_cancel()) return;
      task<T> t = create_task(coroutine);
      t.add_done_callback([future, t] {
        if (t.exception()) {
          future.set_exception(t.exception());
        } else if constexpr (std::is_void_v<T>) {
          future.set_result();
        } else {
          future.set_result(t.result());
        }
      });
    });
    return future;
  }

 private:
  std::size_t pick(std::size_t n) override { return Sync::choose(n); }

  template <class Running>
  void run_while(Running running) {
    while (running()) {
      // The inbox is read when the loop runs dry, and every so often
      // otherwise, so that busy tasks cannot starve other threads' calls.
      if (!has_ready() || ++since_inbox_ >= kInboxEvery) {
        since_inbox_ = 0;
        drain_inbox();
      }
      fire_due_timers();
      if (has_ready()) {
        step();
        continue;
      }
      if (running()) idle();
    }
  }

  void drain_inbox() {
    std::vector<std::function<void()>> calls;
    {
      lock_type lk(m_);
      calls.swap(inbox_);
    }
    for (auto& fn : calls) fn();
  }

  void idle() {
    lock_type lk(m_);
    if (!inbox_.empty()) return;
    if (!has_timers()) {
      cv_.wait(lk);
      return;
    }
    const auto deadline = typename Sync::clock::time_point(
        std::chrono::duration_cast<typename Sync::clock::duration>(std::chrono::nanoseconds(next_deadline())));
    cv_.wait_until(lk, deadline);
  }

  static constexpr int kInboxEvery = 64;

  typename Sync::mutex m_{"loop.m"};
  typename Sync::condition_variable cv_{"loop.cv"};
  std::vector<std::function<void()>> inbox_ GUARDED_BY(m_);
  int since_inbox_ = 0;
  bool stopped_ = false;
};

}  // namespace interleave
