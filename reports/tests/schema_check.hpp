// A checker for the subset of JSON Schema (draft 2020-12) that
// reports/schema/result.schema.json uses. No JSON Schema validator is
// packaged for us, so this one is small and strict: it knows type, const,
// enum, required, properties, additionalProperties (true/false), items and
// minimum, ignores the annotations $schema, $id, title and description, and
// reports any other keyword as unsupported rather than skip it silently.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace interleave::reports::testing {

/// Every way `value` breaks `schema`, as "path: problem" lines; empty when it
/// conforms. Unsupported keywords in the schema are reported as problems too.
std::vector<std::string> schema_errors(const nlohmann::json& schema, const nlohmann::json& value);

}  // namespace interleave::reports::testing
