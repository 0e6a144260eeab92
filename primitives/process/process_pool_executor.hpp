// ProcessPoolExecutor: runs submitted calls in forked worker processes and
// hands back a Future for each, as Python's
// concurrent.futures.ProcessPoolExecutor. The futures are the ones
// ThreadPoolExecutor returns (primitives/future.hpp): wait(), as_completed()
// (future_wait.hpp), cancel() and done callbacks work on both, and on a mix.
//
// A process cannot run a closure that exists only in the parent's memory
// after the fork, so, as Python pickles a function by its name, what is
// submitted is a *registered task*: a function registered by name at
// namespace scope (so that every process of the program has it), called with
// JSON-serialisable arguments, returning a JSON-serialisable value.
//
//   const auto square = register_task("square", [](int x) { return long(x) * x; });
//   ProcessPoolExecutor executor(4);                 // or (4, PoolOptions{...})
//   Future<long> f = executor.submit(square, 7);
//   auto it = executor.map(square, std::vector<int>{1, 2, 3}, /*chunksize=*/2);
//   while (it.has_next()) use(it.next());
//   executor.shutdown();
//
// Contract (as ThreadPoolExecutor's where it applies)
//   submit(task, args...)  queues task(args...); its Future. Throws
//     ExecutorShutdownError after shutdown(), PoolBroken once broken.
//     Each accepted task runs at most once; a task cancelled before it was
//     sent to a worker (see WorkerPool's window) never runs.
//   map(task, items, chunksize)  one process task per chunk; MapResults:
//     results in input order, a call's exception rethrown at its position.
//   shutdown(wait, cancel_futures)  no more submits; with cancel_futures the
//     tasks not yet sent are cancelled; with wait, returns once every
//     accepted task has finished and the workers have exited. The destructor
//     is shutdown(true).
//   A task's exception reaches its future as std::runtime_error with the
//   message; a dead worker fails every unanswered future with PoolBroken
//   (Python's BrokenProcessPool). Callbacks run in the pool's handler thread.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "primitives/future.hpp"
#include "primitives/process/worker_pool.hpp"
#include "primitives/thread_pool_executor.hpp"

namespace interleave::process {

/// A registered function, by name, with its signature.
template <class Signature>
struct RegisteredTask;
template <class R, class... A>
struct RegisteredTask<R(A...)> {
  std::string name;
};

namespace detail_tasks {

using json = nlohmann::json;
/// Calls a registered function on its JSON argument array.
using Call = std::function<json(const json&)>;

inline std::map<std::string, Call>& registry() {
  static std::map<std::string, Call> calls;
  return calls;
}

template <class R, class... A>
RegisteredTask<R(A...)> add(const std::string& name, std::function<R(A...)> fn) {
  Call call = [fn = std::move(fn)](const json& args) {
    auto values = args.get<std::tuple<std::decay_t<A>...>>();
    if constexpr (std::is_void_v<R>) {
      std::apply(fn, values);
      return json();
    } else {
      return json(std::apply(fn, values));
    }
  };
  if (!registry().emplace(name, std::move(call)).second)
    throw std::logic_error("register_task: duplicate name " + name);
  return {name};
}

inline json run(const json& payload) {
  const auto call = registry().find(payload.at("f").get<std::string>());
  if (call == registry().end()) throw std::runtime_error("unknown task " + payload.at("f").get<std::string>());
  if (!payload.contains("chunk")) return call->second(payload.at("a"));
  // A map chunk: the values up to the first exception, and its message.
  json out{{"values", json::array()}};
  for (const auto& item : payload.at("chunk")) {
    try {
      out["values"].push_back(call->second(json::array({item})));
    } catch (const std::exception& e) {
      out["error"] = e.what();
      break;
    }
  }
  return out;
}

}  // namespace detail_tasks

/// Registers fn (a function pointer or a lambda with a fixed signature)
/// under `name`; call at namespace scope so that every process has it.
template <class F>
auto register_task(const std::string& name, F fn) {
  return detail_tasks::add(name, std::function{std::move(fn)});
}

template <std::size_t MessageBytes = 4096>
class ProcessPoolExecutor {
  using json = nlohmann::json;

 public:
  explicit ProcessPoolExecutor(int max_workers, PoolOptions options = {})
      : core_(max_workers, detail_tasks::run, std::move(options)) {}
  ProcessPoolExecutor(const ProcessPoolExecutor&) = delete;
  ProcessPoolExecutor& operator=(const ProcessPoolExecutor&) = delete;
  ~ProcessPoolExecutor() { shutdown(true); }

  template <class R, class... A, class... Args>
  Future<R> submit(const RegisteredTask<R(A...)>& task, Args&&... args) {
    Future<R> future;
    json call{{"f", task.name}, {"a", json::array({json(std::decay_t<A>(std::forward<Args>(args)))...})}};
    enqueue(future, std::move(call), [](const json& out) {
      if constexpr (!std::is_void_v<R>) return out.get<R>();
    });
    return future;
  }

  template <class R, class A, class Items>
  MapResults<R, real_sync> map(const RegisteredTask<R(A)>& task, const Items& items, std::size_t chunksize = 1) {
    using Chunk = typename MapResults<R, real_sync>::Chunk;
    if (chunksize < 1) throw std::invalid_argument("chunksize must be at least 1");
    std::vector<json> all;
    for (const auto& item : items) all.emplace_back(std::decay_t<A>(item));
    std::vector<Future<Chunk>> chunks;
    for (std::size_t from = 0; from < all.size(); from += chunksize) {
      json part = json::array();
      for (std::size_t k = from; k < std::min(all.size(), from + chunksize); ++k) part.push_back(all[k]);
      chunks.emplace_back();
      enqueue(chunks.back(), json{{"f", task.name}, {"chunk", std::move(part)}}, [](const json& out) {
        Chunk chunk;
        chunk.values = out.at("values").get<std::vector<R>>();
        if (out.contains("error"))
          chunk.error = std::make_exception_ptr(std::runtime_error(out["error"].get<std::string>()));
        return chunk;
      });
    }
    return MapResults<R, real_sync>(std::move(chunks));
  }

  void shutdown(bool wait = true, bool cancel_futures = false) {
    {
      std::lock_guard lk(m_);
      shutdown_ = true;
    }
    if (cancel_futures) core_.cancel_backlog();
    if (wait) core_.close();
  }

  std::vector<pid_t> worker_pids() { return core_.worker_pids(); }

 private:
  template <class T, class Convert>
  void enqueue(const Future<T>& future, json payload, Convert convert) {
    std::lock_guard lk(m_);
    if (shutdown_) throw ExecutorShutdownError();
    core_.submit({std::move(payload), [future] { return future.set_running_or_notify_cancel(); },
                  [future, convert](const json& out) {
                    try {
                      if constexpr (std::is_void_v<T>) {
                        future.set_result();
                      } else {
                        future.set_result(convert(out));
                      }
                    } catch (const json::exception&) {
                      future.set_exception(std::current_exception());
                    }
                  },
                  [future](std::exception_ptr error) { future.set_exception(std::move(error)); },
                  [future] { future.cancel(); }});
  }

  std::mutex m_;
  bool shutdown_ = false;
  WorkerPool<MessageBytes> core_;
};

}  // namespace interleave::process
