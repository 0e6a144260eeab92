// model_sync: the sync policy whose every operation is a visible operation of
// the model checker. Same names as real_sync (real_sync.hpp); a primitive
// written as `template <class Sync>` runs under either.
//
// Objects must be created inside a checked scenario (interleave::check): the
// engine keeps their state and resets it for every execution.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>  // std::cv_status
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "interleave/derived_waits.hpp"
#include "interleave/engine_api.hpp"
#include "interleave/location.hpp"

namespace interleave {

/// The model's virtual clock: starts at 0 each execution; jumps to the next
/// deadline when no thread can run.
struct model_clock {
  using rep = std::int64_t;
  using period = std::nano;
  using duration = std::chrono::nanoseconds;
  using time_point = std::chrono::time_point<model_clock>;
  static constexpr bool is_steady = true;
  static time_point now() noexcept { return time_point(duration(detail::now())); }
};

namespace model {

/// A non-recursive mutex. Relocking is a self_deadlock violation; unlocking
/// without holding it is unlock_not_owner.
class mutex {
 public:
  explicit mutex(const char* name = "mutex", location loc = location::current())
      : id_(detail::new_object(detail::ObjectKind::mutex, name, loc)) {}
  mutex(const mutex&) = delete;
  mutex& operator=(const mutex&) = delete;
  void lock(location loc = location::current()) { detail::mutex_lock(id_, loc); }
  bool try_lock(location loc = location::current()) { return detail::mutex_try_lock(id_, loc); }
  void unlock(location loc = location::current()) { detail::mutex_unlock(id_, loc); }
  std::uint32_t id() const { return id_; }

 private:
  std::uint32_t id_;
};

/// A lock holder that records its caller's location (std::unique_lock works
/// too, but its operations are attributed to the standard header).
template <class Mutex>
class unique_lock {
 public:
  explicit unique_lock(Mutex& m, location loc = location::current()) : m_(&m), where_(loc) {
    m_->lock(loc);
    owns_ = true;
  }
  unique_lock(Mutex& m, std::defer_lock_t) : m_(&m) {}
  unique_lock(Mutex& m, std::adopt_lock_t) : m_(&m), owns_(true) {}
  unique_lock(const unique_lock&) = delete;
  unique_lock& operator=(const unique_lock&) = delete;
  /// Unlocks at scope exit; the trace names the line that took the lock.
  ~unique_lock() {
    if (owns_) m_->unlock(where_);
  }
  void lock(location loc = location::current()) {
    m_->lock(loc);
    owns_ = true;
    where_ = loc;
  }
  void unlock(location loc = location::current()) {
    owns_ = false;
    m_->unlock(loc);
  }
  bool owns_lock() const { return owns_; }
  Mutex* mutex() const { return m_; }

 private:
  Mutex* m_;
  location where_;
  bool owns_ = false;
};

/// A condition variable. Works with std::unique_lock<model::mutex> and
/// model::unique_lock<model::mutex>. Waits may wake spuriously when the
/// search's Options allow it; timed waits run on model_clock.
class condition_variable : public derived_waits<condition_variable, model_clock> {
 public:
  explicit condition_variable(const char* name = "cv", location loc = location::current())
      : id_(detail::new_object(detail::ObjectKind::condition_variable, name, loc)) {}
  condition_variable(const condition_variable&) = delete;
  condition_variable& operator=(const condition_variable&) = delete;
  // The waits with a predicate, beside the basic ones below.
  using derived_waits::wait;
  using derived_waits::wait_until;

  template <class Lock>
  void wait(Lock& lock, location loc = location::current()) {
    detail::cv_wait(id_, lock.mutex()->id(), -1, loc);
  }
  template <class Lock, class Clock, class Duration>
  std::cv_status wait_until(Lock& lock, const std::chrono::time_point<Clock, Duration>& t,
                            location loc = location::current()) {
    const auto deadline = std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch());
    return detail::cv_wait(id_, lock.mutex()->id(), deadline.count(), loc) == detail::Wake::timeout
               ? std::cv_status::timeout
               : std::cv_status::no_timeout;
  }
  /// Wakes one waiter; which one is unspecified ([thread.condition.condvar]),
  /// so each waiter is a branch of the search (the oldest first).
  void notify_one(location loc = location::current()) { detail::cv_notify(id_, false, loc); }
  void notify_all(location loc = location::current()) { detail::cv_notify(id_, true, loc); }

