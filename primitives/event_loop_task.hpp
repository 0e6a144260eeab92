// task<T>: a coroutine run by a single-threaded event loop, as Python's
// asyncio coroutines and Tasks. This header holds the coroutine type, the
// loop's core (ready queue, timers, wake-ups; no threads, no clock of its
// own) and the suspension points every task awaits. EventLoop<Sync>
// (event_loop.hpp) adds the clock, the idle wait and the thread-safe entry
// points; event_loop_gather.hpp adds gather and wait_for.
//
// Notes' passage: "asyncio ... a single-threaded, single-process design: it
// uses cooperative multitasking ... coroutines ... can be suspended at await
// and resumed later, while the event loop runs something else".
//
// Contract
//   task<T>      lazy: calling a coroutine function runs nothing. A task is
//                either scheduled (loop.create_task) and run by the loop on
//                its own, or awaited directly (`co_await child()`), which runs
//                it inline, inside the awaiting task, as awaiting a coroutine
//                in asyncio. Copies share one state (a handle).
//   co_await t   on a scheduled task: suspends until t is done, then returns
//                its value or rethrows its exception (CancelledError if it was
//                cancelled); no suspension if t is already done.
//   sleep(d)     suspends for d on the loop's clock (virtual under the model);
//                d <= 0 only yields: the task goes to the back of the ready queue.
//   cancel()     false if done. Otherwise requests cancellation: a suspended
//                task is made ready, and CancelledError is thrown at the
//                suspension point it resumes from (once per request); a task
//                that has not started never runs its body. The task may catch
//                it; if it escapes, the task ends cancelled. Cancelling a task
//                that awaits another scheduled task cancels that one too. A
//                coroutine awaited inline is part of its awaiter: cancel the
//                scheduled task that awaits it.
//   switches     the loop switches tasks only at a suspension point (co_await
//                of sleep, a scheduled task, a future); code between two of
//                them runs without any other task running.
//   one thread   tasks, create_task and cancel belong to the loop's thread;
//                other threads use EventLoop's thread-safe entry points.
//
// Under the model the loop asks the engine which ready task runs next
// (Sync::choose over the ready queue), so every order of ready tasks is
// explored; on real threads the ready queue is FIFO.
#pragma once

#include <chrono>
#include <coroutine>
#include <cstdint>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <queue>
#include <stdexcept>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <vector>

#include "primitives/future.hpp"  // CancelledError, InvalidStateError

namespace interleave {

template <class T>
class task;
class LoopCore;

/// wait_for ran out of time (asyncio.TimeoutError); the task was cancelled.
struct TaskTimeoutError : std::runtime_error {
  TaskTimeoutError() : std::runtime_error("the awaited task did not finish in time") {}
};

/// The state of one coroutine, shared by its handles. Loop-internal fields
/// are touched only on the loop's thread.
class TaskBase : public std::enable_shared_from_this<TaskBase> {
 public:
  TaskBase() = default;
  TaskBase(const TaskBase&) = delete;
  TaskBase& operator=(const TaskBase&) = delete;
  virtual ~TaskBase() {
    if (frame) frame.destroy();
  }

  bool done() const { return finished; }
  bool is_cancelled() const { return finished && cancelled; }
  /// See the contract.
  bool cancel();
  /// The exception the task ended with (null: a value, or not done).
  std::exception_ptr exception() const { return error; }
  /// Runs fn on the loop's thread once the task is done (at once if it is).
  void add_done_callback(std::function<void()> fn) {
    if (finished)
      fn();
    else
      on_done.push_back(std::move(fn));
  }
  /// Throws CancelledError if cancellation was requested and not yet
  /// delivered: every suspension point calls this when it resumes.
  void deliver_cancel() {
    if (!cancel_requested) return;
    cancel_requested = false;
    throw CancelledError();
  }

  std::coroutine_handle<> frame;      ///< the coroutine, owned
  std::coroutine_handle<> resume_at;  ///< scheduled: the innermost frame to resume
  LoopCore* loop = nullptr;           ///< set when scheduled
  bool started = false;               ///< scheduled or awaited inline
  bool finished = false;
  bool cancelled = false;  ///< it ended with CancelledError
  bool cancel_requested = false;
  bool in_ready = false;
  std::uint64_t generation = 0;  ///< bumped when made ready: older wake-ups are stale
  std::exception_ptr error;
  std::vector<std::function<void()>> on_done;
};

namespace detail {

/// What every task coroutine's promise has: its state and the scheduled
/// task it runs in (itself when scheduled; the awaiter's when inline).
struct PromiseBase {
  TaskBase* state = nullptr;
  TaskBase* owner = nullptr;
  std::coroutine_handle<> continuation;  ///< inline: the frame that awaits it

