// Shared by the model tests: runs a registered model under its own options and
// says whether it came out as it expects, with the verdict and violations
// when not.
#pragma once

#include <gtest/gtest.h>

#include "interleave/interleave.hpp"
#include "models/registry.hpp"

namespace interleave::testing {

inline ::testing::AssertionResult comes_out_as_expected(const char* name) {
  const Model* model = find_model(name);
  if (!model) return ::testing::AssertionFailure() << "no model named " << name;
  const Result result = check(model->scenario, model->options);
  if (matches_expectation(*model, result)) return ::testing::AssertionSuccess();
  auto failure = ::testing::AssertionFailure();
  failure << name << ": verdict " << to_string(result.verdict) << " after " << result.stats.executions
          << " executions; " << result.note;
  for (const auto& v : result.violations) failure << "\n  " << to_string(v.kind) << ": " << v.message;
  return failure;
}

}  // namespace interleave::testing
