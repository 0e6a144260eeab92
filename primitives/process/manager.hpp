// Manager: an object server on a loopback TCP port serving objects -- a
// Namespace, or any registered type -- to clients in other processes through
// proxies, as Python's multiprocessing managers (SyncManager, Namespace).
//
//   Manager manager;                      // a random 32-byte authkey, or Manager("key")
//   manager.start();                      // forks the server process
//   NamespaceProxy ns = manager.Namespace();
//   ns.set("x", 1);                       // a request and its response
//   Process child([&] {                   // any process holding address, key and id:
//     NamespaceProxy mine(connect(manager.address(), manager.authkey()), ns.id());
//     mine.set("y", mine.get<int>("x") + 1);
//   });
//   ...
//   manager.shutdown();                   // or the destructor
//
// Each connection is authenticated both ways by challenge-response with
// HMAC-SHA256 over the shared key (manager_protocol.hpp); a peer without the
// key is refused (AuthenticationError) before any object is served. Messages
// are length-prefixed frames (4 bytes, native order: both ends are on one
// machine) of JSON text; a frame longer than ManagerLimits::max_message_bytes,
// or one that is cut short, not JSON, or not a request, closes that
// connection; the server goes on serving the others.
//
// A Client is one connection; its round trips are serialised by a mutex, so
// threads may share it (two unlocked round trips on one connection could take
// each other's responses: the "manager/shared-connection" teaching model), and
// a response whose sequence number is not the request's is a ProtocolError. A
// Client used in a forked child opens its own connection there (the parent's
// socket is not shared), as Python's proxies do after fork.
//
// A request longer than the server's frame limit closes the connection: the
// call throws ProtocolError and that Client is unusable (connect again). A
// response over the limit is answered with an error instead.
//
// Objects live on the server until it stops (there is no reference counting
// of proxies). The server handles one request at a time (a single-threaded
// Asio loop), so an object's methods need no lock.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "primitives/process/manager_protocol.hpp"
#include "primitives/process/pipe.hpp"
#include "primitives/process/process.hpp"

namespace interleave::process {

using manager_protocol::ObjectFactory;
using manager_protocol::ServedObject;

struct ManagerAddress {
  std::string host = "127.0.0.1";
  std::uint16_t port = 0;
};

struct ManagerLimits {
  /// The longest request (or response) frame; a longer one closes the connection.
  std::uint32_t max_message_bytes = 1u << 20;
  /// A connection that has not completed the handshake by then is closed.
  std::chrono::milliseconds handshake_timeout{5000};
  /// Connections beyond this many are closed as soon as they are accepted.
  int max_connections = 256;
};

/// The peer does not hold the key (or did not follow the handshake).
struct AuthenticationError : std::runtime_error {
  using std::runtime_error::runtime_error;
};
/// The server answered the request with an error (no such object, method or name).
struct RemoteError : std::runtime_error {
  using std::runtime_error::runtime_error;
};
/// The connection broke, or a response did not match its request.
struct ProtocolError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// A random key of `bytes` bytes (OpenSSL RAND_bytes).
std::string random_authkey(std::size_t bytes = 32);
/// HMAC-SHA256(key, message), 32 bytes.
std::string hmac_sha256(const std::string& key, std::string_view message);

/// The object server itself: serve_forever() runs it in the calling thread
/// until a shutdown request or stop() (from any thread). Manager::start runs
/// one in a child process; a test or a program may run one in a thread.
class Server {
 public:
  /// Binds 127.0.0.1 on `port` (0: any free port). The key must not be empty.
  Server(std::string authkey, ManagerLimits limits = {}, std::uint16_t port = 0);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  /// Before serve_forever: objects of this type can then be created.
  void register_type(std::string name, ObjectFactory factory);
  ManagerAddress address() const;
  void serve_forever();
  void stop();

  struct Impl;  // the Asio loop and the objects (manager.cpp)

 private:
  std::unique_ptr<Impl> impl_;
};

/// One authenticated connection to a server.
class Client {
 public:
  /// Connects and authenticates both ways; AuthenticationError if either
  /// end lacks the key, std::system_error if nothing listens there.
  Client(ManagerAddress address, std::string authkey);
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  /// Creates an object of a registered type on the server; its id.
  std::string create(const std::string& type, const nlohmann::json& args = nlohmann::json::array());
  /// Calls a method of a served object; its result (RemoteError if the
  /// server answers with an error).
  nlohmann::json call(const std::string& object, const std::string& method,
                      const nlohmann::json& args = nlohmann::json::array());
  /// Asks the server to stop once it has answered.
  void shutdown_server();

 private:
  nlohmann::json round_trip(nlohmann::json request);
  void connect_here();

  ManagerAddress address_;
  std::string authkey_;
  std::mutex mutex_;
  Connection connection_;
  pid_t owner_ = -1;  // the process that opened connection_
  std::uint64_t seq_ = 0;
};

/// A new authenticated connection (shared by the proxies built on it).
std::shared_ptr<Client> connect(const ManagerAddress& address, const std::string& authkey);

/// A handle on one served object; calls are request/response round trips.
class Proxy {
 public:
  Proxy(std::shared_ptr<Client> client, std::string id) : client_(std::move(client)), id_(std::move(id)) {}
  nlohmann::json call(const std::string& method, const nlohmann::json& args = nlohmann::json::array()) const {
    return client_->call(id_, method, args);
  }
  const std::string& id() const { return id_; }

 private:
  std::shared_ptr<Client> client_;
  std::string id_;
};

/// A proxy on a served Namespace.
class NamespaceProxy : public Proxy {
 public:
  using Proxy::Proxy;
  template <class T>
  void set(const std::string& name, const T& value) const {
    call("set", {name, value});
  }
  template <class T = nlohmann::json>
  T get(const std::string& name) const {
    return call("get", {name}).template get<T>();
  }
  void del(const std::string& name) const { call("delete", {name}); }
  std::vector<std::string> keys() const { return call("keys").get<std::vector<std::string>>(); }
};

/// Starts a Server in a child process and hands out proxies on its objects.
class Manager {
 public:
  /// The key must not be empty.
  explicit Manager(std::string authkey = random_authkey(), ManagerLimits limits = {});
  ~Manager();
  Manager(const Manager&) = delete;
  Manager& operator=(const Manager&) = delete;

  /// Before start: objects of this type can then be created.
  void register_type(std::string name, ObjectFactory factory);
  /// Forks the server process and waits (at most 10 s) for its address.
  /// The server is killed when the thread that called start ends
  /// (PR_SET_PDEATHSIG), so that it never outlives a process killed without
  /// a shutdown: call it from a thread that outlives the manager.
  void start();
  ManagerAddress address() const;
  const std::string& authkey() const { return authkey_; }

  /// A new Namespace on the server, and a proxy on it.
  NamespaceProxy Namespace();
  /// A new object of a registered type, and a proxy on it.
  Proxy create(const std::string& type, const nlohmann::json& args = nlohmann::json::array());

  /// Asks the server to stop and reaps it (killing it if it has not ended
  /// within 5 s). Idempotent.
  void shutdown();
  /// The server process's exit code once shut down (0 after a clean stop).
  std::optional<int> exitcode();

 private:
  std::shared_ptr<Client> client();

  std::string authkey_;
  ManagerLimits limits_;
  std::vector<std::pair<std::string, ObjectFactory>> types_;
  std::optional<Process> server_;
  ManagerAddress address_;
  std::shared_ptr<Client> client_;
};

}  // namespace interleave::process
