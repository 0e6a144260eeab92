// See check_model.hpp.
#include "models/check_model.hpp"

#include "interleave/shrink.hpp"

namespace interleave {

namespace {

/// The executions a report's search for what a data race leads to may take.
constexpr std::uint64_t kConsequenceBudget = 20'000;

/// A data race is a cause; what it breaks (a lost update failing an
/// assertion, an invariant) is the lesson. When a search stopped at a race
/// alone, search on past it, within a budget, for the first violation of
/// another kind, and add it: a report then shows both the racing accesses and
/// an interleaving where the race does its damage.
void add_what_a_race_leads_to(const Model& model, const Options& options, Result& result) {
  if (options.keep_going || result.violations.size() != 1 || result.violations[0].kind != ViolationKind::data_race)
    return;
  Options on = options;
  on.keep_going = true;
  on.budget_executions = kConsequenceBudget;
  on.jobs = 1;
  const Result further = check(model.scenario, on);
  for (const Violation& v : further.violations)
    if (v.kind != ViolationKind::data_race) {
      result.violations.push_back(v);
      return;
    }
}

}  // namespace

Result check_model(const Model& model, const Options& options, Counterexamples counterexamples, Listener* listener) {
  Result result = check(model.scenario, options, listener);
  result.model = model.name;
  if (counterexamples == Counterexamples::shrunk) {
    add_what_a_race_leads_to(model, options, result);
    shrink_all(model.scenario, result, options);
  }
  return result;
}

}  // namespace interleave
