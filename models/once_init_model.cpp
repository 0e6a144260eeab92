// Models of double-checked initialisation (primitives/once_init.hpp): threads
// call get() at the same time; each must see the value 42, and the
// initialiser must have run exactly once.
#include "interleave/interleave.hpp"
#include "models/registry.hpp"
#include "primitives/once_init.hpp"

namespace {

using interleave::model_sync;
using interleave::OnceInitFlaw;
using interleave::real_sync;

constexpr const char* kPassage =
    "Double-checked initialisation: callers check a flag without the lock and take the lock only while the "
    "value is not yet there; the first one computes it.";

/// `threads` threads each call get() once.
template <class S, OnceInitFlaw Flaw>
void initialise_concurrently(int threads) {
  interleave::OnceInit<int, S, Flaw> once;
  typename S::template shared<int> calls(0, "make_calls");
  std::vector<std::function<void()>> bodies;
  for (int t = 0; t < threads; ++t)
    bodies.emplace_back([&] {
      const int v = once.get([&] {
        calls.update([](int c) { return c + 1; });
        return 42;
      });
      S::assert_that(v == 42, "a caller saw a value other than the one computed");
    });
  S::run_together(std::move(bodies));
  S::assert_that(calls.get() == 1, "the initialiser did not run exactly once");
}

const bool registered = [] {
  interleave::register_model({
      .name = "once-init",
      .primitive = "once-init",
      .summary = "Three threads call get() at once: the initialiser runs once and every caller reads its value "
                 "without a race (release store and acquire load of the ready flag).",
      .passage = kPassage,
      .expected = std::nullopt,
      .scenario = [] { initialise_concurrently<model_sync, OnceInitFlaw::none>(3); },
      .real_scenario = [] { initialise_concurrently<real_sync, OnceInitFlaw::none>(3); },
  });
  interleave::register_model({
      .name = "once-init/relaxed-flag",
      .primitive = "once-init",
      .summary = "Two threads call get() at once; the ready flag is stored and loaded relaxed.",
      .flaw = "The flag's relaxed store does not release and the fast path's relaxed load does not acquire: a "
              "caller that sees the flag raised skips the lock and reads the plain value with no "
              "happens-before to the write of it. A data race on the value (on a weak-memory machine, a stale "
              "or half-written read of it).",
      .passage = kPassage,
      .expected = interleave::ViolationKind::data_race,
      .scenario = [] { initialise_concurrently<model_sync, OnceInitFlaw::relaxed_flag>(2); },
      .real_scenario = [] { initialise_concurrently<real_sync, OnceInitFlaw::relaxed_flag>(2); },
  });
  return true;
}();

}  // namespace
