// The kinds of step an execution records, and that a thread can be parked at.
#pragma once

#include <cstdint>

namespace interleave::engine {

/// A join's object when it waits for every other thread (join_all).
inline constexpr std::uint32_t kAllThreads = 0xffffffff;

/// Every kind of step a trace records.
enum class Op : std::uint8_t {
  start,
  spawn,
  join,
  detach,
  finish,
  lock,
  try_lock,
  unlock,
  wait,
  wake,
  notify_one,
  notify_all,
  read,
  write,
  rmw,
  failed_rmw,
  yield,
  sleep,
  wait_begin,
  wait_end,
  fence,      ///< std::atomic_thread_fence; its order in after.number
  choose,     ///< a nondeterministic choice among n values; the value in after.number
  violation,  ///< a failed assertion or misuse, at the point it happened
};
const char* op_name(Op op);

}  // namespace interleave::engine
