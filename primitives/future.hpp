// Future: the outcome of a computation that may not have finished yet, as
// Python's concurrent.futures.Future. Over a sync policy.
//
// Notes' passage: "You can think of Future as an entity that represents a
// deferred computation that may or may not have been completed. ... Methods
// which are provided in future object: running(), done(), cancel(),
// cancelled(), exception(), add_done_callback(my_special_callback)".
//
// A Future is a handle: copies share one state (the executor keeps one, the
// caller another). The completing side (an executor's worker) calls
// set_running_or_notify_cancel(), then set_result() or set_exception().
//
// Contract
//   cancel()       succeeds only while pending (true also if already
//                  cancelled); a running or finished future is not cancelled.
//   set_running_or_notify_cancel()  pending -> running and true; cancelled ->
//                  false (the work must not run). Anything else is misuse.
//   set_result / set_exception  running or pending -> finished; on a
//                  cancelled or finished future they throw InvalidStateError.
//   result()       blocks until done; returns the value, rethrows the stored
//                  exception, throws CancelledError if cancelled. With a
//                  timeout: FutureTimeoutError if not done by then.
//   exception()    the same wait; the stored exception (null on a value).
//   add_done_callback(fn)  fn(future) runs exactly once: at once in the
//                  caller if already done, else in the thread that completes
//                  (or cancels) the future, after the future is done and
//                  outside its lock, so fn may call back into it. A throwing
//                  callback is contained: it breaks neither the completing
//                  thread nor the other callbacks.
//   identity       copies compare same_as(); identity() keys sets of futures.
//
// States (under m)
//   | state     | cancel()          | set_running...()  | set_result/exception |
//   | pending   | cancelled, true   | running, true     | finished             |
//   | running   | false             | misuse            | finished             |
//   | cancelled | true              | false             | InvalidStateError    |
//   | finished  | false             | misuse            | InvalidStateError    |
//   Entering cancelled or finished wakes every waiter and hands the callback
//   list, emptied, to the completing thread.
//
// Teaching variants (FutureFlaw bits)
//   callback_race       ("future/callback-race"): add_done_callback looks at
//                       the state under the lock, lets go, and appends the
//                       callback under a second hold. If the future completes
//                       between the two, the completer has already taken the
//                       list: the callback never runs.
//   callback_under_lock ("future/callback-under-lock"): the completer runs
//                       the callbacks still holding the future's lock; a
//                       callback that asks the future anything (done(),
//                       result()) relocks it: self-deadlock.
#pragma once

#include <chrono>
#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "interleave/real_sync.hpp"
#include "interleave/thread_annotations.hpp"

namespace interleave {

/// result() or exception() on a cancelled future.
struct CancelledError : std::runtime_error {
  CancelledError() : std::runtime_error("the future was cancelled") {}
};
/// result(timeout), exception(timeout), wait or as_completed ran out of time.
struct FutureTimeoutError : std::runtime_error {
  FutureTimeoutError() : std::runtime_error("timed out waiting for a future") {}
};
/// Completing a future that is already cancelled or finished.
struct InvalidStateError : std::logic_error {
  explicit InvalidStateError(const char* what) : std::logic_error(what) {}
};

enum class FutureState { pending, running, cancelled, finished };

/// Known-buggy variants of Future, as bits, kept for teaching.
struct FutureFlaw {
  static constexpr unsigned none = 0;
  static constexpr unsigned callback_race = 1;
  static constexpr unsigned callback_under_lock = 2;
};

template <class T, class Sync = real_sync, unsigned Flaws = FutureFlaw::none>
class Future {
  using lock_type = typename Sync::template unique_lock<typename Sync::mutex>;
  using stored_type = std::conditional_t<std::is_void_v<T>, std::monostate, T>;

 public:
  using value_type = T;
  using callback = std::function<void(const Future&)>;

  Future() : s_(std::make_shared<State>()) {}

  /// Cancels a pending future; see the contract.
  bool cancel() const {
    lock_type lk(s_->m);
    if (s_->state == FutureState::cancelled) return true;
    if (s_->state != FutureState::pending) return false;
    s_->state = FutureState::cancelled;
    complete(lk);
    return true;
  }

  /// The worker's claim before running the work: false if cancelled.
  bool set_running_or_notify_cancel() const {
    lock_type lk(s_->m);
    if (s_->state == FutureState::cancelled) return false;
    if (s_->state != FutureState::pending) throw InvalidStateError("future already running or finished");
    s_->state = FutureState::running;
    return true;
  }

  /// Stores the value and completes the future.
  template <class... V>
  void set_result(V&&... value) const {
    lock_type lk(s_->m);
    check_completable();
    s_->value.emplace(std::forward<V>(value)...);
    s_->state = FutureState::finished;
    complete(lk);
  }

