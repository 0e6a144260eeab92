// Models of daemon threads (primitives/daemon.hpp): the main thread starts a
// ticking daemon, sleeps, and ends while the daemon still runs.
#if defined(__clang__)  // model_sync's mutex carries no capability: the analysis is for real_sync
#pragma clang diagnostic ignored "-Wthread-safety-analysis"
#endif

#include <chrono>
#include <memory>

#include "interleave/interleave.hpp"
#include "models/registry.hpp"
#include "primitives/daemon.hpp"

namespace {

using namespace std::chrono_literals;
using interleave::DaemonFlaw;
using interleave::model_sync;

constexpr const char* kPassage =
    "Daemon threads run in the background, and it may continue to run even if the main program exits. "
    "Main threads cannot continue to run once the program exits.";

template <DaemonFlaw Flaw>
void main_ends_first() {
  // The daemon owns its counter: it outlives this function.
  auto ticks = std::make_shared<model_sync::atomic<int>>(0, "ticks");
  interleave::start_daemon<model_sync, Flaw>(1s, [ticks] { ticks->fetch_add(1); });
  model_sync::sleep_for(2500ms);
  const int seen = ticks->load();
  interleave::assert_that(seen == 3, "the daemon ticked at 0 s, 1 s and 2 s before main woke at 2.5 s");
}

const bool registered = [] {
  interleave::register_model({
      .name = "daemon",
      .primitive = "daemon",
      .summary = "The main thread ends while a detached ticking thread still runs: allowed.",
      .passage = kPassage,
      .expected = std::nullopt,
      .scenario = [] { main_ends_first<DaemonFlaw::none>(); },
      .options = {},
      .model_only = "its check is what the daemon did by an instant of the virtual clock (main wakes at 2.5 s)",
  });
  interleave::register_model({
      .name = "daemon/not-detached",
      .primitive = "daemon",
      .summary = "The same ticking thread, started without detach().",
      .flaw = "The thread handle is dropped while the thread runs, neither joined nor detached: a "
              "non-daemon thread left running (std::thread would call std::terminate).",
      .passage = kPassage,
      .expected = interleave::ViolationKind::thread_not_joined,
      .scenario = [] { main_ends_first<DaemonFlaw::not_detached>(); },
      .options = {},
      .model_only = "its check is what the daemon did by an instant of the virtual clock (main wakes at 2.5 s)",
  });
  return true;
}();

}  // namespace
