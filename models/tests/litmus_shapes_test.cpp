// The litmus cases of models/litmus_catalogue.hpp: for each, the outcomes
// the RC11 enumerator finds and the outcomes the model checker observes
// must both equal the set the catalogue cites.
#include <gtest/gtest.h>

#include "models/litmus_catalogue.hpp"
#include "models/tests/litmus_outcomes.hpp"
#include "models/tests/rc11_enumerator.hpp"

namespace interleave::litmus {

/// Names the case in failure messages (gtest would print its bytes).
void PrintTo(const Case& c, std::ostream* os) { *os << c.shape << " " << c.orders; }

class LitmusShapes : public ::testing::TestWithParam<Case> {};

TEST_P(LitmusShapes, ObservedOutcomesAreExactlyRc11s) {
  const Case& c = GetParam();
  EXPECT_EQ(rc11_outcomes(c.program), c.allowed) << "the enumerator disagrees with the cited set: " << c.why;
  EXPECT_EQ(observed_outcomes(c.program), c.allowed) << "the model checker's outcomes are not RC11's: " << c.why;
}

std::string case_name(const ::testing::TestParamInfo<Case>& info) {
  std::string n = info.param.shape + "_" + info.param.orders;
  for (char& ch : n)
    if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
  return n;
}

INSTANTIATE_TEST_SUITE_P(Classic, LitmusShapes, ::testing::ValuesIn(litmus_cases()), case_name);

}  // namespace interleave::litmus
