// WorkerPool: the machinery under Pool (pool.hpp) and ProcessPoolExecutor
// (process_pool_executor.hpp), as Python's multiprocessing.pool with the fork
// start method: forked worker processes fed through two process Queues, and
// a handler thread in the parent that feeds tasks, completes them from the
// results, replaces retired workers and notices dead ones.
//
// A task is a JSON payload and what to do with its outcome:
//   claim()        called once, just before the task is sent to a worker;
//                  false drops it unsent (a cancelled future). Absent: sent.
//   succeed(r)     the worker's result r = work(payload).
//   cancel()       cancel_backlog() dropped it unsent. Absent: nothing.
//   fail(e)        work threw (std::runtime_error with its message), the
//                  payload or result was too long for a message, or the pool
//                  broke (PoolBroken) before the result arrived.
// succeed and fail run in the handler thread (or in the caller of submit, for
// a message that is too long), outside the pool's lock; they must not wait
// for other tasks of the same pool.
//
// Workers: each runs options.initializer() once, first; a throwing
// initializer breaks the pool. With max_tasks_per_child = N > 0 a worker exits
// after N tasks and the handler forks a replacement into its slot. Messages:
// a task is {"i": id, "p": payload}, a result {"i": id, "r": result} or
// {"i": id, "error": "what"}; each must fit MessageBytes once serialised.
//
// Flow control: at most 2 x processes tasks are sent and not yet answered
// (the rest wait in the parent's backlog), so neither Queue ever fills and
// neither a put in the parent nor one in a worker blocks. This is also the
// window in which a submitted task can still be cancelled: once claimed it
// is running, as in concurrent.futures.
//
// A worker that ends otherwise (killed, crashed, initializer failed) breaks
// the pool, as concurrent.futures' BrokenProcessPool: every task not yet
// answered fails with PoolBroken naming the worker, its exit code and the
// task it held; the other workers are killed; later submits throw PoolBroken.
// Nothing waits forever on a task that no worker will finish. (A worker
// killed while it holds a Queue's process-shared mutex, inside put or get,
// would leave that mutex locked: process_sync's mutex is not robust.)
//
// Forking: the first workers are forked by the constructor, before the
// handler thread exists; replacements are forked by the handler thread. A
// worker only runs the work function and the Queues, never the parent's
// locks, so the other parent threads' locks do not matter to it; glibc's
// malloc is made fork-safe by glibc itself.
#pragma once

#include <array>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <exception>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "interleave/process_sync.hpp"
#include "primitives/process/process.hpp"
#include "primitives/process/queue.hpp"
#include "primitives/process/shared_object.hpp"

namespace interleave::process {

/// A worker died: its task is lost and the pool takes no more work.
struct PoolBroken : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// How each worker process starts and how long it lives.
struct PoolOptions {
  /// Run once in each worker before its first task (Python's initializer
  /// with initargs: bind them with `initializer(fn, args...)`).
  std::function<void()> initializer;
  /// A worker exits after this many tasks and is replaced (0: no limit).
  int max_tasks_per_child = 0;
};

/// fn(args...) as an initializer: the arguments are copied into every worker.
template <class F, class... Args>
std::function<void()> initializer(F fn, Args... args) {
  return [fn = std::move(fn), ... args = std::move(args)]() mutable { std::invoke(fn, args...); };
}

template <std::size_t MessageBytes = 4096>
class WorkerPool {
 public:
  static constexpr int kMaxWorkers = 64;
  using json = nlohmann::json;
  /// What a worker does with a task's payload.
  using Work = std::function<json(const json&)>;

  struct Task {
    json payload;
    std::function<bool()> claim;
    std::function<void(const json&)> succeed;
    std::function<void(std::exception_ptr)> fail;
    std::function<void()> cancel;
  };

