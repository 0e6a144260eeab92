// Async to sync (the notes' Netflix question): make an asynchronous
// execute(callback) block until the callback has run.
//
// Notes' passage: "Async to Sync problem" — "Imagine we have an AsyncExecutor
// class that performs some useful task asynchronously via the method
// execute() ... gets invoked after the asynchronous execution is done."
//
// AsyncExecutor::execute(cb) starts work(cb) on a new thread and returns at
// once; work() sleeps `work_time` (the asynchronous work) and calls cb.
// SyncExecutor overrides work() to signal completion, and execute() to wait
// for it.
//
// Contract (SyncExecutor): execute(cb) returns only after cb() has returned,
// exactly once per call; no lost wake-up whatever the interleaving.
//
// State (done = is_done, under cv's lock):
//   | who        | step                                  | done  |
//   | execute    | done = false; start worker            | false |
//   | worker     | work: sleep, cb()                     | false |
//   | worker     | lock; notify_all; done = true; unlock | true  |
//   | execute    | lock; while !done wait; unlock        | true  |
// The notes notify before setting the flag; that is safe only because both
// happen under the lock: the waiter cannot look at the flag in between.
//
// Teaching variant (AsyncToSyncFlaw::flag_after_unlock): the worker notifies
// and unlocks, then sets the flag. If execute() wakes between the unlock and
// the store, it sees false and waits again for a notify that already came:
// a lost wake-up, and execute() never returns. (The flag is an atomic so the
// model shows the lost wake-up alone; with a plain bool it is also a race.)
//
// C++ note: unlike Python's thread, a std::thread must be joined; the
// executors join the worker before the next execute() and on destruction.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <utility>

#include "interleave/real_sync.hpp"
#include "primitives/join_in_destructor.hpp"

namespace interleave {

template <class Sync = real_sync>
class AsyncExecutor {
 public:
  explicit AsyncExecutor(std::chrono::nanoseconds work_time = std::chrono::milliseconds(1)) : work_time_(work_time) {}
  AsyncExecutor(const AsyncExecutor&) = delete;
  AsyncExecutor& operator=(const AsyncExecutor&) = delete;
  virtual ~AsyncExecutor() { join_worker(); }

  /// Runs work(callback) on a new thread; returns at once.
  virtual void execute(std::function<void()> callback) {
    join_worker();
    worker_ = typename Sync::thread([this, callback = std::move(callback)] { work(callback); });
  }

 protected:
  /// The asynchronous work: takes work_time, then calls back.
  virtual void work(const std::function<void()>& callback) {
    Sync::sleep_for(work_time_);
    callback();
  }
  /// Waits for the previous worker, if any.
  void join_worker() { join_in_destructor<Sync>(worker_); }

 private:
  std::chrono::nanoseconds work_time_;
  typename Sync::thread worker_;
};

/// Known-buggy variants of SyncExecutor kept for teaching.
enum class AsyncToSyncFlaw : std::uint8_t { none, flag_after_unlock };

template <class Sync = real_sync, AsyncToSyncFlaw Flaw = AsyncToSyncFlaw::none>
class SyncExecutor : public AsyncExecutor<Sync> {
  using lock_type = typename Sync::template unique_lock<typename Sync::mutex>;

 public:
  using AsyncExecutor<Sync>::AsyncExecutor;
  // Join here: the worker uses m_ and cv_, which die before the base does.
  ~SyncExecutor() override { this->join_worker(); }

  /// Runs callback asynchronously and returns once it has run.
  void execute(std::function<void()> callback) override {
    this->join_worker();
    is_done_.store(false);
    AsyncExecutor<Sync>::execute(std::move(callback));
    lock_type lk(m_);
    while (!is_done_.load()) cv_.wait(lk);
  }

 protected:
  void work(const std::function<void()>& callback) override {
    AsyncExecutor<Sync>::work(callback);
    lock_type lk(m_);
    cv_.notify_all();
    if constexpr (Flaw == AsyncToSyncFlaw::flag_after_unlock) lk.unlock();
    is_done_.store(true);
  }

 private:
  typename Sync::mutex m_{"sync_executor.m"};
  typename Sync::condition_variable cv_{"sync_executor.cv"};
  typename Sync::template atomic<bool> is_done_{false, "sync_executor.is_done"};
};

}  // namespace interleave