  void unhandled_exception() {
    try {
      throw;
    } catch (const CancelledError&) {
      state->cancelled = true;
      state->error = std::current_exception();
    } catch (const std::exception&) {
      state->error = std::current_exception();
    }
    // Anything else (the model checker tearing an execution down) is not the
    // task's outcome: it propagates out of resume() and unwinds the loop.
  }
};

template <class P>
PromiseBase& promise_of(std::coroutine_handle<P> h) {
  return static_cast<PromiseBase&>(h.promise());
}

/// A scheduled task's first resume: a task cancelled before it started
/// never runs its body.
struct InitialAwaiter {
  PromiseBase* promise;
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  void await_resume() const {
    if (promise->owner == promise->state) promise->state->deliver_cancel();
  }
};

/// Inline: back to the awaiting frame. Scheduled: marks the task finished;
/// the loop runs its done callbacks after resume() returns.
struct FinalAwaiter {
  bool await_ready() const noexcept { return false; }
  template <class P>
  std::coroutine_handle<> await_suspend(std::coroutine_handle<P> h) const noexcept {
    PromiseBase& p = promise_of(h);
    p.state->finished = true;
    if (p.continuation) return p.continuation;
    return std::noop_coroutine();
  }
  void await_resume() const noexcept {}
};

template <class T>
struct State : TaskBase {
  std::optional<std::conditional_t<std::is_void_v<T>, bool, T>> value;
};

template <class T>
struct Promise;
template <class T>
struct TaskAwaiter;

}  // namespace detail

/// The loop's thread-free core: the ready queue, the timers, the scheduled
/// tasks. EventLoop<Sync> drives it.
class LoopCore {
 public:
  LoopCore() = default;
  LoopCore(const LoopCore&) = delete;
  LoopCore& operator=(const LoopCore&) = delete;
  /// Pending tasks are destroyed with their frames; their done callbacks
  /// (which may hold handles of the task itself) are dropped unrun.
  virtual ~LoopCore() {
    for (auto& [raw, t] : tasks_) t->on_done.clear();
  }

  /// Schedules `t` to run on this loop (asyncio.create_task); returns it.
  template <class T>
  task<T> create_task(task<T> t);
  /// create_task unless `t` is already scheduled.
  template <class T>
  void ensure_scheduled(const task<T>& t);

  /// The task running now (null between tasks).
  TaskBase* current() const { return current_; }
  /// Scheduled tasks not yet done.
  std::size_t pending_tasks() const { return tasks_.size(); }
  /// Nanoseconds on the loop's clock.
  virtual std::int64_t now_ns() = 0;

  // ---- for suspension points (loop thread) ----
  /// `t` suspends at `h`; a pending cancellation makes it ready at once.
  void suspend(TaskBase& t, std::coroutine_handle<> h) {
    t.resume_at = h;
    if (t.cancel_requested) make_ready(t);
  }
  void make_ready(TaskBase& t) {
    ++t.generation;
    t.in_ready = true;
    ready_.push_back(&t);
  }
  /// A callable that makes `t` ready unless it was woken since it suspended
  /// (or finished): any number of wake-ups of one suspension wake it once.
  std::function<void()> waker(TaskBase& t) {
    return [this, w = t.weak_from_this(), gen = t.generation] {
      if (auto p = w.lock(); p && p->generation == gen && !p->finished && !p->in_ready) make_ready(*p);
    };
  }
  /// Runs `wake` when the loop's clock reaches `deadline_ns`.
  void add_timer(std::int64_t deadline_ns, std::function<void()> wake) {
    timers_.push(Timer{deadline_ns, next_timer_++, std::move(wake)});
  }

 protected:
  /// Which of n ready tasks runs next (the model explores every answer).
  virtual std::size_t pick(std::size_t n) = 0;

