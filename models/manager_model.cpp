// Models of the manager's protocol (primitives/process/manager.hpp), with
// model threads standing in for the client and server processes: a
// connection is two StreamChannels of frames (client to server, server to
// client), the server is a thread per connection (as Python's manager) whose
// requests are handled one at a time by the real ObjectTable and
// NamespaceObject (manager_protocol.hpp), under one lock for the table. The
// HMAC is a stand-in function of the key and the nonce: the models check the
// order of the protocol's steps, not the cryptography.
//   manager                       two authenticated clients write and read one Namespace
//   manager/handshake             the challenge-response both ways, then a request served
//   manager/wrong-key             a client without the key is refused; nothing it sent is served
//   manager/serve-before-check    (teaching) a server that serves what follows the answer
//                                 before checking it
//   manager/shared-connection     two threads share one connection, each round trip under the
//                                 client's lock
//   manager/shared-connection-unlocked (teaching) the same without the lock: responses swap
#if defined(__clang__)  // model_sync's mutex carries no capability: the analysis is for real_sync
#pragma clang diagnostic ignored "-Wthread-safety-analysis"
#endif

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "interleave/interleave.hpp"
#include "models/registry.hpp"
#include "primitives/process/manager_protocol.hpp"
#include "primitives/process/stream_channel.hpp"

namespace {

using interleave::model_sync;
using nlohmann::json;
namespace protocol = interleave::process::manager_protocol;

constexpr const char* kManagerPassage =
    "multiprocessing.Manager(): ns = manager.Namespace(); ns.x = 1 -- the manager's server process holds "
    "the objects; proxies in other processes call them over authenticated connections "
    "(answer_challenge / deliver_challenge with the authkey)";

/// Stands in for HMAC(key, nonce): equal for equal inputs, different for a
/// different key.
std::string mac(const std::string& key, const std::string& nonce) { return "mac(" + key + "," + nonce + ")"; }

/// One connection: a frame channel each way. A side that stops closes its
/// writing end, which the other sees as end of stream.
struct ModelConnection {
  interleave::StreamChannel<std::string, model_sync> to_server{1, "to-server"};
  interleave::StreamChannel<std::string, model_sync> to_client{1, "to-client"};
};

/// The served objects, shared by the per-connection server threads.
struct ModelServer {
  explicit ModelServer(std::string key) : key(std::move(key)) {}

  json handle(const json& request) {
    model_sync::unique_lock<model_sync::mutex> hold(table_lock);
    return table.handle(request);
  }

  /// Serves one connection: challenges the client, answers its challenge,
  /// then answers requests until the client closes. A wrong answer is
  /// refused before anything else is read -- unless ServeBeforeCheck, which
  /// serves a request that arrived behind the answer before comparing it.
  template <bool ServeBeforeCheck = false>
  void serve(ModelConnection& connection, const std::string& nonce) {
    connection.to_client.send(std::string(protocol::kChallenge) + nonce);
    const auto answer = connection.to_server.recv();
    if constexpr (ServeBeforeCheck) {
      if (const auto early = connection.to_server.recv()) connection.to_client.send(handle(json::parse(*early)).dump());
    }
    if (!answer || *answer != mac(key, nonce)) {
      connection.to_client.send(std::string(protocol::kFailure));
      connection.to_client.close_writer();
      return;
    }
    connection.to_client.send(std::string(protocol::kWelcome));
    const auto challenge = connection.to_server.recv();
    if (!challenge) return connection.to_client.close_writer();
    connection.to_client.send(mac(key, challenge->substr(protocol::kChallenge.size())));
    if (connection.to_server.recv() != std::string(protocol::kWelcome)) return connection.to_client.close_writer();
    serve_requests(connection);
  }

  /// Answers requests, in order, until the client closes.
  void serve_requests(ModelConnection& connection) {
    while (const auto frame = connection.to_server.recv())
      connection.to_client.send(handle(json::parse(*frame)).dump());
    connection.to_client.close_writer();
  }

  /// A new Namespace; its id.
  std::string create_namespace() {
    return handle({{"seq", 0u}, {"op", "create"}, {"type", "Namespace"}, {"args", json::array()}})
        .at("result")
        .get<std::string>();
  }

  json keys(const std::string& ns) {
    return handle({{"seq", 0u}, {"op", "call"}, {"object", ns}, {"method", "keys"}, {"args", json::array()}})
        .at("result");
  }

