// ThreadPoolExecutor: runs submitted calls on a pool of worker threads and
// hands back a Future for each, as Python's
// concurrent.futures.ThreadPoolExecutor. Over a sync policy.
//
// Notes' passage: "executor = ThreadPoolExecutor(max_workers=10) ...
// lst.append(executor.submit(say_hi, "guest" + str(i))) ... for future in
// lst: future.result() ... executor.shutdown()"; and "it = executor.map(square,
// (1, 2, ..., 10), chunksize=1) ... for sq in it: print(sq)".
//
// Contract
//   ThreadPoolExecutor(max_workers, initializer, max_tasks_per_worker)
//     max_workers >= 1. No thread starts until work arrives; a submit starts
//     a worker when fewer workers are idle than tasks are queued and fewer
//     than max_workers live. Each worker runs initializer() first; if it
//     throws, the pool is broken: queued futures fail with
//     BrokenExecutorError and later submits throw it. A worker that has run
//     max_tasks_per_worker tasks (0: no limit) exits, and is replaced at once
//     if work is queued (else lazily by the next submit).
//   submit(fn, args...)  queues fn(args...) and returns its Future; throws
//     ExecutorShutdownError after shutdown(). Each accepted task runs at most
//     once, exactly once unless its future is cancelled first; a cancelled
//     one never runs. Its value or exception goes to the future.
//   map(fn, items, chunksize)  submits fn over items in chunks of chunksize
//     (one task per chunk) and returns MapResults: next() yields the results
//     in input order, rethrowing a call's exception at its position (the
//     items after it in its chunk are not computed). Dropping MapResults
//     cancels the chunks not started.
//   shutdown(wait, cancel_futures)  no more submits; with cancel_futures the
//     queued (not started) tasks are cancelled; with wait, returns once every
//     accepted task finished and every worker exited. The destructor is
//     shutdown(true).
//
// State (under m)
//   | worker sees                        | does                              |
//   | queue non-empty                    | pops, unlocks, runs, relocks      |
//   | queue empty, !shutdown             | idle: waits on work               |
//   | queue empty, shutdown              | exits                             |
//   | ran max_tasks_per_worker tasks     | exits; replaced if work queued    |
//   submit: push; notify_one if a worker idles; start one if idle < queued
//   and live < max_workers. shutdown: flag (and drain), notify_all, join.
//
// Teaching variants (ExecutorFlaw bits)
//   lost_task      ("executor/lost-task"): a worker exits as soon as it sees
//                  shutdown, even with tasks queued. A task accepted just
//                  before shutdown() never runs and its future never
//                  completes, though shutdown(wait=true) returned.
//   shutdown_no_wake ("executor/shutdown-no-wake"): shutdown() sets the flag
//                  without notifying the workers. An idle worker sleeps on,
//                  and shutdown(wait=true) joins it forever: deadlock.
#pragma once

#include <algorithm>
#include <cstddef>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "interleave/real_sync.hpp"
#include "interleave/thread_annotations.hpp"
#include "primitives/future.hpp"

namespace interleave {

/// submit() or map() after shutdown().
struct ExecutorShutdownError : std::runtime_error {
  ExecutorShutdownError() : std::runtime_error("cannot schedule new futures after shutdown") {}
};
/// A worker's initializer threw: the pool can run nothing.
struct BrokenExecutorError : std::runtime_error {
  BrokenExecutorError() : std::runtime_error("a worker's initializer failed: the pool is broken") {}
};

/// Known-buggy variants of ThreadPoolExecutor, as bits, kept for teaching.
struct ExecutorFlaw {
  static constexpr unsigned none = 0;
  static constexpr unsigned lost_task = 1;
  static constexpr unsigned shutdown_no_wake = 2;
};

/// Runs `body`, storing its value or its exception in `future` (which the
/// caller has claimed with set_running_or_notify_cancel).
template <class R, class Sync, class Body>
void fulfil(const Future<R, Sync>& future, Body& body) {
  std::exception_ptr error;
  if constexpr (std::is_void_v<R>) {
    try {
      body();
    } catch (const std::exception&) {
      error = std::current_exception();
    } catch (...) {
      if constexpr (Sync::is_model) throw;  // the checker's teardown: must unwind
      error = std::current_exception();
    }
    if (error)
      future.set_exception(error);
    else
      future.set_result();
  } else {
    std::optional<R> value;
    try {
      value.emplace(body());
    } catch (const std::exception&) {
      error = std::current_exception();
    } catch (...) {
      if constexpr (Sync::is_model) throw;
      error = std::current_exception();
    }
    if (error)
      future.set_exception(error);
    else
      future.set_result(std::move(*value));
  }
}

/// The results of ThreadPoolExecutor::map, in input order.
template <class R, class Sync>
class MapResults {
 public:
  /// One chunk's values, and the exception that ended it early, if any.
  struct Chunk {
    std::vector<R> values;
    std::exception_ptr error;
  };