  bool has_ready() const { return !ready_.empty(); }
  bool has_timers() const { return !timers_.empty(); }
  std::int64_t next_deadline() const { return timers_.top().deadline; }
  /// Wakes the tasks whose timers are due.
  void fire_due_timers() {
    if (timers_.empty()) return;
    const std::int64_t now = now_ns();
    while (!timers_.empty() && timers_.top().deadline <= now) {
      std::function<void()> wake = timers_.top().wake;
      timers_.pop();
      wake();
    }
  }
  /// Runs one ready task up to its next suspension point (or its end).
  void step() {
    const std::size_t i = ready_.size() > 1 ? pick(ready_.size()) : 0;
    TaskBase* t = ready_[i];
    ready_.erase(ready_.begin() + static_cast<std::ptrdiff_t>(i));
    t->in_ready = false;
    current_ = t;
    t->resume_at.resume();
    current_ = nullptr;
    if (t->finished) complete(*t);
  }

 private:
  struct Timer {
    std::int64_t deadline;
    std::uint64_t seq;  ///< equal deadlines fire in the order they were set
    std::function<void()> wake;
    bool operator>(const Timer& o) const { return deadline != o.deadline ? deadline > o.deadline : seq > o.seq; }
  };

  void complete(TaskBase& t) {
    const auto it = tasks_.find(&t);
    std::shared_ptr<TaskBase> keep = it->second;  // alive while its callbacks run
    tasks_.erase(it);
    std::vector<std::function<void()>> callbacks = std::move(t.on_done);
    t.on_done.clear();
    for (auto& fn : callbacks) fn();
  }

  std::deque<TaskBase*> ready_;
  std::priority_queue<Timer, std::vector<Timer>, std::greater<>> timers_;
  std::uint64_t next_timer_ = 0;
  std::unordered_map<TaskBase*, std::shared_ptr<TaskBase>> tasks_;  ///< scheduled, not done
  TaskBase* current_ = nullptr;

  template <class T>
  friend class task;
  void adopt(std::shared_ptr<TaskBase> t) {
    t->loop = this;
    t->started = true;
    t->resume_at = t->frame;
    TaskBase* raw = t.get();
    tasks_.emplace(raw, std::move(t));
    make_ready(*raw);
  }
};

inline bool TaskBase::cancel() {
  if (finished) return false;
  cancel_requested = true;
  // A scheduled task suspended somewhere: resume it so that it sees the request.
  if (loop && !in_ready && loop->current() != this) loop->make_ready(*this);
  return true;
}

/// A coroutine returning T, run by an event loop.
template <class T = void>
class task {
 public:
  using promise_type = detail::Promise<T>;
  using value_type = T;

  task() = default;
  bool valid() const { return s_ != nullptr; }
  bool done() const { return s_->finished; }
  bool cancelled() const { return s_->is_cancelled(); }
  /// See the contract.
  bool cancel() const { return s_->cancel(); }
  /// Scheduled on a loop by create_task (not awaited inline).
  bool scheduled() const { return s_->loop != nullptr; }
  /// A done task's value; rethrows its exception (CancelledError if cancelled).
  T result() const {
    if (!s_->finished) throw InvalidStateError("the task is not done");
    if (s_->error) std::rethrow_exception(s_->error);
    if constexpr (!std::is_void_v<T>) return *s_->value;
  }
  std::exception_ptr exception() const { return s_->exception(); }
  /// Runs fn on the loop's thread once the task is done.
  void add_done_callback(std::function<void()> fn) const { s_->add_done_callback(std::move(fn)); }
  const void* identity() const { return s_.get(); }
  /// The shared state (for the loop's awaitables).
  TaskBase& state() const { return *s_; }

  /// Awaiting a scheduled task waits for it; awaiting one that is not
  /// scheduled runs it inline (see the contract).
  detail::TaskAwaiter<T> operator co_await() const { return detail::TaskAwaiter<T>{s_}; }

 private:
  friend struct detail::Promise<T>;
  friend class LoopCore;
  explicit task(std::shared_ptr<detail::State<T>> s) : s_(std::move(s)) {}
  std::shared_ptr<detail::State<T>> s_;
};

namespace detail {

template <class T>
struct TaskAwaiter {
  std::shared_ptr<State<T>> s;
  TaskBase* waiting = nullptr;  ///< the awaiting task, when it suspended for a scheduled one

