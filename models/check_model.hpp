// Checking a registered model: the one path `interleave check`, `explain`,
// `gallery` and `gate`, and the model tests, take.
#pragma once

#include "interleave/check.hpp"
#include "interleave/options.hpp"
#include "interleave/result.hpp"
#include "models/registry.hpp"

namespace interleave {

/// Whether a check's counterexamples are shrunk before they are returned.
enum class Counterexamples {
  shrunk,    ///< the fewest preemptions, then the fewest steps (as reports show them)
  as_found,  ///< as the search found them (the gate needs only the kinds)
};

/// Checks `model` under `options` (its registered options, or those with
/// command-line overrides), names the result after the model and shrinks
/// its counterexamples unless told not to. `listener` sees the progress.
Result check_model(const Model& model, const Options& options,
                   Counterexamples counterexamples = Counterexamples::shrunk, Listener* listener = nullptr);

}  // namespace interleave
