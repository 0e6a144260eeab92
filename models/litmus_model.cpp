// The litmus cases of models/litmus_catalogue.hpp as models, one per shape
// and order, named "litmus/SHAPE/ORDERS". Each runs its program once per
// execution and asserts that the outcome is one RC11 allows. Where RC11
// forbids the shape's weak outcome the model must hold; where it allows it
// (a weaker order), the model is a teaching variant that also asserts the
// weak outcome never appears, and the search finds the execution that
// shows it.
#include <map>

#include "interleave/interleave.hpp"
#include "models/litmus_catalogue.hpp"
#include "models/registry.hpp"

namespace {

using interleave::litmus::Case;

constexpr const char* kPassage =
    "Litmus tests: small programs whose set of possible outcomes shows what a memory model allows.";

/// What the weak outcome of each shape means, as the failing assertion says it.
const std::map<std::string, std::string>& weak_meaning() {
  static const std::map<std::string, std::string> m = {
      {"mp", "stale data: the flag was seen set but the data it publishes was not"},
      {"sb", "both threads read the other's location before the other's store"},
      {"lb", "each load read the store that comes after the other load"},
      {"iriw", "the two readers saw the independent writes in opposite orders"},
      {"2+2w", "both locations ended with the first thread's value, against program order"},
      {"wrc", "the third thread saw y, which follows a read of x=1, and then x=0"},
      {"isa2", "the last thread saw z, which follows x=1 through y, and then x=0"},
      {"r", "x=0 was read after y=2, which follows y=1, which follows x=1"},
      {"s", "x=1 was ordered before x=2 although it follows a read of y=1 that follows x=2"},
      {"corr", "one thread read x=1 and then the older x=0"},
      {"corw", "a load read a store that follows its own thread's later store"},
      {"cowr", "a load missed its own thread's earlier store"},
      {"coww", "a reader saw x=2 and then x=1, against program order"},
      {"z6.u", "x=0 was read after y=3, which follows a fetch-add that read y=1, which follows x=1"},
  };
  return m;
}

void run_case(const Case& c) {
  const interleave::litmus::Outcome out = interleave::litmus::run_litmus(c.program);
  interleave::assert_that(c.allowed.count(out) != 0, "an outcome RC11 forbids");
  interleave::assert_that(out != c.weak, weak_meaning().at(c.shape));
}

std::string shape_summary(const Case& c) {
  std::string s = "The " + c.shape + " litmus test with " + c.orders + " ordering: ";
  return s + (c.weak_allowed() ? "the weak outcome can appear (" : "the weak outcome never appears (") + c.why + ").";
}

const bool registered = [] {
  for (const Case& c : interleave::litmus::litmus_cases()) {
    interleave::Model m{
        .name = "litmus/" + c.shape + "/" + c.orders,
        .primitive = "litmus",
        .summary = shape_summary(c),
        .passage = kPassage,
        .expected = std::nullopt,
        .scenario = [c] { run_case(c); },
        .options = {.strategy = interleave::Strategy::dfs},
    };
    if (c.weak_allowed()) {
      m.flaw = "With " + c.orders + " ordering RC11 allows the weak outcome: " + weak_meaning().at(c.shape) + ".";
      m.expected = interleave::ViolationKind::assertion;
    }
    m.model_only =
        "a litmus outcome is a value a read may see under the C++ memory model; the model enumerates them, real "
        "threads show only what the hardware does";
    interleave::register_model(std::move(m));
  }
  return true;
}();

}  // namespace