 private:
  std::uint32_t id_;
};

/// An atomic with the interface of std::atomic, memory orders included
/// (default seq_cst), and C++20's wait/notify_one/notify_all. Every operation is a visible operation. The engine
/// models the C++ memory model (RC11, memory_model.hpp): a load may read
/// any store that coherence and happens-before allow, each one a branch of
/// the search; release/acquire order accesses for race detection, relaxed
/// does not. The facade keeps the value of every store made to it.
template <class T>
class atomic {
 public:
  explicit atomic(T initial = T{}, const char* name = "atomic", location loc = location::current())
      : id_(detail::new_object(detail::ObjectKind::atomic, name, loc)) {
    stores_.push_back(initial);
    detail::initial_value(id_, detail::value_of(initial));
  }
  atomic(const atomic&) = delete;
  atomic& operator=(const atomic&) = delete;

  T load(std::memory_order order = std::memory_order_seq_cst, location loc = location::current()) const {
    if (detail::peek(id_)) return stores_[detail::atomic_latest(id_)];
    const std::uint32_t read = detail::atomic_begin(id_, detail::Access::read, order, {}, loc);
    if (read == detail::kNoStore) return stores_.back();
    detail::atomic_end(id_, detail::Access::read, order, {}, loc);
    return stores_[read];
  }
  T load(location loc) const { return load(std::memory_order_seq_cst, loc); }
  void store(T v, std::memory_order order = std::memory_order_seq_cst, location loc = location::current()) {
    if (detail::atomic_begin(id_, detail::Access::write, order, {}, loc) == detail::kNoStore) return;
    stores_.push_back(v);
    detail::atomic_end(id_, detail::Access::write, order, detail::value_of(v), loc);
  }
  void store(T v, location loc) { store(v, std::memory_order_seq_cst, loc); }
  T exchange(T v, std::memory_order order = std::memory_order_seq_cst, location loc = location::current()) {
    return rmw([&](T) { return v; }, order, loc);
  }
  bool compare_exchange_strong(T& expected, T desired, std::memory_order success, std::memory_order failure,
                               location loc = location::current()) {
    const std::uint32_t read = detail::atomic_begin(id_, detail::Access::rmw, success, detail::value_of(expected), loc);
    if (read == detail::kNoStore) return false;
    const T old = stores_[read];
    if (old == expected) {
      stores_.push_back(desired);
      detail::atomic_end(id_, detail::Access::rmw, success, detail::value_of(desired), loc);
      return true;
    }
    expected = old;
    detail::atomic_end(id_, detail::Access::failed_rmw, failure, {}, loc);
    return false;
  }
  bool compare_exchange_strong(T& expected, T desired, std::memory_order order = std::memory_order_seq_cst,
                               location loc = location::current()) {
    return compare_exchange_strong(expected, desired, order, failure_order(order), loc);
  }
  bool compare_exchange_strong(T& expected, T desired, location loc) {
    return compare_exchange_strong(expected, desired, std::memory_order_seq_cst, loc);
  }
  /// The model never fails spuriously, so weak is strong.
  bool compare_exchange_weak(T& expected, T desired, std::memory_order success, std::memory_order failure,
                             location loc = location::current()) {
    return compare_exchange_strong(expected, desired, success, failure, loc);
  }
  bool compare_exchange_weak(T& expected, T desired, std::memory_order order = std::memory_order_seq_cst,
                             location loc = location::current()) {
    return compare_exchange_strong(expected, desired, order, failure_order(order), loc);
  }
  bool compare_exchange_weak(T& expected, T desired, location loc) {
    return compare_exchange_strong(expected, desired, std::memory_order_seq_cst, loc);
  }
  T fetch_add(T d, std::memory_order order = std::memory_order_seq_cst, location loc = location::current()) {
    return rmw([&](T v) { return T(v + d); }, order, loc);
  }
  T fetch_sub(T d, std::memory_order order = std::memory_order_seq_cst, location loc = location::current()) {
    return rmw([&](T v) { return T(v - d); }, order, loc);
  }
  T fetch_or(T d, std::memory_order order = std::memory_order_seq_cst, location loc = location::current()) {
    return rmw([&](T v) { return T(v | d); }, order, loc);
  }
  T fetch_and(T d, std::memory_order order = std::memory_order_seq_cst, location loc = location::current()) {
    return rmw([&](T v) { return T(v & d); }, order, loc);
  }
  T fetch_xor(T d, std::memory_order order = std::memory_order_seq_cst, location loc = location::current()) {
    return rmw([&](T v) { return T(v ^ d); }, order, loc);
  }
  /// std::atomic<T>::wait: returns once the value differs from `old`. Each
  /// round is one visible step that reads the latest value and, while it
  /// equals `old`, joins the atomic's waiters and blocks until a notify wakes
  /// it (or a spurious wake-up, explored within Options::max_spurious_wakeups);
  /// then it checks again. A waiter never woken while the value stays equal
  /// is a deadlock, as is one whose value changed without a notify.
  void wait(T old, std::memory_order order = std::memory_order_seq_cst, location loc = location::current()) const {
    for (;;) {
      const std::uint32_t read = detail::atomic_wait_begin(id_, order, detail::value_of(old), loc);
      if (read == detail::kNoStore) return;
      const bool blocks = stores_[read] == old;
      detail::atomic_wait_end(id_, order, blocks, loc);
      if (!blocks) return;
    }
  }
  void wait(T old, location loc) const { wait(old, std::memory_order_seq_cst, loc); }
  /// std::atomic<T>::notify_one: wakes one thread blocked in wait() on this
  /// atomic at this moment, if any (a visible operation); which one is
  /// unspecified, so each waiter is a branch of the search (the oldest first).
  void notify_one(location loc = location::current()) { detail::atomic_notify(id_, false, loc); }
  /// std::atomic<T>::notify_all: wakes every thread blocked in wait() on it now.
  void notify_all(location loc = location::current()) { detail::atomic_notify(id_, true, loc); }
  T exchange(T v, location loc) { return exchange(v, std::memory_order_seq_cst, loc); }
  T fetch_add(T d, location loc) { return fetch_add(d, std::memory_order_seq_cst, loc); }
  T fetch_sub(T d, location loc) { return fetch_sub(d, std::memory_order_seq_cst, loc); }
  T fetch_or(T d, location loc) { return fetch_or(d, std::memory_order_seq_cst, loc); }
  T fetch_and(T d, location loc) { return fetch_and(d, std::memory_order_seq_cst, loc); }
  std::uint32_t id() const { return id_; }

