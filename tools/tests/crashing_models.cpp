// Models that crash the process, for the --isolate tests: linked into a CLI of
// their own (never the suite's, whose gate runs every model in-process). Each
// crashes only in the executions where thread 2 runs before thread 1, so the
// schedule that --isolate reports matters.
#include <cstdlib>

#include "interleave/interleave.hpp"
#include "models/registry.hpp"

namespace {

using S = interleave::model_sync;

template <class Crash>
void crash_when_second_first(Crash crash) {
  S::atomic<int> first{0, "first"};
  interleave::run_together({[&] { first.store(1); },
                            [&] {
                              if (first.load() == 0) crash();
                            }});
}

volatile int* nowhere = nullptr;

const bool registered = [] {
  interleave::register_model({
      .name = "crash/abort",
      .primitive = "crash",
      .summary = "Thread 2 calls abort() when it runs before thread 1.",
      .expected = interleave::ViolationKind::crash,
      .scenario = [] { crash_when_second_first([] { std::abort(); }); },
  });
  interleave::register_model({
      .name = "crash/null",
      .primitive = "crash",
      .summary = "Thread 2 writes through a null pointer when it runs before thread 1.",
      .expected = interleave::ViolationKind::crash,
      .scenario = [] { crash_when_second_first([] { *nowhere = 1; }); },
  });
  return true;
}();

}  // namespace
