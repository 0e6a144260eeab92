// Waiting for many futures at once: wait() and as_completed(), as Python's
// concurrent.futures. Over a sync policy; the futures may come from
// different executors (or none).
//
// Notes' passage: "The concurrent.futures module provides two methods to
// wait for futures collectively. These are: 1. wait 2. as_completed" and
// "result = wait(lst, timeout=None, return_when='ALL_COMPLETED') ...
// len(result.done) ... len(result.not_done)", over futures of a thread pool
// and a process pool together.
//
// Contract
//   wait(futures, when, timeout)  blocks until `when` holds or the timeout
//     passes (no timeout: until it holds), then splits the futures (each
//     once: duplicates collapse) into done and not_done, by their state at
//     that moment, keeping input order.
//       first_completed  at least one is done
//       first_exception  one finished with an exception, or all are done
//       all_completed    all are done
//   as_completed(futures, timeout)  AsCompleted: next() returns each future
//     (each once, duplicates collapsed) as it becomes done, those already
//     done first; nullopt after the last; FutureTimeoutError if the deadline
//     passes with futures outstanding.
//
// How: one completion log per call, shared with a done callback on every
// future. A future's callback appends its index when the future completes
// (or at once, when it already has) and wakes the log's waiter. The
// callbacks stay on the futures after the call returns and only touch the
// log they share.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <set>
#include <utility>
#include <vector>

#include "interleave/real_sync.hpp"
#include "interleave/thread_annotations.hpp"
#include "primitives/future.hpp"

namespace interleave {

enum class ReturnWhen { first_completed, first_exception, all_completed };

template <class Fut>
struct WaitResult {
  std::vector<Fut> done;
  std::vector<Fut> not_done;
};

namespace detail_futures {

/// The futures without repeats, in first-seen order.
template <class Fut>
std::vector<Fut> distinct(const std::vector<Fut>& futures) {
  std::set<const void*> seen;
  std::vector<Fut> out;
  for (const Fut& f : futures)
    if (seen.insert(f.identity()).second) out.push_back(f);
  return out;
}

/// Indices of futures in the order they completed, filled by done callbacks.
template <class Sync>
struct CompletionLog {
  typename Sync::mutex m{"completion.m"};
  typename Sync::condition_variable cv{"completion.cv"};
  std::vector<std::size_t> order GUARDED_BY(m);
  bool failed GUARDED_BY(m) = false;  // one finished with an exception
};

template <class Fut, class Sync>
std::shared_ptr<CompletionLog<Sync>> watch(const std::vector<Fut>& futures) {
  auto log = std::make_shared<CompletionLog<Sync>>();
  for (std::size_t i = 0; i < futures.size(); ++i)
    futures[i].add_done_callback([log, i](const Fut& f) {
      const bool failed = !f.cancelled() && f.exception() != nullptr;  // done: never blocks
      typename Sync::template unique_lock<typename Sync::mutex> lk(log->m);
      log->order.push_back(i);
      log->failed = log->failed || failed;
      log->cv.notify_all();
    });
  return log;
}

}  // namespace detail_futures

template <class T, class Sync, unsigned Flaws>
WaitResult<Future<T, Sync, Flaws>> wait(const std::vector<Future<T, Sync, Flaws>>& futures,
                                        ReturnWhen when = ReturnWhen::all_completed,
                                        std::optional<typename Sync::clock::duration> timeout = std::nullopt) {
  using Fut = Future<T, Sync, Flaws>;
  const std::vector<Fut> fs = detail_futures::distinct(futures);
  {
    auto log = detail_futures::watch<Fut, Sync>(fs);
    typename Sync::template unique_lock<typename Sync::mutex> lk(log->m);
    auto holds = [&]() NO_THREAD_SAFETY_ANALYSIS {
      const std::size_t n = log->order.size();
      switch (when) {
        case ReturnWhen::first_completed: return n >= 1 || fs.empty();
        case ReturnWhen::first_exception: return log->failed || n == fs.size();
        case ReturnWhen::all_completed: break;
      }
      return n == fs.size();
    };
    if (timeout) {
      const auto deadline = Sync::now() + *timeout;
      while (!holds())
        if (log->cv.wait_until(lk, deadline) == std::cv_status::timeout) break;
    } else {
      while (!holds()) log->cv.wait(lk);
    }
  }
  WaitResult<Fut> result;
  for (const Fut& f : fs) (f.done() ? result.done : result.not_done).push_back(f);
  return result;
}

/// Yields futures as they complete; see the contract.
template <class Fut, class Sync>
class AsCompleted {
 public:
  AsCompleted(std::vector<Fut> futures, std::optional<typename Sync::clock::duration> timeout)
      : futures_(detail_futures::distinct(futures)), log_(detail_futures::watch<Fut, Sync>(futures_)) {
    if (timeout) deadline_ = Sync::now() + *timeout;
  }

  /// The next future to complete, or nullopt when every one was yielded.
  std::optional<Fut> next() {
    if (yielded_ == futures_.size()) return std::nullopt;
    typename Sync::template unique_lock<typename Sync::mutex> lk(log_->m);
    while (log_->order.size() == yielded_) {
      if (!deadline_)
        log_->cv.wait(lk);
      else if (log_->cv.wait_until(lk, *deadline_) == std::cv_status::timeout && log_->order.size() == yielded_)
        throw FutureTimeoutError();
    }
    return futures_[log_->order[yielded_++]];
  }

 private:
  std::vector<Fut> futures_;
  std::shared_ptr<detail_futures::CompletionLog<Sync>> log_;
  std::optional<typename Sync::clock::time_point> deadline_;
  std::size_t yielded_ = 0;
};

template <class T, class Sync, unsigned Flaws>
AsCompleted<Future<T, Sync, Flaws>, Sync> as_completed(
    const std::vector<Future<T, Sync, Flaws>>& futures,
    std::optional<typename Sync::clock::duration> timeout = std::nullopt) {
  return AsCompleted<Future<T, Sync, Flaws>, Sync>(futures, timeout);
}

}  // namespace interleave
