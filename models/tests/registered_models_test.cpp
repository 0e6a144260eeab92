// Every registered model, checked under its registered options, comes out as
// the registry says: a correct model holds, a teaching variant gives its
// violation kind. One test per model (the ctest form of `interleave gate`);
// on a mismatch, the text report of the shrunk result says what was found.
#include <gtest/gtest.h>

#include <cctype>
#include <string>
#include <vector>

#include "interleave/reports.hpp"
#include "interleave/shrink.hpp"
#include "models/check_model.hpp"
#include "models/registry.hpp"

namespace interleave {
namespace {

std::vector<std::string> registered_names() {
  std::vector<std::string> names;
  for (const Model& m : models()) names.push_back(m.name);
  return names;
}

/// The model's name as gtest spells a test: "bathroom/no-capacity" ->
/// "bathroom__no_capacity".
std::string test_name(const ::testing::TestParamInfo<std::string>& info) {
  std::string name;
  for (const char c : info.param) {
    if (c == '/')
      name += "__";
    else
      name += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  }
  return name;
}

class RegisteredModel : public ::testing::TestWithParam<std::string> {};

TEST_P(RegisteredModel, ComesOutAsExpected) {
  const Model* model = find_model(GetParam());
  ASSERT_NE(model, nullptr) << GetParam();
  Result result = check_model(*model, model->options, Counterexamples::as_found);
  if (matches_expectation(*model, result)) return;
  shrink_all(model->scenario, result, model->options);
  ADD_FAILURE() << model->name << " expected "
                << (model->expected ? "a " + std::string(to_string(*model->expected)) + " violation" : "to hold")
                << "; it came out as follows.\n"
                << reports::render_text(result);
}

INSTANTIATE_TEST_SUITE_P(Registry, RegisteredModel, ::testing::ValuesIn(registered_names()), test_name);

// The parameterised test passes vacuously over an empty catalogue (a model
// library that failed to link its registrations): there must be models.
TEST(Registry, HasAModelOfEveryPrimitive) {
  for (const char* name : {"async-to-sync",
                           "barber",
                           "barrier",
                           "bathroom",
                           "blocking-queue",
                           "counter",
                           "daemon",
                           "deferred-executor",
                           "h2o",
                           "lock-order",
                           "notify",
                           "once-init",
                           "philosophers",
                           "pipe",
                           "pool",
                           "prime-printer",
                           "print-in-order",
                           "queue",
                           "rlock",
                           "rwlock",
                           "semaphore",
                           "seqlock",
                           "smokers",
                           "spsc-ring",
                           "timer",
                           "token-bucket",
                           "uber",
                           "value"})
    EXPECT_NE(find_model(name), nullptr) << name;
}

}  // namespace
}  // namespace interleave
