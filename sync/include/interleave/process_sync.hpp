// process_sync: the sync policy for objects shared between processes. Same
// names as real_sync and model_sync; the mutex and the condition variable are
// Boost.Interprocess's process-shared ones (pthread objects with the
// PTHREAD_PROCESS_SHARED attribute on POSIX), and atomics and shared values
// are plain memory with no pointer inside. So a primitive instantiated with
// process_sync, placed (placement new) in memory mapped by several processes
// -- an anonymous mmap(MAP_SHARED) region inherited across fork(), or a
// boost::interprocess::managed_shared_memory segment -- synchronises those
// processes. The primitive's own members must be plain memory too (no heap
// pointers): see primitives/fixed_slots.hpp for the queue's storage.
//
// Thread ids are kernel thread ids (gettid), unique across processes, so an
// owner recorded by one process is never mistaken for a thread of another
// (std::thread::id values repeat across processes: each main thread's
// pthread_t is the same address after fork).
#pragma once

#include <sys/types.h>
#include <unistd.h>

#include <atomic>
#include <boost/date_time/posix_time/posix_time_types.hpp>
#include <boost/interprocess/sync/interprocess_condition.hpp>
#include <boost/interprocess/sync/interprocess_mutex.hpp>
#include <boost/interprocess/sync/scoped_lock.hpp>
#include <chrono>
#include <condition_variable>
#include <new>
#include <thread>
#include <type_traits>
#include <utility>

#include "interleave/derived_waits.hpp"
#include "interleave/location.hpp"
#include "interleave/real_sync.hpp"
#include "interleave/thread_annotations.hpp"

namespace interleave {
namespace process {

/// boost::interprocess::interprocess_mutex with thread-safety annotations and
/// the other policies' constructor shape (name and location are ignored).
class CAPABILITY("mutex") mutex {
 public:
  explicit mutex(const char* = "mutex", location = location::current()) {}
  void lock(location = location::current()) ACQUIRE() { m_.lock(); }
  bool try_lock(location = location::current()) TRY_ACQUIRE(true) { return m_.try_lock(); }
  void unlock(location = location::current()) RELEASE() { m_.unlock(); }
  boost::interprocess::interprocess_mutex& native() { return m_; }

 private:
  boost::interprocess::interprocess_mutex m_;
};

template <class Mutex>
using unique_lock = real::unique_lock<Mutex>;

/// boost::interprocess::interprocess_condition with std::condition_variable's
/// interface over process::unique_lock. Deadlines are steady-clock (or any
/// clock) time points; Boost waits until a wall-clock deadline, so the
/// remaining time is converted at each wait.
///
/// The destructor does not destroy the pthread condition: glibc's
/// pthread_cond_destroy waits until every waiter has left the condition, and
/// a process killed while waiting never leaves, so destroying it would hang
/// the survivor. A process-shared condition holds no resource outside its own
/// bytes, which go with the shared memory.
class condition_variable : public derived_waits<condition_variable, std::chrono::steady_clock> {
  using native_lock = boost::interprocess::scoped_lock<boost::interprocess::interprocess_mutex>;
  using native_condition = boost::interprocess::interprocess_condition;

 public:
  explicit condition_variable(const char* = "cv", location = location::current()) { new (storage_) native_condition(); }
  condition_variable(const condition_variable&) = delete;
  condition_variable& operator=(const condition_variable&) = delete;
  ~condition_variable() = default;  // deliberately no ~native_condition(): see above
  // The waits with a predicate, beside the basic ones below.
  using derived_waits::wait;
  using derived_waits::wait_until;
  template <class Lock>
  void wait(Lock& lock, location = location::current()) {
    native_lock inner(lock.mutex()->native(), boost::interprocess::accept_ownership);
    cv().wait(inner);
    inner.release();
  }
  template <class Lock, class Clock, class Duration>
  std::cv_status wait_until(Lock& lock, const std::chrono::time_point<Clock, Duration>& t,
                            location = location::current()) {
    const auto left = std::chrono::duration_cast<std::chrono::microseconds>(t - Clock::now()).count();
    if (left <= 0) return std::cv_status::timeout;
    const auto deadline = boost::posix_time::microsec_clock::universal_time() + boost::posix_time::microseconds(left);
    native_lock inner(lock.mutex()->native(), boost::interprocess::accept_ownership);
    const bool woken = cv().timed_wait(inner, deadline);
    inner.release();
    return woken || Clock::now() < t ? std::cv_status::no_timeout : std::cv_status::timeout;
  }
  void notify_one(location = location::current()) { cv().notify_one(); }
  void notify_all(location = location::current()) { cv().notify_all(); }

 private:
  native_condition& cv() { return *std::launder(reinterpret_cast<native_condition*>(storage_)); }

  alignas(native_condition) unsigned char storage_[sizeof(native_condition)];
};

/// std::atomic in shared memory. Only lock-free atomics are address-free (a
/// locked one would use a lock table private to each process).
template <class T>
class atomic : public real::atomic<T> {
  static_assert(std::atomic<T>::is_always_lock_free, "a process-shared atomic must be lock-free");

 public:
  using real::atomic<T>::atomic;
};

/// A plain variable in shared memory; T must hold no pointer into one
/// process's memory.
template <class T>
class shared : public real::shared<T> {
  static_assert(std::is_trivially_copyable_v<T>, "a process-shared value must be plain memory");

 public:
  using real::shared<T>::shared;
};

}  // namespace process

/// The sync policy for objects shared between processes.
struct process_sync {
  using mutex = process::mutex;
  using condition_variable = process::condition_variable;
  template <class M>
  using unique_lock = process::unique_lock<M>;
  template <class T>
  using atomic = process::atomic<T>;
  template <class T>
  using shared = process::shared<T>;
  using thread = real::thread;
  using thread_id = pid_t;
  using clock = std::chrono::steady_clock;  // CLOCK_MONOTONIC: one clock for the whole machine
  static constexpr bool is_model = false;

  static thread_id this_thread_id() { return ::gettid(); }
  static void yield(location loc = location::current()) { real_sync::yield(loc); }
  static void spin_loop(location loc = location::current()) { real_sync::spin_loop(loc); }
  template <class Rep, class Period>
  static void sleep_for(const std::chrono::duration<Rep, Period>& d, location loc = location::current()) {
    real_sync::sleep_for(d, loc);
  }
  static clock::time_point now() { return clock::now(); }
  static std::size_t choose(std::size_t, location = location::current()) { return 0; }
  static void atomic_thread_fence(std::memory_order order, location = location::current()) {
    std::atomic_thread_fence(order);
  }
  static void wait_begin(const char*, location = location::current()) {}
  static void wait_end(const char*, location = location::current()) {}
  static void wait_begin_shared(const char*, location = location::current()) {}
  static void wait_end_shared(const char*, location = location::current()) {}
};

}  // namespace interleave