  explicit MapResults(std::vector<Future<Chunk, Sync>> chunks) : chunks_(std::move(chunks)) {}
  MapResults(MapResults&&) = default;
  MapResults(const MapResults&) = delete;
  ~MapResults() {
    for (std::size_t c = chunk_; c < chunks_.size(); ++c) chunks_[c].cancel();
  }

  /// Are there results not yet yielded (or an exception not yet rethrown)?
  bool has_next() { return chunk_ < chunks_.size(); }

  /// The next result in input order; waits for it; rethrows its exception.
  R next() {
    if (!has_next()) throw std::out_of_range("map results exhausted");
    if (!current_) current_ = chunks_[chunk_].result();
    if (index_ < current_->values.size()) {
      R value = std::move(current_->values[index_++]);
      if (index_ == current_->values.size() && !current_->error) advance();
      return value;
    }
    const std::exception_ptr error = current_->error;
    advance();
    std::rethrow_exception(error);
  }

 private:
  void advance() {
    ++chunk_;
    index_ = 0;
    current_.reset();
  }

  std::vector<Future<Chunk, Sync>> chunks_;
  std::size_t chunk_ = 0;
  std::size_t index_ = 0;
  std::optional<Chunk> current_;
};

template <class Sync = real_sync, unsigned Flaws = ExecutorFlaw::none>
class ThreadPoolExecutor {
  using lock_type = typename Sync::template unique_lock<typename Sync::mutex>;

 public:
  explicit ThreadPoolExecutor(int max_workers, std::function<void()> initializer = {}, int max_tasks_per_worker = 0)
      : max_workers_(max_workers), max_tasks_per_worker_(max_tasks_per_worker), initializer_(std::move(initializer)) {
    if (max_workers < 1) throw std::invalid_argument("max_workers must be at least 1");
  }
  ThreadPoolExecutor(const ThreadPoolExecutor&) = delete;
  ThreadPoolExecutor& operator=(const ThreadPoolExecutor&) = delete;
  ~ThreadPoolExecutor() {
    if constexpr (Sync::is_model) {
      if (std::uncaught_exceptions() > 0) {  // torn down by the checker: nothing may block
        for (auto& t : take_threads()) t.detach();
        return;
      }
    }
    shutdown(true);
  }

  /// Queues fn(args...) and returns its future.
  template <class F, class... Args>
  auto submit(F&& fn, Args&&... args) {
    using R = std::invoke_result_t<std::decay_t<F>&, std::decay_t<Args>&...>;
    Future<R, Sync> future;
    auto body = [fn = std::forward<F>(fn), args = std::make_tuple(std::forward<Args>(args)...)]() mutable {
      return std::apply(fn, args);
    };
    enqueue(Item{[future, body]() mutable {
                   if (future.set_running_or_notify_cancel()) fulfil(future, body);
                 },
                 [future] { future.cancel(); },
                 [future] {
                   if (future.set_running_or_notify_cancel())
                     future.set_exception(std::make_exception_ptr(BrokenExecutorError()));
                 }});
    return future;
  }