  WorkerPool(int processes, Work work, PoolOptions options)
      : work_(std::move(work)), options_(std::move(options)), window_(2 * static_cast<std::size_t>(processes)) {
    if (processes < 1 || processes > kMaxWorkers) throw std::invalid_argument("Pool: 1..64 processes");
    if (options_.max_tasks_per_child < 0) throw std::invalid_argument("Pool: max_tasks_per_child >= 0");
    for (auto& slot : *holding_) slot.store(kIdle);
    for (int w = 0; w < processes; ++w) workers_.push_back(fork_worker(w));
    handler_ = std::thread([this] { handle(); });
  }
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;
  ~WorkerPool() { close(); }

  /// Queues a task; sends it at once if the window has room. Returns its id
  /// (submission order from 0: the number a PoolBroken message names).
  long submit(Task task) {
    std::unique_lock lk(m_);
    if (broken_) throw PoolBroken(*broken_);
    if (closing_) throw std::logic_error("Pool: submit after close");
    const long id = next_id_++;
    backlog_.emplace_back(id, std::move(task));
    feed(lk);
    return id;
  }

  /// Lets every submitted task finish, then stops the workers and reaps them
  /// (a broken pool's workers were killed already). Idempotent.
  void close() {
    {
      std::lock_guard lk(m_);
      closing_ = true;
    }
    if (handler_.joinable()) handler_.join();
  }

  /// Drops every task not yet sent to a worker, calling its cancel().
  void cancel_backlog() {
    std::deque<std::pair<long, Task>> dropped;
    {
      std::lock_guard lk(m_);
      dropped.swap(backlog_);
    }
    for (auto& [id, task] : dropped)
      if (task.cancel) task.cancel();
  }

  /// The pids of the current workers (a replaced worker's slot shows its
  /// replacement).
  std::vector<pid_t> worker_pids() {
    std::lock_guard lk(m_);
    std::vector<pid_t> pids;
    for (const auto& w : workers_) pids.push_back(w->pid());
    return pids;
  }

  /// How many worker processes have been started in all (replacements too).
  int started_workers() {
    std::lock_guard lk(m_);
    return started_;
  }

 private:
  static constexpr int kChannel = 2 * kMaxWorkers;
  static constexpr long kIdle = -1;     // a slot's worker waits for a task
  static constexpr long kRetired = -2;  // it ran max_tasks_per_child tasks and exits
  static constexpr long kInitFailed = -3;
  using Channel = Queue<json, kChannel, MessageBytes>;

  std::unique_ptr<Process> fork_worker(int slot) {
    auto worker = std::make_unique<Process>([this, slot] { return work(slot); });
    (*holding_)[slot].store(kIdle);
    worker->start();
    ++started_;
    return worker;
  }

  // A worker process: the initializer, then tasks until the end marker (null)
  // or until it has run max_tasks_per_child of them. The slot records the
  // task it holds, so that the parent can name it if the worker dies.
  int work(int slot) {
    auto& holding = (*holding_)[slot];
    if (options_.initializer) {
      try {
        options_.initializer();
      } catch (...) {
        holding.store(kInitFailed);
        return 3;
      }
    }
    for (int ran = 0;;) {
      const json task = tasks_.get();
      if (task.is_null()) return 0;
      const long id = task["i"].get<long>();
      holding.store(id);
      json result{{"i", id}};
      try {
        result["r"] = work_(task["p"]);
      } catch (const std::exception& e) {
        result["error"] = e.what();
      } catch (...) {
        result["error"] = "unknown exception";
      }
      try {
        results_.put(result);
      } catch (const std::length_error&) {
        results_.put(json{{"i", id}, {"error", "Pool: result longer than a message"}});
      }
      if (options_.max_tasks_per_child > 0 && ++ran == options_.max_tasks_per_child) {
        holding.store(kRetired);
        return 0;
      }
      holding.store(kIdle);
    }
  }