  bool await_ready() const { return s->finished; }
  template <class P>
  std::coroutine_handle<> await_suspend(std::coroutine_handle<P> h) {
    PromiseBase& me = promise_of(h);
    if (!s->started) {  // inline: run it now, inside the awaiting task
      s->started = true;
      PromiseBase& child = promise_of(std::coroutine_handle<Promise<T>>::from_address(s->frame.address()));
      child.owner = me.owner;
      child.continuation = h;
      return s->frame;
    }
    if (s->loop == nullptr) throw InvalidStateError("the task is already being awaited inline");
    waiting = me.owner;
    LoopCore& loop = *me.owner->loop;
    loop.suspend(*me.owner, h);
    s->on_done.push_back(loop.waker(*me.owner));
    return std::noop_coroutine();
  }
  T await_resume() {
    if (waiting && waiting->cancel_requested) {
      if (!s->finished) s->cancel();  // as asyncio: the cancellation reaches the awaited task
      waiting->deliver_cancel();
    }
    if (s->error) std::rethrow_exception(s->error);
    if constexpr (!std::is_void_v<T>) {
      if (s->loop) return *s->value;  // a scheduled task's value stays for its other readers
      return std::move(*s->value);
    }
  }
};

template <class T>
struct PromiseReturn : PromiseBase {
  template <class V>
  void return_value(V&& v) {
    static_cast<State<T>*>(state)->value.emplace(std::forward<V>(v));
  }
};
template <>
struct PromiseReturn<void> : PromiseBase {
  void return_void() {}
};

template <class T>
struct Promise : PromiseReturn<T> {
  task<T> get_return_object() {
    auto s = std::make_shared<State<T>>();
    s->frame = std::coroutine_handle<Promise>::from_promise(*this);
    this->state = s.get();
    return task<T>(std::move(s));
  }
  InitialAwaiter initial_suspend() noexcept { return InitialAwaiter{this}; }
  FinalAwaiter final_suspend() noexcept { return {}; }
};

/// The suspension point behind sleep(): a timer, or straight to the back
/// of the ready queue when the delay is not positive.
struct SleepAwaiter {
  std::int64_t delay_ns;
  TaskBase* owner = nullptr;
  bool await_ready() const noexcept { return false; }
  template <class P>
  void await_suspend(std::coroutine_handle<P> h) {
    owner = promise_of(h).owner;
    LoopCore& loop = *owner->loop;
    loop.suspend(*owner, h);
    if (owner->in_ready) return;  // a pending cancellation already woke it
    if (delay_ns <= 0)
      loop.make_ready(*owner);
    else
      loop.add_timer(loop.now_ns() + delay_ns, loop.waker(*owner));
  }
  void await_resume() const { owner->deliver_cancel(); }
};

/// `co_await this_loop()`: the loop running the awaiting task, without suspending.
struct ThisLoopAwaiter {
  LoopCore* loop = nullptr;
  bool await_ready() const noexcept { return false; }
  template <class P>
  bool await_suspend(std::coroutine_handle<P> h) noexcept {
    loop = promise_of(h).owner->loop;
    return false;
  }
  LoopCore& await_resume() const noexcept { return *loop; }
};

}  // namespace detail

/// Suspends the awaiting task for `d` on the loop's clock (see the contract).
template <class Rep, class Period>
detail::SleepAwaiter sleep(std::chrono::duration<Rep, Period> d) {
  return detail::SleepAwaiter{std::chrono::duration_cast<std::chrono::nanoseconds>(d).count()};
}

/// `LoopCore& loop = co_await this_loop();` (asyncio.get_running_loop).
inline detail::ThisLoopAwaiter this_loop() { return {}; }

template <class T>
task<T> LoopCore::create_task(task<T> t) {
  if (t.s_->started) throw InvalidStateError("the task is already scheduled or awaited");
  auto& p = static_cast<detail::PromiseBase&>(
      std::coroutine_handle<detail::Promise<T>>::from_address(t.s_->frame.address()).promise());
  p.owner = p.state;
  adopt(t.s_);
  return t;
}

template <class T>
void LoopCore::ensure_scheduled(const task<T>& t) {
  if (!t.s_->started) create_task(t);
}

}  // namespace interleave