 private:
  /// std::atomic's failure order for a compare-exchange given one order.
  static std::memory_order failure_order(std::memory_order order) {
    if (order == std::memory_order_acq_rel) return std::memory_order_acquire;
    if (order == std::memory_order_release) return std::memory_order_relaxed;
    return order;
  }

  template <class F>
  T rmw(F next, std::memory_order order, location loc) {
    const std::uint32_t read = detail::atomic_begin(id_, detail::Access::rmw, order, {}, loc);
    if (read == detail::kNoStore) return stores_.back();
    const T old = stores_[read];
    stores_.push_back(next(old));
    detail::atomic_end(id_, detail::Access::rmw, order, detail::value_of(stores_.back()), loc);
    return old;
  }

  std::uint32_t id_;
  std::vector<T> stores_;  ///< every store's value, in the order they were made
};

/// A plain (non-atomic) shared variable. Accesses are visible operations and
/// race-checked: two accesses from different threads, at least one a write,
/// not ordered by happens-before, are a data_race. Reading before any write
/// (when constructed without a value) is an uninitialized_read.
template <class T>
class shared {
 public:
  explicit shared(const char* name = "shared", location loc = location::current())
      : id_(detail::new_object(detail::ObjectKind::shared, name, loc)) {}
  explicit shared(T initial, const char* name = "shared", location loc = location::current())
      : id_(detail::new_object(detail::ObjectKind::shared, name, loc)), value_(std::move(initial)) {
    detail::after_access(id_, detail::Access::write, detail::Value{}, detail::value_of(value_), loc);
  }
  shared(const shared&) = delete;
  shared& operator=(const shared&) = delete;

