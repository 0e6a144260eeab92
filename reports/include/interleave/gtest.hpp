// GoogleTest assertions over the model checker, for projects that live in
// gtest. A failure prints the whole text report: the verdict, and for a
// violation its trace, step by step, with the schedule to replay it.
//
//   EXPECT_HOLDS(scenario [, options]);           // an exhaustive search found nothing
//   EXPECT_VIOLATION(kind, scenario [, options]); // the search found a violation of `kind`
//
// `scenario` is the body of model thread 0 (as for interleave::check) and
// `options` an interleave::Options, e.g. {.strategy = interleave::Strategy::dpor}.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "interleave/check.hpp"
#include "interleave/reports.hpp"

namespace interleave::gtest {

/// Success when `result` holds after an exhaustive search that finished.
inline ::testing::AssertionResult holds(const Result& result) {
  if (result.verdict == Verdict::holds && result.exhaustive) return ::testing::AssertionSuccess();
  ::testing::AssertionResult failure = ::testing::AssertionFailure();
  if (result.verdict == Verdict::holds) failure << "the search was sampled, not exhaustive (use dfs or dpor)\n";
  return failure << reports::render_text(result);
}

/// Success when `result` has a violation of `kind`.
inline ::testing::AssertionResult violates(const Result& result, ViolationKind kind) {
  if (result.has(kind)) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "expected a violation of kind " << to_string(kind) << ", got:\n"
                                       << reports::render_text(result);
}

}  // namespace interleave::gtest

#define EXPECT_HOLDS(scenario, ...) \
  EXPECT_TRUE(::interleave::gtest::holds(::interleave::check(scenario __VA_OPT__(, ) __VA_ARGS__)))
#define EXPECT_VIOLATION(kind, scenario, ...)                                                         \
  EXPECT_TRUE(::interleave::gtest::violates(::interleave::check(scenario __VA_OPT__(, ) __VA_ARGS__), \
                                            ::interleave::ViolationKind::kind))
