// Models of the standard libraries' semaphore algorithm (primitives/std_semaphore.hpp),
// built on atomic wait/notify: the fixed algorithm must hold; the two shipped
// variants must deadlock, each in the scenario of its bug report.
#include <atomic>

#include "interleave/interleave.hpp"
#include "models/registry.hpp"
#include "primitives/std_semaphore.hpp"

namespace {

using interleave::model_sync;
using interleave::real_sync;
using interleave::StdSemaphore;
using interleave::StdSemaphoreAlgorithm;

constexpr const char* kPassage =
    "Semaphores: If a semaphore has given out all the permits it has, then any new thread that comes "
    "along requesting a permit will be blocked till an earlier thread with a permit returns it.";

/// llvm/llvm-project issue #46357's scenario: two threads block in acquire()
/// on an empty semaphore, a third calls release(1) twice. Both must get in.
template <class S, StdSemaphoreAlgorithm Algorithm>
void two_waiters_two_releases() {
  StdSemaphore<S, Algorithm> semaphore(0);
  std::atomic<int> entered{0};  // atomic: both acquirers may be past acquire() at once on real threads
  S::run_together({[&] { semaphore.acquire(), ++entered; }, [&] { semaphore.acquire(), ++entered; },
                   [&] {
                     semaphore.release();
                     semaphore.release();
                   }});
  S::assert_that(entered == 2 && semaphore.available() == 0, "both acquirers got a unit, none is left");
}

/// Two threads block in acquire() on an empty semaphore while two others
/// each call release(1). Both acquirers must get in.
template <class S, StdSemaphoreAlgorithm Algorithm>
void two_waiters_two_releasers() {
  StdSemaphore<S, Algorithm> semaphore(0);
  std::atomic<int> entered{0};  // atomic: both acquirers may be past acquire() at once on real threads
  S::run_together({[&] { semaphore.acquire(), ++entered; }, [&] { semaphore.acquire(), ++entered; },
                   [&] { semaphore.release(); }, [&] { semaphore.release(); }});
  S::assert_that(entered == 2 && semaphore.available() == 0, "both acquirers got a unit, none is left");
}

const bool registered = [] {
  interleave::register_model({
      .name = "std-semaphore",
      .primitive = "std-semaphore",
      .summary = "The standard semaphore's algorithm with release notifying on every increment (the fix of "
                 "llvm/llvm-project PR #79265): two acquirers blocked on an empty semaphore and two release(1) "
                 "calls. Both get in.",
      .passage = kPassage,
      .expected = std::nullopt,
      .scenario = [] { two_waiters_two_releases<model_sync, StdSemaphoreAlgorithm::fixed>(); },
      // Relaxed and acquire/release orders: explored by exhaustive DFS over
      // reads-from (850,000 executions); spurious wake-ups of atomic waits
      // are checked in engine/tests/atomic_wait_test.cpp.
      .options = {.max_spurious_wakeups = 0},
      .real_scenario = [] { two_waiters_two_releases<real_sync, StdSemaphoreAlgorithm::fixed>(); },
  });
  interleave::register_model({
      .name = "std-semaphore/libcxx-lost-wakeup",
      .primitive = "std-semaphore",
      .summary = "libc++'s counting_semaphore before 2024 (llvm/llvm-project issue #46357): two acquirers "
                 "blocked on an empty semaphore, one thread calls release(1) twice.",
      .flaw = "release() notifies only when the count it replaced was 0. The first release(1) takes the count "
              "0 -> 1 and wakes one blocked acquirer; before that one runs, the second release(1) takes it "
              "1 -> 2, sees a positive count and notifies nobody. The woken acquirer takes one unit; the other "
              "stays blocked in its atomic wait at 0 while a unit is free: a lost wake-up (fixed by "
              "llvm/llvm-project PR #79265, which notifies on every release).",
      .passage = kPassage,
      .expected = interleave::ViolationKind::deadlock,
      .scenario = [] { two_waiters_two_releases<model_sync, StdSemaphoreAlgorithm::libcxx_2020>(); },
      .options = {},
      .real_scenario = [] { two_waiters_two_releases<real_sync, StdSemaphoreAlgorithm::libcxx_2020>(); },
  });
  interleave::register_model({
      .name = "std-semaphore/libstdcxx-lost-wakeup",
      .primitive = "std-semaphore",
      .summary = "libstdc++'s __atomic_semaphore as GCC bug 98033 and pytorch/pytorch PR #177884 describe it: "
                 "two acquirers on an empty semaphore, two threads each call release(1).",
      .flaw = "_M_release skips the notify when the counter was already positive. Both acquirers find the "
              "count 0 and block (an acquirer whose compare-exchange fails goes on with the value it saw, and "
              "blocks on a 0 it observed). The first release takes the count 0 -> 1 and wakes one of them; "
              "the second, from another thread, finds it at 1 and notifies nobody. The woken acquirer takes a "
              "unit; the other stays blocked at 0 in its atomic wait while a unit is free (GCC bug 98033; "
              "pytorch stopped using std::counting_semaphore over these hangs in 2026).",
      .passage = kPassage,
      .expected = interleave::ViolationKind::deadlock,
      .scenario = [] { two_waiters_two_releasers<model_sync, StdSemaphoreAlgorithm::libstdcxx>(); },
      .options = {},
      .real_scenario = [] { two_waiters_two_releasers<real_sync, StdSemaphoreAlgorithm::libstdcxx>(); },
  });
  return true;
}();

}  // namespace
