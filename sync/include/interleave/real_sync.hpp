// real_sync: the sync policy for shipping code. Maps to std::mutex,
// std::condition_variable, std::atomic, std::thread and the steady clock at
// zero cost; this is what ThreadSanitizer checks. The mutex carries clang's
// thread-safety annotations so -Wthread-safety checks primitives' locking.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <exception>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "interleave/derived_waits.hpp"
#include "interleave/location.hpp"
#include "interleave/real_parking_atomic.hpp"
#include "interleave/thread_annotations.hpp"

namespace interleave {
namespace real {

/// std::mutex with thread-safety annotations. Optional name and location
/// arguments mirror model::mutex and are ignored.
class CAPABILITY("mutex") mutex {
 public:
  explicit mutex(const char* = "mutex", location = location::current()) {}
  void lock(location = location::current()) ACQUIRE() { m_.lock(); }
  bool try_lock(location = location::current()) TRY_ACQUIRE(true) { return m_.try_lock(); }
  void unlock(location = location::current()) RELEASE() { m_.unlock(); }
  std::mutex& native() { return m_; }

 private:
  std::mutex m_;
};

/// std::unique_lock over an annotated mutex.
template <class Mutex>
class SCOPED_CAPABILITY unique_lock {
 public:
  explicit unique_lock(Mutex& m, location = location::current()) ACQUIRE(m) : m_(&m) { m.lock(); }
  unique_lock(Mutex& m, std::defer_lock_t) EXCLUDES(m) : m_(&m), owns_(false) {}
  unique_lock(const unique_lock&) = delete;
  unique_lock& operator=(const unique_lock&) = delete;
  ~unique_lock() RELEASE() {
    if (owns_) m_->unlock();
  }
  void lock(location = location::current()) ACQUIRE() {
    m_->lock();
    owns_ = true;
  }
  void unlock(location = location::current()) RELEASE() {
    owns_ = false;
    m_->unlock();
  }
  bool owns_lock() const { return owns_; }
  Mutex* mutex() const { return m_; }

 private:
  Mutex* m_;
  bool owns_ = true;
};

/// std::condition_variable over the annotated mutex (no condition_variable_any cost).
class condition_variable : public derived_waits<condition_variable, std::chrono::steady_clock> {
 public:
  explicit condition_variable(const char* = "cv", location = location::current()) {}
  // The waits with a predicate, beside the basic ones below.
  using derived_waits::wait;
  using derived_waits::wait_until;
  template <class Lock>
  void wait(Lock& lock, location = location::current()) {
    std::unique_lock<std::mutex> inner(lock.mutex()->native(), std::adopt_lock);
    cv_.wait(inner);
    inner.release();
  }
  template <class Lock, class Clock, class Duration>
  std::cv_status wait_until(Lock& lock, const std::chrono::time_point<Clock, Duration>& t,
                            location = location::current()) {
    std::unique_lock<std::mutex> inner(lock.mutex()->native(), std::adopt_lock);
    auto status = cv_.wait_until(inner, t);
    inner.release();
    return status;
  }
  void notify_one(location = location::current()) { cv_.notify_one(); }
  void notify_all(location = location::current()) { cv_.notify_all(); }

 private:
  std::condition_variable cv_;
};

/// std::atomic with the model's constructor shape (value, name); C++20's
/// wait/notify_one/notify_all are std::atomic's own.
template <class T>
class atomic : public std::atomic<T> {
 public:
  explicit atomic(T initial = T{}, const char* = "atomic", location = location::current()) : std::atomic<T>(initial) {}
};

/// A plain variable: the real-thread counterpart of model::shared<T>. TSan
/// checks its accesses.
template <class T>
class shared {
 public:
  explicit shared(const char* = "shared", location = location::current()) {}
  explicit shared(T initial, const char* = "shared", location = location::current()) : value_(std::move(initial)) {}
  T get(location = location::current()) const { return value_; }
  void set(T v, location = location::current()) { value_ = std::move(v); }
  template <class F>
  void update(F f, location = location::current()) {
    value_ = f(std::move(value_));
  }
  template <class F>
  auto with(F f, location = location::current()) {
    return f(value_);
  }