  /// fn over items, in chunks of `chunksize`; results in input order.
  template <class F, class Items>
  auto map(F fn, const Items& items, std::size_t chunksize = 1) {
    using Item = typename Items::value_type;
    using R = std::invoke_result_t<F&, const Item&>;
    using Results = MapResults<R, Sync>;
    if (chunksize < 1) throw std::invalid_argument("chunksize must be at least 1");
    std::vector<Future<typename Results::Chunk, Sync>> chunks;
    std::vector<Item> all(std::begin(items), std::end(items));
    for (std::size_t from = 0; from < all.size(); from += chunksize) {
      std::vector<Item> part(all.begin() + std::ptrdiff_t(from),
                             all.begin() + std::ptrdiff_t(std::min(all.size(), from + chunksize)));
      chunks.push_back(submit([fn, part = std::move(part)]() mutable {
        typename Results::Chunk chunk;
        for (const Item& item : part) {
          try {
            chunk.values.push_back(fn(item));
          } catch (const std::exception&) {
            chunk.error = std::current_exception();
            break;
          } catch (...) {
            if constexpr (Sync::is_model) throw;
            chunk.error = std::current_exception();
            break;
          }
        }
        return chunk;
      }));
    }
    return Results(std::move(chunks));
  }

  /// Refuses further submits; see the contract.
  void shutdown(bool wait = true, bool cancel_futures = false) {
    std::deque<Item> dropped;
    {
      lock_type lk(m_);
      shutdown_ = true;
      if (cancel_futures) dropped.swap(queue_);
      if constexpr ((Flaws & ExecutorFlaw::shutdown_no_wake) == 0) work_.notify_all();
    }
    for (Item& item : dropped) item.cancel();
    if (!wait) return;
    // A retiring worker may start a replacement while we join: repeat.
    for (;;) {
      std::vector<typename Sync::thread> threads = take_threads();
      if (threads.empty()) return;
      for (auto& t : threads) t.join();
    }
  }

  /// Workers alive now (for tests and models).
  int live_workers() {
    lock_type lk(m_);
    return live_;
  }

 private:
  struct Item {
    std::function<void()> run;
    std::function<void()> cancel;
    std::function<void()> fail_broken;
  };

  void enqueue(Item item) {
    lock_type lk(m_);
    if (broken_) throw BrokenExecutorError();
    if (shutdown_) throw ExecutorShutdownError();
    queue_.push_back(std::move(item));
    if (idle_ > 0) work_.notify_one();
    if (std::size_t(idle_) < queue_.size() && live_ < max_workers_) start_worker();
  }

  void start_worker() REQUIRES(m_) {
    ++live_;
    threads_.emplace_back([this] { work(); });
  }

  std::vector<typename Sync::thread> take_threads() {
    lock_type lk(m_);
    return std::exchange(threads_, {});
  }

  void work() {
    if (initializer_) {
      try {
        initializer_();
      } catch (const std::exception&) {
        break_pool();
        return;
      }
    }
    int ran = 0;
    lock_type lk(m_);
    for (;;) {
      ++idle_;
      while (queue_.empty() && !shutdown_) work_.wait(lk);
      --idle_;
      if (queue_.empty()) break;  // shut down, and nothing left to run
      if constexpr ((Flaws & ExecutorFlaw::lost_task) != 0)
        if (shutdown_) break;  // the flaw: queued tasks are left behind
      Item item = std::move(queue_.front());
      queue_.pop_front();
      lk.unlock();
      item.run();
      lk.lock();
      if (max_tasks_per_worker_ > 0 && ++ran == max_tasks_per_worker_) {
        --live_;
        if (std::size_t(idle_) < queue_.size()) start_worker();
        return;
      }
    }
    --live_;
  }

  // The initializer threw: fail what is queued, refuse what comes.
  void break_pool() {
    std::deque<Item> failed;
    {
      lock_type lk(m_);
      broken_ = true;
      --live_;
      failed.swap(queue_);
      work_.notify_all();
    }
    for (Item& item : failed) item.fail_broken();
  }

  const int max_workers_;
  const int max_tasks_per_worker_;
  const std::function<void()> initializer_;
  typename Sync::mutex m_{"executor.m"};
  typename Sync::condition_variable work_{"executor.work"};
  std::deque<Item> queue_ GUARDED_BY(m_);
  std::vector<typename Sync::thread> threads_ GUARDED_BY(m_);
  int live_ GUARDED_BY(m_) = 0;
  int idle_ GUARDED_BY(m_) = 0;
  bool shutdown_ GUARDED_BY(m_) = false;
  bool broken_ GUARDED_BY(m_) = false;
};

}  // namespace interleave
