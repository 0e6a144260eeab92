// The JSON Schema subset checker (see schema_check.hpp).
#include "schema_check.hpp"

#include <set>

namespace interleave::reports::testing {

using nlohmann::json;

namespace {

bool has_type(const json& value, const std::string& type) {
  if (type == "object") return value.is_object();
  if (type == "array") return value.is_array();
  if (type == "string") return value.is_string();
  if (type == "integer") return value.is_number_integer();
  if (type == "number") return value.is_number();
  if (type == "boolean") return value.is_boolean();
  if (type == "null") return value.is_null();
  return false;
}

void check(const json& schema, const json& value, const std::string& path, std::vector<std::string>& errors) {
  static const std::set<std::string> known = {"type",       "const", "enum",        "required",
                                              "properties", "items", "minimum",     "$schema",
                                              "$id",        "title", "description", "additionalProperties"};
  for (const auto& [key, _] : schema.items())
    if (!known.count(key)) errors.push_back(path + ": unsupported schema keyword '" + key + "'");

  if (schema.contains("type")) {
    const json& t = schema["type"];
    bool ok = false;
    if (t.is_string()) ok = has_type(value, t.get<std::string>());
    for (const auto& alt : t.is_array() ? t : json::array()) ok = ok || has_type(value, alt.get<std::string>());
    if (!ok) {
      errors.push_back(path + ": expected type " + t.dump() + ", got " + value.type_name());
      return;
    }
  }
  if (schema.contains("const") && value != schema["const"])
    errors.push_back(path + ": expected " + schema["const"].dump() + ", got " + value.dump());
  if (schema.contains("enum")) {
    bool found = false;
    for (const auto& option : schema["enum"]) found = found || option == value;
    if (!found) errors.push_back(path + ": " + value.dump() + " is not one of " + schema["enum"].dump());
  }
  if (schema.contains("minimum") && value.is_number() && value.get<double>() < schema["minimum"].get<double>())
    errors.push_back(path + ": " + value.dump() + " is below the minimum " + schema["minimum"].dump());
  if (value.is_object()) {
    for (const auto& name : schema.value("required", json::array()))
      if (!value.contains(name.get<std::string>()))
        errors.push_back(path + ": missing required field '" + name.get<std::string>() + "'");
    const json properties = schema.value("properties", json::object());
    for (const auto& [name, member] : value.items()) {
      if (properties.contains(name))
        check(properties[name], member, path + "." + name, errors);
      else if (schema.value("additionalProperties", true) == false)
        errors.push_back(path + ": field '" + name + "' is not in the schema");
    }
  }
  if (value.is_array() && schema.contains("items"))
    for (std::size_t i = 0; i < value.size(); ++i)
      check(schema["items"], value[i], path + "[" + std::to_string(i) + "]", errors);
}

}  // namespace

std::vector<std::string> schema_errors(const json& schema, const json& value) {
  std::vector<std::string> errors;
  check(schema, value, "$", errors);
  return errors;
}

}  // namespace interleave::reports::testing