  T get(location loc = location::current()) const {
    if (detail::peek(id_)) return value_;
    detail::before_access(id_, detail::Access::read, loc);
    T v = value_;
    detail::after_access(id_, detail::Access::read, detail::value_of(v), detail::value_of(v), loc);
    return v;
  }
  void set(T v, location loc = location::current()) {
    detail::before_access(id_, detail::Access::write, loc);
    detail::Value before = detail::value_of(value_);
    value_ = std::move(v);
    detail::after_access(id_, detail::Access::write, before, detail::value_of(value_), loc);
  }
  /// Read-modify-write as two visible operations (a read, then a write), as
  /// `x += 1` compiles: the classic lost update lives between them.
  template <class F>
  void update(F f, location loc = location::current()) {
    T v = get(loc);
    set(f(std::move(v)), loc);
  }
  /// Direct access for the owner of a lock; every use is recorded as a write.
  template <class F>
  auto with(F f, location loc = location::current()) {
    detail::before_access(id_, detail::Access::write, loc);
    detail::Value before = detail::value_of(value_);
    if constexpr (std::is_void_v<decltype(f(value_))>) {
      f(value_);
      detail::after_access(id_, detail::Access::write, before, detail::value_of(value_), loc);
    } else {
      auto r = f(value_);
      detail::after_access(id_, detail::Access::write, before, detail::value_of(value_), loc);
      return r;
    }
  }
  std::uint32_t id() const { return id_; }

 private:
  std::uint32_t id_;
  T value_{};
};

/// A model thread. Spawning is a visible operation; the new thread may run
/// before its parent's next step. Destroying a joinable handle is
/// thread_not_joined; detach() makes it a daemon that may outlive the scenario.
class thread {
 public:
  thread() = default;
  template <class F>
  explicit thread(F&& body, location loc = location::current())
      : id_(detail::spawn(std::function<void()>(std::forward<F>(body)), loc)) {}
  thread(thread&& o) noexcept : id_(std::exchange(o.id_, -1)) {}
  thread& operator=(thread&& o) noexcept {
    if (joinable()) detail::dropped_joinable(id_, location::current());
    id_ = std::exchange(o.id_, -1);
    return *this;
  }
  ~thread() {
    if (joinable()) detail::dropped_joinable(id_, location::current());
  }
  bool joinable() const { return id_ >= 0; }
  void join(location loc = location::current()) {
    detail::join(id_, loc);
    id_ = -1;
  }
  void detach(location loc = location::current()) {
    detail::detach(id_, loc);
    id_ = -1;
  }
  int id() const { return id_; }

 private:
  int id_ = -1;
};

}  // namespace model

/// The sync policy backed by the model checker.
struct model_sync {
  using mutex = model::mutex;
  using condition_variable = model::condition_variable;
  template <class M>
  using unique_lock = model::unique_lock<M>;
  template <class T>
  using atomic = model::atomic<T>;
  /// real_sync's parking_atomic differs from its atomic only in how long a
  /// wait spins before it sleeps: to the model they are the same atomic.
  template <class T>
  using parking_atomic = model::atomic<T>;
  template <class T>
  using shared = model::shared<T>;
  using thread = model::thread;
  using thread_id = int;
  using clock = model_clock;
  static constexpr bool is_model = true;