  // Sends backlog tasks while the window has room (under m_; Queue::put
  // cannot block: fewer than kChannel messages are ever in a queue).
  void feed(std::unique_lock<std::mutex>& lk) {
    while (!broken_ && !backlog_.empty() && in_flight_.size() < window_) {
      auto [id, task] = std::move(backlog_.front());
      backlog_.pop_front();
      if (task.claim && !task.claim()) continue;  // cancelled while queued
      try {
        tasks_.put(json{{"i", id}, {"p", task.payload}});
      } catch (const std::length_error&) {
        lk.unlock();
        task.fail(std::make_exception_ptr(std::length_error("Pool: task longer than a message")));
        lk.lock();
        continue;
      }
      in_flight_.emplace(id, std::move(task));
    }
  }

  // The parent's handler thread: results, worker checks, and at the end the
  // orderly stop.
  void handle() {
    for (;;) {
      {
        std::unique_lock lk(m_);
        feed(lk);
        if (broken_) return;
        if (closing_ && backlog_.empty() && in_flight_.empty()) break;
      }
      if (auto result = results_.get(std::chrono::milliseconds(5))) deliver(*result);
      check_workers();
    }
    std::vector<std::unique_ptr<Process>> workers;
    {
      std::lock_guard lk(m_);
      for (std::size_t w = 0; w < workers_.size(); ++w) tasks_.put(nullptr);
      workers = std::move(workers_);
      workers_.clear();
    }
    for (auto& w : workers) w->join();
  }

  void deliver(const json& result) {
    const long id = result["i"].get<long>();
    Task task;
    {
      std::lock_guard lk(m_);
      auto it = in_flight_.find(id);
      if (it == in_flight_.end()) return;
      task = std::move(it->second);
      in_flight_.erase(it);
    }
    if (result.contains("error"))
      task.fail(std::make_exception_ptr(std::runtime_error(result["error"].get<std::string>())));
    else
      task.succeed(result["r"]);
  }

  // Replaces retired workers; breaks the pool if one ended otherwise.
  void check_workers() {
    std::unique_lock lk(m_);
    for (std::size_t w = 0; w < workers_.size(); ++w) {
      const auto code = workers_[w]->exitcode();
      if (!code) continue;
      const long held = (*holding_)[w].load();
      if (held == kRetired && *code == 0) {
        workers_[w] = fork_worker(static_cast<int>(w));
        continue;
      }
      std::string why =
          "Pool: worker " + std::to_string(workers_[w]->pid()) + " ended with exit code " + std::to_string(*code);
      if (held >= 0)
        why += " holding task " + std::to_string(held);
      else if (held == kInitFailed)
        why += ": its initializer threw";
      else
        why += " between tasks";
      break_pool(lk, why);
      return;
    }
  }

  void break_pool(std::unique_lock<std::mutex>& lk, const std::string& why) {
    broken_ = why;
    for (auto& other : workers_) other->kill();
    for (auto& other : workers_) other->join();
    std::vector<Task> lost;
    for (auto& [id, task] : in_flight_) lost.push_back(std::move(task));
    in_flight_.clear();
    for (auto& [id, task] : backlog_)
      if (!task.claim || task.claim()) lost.push_back(std::move(task));
    backlog_.clear();
    lk.unlock();
    for (auto& task : lost) task.fail(std::make_exception_ptr(PoolBroken(why)));
    lk.lock();
  }

  const Work work_;
  const PoolOptions options_;
  const std::size_t window_;
  Channel tasks_;
  Channel results_;
  SharedObject<std::array<process_sync::atomic<long>, kMaxWorkers>> holding_;

  std::mutex m_;
  std::vector<std::unique_ptr<Process>> workers_;  // GUARDED_BY(m_) once the handler runs
  int started_ = 0;
  std::deque<std::pair<long, Task>> backlog_;
  std::map<long, Task> in_flight_;
  long next_id_ = 0;
  bool closing_ = false;
  std::optional<std::string> broken_;
  std::thread handler_;
};

}  // namespace interleave::process
