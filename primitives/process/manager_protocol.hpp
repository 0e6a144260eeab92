// The manager's protocol, apart from the transport: the handshake's messages,
// the requests and responses, and the table of objects the server serves.
// Header-only (nlohmann-json only), so the model of the protocol
// (models/manager_model.cpp) dispatches requests with this very code.
//
// Handshake (as Python's multiprocessing.connection deliver_challenge and
// answer_challenge, in both directions): the server sends "#CHALLENGE#" and
// a random nonce; the client answers HMAC-SHA256(key, nonce); the server
// replies "#WELCOME#" or "#FAILURE#" (and then closes). Then the client
// challenges the server the same way, so that neither end serves or trusts
// a peer that does not hold the key.
//
// Requests, after the handshake, are JSON objects with a sequence number
// that the response echoes:
//   {"seq": n, "op": "create", "type": T, "args": [...]}   -> {"seq": n, "result": "<object id>"}
//   {"seq": n, "op": "call", "object": id, "method": M, "args": [...]}
//                                                          -> {"seq": n, "result": ...}
//   {"seq": n, "op": "shutdown"}                           -> {"seq": n, "result": null}, then the server stops
// A well-formed request that fails (no such object, type or method, a
// missing name) is answered {"seq": n, "error": "what"}; a malformed one
// (not JSON, not an object, a field missing or of the wrong type) is
// MalformedRequest, and the server closes that connection.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

namespace interleave::process::manager_protocol {

using json = nlohmann::json;

inline constexpr std::string_view kChallenge = "#CHALLENGE#";
inline constexpr std::string_view kWelcome = "#WELCOME#";
inline constexpr std::string_view kFailure = "#FAILURE#";
/// Bytes of random nonce in a challenge, and of an HMAC-SHA256 answer.
inline constexpr std::size_t kNonceBytes = 32;
inline constexpr std::size_t kDigestBytes = 32;
/// The largest handshake message either end accepts.
inline constexpr std::size_t kMaxHandshakeBytes = 256;

/// A request the server cannot even read: it closes the connection.
struct MalformedRequest : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// An object the server holds; clients call its methods through proxies.
/// `call` throws (any std::exception) to answer with an error.
class ServedObject {
 public:
  virtual ~ServedObject() = default;
  virtual json call(const std::string& method, const json& args) = 0;
};

/// Makes a served object from the create request's arguments.
using ObjectFactory = std::function<std::unique_ptr<ServedObject>(const json& args)>;

/// Python's manager Namespace: string-keyed JSON values.
///   set(name, value)   -> null
///   get(name)          -> the value; an error if no such name
///   delete(name)       -> null; an error if no such name
///   keys()             -> the names, sorted
class NamespaceObject : public ServedObject {
 public:
  json call(const std::string& method, const json& args) override {
    if (method == "set") {
      values_[name(args, 2)] = args.at(1);
      return nullptr;
    }
    if (method == "get") {
      const auto found = values_.find(name(args, 1));
      if (found == values_.end()) throw std::out_of_range("Namespace has no name '" + args[0].get<std::string>() + "'");
      return found->second;
    }
    if (method == "delete") {
      if (values_.erase(name(args, 1)) == 0)
        throw std::out_of_range("Namespace has no name '" + args[0].get<std::string>() + "'");
      return nullptr;
    }
    if (method == "keys") {
      json keys = json::array();
      for (const auto& [key, value] : values_) keys.push_back(key);
      return keys;
    }
    throw std::invalid_argument("Namespace has no method '" + method + "'");
  }

 private:
  static const std::string& name(const json& args, std::size_t arity) {
    if (args.size() != arity || !args[0].is_string())
      throw std::invalid_argument("Namespace: expected a name and " + std::to_string(arity - 1) + " value(s)");
    return args[0].get_ref<const std::string&>();
  }

  std::map<std::string, json> values_;
};

/// The server's objects and the types it can create. Not synchronised: the
/// server handles one request at a time.
class ObjectTable {
 public:
  ObjectTable() {
    register_type("Namespace", [](const json&) { return std::make_unique<NamespaceObject>(); });
  }

  void register_type(std::string name, ObjectFactory factory) {
    if (!factories_.emplace(std::move(name), std::move(factory)).second)
      throw std::logic_error("ObjectTable::register_type: duplicate type");
  }

  /// Whether `request` asks the server to stop (after it is answered).
  static bool is_shutdown(const json& request) {
    return field(request, "op").get_ref<const std::string&>() == "shutdown";
  }

  /// The response to a create or call request (or to shutdown: null).
  /// Throws MalformedRequest for a request that cannot be read.
  json handle(const json& request) {
    const json& op = field(request, "op");
    json response{{"seq", field(request, "seq")}};
    if (!response["seq"].is_number_unsigned()) throw MalformedRequest("seq is not an unsigned number");
    try {
      response["result"] = dispatch(op.get_ref<const std::string&>(), request);
    } catch (const MalformedRequest&) {
      throw;
    } catch (const std::exception& e) {
      response.erase("result");
      response["error"] = e.what();
    }
    return response;
  }

  std::size_t size() const { return objects_.size(); }

 private:
  json dispatch(const std::string& op, const json& request) {
    if (op == "shutdown") return nullptr;
    if (op == "create") {
      const auto& type = string_field(request, "type");
      const json& args = array_field(request, "args");
      const auto factory = factories_.find(type);
      if (factory == factories_.end()) throw std::invalid_argument("no type '" + type + "' registered");
      std::string id = type + "-" + std::to_string(++created_);
      objects_.emplace(id, factory->second(args));
      return id;
    }
    if (op == "call") {
      const auto& id = string_field(request, "object");
      const auto& method = string_field(request, "method");
      const json& args = array_field(request, "args");
      const auto object = objects_.find(id);
      if (object == objects_.end()) throw std::out_of_range("no object '" + id + "'");
      return object->second->call(method, args);
    }
    throw MalformedRequest("unknown op");
  }

  static const json& field(const json& request, const char* name) {
    if (!request.is_object()) throw MalformedRequest("request is not a JSON object");
    const auto found = request.find(name);
    if (found == request.end()) throw MalformedRequest(std::string("request has no ") + name);
    if (std::string_view(name) == "op" && !found->is_string()) throw MalformedRequest("op is not a string");
    return *found;
  }
  static const std::string& string_field(const json& request, const char* name) {
    const json& value = field(request, name);
    if (!value.is_string()) throw MalformedRequest(std::string(name) + " is not a string");
    return value.get_ref<const std::string&>();
  }
  static const json& array_field(const json& request, const char* name) {
    const json& value = field(request, name);
    if (!value.is_array()) throw MalformedRequest(std::string(name) + " is not an array");
    return value;
  }

  std::map<std::string, ObjectFactory> factories_;
  std::map<std::string, std::unique_ptr<ServedObject>> objects_;
  unsigned long created_ = 0;
};

}  // namespace interleave::process::manager_protocol
