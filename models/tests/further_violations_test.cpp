// Teaching variants whose flaw shows as more than the kind they are
// registered for: the search finds the further violations too.
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

#include "interleave/interleave.hpp"
#include "models/registry.hpp"

namespace interleave {
namespace {

// Past the race, the unlocked counter also loses an update: the final count
// assertion fails in some interleaving.
TEST(CounterUnlocked, AlsoLosesAnUpdate) {
  const Model* model = find_model("counter/unlocked");
  ASSERT_NE(model, nullptr);
  Options options = model->options;
  options.keep_going = true;
  const Result result = check(model->scenario, options);
  EXPECT_TRUE(result.has(ViolationKind::data_race));
  EXPECT_TRUE(result.has(ViolationKind::assertion));
}

// The stray release also leaves the owner's last release with nothing to
// release: an exception, found in the same search.
TEST(RLockNoOwnerCheck, AlsoMakesTheOwnersLastReleaseThrow) {
  const Model* model = find_model("rlock/no-owner-check");
  ASSERT_NE(model, nullptr);
  const Result result = check(model->scenario, model->options);
  EXPECT_TRUE(result.has(ViolationKind::exception));
  EXPECT_TRUE(result.has(ViolationKind::invariant));
}

/// The registered model `name`, searched past its first violation.
Result keep_going(const std::string& name) {
  const Model* model = find_model(name);
  if (!model) throw std::invalid_argument("no model " + name);
  Options options = model->options;
  options.keep_going = true;
  return check(model->scenario, options);
}

// Past the race, the plain test-then-set lets both threads in.
TEST(SpinLockPlainFlag, AlsoLetsTwoThreadsIn) {
  const Result result = keep_going("spin-lock/plain-flag");
  EXPECT_TRUE(result.has(ViolationKind::data_race));
  EXPECT_TRUE(result.has(ViolationKind::invariant));
}

// Past the race, two threads holding the same ticket enter together.
TEST(TicketLockPlainNext, AlsoLetsTwoThreadsIn) {
  const Result result = keep_going("ticket-lock/plain-next");
  EXPECT_TRUE(result.has(ViolationKind::data_race));
  EXPECT_TRUE(result.has(ViolationKind::invariant));
}

}  // namespace
}  // namespace interleave
