#include "models/registry.hpp"

#include <algorithm>
#include <stdexcept>

namespace interleave {
namespace {

std::vector<Model>& catalogue() {
  static std::vector<Model> all;
  return all;
}
bool sorted = false;

}  // namespace

bool register_model(Model model) {
  if (find_model(model.name)) throw std::logic_error("model registered twice: " + model.name);
  catalogue().push_back(std::move(model));
  sorted = false;
  return true;
}

const std::vector<Model>& models() {
  if (!sorted) {
    std::sort(catalogue().begin(), catalogue().end(), [](const Model& a, const Model& b) { return a.name < b.name; });
    sorted = true;
  }
  return catalogue();
}

const Model* find_model(const std::string& name) {
  for (const Model& m : catalogue())
    if (m.name == name) return &m;
  return nullptr;
}

bool matches_expectation(const Model& model, const Result& result) {
  if (!model.expected) return result.verdict == Verdict::holds;
  return result.verdict == Verdict::violated && result.has(*model.expected);
}

}  // namespace interleave