  /// Stores the exception and completes the future.
  void set_exception(std::exception_ptr error) const {
    lock_type lk(s_->m);
    check_completable();
    s_->error = std::move(error);
    s_->state = FutureState::finished;
    complete(lk);
  }

  bool cancelled() const { return state() == FutureState::cancelled; }
  bool running() const { return state() == FutureState::running; }
  bool done() const {
    const FutureState s = state();
    return s == FutureState::cancelled || s == FutureState::finished;
  }

  /// Waits until done; the value, or the stored exception rethrown.
  T result() const {
    lock_type lk(s_->m);
    while (!is_done()) s_->cv.wait(lk);
    return take();
  }
  template <class Rep, class Period>
  T result(std::chrono::duration<Rep, Period> timeout) const {
    lock_type lk(s_->m);
    wait_done(lk, timeout);
    return take();
  }

  /// Waits until done; the stored exception, or null if it holds a value.
  std::exception_ptr exception() const {
    lock_type lk(s_->m);
    while (!is_done()) s_->cv.wait(lk);
    return take_error();
  }
  template <class Rep, class Period>
  std::exception_ptr exception(std::chrono::duration<Rep, Period> timeout) const {
    lock_type lk(s_->m);
    wait_done(lk, timeout);
    return take_error();
  }

  /// Runs fn(*this) once the future is done; see the contract.
  void add_done_callback(callback fn) const {
    if constexpr ((Flaws & FutureFlaw::callback_race) != 0) {
      bool already = false;
      {
        lock_type lk(s_->m);
        already = is_done();
      }
      if (!already) {
        lock_type lk(s_->m);  // the flaw: the future may have completed since
        s_->callbacks.push_back(std::move(fn));
        return;
      }
    } else {
      lock_type lk(s_->m);
      if (!is_done()) {
        s_->callbacks.push_back(std::move(fn));
        return;
      }
    }
    invoke(fn);
  }

  /// Two handles of the same future.
  bool same_as(const Future& other) const { return s_ == other.s_; }
  /// An address identifying the shared state (for sets of futures).
  const void* identity() const { return s_.get(); }

 private:
  struct State {
    typename Sync::mutex m{"future.m"};
    typename Sync::condition_variable cv{"future.cv"};
    FutureState state GUARDED_BY(m) = FutureState::pending;
    std::optional<stored_type> value GUARDED_BY(m);
    std::exception_ptr error GUARDED_BY(m);
    std::vector<callback> callbacks GUARDED_BY(m);
  };

  FutureState state() const {
    lock_type lk(s_->m);
    return s_->state;
  }

  bool is_done() const NO_THREAD_SAFETY_ANALYSIS {
    return s_->state == FutureState::cancelled || s_->state == FutureState::finished;
  }

  void check_completable() const NO_THREAD_SAFETY_ANALYSIS {
    if (is_done()) throw InvalidStateError("future already cancelled or finished");
  }

  template <class Rep, class Period>
  void wait_done(lock_type& lk, std::chrono::duration<Rep, Period> timeout) const {
    const auto deadline = Sync::now() + std::chrono::duration_cast<typename Sync::clock::duration>(timeout);
    while (!is_done())
      if (s_->cv.wait_until(lk, deadline) == std::cv_status::timeout && !is_done()) throw FutureTimeoutError();
  }

  T take() const NO_THREAD_SAFETY_ANALYSIS {
    if (s_->state == FutureState::cancelled) throw CancelledError();
    if (s_->error) std::rethrow_exception(s_->error);
    if constexpr (!std::is_void_v<T>) return *s_->value;
  }

  std::exception_ptr take_error() const NO_THREAD_SAFETY_ANALYSIS {
    if (s_->state == FutureState::cancelled) throw CancelledError();
    return s_->error;
  }

  // The future has just become done (under the lock): wake the waiters and
  // run the callbacks, outside the lock unless the flaw keeps it.
  void complete(lock_type& lk) const NO_THREAD_SAFETY_ANALYSIS {
    s_->cv.notify_all();
    std::vector<callback> due = std::exchange(s_->callbacks, {});
    if constexpr ((Flaws & FutureFlaw::callback_under_lock) == 0) lk.unlock();
    for (const callback& fn : due) invoke(fn);
  }

  void invoke(const callback& fn) const {
    // Contained, as Python logs and carries on: the completing thread (an
    // executor's worker) and the remaining callbacks are unaffected. Under
    // the model only the checker's teardown throws anything else, and that
    // must unwind.
    try {
      fn(*this);
    } catch (const std::exception&) {
    } catch (...) {
      if constexpr (Sync::is_model) throw;
    }
  }

  std::shared_ptr<State> s_;
};

}  // namespace interleave