  static thread_id this_thread_id() { return detail::current_thread(); }
  static void yield(location loc = location::current()) { detail::yield(loc); }
  /// The body of a spin-wait loop: in the model, the same visible yield as
  /// yield(), so the engine sees the spinner give way.
  static void spin_loop(location loc = location::current()) { detail::yield(loc); }
  template <class Rep, class Period>
  static void sleep_for(const std::chrono::duration<Rep, Period>& d, location loc = location::current()) {
    detail::sleep_until(detail::now() + std::chrono::duration_cast<std::chrono::nanoseconds>(d).count(), loc);
  }
  static clock::time_point now() { return clock::now(); }
  /// A value in [0, n) that the search chooses: every value is explored
  /// (dfs, dpor) and the schedule string records it (a step `Kc<v>`).
  static std::size_t choose(std::size_t n, location loc = location::current()) { return detail::choose(n, loc); }
  /// std::atomic_thread_fence in the model (memory_model.hpp).
  static void atomic_thread_fence(std::memory_order order, location loc = location::current()) {
    detail::atomic_fence(order, loc);
  }
  /// Starvation hooks: the caller starts waiting for / gets `resource`.
  static void wait_begin(const char* resource, location loc = location::current()) {
    detail::wait_begin(resource, false, loc);
  }
  static void wait_end(const char* resource, location loc = location::current()) {
    detail::wait_end(resource, false, loc);
  }
  /// The same for shared access (a reader): a shared acquisition bypasses only
  /// threads waiting for exclusive access.
  static void wait_begin_shared(const char* resource, location loc = location::current()) {
    detail::wait_begin(resource, true, loc);
  }
  static void wait_end_shared(const char* resource, location loc = location::current()) {
    detail::wait_end(resource, true, loc);
  }

  /// interleave::assert_that, interleave::invariant and interleave::run_together (below), as members
  /// so that a scenario written over a policy also runs on real_sync.
  static void assert_that(bool ok, const std::string& message, location loc = location::current()) {
    detail::assert_that(ok, message, loc);
  }
  static void invariant(std::string name, std::function<bool()> holds, location loc = location::current()) {
    detail::add_invariant(std::move(name), std::move(holds), loc);
  }
  static void run_together(std::vector<std::function<void()>> bodies, location loc = location::current()) {
    detail::spawn_together(std::move(bodies), loc);
    detail::join_all(loc);
  }
};

/// Fails the current execution with an assertion violation when !ok.
inline void assert_that(bool ok, const std::string& message, location loc = location::current()) {
  detail::assert_that(ok, message, loc);
}

/// Registers a predicate checked after every step of the current execution.
/// It must only read state (shared/atomic reads inside it are unrecorded peeks).
inline void invariant(std::string name, std::function<bool()> holds, location loc = location::current()) {
  detail::add_invariant(std::move(name), std::move(holds), loc);
}

/// Registers a hash of the model's state: every value its threads' futures
/// depend on besides their places in the code, which the engine adds. Then
/// a fair cycle (every thread that could run ran) back to a state seen before
/// is reported at once: livelock, or starvation of a thread it keeps waiting.
/// Like an invariant, it only reads (accesses inside it are unrecorded peeks).
inline void state_hash(std::function<std::uint64_t()> hash) { detail::set_state_hash(std::move(hash)); }

/// Runs the bodies as model threads that start together (one visible step)
/// and returns when all have finished (one visible step), as Relacy's
/// test_suite does: the schedules explored are exactly the interleavings of
/// the bodies' own operations.
inline void run_together(std::vector<std::function<void()>> bodies, location loc = location::current()) {
  detail::spawn_together(std::move(bodies), loc);
  detail::join_all(loc);
}

/// Spawns a model thread (same as model_sync::thread).
template <class F>
model::thread spawn(F&& body, location loc = location::current()) {
  return model::thread(std::forward<F>(body), loc);
}

}  // namespace interleave