  std::string key;
  model_sync::mutex table_lock{"object-table"};
  protocol::ObjectTable table;
};

/// The client's side of the handshake; whether both ends proved the key.
bool client_handshake(ModelConnection& connection, const std::string& key, const std::string& nonce) {
  const auto challenge = connection.to_client.recv();
  if (!challenge) return false;
  connection.to_server.send(mac(key, challenge->substr(protocol::kChallenge.size())));
  if (connection.to_client.recv() != std::string(protocol::kWelcome)) return false;
  connection.to_server.send(std::string(protocol::kChallenge) + nonce);
  const bool server_holds_key = connection.to_client.recv() == mac(key, nonce);
  connection.to_server.send(std::string(server_holds_key ? protocol::kWelcome : protocol::kFailure));
  return server_holds_key;
}

/// One request and its response on `connection`.
json round_trip(ModelConnection& connection, json request) {
  connection.to_server.send(request.dump());
  const auto frame = connection.to_client.recv();
  interleave::assert_that(frame.has_value(), "the server answers every request");
  return json::parse(*frame);
}

json set_request(unsigned seq, const std::string& ns, const std::string& name, int value) {
  return {{"seq", seq}, {"op", "call"}, {"object", ns}, {"method", "set"}, {"args", {name, value}}};
}
json get_request(unsigned seq, const std::string& ns, const std::string& name) {
  return {{"seq", seq}, {"op", "call"}, {"object", ns}, {"method", "get"}, {"args", {name}}};
}

/// Two clients, each on its own authenticated connection (the handshake is
/// manager/handshake's): client i sets its name (the write is acknowledged
/// when the response arrives), then gets the other's.
/// Every acknowledged write is in the Namespace at the end, and the two gets
/// cannot both miss: whichever set was handled second came after both sets
/// were sent, so the table is linearizable.
void two_clients_share_a_namespace() {
  ModelServer server("key");
  const std::string ns = server.create_namespace();
  ModelConnection connections[2];
  const std::string names[2] = {"a", "b"};
  bool saw_other[2] = {false, false};
  std::vector<std::function<void()>> bodies;
  for (int i = 0; i < 2; ++i) {
    bodies.push_back([&, i] { server.serve_requests(connections[i]); });
    bodies.push_back([&, i] {
      auto& connection = connections[i];
      const json ack = round_trip(connection, set_request(1, ns, names[i], i + 1));
      interleave::assert_that(ack.at("seq") == 1 && !ack.contains("error"), "the set is acknowledged");
      const json got = round_trip(connection, get_request(2, ns, names[1 - i]));
      saw_other[i] = got.contains("result");
      if (saw_other[i]) interleave::assert_that(got["result"] == 2 - i, "a get returns the value the other set");
      connection.to_server.close_writer();
    });
  }
  interleave::run_together(std::move(bodies));
  interleave::assert_that(server.keys(ns) == json{"a", "b"}, "every acknowledged write is in the Namespace");
  interleave::assert_that(saw_other[0] || saw_other[1], "the two gets cannot both miss the other's acknowledged set");
}

/// A client with the key: the handshake both ways, then a set is served.
void handshake_then_request() {
  ModelServer server("key");
  const std::string ns = server.create_namespace();
  ModelConnection connection;
  interleave::run_together({
      [&] { server.serve(connection, "server-nonce"); },
      [&] {
        interleave::assert_that(client_handshake(connection, "key", "client-nonce"),
                                "a client with the key is welcomed");
        const json ack = round_trip(connection, set_request(1, ns, "x", 1));
        interleave::assert_that(ack.at("seq") == 1 && !ack.contains("error"), "the set is acknowledged");
        connection.to_server.close_writer();
      },
  });
  interleave::assert_that(server.keys(ns) == json{"x"}, "the authenticated client's write is served");
}

/// A client without the key sends its answer and, without waiting for the
/// verdict, a set request. The server refuses it before reading anything
/// else (ServeBeforeCheck: after serving what came behind the answer).
template <bool ServeBeforeCheck>
void wrong_key_is_refused() {
  ModelServer server("key");
  const std::string ns = server.create_namespace();
  ModelConnection intruder;
  bool welcomed = true;
  interleave::run_together({
      [&] { server.serve<ServeBeforeCheck>(intruder, "server-nonce"); },
      [&] {
        const auto challenge = intruder.to_client.recv();
        intruder.to_server.send(mac("guess", challenge->substr(protocol::kChallenge.size())));
        intruder.to_server.send(set_request(1, ns, "x", 666).dump());
        intruder.to_server.close_writer();
        std::optional<std::string> last;
        while (auto frame = intruder.to_client.recv()) last = std::move(frame);
        welcomed = last != std::string(protocol::kFailure);
      },
  });
  interleave::assert_that(!welcomed, "a client without the key is refused");
  interleave::assert_that(server.keys(ns) == json::array(), "nothing a refused client sent was served");
}

/// Two threads of one client process share one authenticated connection
/// (the handshake is done); each gets its own name. With Locked, a round
/// trip holds the client's lock from the send to the receipt of the
/// response, as process::Client does; without, a thread may take the
/// response to the other's request.
template <bool Locked>
void threads_share_one_connection() {
  ModelServer server("key");
  const std::string ns = server.create_namespace();
  server.handle(set_request(0, ns, "a", 1));
  server.handle(set_request(0, ns, "b", 2));
  ModelConnection connection;
  model_sync::mutex client_lock("client");
  int finished = 0;
  auto thread = [&](unsigned seq, const std::string& name, int value) {
    return [&, seq, name, value] {
      json response;
      if constexpr (Locked) {
        model_sync::unique_lock<model_sync::mutex> hold(client_lock);
        response = round_trip(connection, get_request(seq, ns, name));
      } else {
        response = round_trip(connection, get_request(seq, ns, name));
      }
      interleave::assert_that(response.at("seq") == seq && response.at("result") == value,
                              "each thread receives the response to its own request");
      model_sync::unique_lock<model_sync::mutex> hold(client_lock);
      if (++finished == 2) connection.to_server.close_writer();
    };
  };
  interleave::run_together({
      [&] {
        while (const auto frame = connection.to_server.recv())
          connection.to_client.send(server.handle(json::parse(*frame)).dump());
      },
      thread(1, "a", 1),
      thread(2, "b", 2),
  });
}

const interleave::Options kExhaustive{.strategy = interleave::Strategy::dpor, .stack_size = 256 * 1024};
// Two connections multiply each other's orders; the channels' wait loops are
// checked against spurious wake-ups by the one-connection models (and pipe),
// so this one explores none (6,144 executions instead of 67,584).
const interleave::Options kExhaustiveNoSpurious{
    .strategy = interleave::Strategy::dpor, .max_spurious_wakeups = 0, .stack_size = 256 * 1024};

// Why these models have no real-thread scenario.
constexpr const char* kModelOnly =
    "model threads stand in for the manager's processes and sockets (properties/manager_test.cpp runs the real "
    "server and clients)";

const bool registered = [] {
  interleave::register_model({
      .name = "manager",
      .primitive = "manager",
      .summary = "Two authenticated clients on their own connections (a server thread each) each set their name "
                 "and get the other's: every acknowledged write is in the Namespace, and the gets do not both miss.",
      .passage = kManagerPassage,
      .expected = std::nullopt,
      .scenario = two_clients_share_a_namespace,
      .options = kExhaustiveNoSpurious,
      .model_only = kModelOnly,
  });
  interleave::register_model({
      .name = "manager/handshake",
      .primitive = "manager",
      .summary = "A client with the key answers the server's challenge, challenges the server back, and then its "
                 "set is served.",
      .passage = kManagerPassage,
      .expected = std::nullopt,
      .scenario = handshake_then_request,
      .options = kExhaustive,
      .model_only = kModelOnly,
  });
  interleave::register_model({
      .name = "manager/wrong-key",
      .primitive = "manager",
      .summary = "A client without the key sends its answer and a set without waiting for the verdict: it is "
                 "refused and nothing it sent is served.",
      .passage = kManagerPassage,
      .expected = std::nullopt,
      .scenario = wrong_key_is_refused<false>,
      .options = kExhaustive,
      .model_only = kModelOnly,
  });
  interleave::register_model({
      .name = "manager/serve-before-check",
      .primitive = "manager",
      .summary = "The same intruder, against a server that reads the frame behind the answer and serves it before "
                 "comparing the answer with the HMAC.",
      .flaw = "Authentication must come before the first object is served: a client may send requests right behind "
              "its answer without waiting for the verdict, so a server that handles what it has read before the "
              "check lets a client without the key write to the Namespace (it is refused only afterwards).",
      .passage = kManagerPassage,
      .expected = interleave::ViolationKind::assertion,
      .scenario = wrong_key_is_refused<true>,
      .options = kExhaustive,
      .model_only = kModelOnly,
  });
  interleave::register_model({
      .name = "manager/shared-connection",
      .primitive = "manager",
      .summary = "Two threads share one connection; each round trip (send, then receive the response) holds the "
                 "client's lock: each thread receives the response to its own request.",
      .passage = kManagerPassage,
      .expected = std::nullopt,
      .scenario = threads_share_one_connection<true>,
      .options = kExhaustive,
      .model_only = kModelOnly,
  });
  interleave::register_model({
      .name = "manager/shared-connection-unlocked",
      .primitive = "manager",
      .summary = "Two threads share one connection and make their round trips without a lock.",
      .flaw = "Responses come back in the order the requests were sent, not to the thread that sent them: thread "
              "A sends, thread B sends, and B, first to read, takes the response to A's request (and A takes B's). "
              "A proxy needs one connection per thread (Python's proxies keep a thread-local one) or a lock over "
              "the whole round trip.",
      .passage = kManagerPassage,
      .expected = interleave::ViolationKind::assertion,
      .scenario = threads_share_one_connection<false>,
      .options = kExhaustive,
      .model_only = kModelOnly,
  });
  return true;
}();

}  // namespace
