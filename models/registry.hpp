// The catalogue of models: each primitive's scenario, its invariants (inside
// the scenario), and its expected outcome. The CLI, the gate and the gallery
// read it.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "interleave/options.hpp"
#include "interleave/result.hpp"

namespace interleave {

/// One registered model. A teaching variant is named "primitive/flaw" and
/// expects a violation kind; a correct one expects none.
struct Model {
  std::string name;                       ///< "bathroom", "bathroom/no-capacity"
  std::string primitive;                  ///< "bathroom"
  std::string summary;                    ///< what the model checks, one sentence
  std::string flaw;                       ///< teaching variants: the bug, one paragraph
  std::string passage;                    ///< the notes' passage it comes from
  std::optional<ViolationKind> expected;  ///< nullopt: must hold
  std::function<void()> scenario;         ///< body of model thread 0
  Options options;                        ///< the configuration the gate checks
  /// The same scenario instantiated with real_sync: run on std::threads by
  /// `interleave stress` (under ThreadSanitizer in the tsan-models preset).
  std::function<void()> real_scenario;
  /// Why there is no real_scenario: the model needs the model checker (virtual
  /// time, Sync::choose, weak-memory outcomes, ...). Empty when there is one.
  std::string model_only;
};

/// Adds a model; returns true so it can initialize a static. Names are unique.
bool register_model(Model model);
/// Every registered model, sorted by name.
const std::vector<Model>& models();
/// The model named `name`, or nullptr.
const Model* find_model(const std::string& name);

/// Did `result` come out as `model` expects?
bool matches_expectation(const Model& model, const Result& result);

}  // namespace interleave
