// Daemon: a background thread that runs a task every period, forever, and is
// never joined: a daemon thread. Over a sync policy.
//
// Seed passage: "Daemon threads run in the background, and it may continue to
// run even if the main program exits. Main threads cannot continue to run once
// the program exits." (and the token bucket's `dt.setDaemon(True)`).
//
// Contract
//   start_daemon(period, tick)  spawns a thread that calls tick() and then
//                               sleeps `period`, forever, and detaches it.
//                               The thread owns `tick` (it may outlive every
//                               other object), so tick must only use what it
//                               owns or what lives as long as the program.
//   A daemon still running when the program (the model's scenario) ends is
//   allowed; a thread that is neither joined nor detached is not.
//
// State transitions (of the daemon thread)
//   | state    | event          | next                  |
//   | ticking  | tick() returns | sleeping for `period` |
//   | sleeping | period elapsed | ticking               |
//   | any      | program ends   | abandoned (allowed)   |
//
// Teaching variant (DaemonFlaw::not_detached, model "daemon/not-detached"):
// the handle is dropped without detach(): a non-daemon thread left running,
// reported as thread_not_joined (std::thread would call std::terminate).
#pragma once

#include <utility>

#include "interleave/real_sync.hpp"

namespace interleave {

/// Known-buggy variants of the daemon starter kept for teaching.
enum class DaemonFlaw { none, not_detached };

/// Starts `tick` every `period` in a detached (daemon) thread.
template <class Sync = real_sync, DaemonFlaw Flaw = DaemonFlaw::none, class Tick>
void start_daemon(typename Sync::clock::duration period, Tick tick) {
  typename Sync::thread daemon([period, tick = std::move(tick)]() mutable {
    for (;;) {
      tick();
      Sync::sleep_for(period);
    }
  });
  if constexpr (Flaw != DaemonFlaw::not_detached) daemon.detach();
}

}  // namespace interleave
