// Models of the cigarette smokers (primitives/cigarette_smokers.hpp): the
// agent makes two offers, for smoker 0 then smoker 1; each of them smokes
// once. (Smoker 2 is left out to keep the search small: the rule and the
// naive version's trap need only two smokers.)
#include <vector>

#include "interleave/interleave.hpp"
#include "models/registry.hpp"
#include "primitives/cigarette_smokers.hpp"

namespace {

using interleave::model_sync;
using interleave::real_sync;
using interleave::SmokersFlaw;

constexpr const char* kPassage =
    "Deadlocks occur when two or more threads aren't able to make any progress because the resource required "
    "by the first thread is held by the second ... (the cigarette smokers, a problem every course teaches).";

template <class S, SmokersFlaw Flaw>
void two_rounds() {
  interleave::SmokersTable<S, Flaw> table;
  int offered[3] = {0, 0, 0}, smoked[3] = {0, 0, 0};
  typename S::thread agent([&] {
    for (int missing : {0, 1}) {
      ++offered[missing];  // counted before it is on the table
      table.offer(missing);
    }
  });
  std::vector<typename S::thread> smokers;
  for (int i = 0; i < 2; ++i)
    smokers.emplace_back([&, i] {
      table.smoke(i);
      S::assert_that(offered[i] > smoked[i], "only the smoker holding the third ingredient smokes");
      ++smoked[i];
    });
  agent.join();
  for (auto& s : smokers) s.join();
  for (int i = 0; i < 2; ++i) S::assert_that(smoked[i] == 1, "each smoker smoked its one offer");
}

const bool registered = [] {
  interleave::register_model({
      .name = "smokers",
      .primitive = "smokers",
      .summary = "Two offers, for smokers 0 and 1: only the smoker who lacks the pair smokes; no deadlock.",
      .passage = kPassage,
      .expected = std::nullopt,
      .scenario = [] { two_rounds<model_sync, SmokersFlaw::none>(); },
      .options = {.strategy = interleave::Strategy::dpor},
      .real_scenario = [] { two_rounds<real_sync, SmokersFlaw::none>(); },
  });
  interleave::register_model({
      .name = "smokers/naive",
      .primitive = "smokers",
      .summary = "One semaphore per ingredient; each smoker takes its two ingredients one at a time.",
      .flaw = "The agent releases two ingredient semaphores. The smoker who needs both takes the first; another "
              "smoker, who needs the second plus one that is not out, takes the second. Each holds half of the "
              "offer and waits for the other half; the agent waits for a smoke that never comes: deadlock.",
      .passage = kPassage,
      .expected = interleave::ViolationKind::deadlock,
      .scenario = [] { two_rounds<model_sync, SmokersFlaw::naive>(); },
      .options = {.strategy = interleave::Strategy::dpor},
      .real_scenario = [] { two_rounds<real_sync, SmokersFlaw::naive>(); },
  });
  return true;
}();

}  // namespace
