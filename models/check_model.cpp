// See check_model.hpp.
#include "models/check_model.hpp"

#include "interleave/shrink.hpp"

namespace interleave {

Result check_model(const Model& model, const Options& options, Counterexamples counterexamples, Listener* listener) {
  Result result = check(model.scenario, options, listener);
  result.model = model.name;
  if (counterexamples == Counterexamples::shrunk) shrink_all(model.scenario, result, options);
  return result;
}

}  // namespace interleave
