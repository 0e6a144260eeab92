// Timer: runs a callback once in its own thread after a delay, unless it is
// cancelled first. Python's threading.Timer, over a sync policy.
//
// Seed passage: "Timer thread" ("Executes a callback after a given duration
// in a thread": `Timer(5, timer_task).start()`).
//
// Python's cancel() "will only work if the timer is still in its waiting
// stage": it returns while the callback may still be running or about to
// run. This Timer's cancel() is stronger, so a caller can free what the
// callback uses as soon as cancel() returns.
//
// Contract
//   Timer(delay, callback)  nothing runs until start().
//   start()     once: spawns the timer thread; the delay counts from here.
//   cancel()    after it returns the callback is not running and never will
//               (if it had started, cancel waits for it to finish). Must not
//               be called from the callback. Idempotent.
//   join()      waits for the timer thread to end (the destructor joins).
//   The callback runs at most once, never before `delay` has passed since
//   start(), and only if cancel() had not been called when the delay ended.
//
// State transitions (timer thread: waiting -> running -> done, or cancelled)
//   | state    | event                      | next                        |
//   | waiting  | deadline, not cancelled    | running (lock released)     |
//   | waiting  | cancel()                   | cancelled; thread ends      |
//   | running  | cancel()                   | cancel() sleeps until done  |
//   | running  | callback returns           | done; wakes cancel()        |
//   | done     | cancel()                   | returns at once             |
//
// Teaching variant (TimerFlaw::cancel_race, model "timer/cancel-race"):
// cancel() only sets the flag, as Python's does. The timer thread has already
// seen "not cancelled" and runs the callback after cancel() returned.
#pragma once

#include <exception>
#include <functional>
#include <utility>

#include "interleave/real_sync.hpp"
#include "interleave/thread_annotations.hpp"

namespace interleave {

/// Known-buggy variants of Timer kept for teaching (see the header comment).
enum class TimerFlaw { none, cancel_race };

template <class Sync = real_sync, TimerFlaw Flaw = TimerFlaw::none>
class Timer {
 public:
  using duration = typename Sync::clock::duration;

  Timer(duration delay, std::function<void()> callback, const char* name = "timer")
      : m_(name), cv_(name), delay_(delay), callback_(std::move(callback)) {}
  Timer(const Timer&) = delete;
  Timer& operator=(const Timer&) = delete;
  /// Joins the timer thread. In the model, a destructor run while a violation
  /// unwinds the scenario leaves the thread to the checker (joining would be
  /// a visible operation, which throws while an execution is abandoned).
  ~Timer() {
    if constexpr (Sync::is_model)
      if (std::uncaught_exceptions() > 0) return;
    join();
  }

  /// Starts the countdown in a new thread.
  void start() {
    const auto deadline = Sync::now() + delay_;
    thread_ = typename Sync::thread([this, deadline] { run(deadline); });
  }

  /// Cancels the callback; see the contract for what holds on return.
  void cancel() {
    typename Sync::template unique_lock<typename Sync::mutex> lock(m_);
    cancelled_ = true;
    cv_.notify_all();
    if constexpr (Flaw != TimerFlaw::cancel_race)
      while (running_) cv_.wait(lock);
  }

  /// Waits for the timer thread to end.
  void join() {
    if (thread_.joinable()) thread_.join();
  }

 private:
  void run(typename Sync::clock::time_point deadline) {
    typename Sync::template unique_lock<typename Sync::mutex> lock(m_);
    while (!cancelled_ && Sync::now() < deadline) cv_.wait_until(lock, deadline);
    if (cancelled_) return;
    running_ = true;
    lock.unlock();
    callback_();
    lock.lock();
    running_ = false;
    cv_.notify_all();
  }

  typename Sync::mutex m_;
  typename Sync::condition_variable cv_;
  const duration delay_;
  std::function<void()> callback_;
  bool cancelled_ GUARDED_BY(m_) = false;
  bool running_ GUARDED_BY(m_) = false;
  typename Sync::thread thread_;
};

}  // namespace interleave