 private:
  T value_{};
};

/// std::thread whose constructor takes an optional location.
class thread : public std::thread {
 public:
  thread() = default;
  template <class F>
  explicit thread(F&& body, location = location::current()) : std::thread(std::forward<F>(body)) {}
};

/// The failures of a scenario run on real threads (what `interleave stress`
/// counts): a failed assert_that or an exception out of a thread body. They
/// are recorded, not thrown, so that the other threads run on and are joined.
class scenario_failures {
 public:
  static scenario_failures& instance() {
    static scenario_failures failures;
    return failures;
  }
  void record(const std::string& what) {
    std::lock_guard<std::mutex> lock(m_);
    if (count_++ == 0) first_ = what;
  }
  /// The number recorded since the last reset, and the first one's text.
  int count() {
    std::lock_guard<std::mutex> lock(m_);
    return count_;
  }
  std::string first() {
    std::lock_guard<std::mutex> lock(m_);
    return first_;
  }
  void reset() {
    std::lock_guard<std::mutex> lock(m_);
    count_ = 0;
    first_.clear();
  }

 private:
  std::mutex m_;
  int count_ = 0;
  std::string first_;
};

}  // namespace real

/// The sync policy for real threads.
struct real_sync {
  using mutex = real::mutex;
  using condition_variable = real::condition_variable;
  template <class M>
  using unique_lock = real::unique_lock<M>;
  template <class T>
  using atomic = real::atomic<T>;
  /// A 32-bit atomic whose wait() sleeps at once (real_parking_atomic.hpp).
  template <class T>
  using parking_atomic = real::parking_atomic<T>;
  template <class T>
  using shared = real::shared<T>;
  using thread = real::thread;
  using thread_id = std::thread::id;
  using clock = std::chrono::steady_clock;
  static constexpr bool is_model = false;

  static thread_id this_thread_id() { return std::this_thread::get_id(); }
  static void yield(location = location::current()) { std::this_thread::yield(); }
  /// The body of a spin-wait loop: a CPU pause hint (x86 `pause`, ARM
  /// `yield`), which saves power and frees the core's pipeline for a sibling
  /// hyper-thread without giving up the time slice. A spin that may wait long
  /// should back off to yield() itself; the hint is for the common short wait.
  static void spin_loop(location = location::current()) {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__) || defined(__arm__)
    asm volatile("yield");
#endif
  }
  template <class Rep, class Period>
  static void sleep_for(const std::chrono::duration<Rep, Period>& d, location = location::current()) {
    std::this_thread::sleep_for(d);
  }
  static clock::time_point now() { return clock::now(); }
  /// The model explores every value of a choice; shipping code takes the first.
  static std::size_t choose(std::size_t, location = location::current()) { return 0; }
  /// std::atomic_thread_fence.
  static void atomic_thread_fence(std::memory_order order, location = location::current()) {
    std::atomic_thread_fence(order);
  }
  /// Starvation hooks: checked only in the model.
  static void wait_begin(const char*, location = location::current()) {}
  static void wait_end(const char*, location = location::current()) {}
  static void wait_begin_shared(const char*, location = location::current()) {}
  static void wait_end_shared(const char*, location = location::current()) {}

  /// A scenario's check on real threads: a failure is recorded in
  /// real::scenario_failures (the model's counterpart fails the execution).
  static void assert_that(bool ok, const std::string& message, location loc = location::current()) {
    if (!ok)
      real::scenario_failures::instance().record("assertion: " + message + " at " + loc.file + ":" +
                                                 std::to_string(loc.line));
  }
  /// A model's invariant, checked after every step by the model checker. Real
  /// threads have no point between steps to check it at: not checked here
  /// (stress relies on the scenario's assertions, crashes and hangs).
  static void invariant(const std::string&, const std::function<bool()>&, location = location::current()) {}
  /// Runs each body on its own std::thread and joins them all; an exception
  /// out of a body is recorded as a failure.
  static void run_together(std::vector<std::function<void()>> bodies, location = location::current()) {
    std::vector<std::thread> threads;
    threads.reserve(bodies.size());
    for (auto& body : bodies)
      threads.emplace_back([&body] {
        try {
          body();
        } catch (const std::exception& e) {
          real::scenario_failures::instance().record(std::string("exception: ") + e.what());
        } catch (...) {
          real::scenario_failures::instance().record("exception");
        }
      });
    for (auto& t : threads) t.join();
  }
};

}  // namespace interleave
