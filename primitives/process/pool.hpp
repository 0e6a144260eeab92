// Pool: a fixed set of forked worker processes applying one function, as
// Python's multiprocessing.Pool with the fork start method.
//
//   Pool<int, long> pool(4, [](const int& x) { return long(x) * x; });
//   long y = pool.apply(7);
//   std::vector<long> ys = pool.map(xs, /*chunksize=*/8);   // results in input order
//
// Tasks and results travel through two process Queues (queue.hpp) as JSON: a
// task is {"i": chunk index, "args": [...]}, a result {"i": ..., "results":
// [...]} or {"i": ..., "error": "what"}; a chunk's JSON must fit MessageBytes.
// An exception thrown by the function is rethrown by map/apply as
// std::runtime_error with its message. One caller at a time (map/apply are not
// reentrant).
//
// A worker that dies (killed, crashed) breaks the pool, as
// concurrent.futures' BrokenProcessPool: the waiting map/apply throws
// PoolBroken naming the worker, its exit code and the task it held, the other
// workers are killed, and every later call throws too. Nothing waits forever
// on a task that no worker will finish.
#pragma once

#include <array>
#include <chrono>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
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

template <class Arg, class Result, std::size_t MessageBytes = 4096>
class Pool {
 public:
  static constexpr int kMaxWorkers = 64;

  Pool(int processes, std::function<Result(const Arg&)> fn) : fn_(std::move(fn)) {
    if (processes < 1 || processes > kMaxWorkers) throw std::invalid_argument("Pool: 1..64 processes");
    for (auto& slot : *holding_) slot.store(-1);
    for (int w = 0; w < processes; ++w) workers_.emplace_back([this, w] { return work(w); });
    for (auto& worker : workers_) worker.start();
  }
  Pool(const Pool&) = delete;
  Pool& operator=(const Pool&) = delete;
  ~Pool() { close(); }

  Result apply(const Arg& arg) { return map({arg}).front(); }

  /// fn applied to every argument, in input order; `chunksize` arguments per
  /// task.
  std::vector<Result> map(const std::vector<Arg>& args, int chunksize = 1) {
    if (broken_) throw PoolBroken(*broken_);
    if (closed_) throw std::logic_error("Pool::map after close");
    if (chunksize < 1) throw std::invalid_argument("Pool::map: chunksize >= 1");
    const std::size_t chunks = (args.size() + chunksize - 1) / chunksize;
    std::vector<std::optional<std::vector<Result>>> done(chunks);
    std::size_t sent = 0, received = 0;
    std::optional<std::string> error;
    // Keep at most one queue's worth of tasks in flight, so that the task
    // queue never blocks the caller while results wait to be read.
    while (received < chunks) {
      while (sent < chunks && sent - received < kInFlight) {
        nlohmann::json task{{"i", sent}, {"args", nlohmann::json::array()}};
        for (std::size_t k = sent * chunksize; k < std::min(args.size(), (sent + 1) * chunksize); ++k)
          task["args"].push_back(args[k]);
        tasks_.put(task);
        ++sent;
      }
      auto result = results_.get(std::chrono::milliseconds(20));
      if (!result) {
        check_workers();
        continue;
      }
      const auto i = (*result)["i"].template get<std::size_t>();
      if (result->contains("error")) {
        if (!error) error = (*result)["error"].template get<std::string>();
        done[i].emplace();
      } else {
        done[i] = (*result)["results"].template get<std::vector<Result>>();
      }
      ++received;
    }
    if (error) throw std::runtime_error(*error);
    std::vector<Result> out;
    out.reserve(args.size());
    for (auto& chunk : done) out.insert(out.end(), chunk->begin(), chunk->end());
    return out;
  }

  /// Stops the workers once they have finished what they hold, and reaps
  /// them. A broken pool's workers were killed already.
  void close() {
    if (closed_) return;
    closed_ = true;
    if (!broken_)
      for (std::size_t w = 0; w < workers_.size(); ++w) tasks_.put(nullptr);
    for (auto& worker : workers_) worker.join();
  }

  std::vector<pid_t> worker_pids() const {
    std::vector<pid_t> pids;
    for (const auto& w : workers_) pids.push_back(w.pid());
    return pids;
  }

 private:
  static constexpr std::size_t kInFlight = 16;
  using Channel = Queue<nlohmann::json, static_cast<int>(kInFlight), MessageBytes>;

  // A worker: takes tasks until the end marker (null), recording the chunk it
  // holds so that the parent can name it if the worker dies.
  int work(int me) {
    for (;;) {
      const nlohmann::json task = tasks_.get();
      if (task.is_null()) return 0;
      const auto i = task["i"].get<long>();
      (*holding_)[me].store(i);
      nlohmann::json result{{"i", i}};
      try {
        std::vector<Result> out;
        for (const auto& arg : task["args"]) out.push_back(fn_(arg.get<Arg>()));
        result["results"] = out;
      } catch (const std::exception& e) {
        result["error"] = e.what();
      }
      results_.put(result);
      (*holding_)[me].store(-1);
    }
  }

  // Throws PoolBroken if a worker has ended; kills the rest first.
  void check_workers() {
    for (std::size_t w = 0; w < workers_.size(); ++w) {
      const auto code = workers_[w].exitcode();
      if (!code) continue;
      const long task = (*holding_)[w].load();
      broken_ = "Pool: worker " + std::to_string(workers_[w].pid()) + " ended with exit code " + std::to_string(*code) +
                (task >= 0 ? " holding task " + std::to_string(task) : " between tasks");
      for (auto& other : workers_) other.kill();
      for (auto& other : workers_) other.join();
      closed_ = true;
      throw PoolBroken(*broken_);
    }
  }

  std::function<Result(const Arg&)> fn_;
  Channel tasks_;
  Channel results_;
  SharedObject<std::array<process_sync::atomic<long>, kMaxWorkers>> holding_;
  std::vector<Process> workers_;
  std::optional<std::string> broken_;
  bool closed_ = false;
};

}  // namespace interleave::process
