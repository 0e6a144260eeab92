// Pool: a set of forked worker processes applying one function, as Python's
// multiprocessing.Pool with the fork start method.
//
//   Pool<int, long> pool(4, [](const int& x) { return long(x) * x; });
//   long y = pool.apply(7);
//   Future<long> f = pool.apply_async(8);                  // f.result() waits
//   std::vector<long> ys = pool.map(xs, /*chunksize=*/8);   // results in input order
//
//   Pool<int, long> pool(4, fn, PoolOptions{initializer(setup, 10, "x"), /*max_tasks_per_child=*/3});
//
// Built on WorkerPool (worker_pool.hpp; messages, flow control, initializer,
// max_tasks_per_child and the broken pool are described there). A task is a
// chunk: a JSON array of arguments, answered by the array of results.
//
//   apply_async(arg)  the project's Future (primitives/future.hpp): result(),
//                     wait()/as_completed() (future_wait.hpp), done
//                     callbacks (run in the pool's handler thread), cancel()
//                     while the task still waits in the parent.
//   apply(arg)        apply_async(arg).result().
//   map(args, chunksize)  fn of every argument in input order; the first
//                     failing chunk in input order rethrows its error.
//   close()           waits for every submitted task, then stops the workers.
// An exception thrown by fn reaches the caller as std::runtime_error with its
// message; a dead worker as PoolBroken.
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <vector>

#include "primitives/future.hpp"
#include "primitives/process/worker_pool.hpp"

namespace interleave::process {

template <class Arg, class Result, std::size_t MessageBytes = 4096>
class Pool {
  using json = nlohmann::json;

 public:
  Pool(int processes, std::function<Result(const Arg&)> fn, PoolOptions options = {})
      : core_(
            processes,
            [fn = std::move(fn)](const json& chunk) {
              json out = json::array();
              for (const auto& arg : chunk) out.push_back(fn(arg.template get<Arg>()));
              return out;
            },
            std::move(options)) {}

  Result apply(const Arg& arg) { return apply_async(arg).result(); }

  Future<Result> apply_async(const Arg& arg) {
    Future<Result> future;
    submit_chunk(future, json::array({arg}), [](const json& out) { return out.at(0).template get<Result>(); });
    return future;
  }

  /// fn applied to every argument, in input order; `chunksize` arguments per
  /// task.
  std::vector<Result> map(const std::vector<Arg>& args, int chunksize = 1) {
    if (chunksize < 1) throw std::invalid_argument("Pool::map: chunksize >= 1");
    std::vector<Future<std::vector<Result>>> chunks;
    for (std::size_t from = 0; from < args.size(); from += chunksize) {
      json chunk = json::array();
      for (std::size_t k = from; k < std::min(args.size(), from + chunksize); ++k) chunk.push_back(args[k]);
      chunks.emplace_back();
      submit_chunk(chunks.back(), std::move(chunk),
                   [](const json& out) { return out.template get<std::vector<Result>>(); });
    }
    std::vector<Result> out;
    out.reserve(args.size());
    for (auto& chunk : chunks) {
      auto values = chunk.result();
      out.insert(out.end(), values.begin(), values.end());
    }
    return out;
  }

  void close() { core_.close(); }

  std::vector<pid_t> worker_pids() { return core_.worker_pids(); }
  int started_workers() { return core_.started_workers(); }

 private:
  template <class T, class Convert>
  void submit_chunk(const Future<T>& future, json chunk, Convert convert) {
    core_.submit({std::move(chunk), [future] { return future.set_running_or_notify_cancel(); },
                  [future, convert](const json& out) {
                    try {
                      future.set_result(convert(out));
                    } catch (const json::exception&) {
                      future.set_exception(std::current_exception());
                    }
                  },
                  [future](std::exception_ptr error) { future.set_exception(std::move(error)); }});
  }

  WorkerPool<MessageBytes> core_;
};

}  // namespace interleave::process
