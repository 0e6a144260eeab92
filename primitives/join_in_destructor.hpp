// Joining a primitive's own thread from its destructor, under either policy.
//
// Real threads: always join (a joinable std::thread must not be destroyed).
// Model threads: when the checker tears an execution down after a violation,
// it unwinds every model thread with an exception; a destructor that runs
// during that unwinding must not block on a join (the engine cannot schedule
// any more), so it lets the thread go instead. The thread is being torn down
// by the checker as well.
#pragma once

#include <exception>

namespace interleave {

template <class Sync>
void join_in_destructor(typename Sync::thread& thread) {
  if (!thread.joinable()) return;
  if constexpr (Sync::is_model) {
    if (std::uncaught_exceptions() > 0) {
      thread.detach();
      return;
    }
  }
  thread.join();
}

}  // namespace interleave
