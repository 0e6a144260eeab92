// The manager's server (a single-threaded Boost.Asio loop, one Session per
// connection), its client (blocking, over process::Connection's framing) and
// the Manager that runs the server in a child process. See manager.hpp.
#include "primitives/process/manager.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <boost/asio.hpp>
#include <cerrno>
#include <cstring>
#include <system_error>

namespace interleave::process {

namespace asio = boost::asio;
using asio::ip::tcp;
using nlohmann::json;
namespace protocol = manager_protocol;

std::string random_authkey(std::size_t bytes) {
  std::string key(bytes, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(key.data()), static_cast<int>(bytes)) != 1)
    throw std::runtime_error("RAND_bytes failed");
  return key;
}

std::string hmac_sha256(const std::string& key, std::string_view message) {
  std::string digest(EVP_MAX_MD_SIZE, '\0');
  unsigned int size = 0;
  if (!HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
            reinterpret_cast<const unsigned char*>(message.data()), message.size(),
            reinterpret_cast<unsigned char*>(digest.data()), &size))
    throw std::runtime_error("HMAC failed");
  digest.resize(size);
  return digest;
}

namespace {

/// Whether `answer` is HMAC(key, nonce), compared in constant time.
bool answer_is_right(const std::string& key, const std::string& nonce, const std::string& answer) {
  const std::string expected = hmac_sha256(key, nonce);
  return answer.size() == expected.size() && CRYPTO_memcmp(answer.data(), expected.data(), expected.size()) == 0;
}

std::string challenge_message(std::string* nonce) {
  *nonce = random_authkey(protocol::kNonceBytes);
  return std::string(protocol::kChallenge) + *nonce;
}

/// The nonce of a challenge message; nullopt if it is not one.
std::optional<std::string> nonce_of(const std::string& message) {
  if (message.size() != protocol::kChallenge.size() + protocol::kNonceBytes ||
      message.compare(0, protocol::kChallenge.size(), protocol::kChallenge) != 0)
    return std::nullopt;
  return message.substr(protocol::kChallenge.size());
}

}  // namespace

// ---------------------------------------------------------------- server

struct Server::Impl {
  Impl(std::string key, ManagerLimits limits, std::uint16_t port)
      : authkey(std::move(key)), limits(limits), acceptor(io, tcp::endpoint(asio::ip::address_v4::loopback(), port)) {}

  void accept();

  // Sessions are destroyed with `io` and update `connections`: declared first.
  std::string authkey;
  ManagerLimits limits;
  protocol::ObjectTable table;
  int connections = 0;
  asio::io_context io;
  tcp::acceptor acceptor;
};

namespace {

/// One connection: the handshake (deadline-bound), then requests answered in
/// order. Any malformed frame or failed step closes it; nothing here throws
/// into the loop.
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, Server::Impl& server)
      : socket_(std::move(socket)), deadline_(socket_.get_executor()), server_(server) {
    ++server_.connections;
  }
  ~Session() { --server_.connections; }

  void start() {
    boost::system::error_code ignored;
    socket_.set_option(tcp::no_delay(true), ignored);
    deadline_.expires_after(server_.limits.handshake_timeout);
    deadline_.async_wait([self = shared_from_this()](const boost::system::error_code& error) {
      if (!error) self->close();
    });
    // deliver_challenge: the client must answer HMAC(key, our nonce).
    write(challenge_message(&nonce_), [this] {
      read(protocol::kMaxHandshakeBytes, [this](std::string answer) {
        if (!answer_is_right(server_.authkey, nonce_, answer)) return write_then_close(std::string(protocol::kFailure));
        write(std::string(protocol::kWelcome), [this] { answer_clients_challenge(); });
      });
    });
  }

 private:
  // answer_challenge: the client checks that we hold the key too.
  void answer_clients_challenge() {
    read(protocol::kMaxHandshakeBytes, [this](std::string challenge) {
      const auto nonce = nonce_of(challenge);
      if (!nonce) return close();
      write(hmac_sha256(server_.authkey, *nonce), [this] {
        read(protocol::kMaxHandshakeBytes, [this](std::string verdict) {
          if (verdict != protocol::kWelcome) return close();
          deadline_.cancel();
          serve();
        });
      });
    });
  }

  void serve() {
    read(server_.limits.max_message_bytes, [this](std::string frame) {
      const json request = json::parse(frame, nullptr, /*allow_exceptions=*/false);
      if (request.is_discarded()) return close();
      json response;
      bool stop = false;
      try {
        stop = protocol::ObjectTable::is_shutdown(request);
        response = server_.table.handle(request);
      } catch (const protocol::MalformedRequest&) {
        return close();
      }
      std::string text = response.dump(-1, ' ', false, json::error_handler_t::replace);
      if (text.size() > server_.limits.max_message_bytes)  // the same limit both ways: say so instead
        text = json{{"seq", response["seq"]}, {"error", "response longer than the frame limit"}}.dump();
      write(std::move(text), [this, stop] {
        if (stop)
          server_.io.stop();
        else
          serve();
      });
    });
  }

  /// Writes one frame (length and bytes in one gather write), then `next`.
  template <class Next>
  void write(std::string message, Next next) {
    outgoing_ = std::move(message);
    header_ = static_cast<std::uint32_t>(outgoing_.size());
    const std::array<asio::const_buffer, 2> frame{asio::buffer(&header_, sizeof header_), asio::buffer(outgoing_)};
    asio::async_write(socket_, frame,
                      [self = shared_from_this(), next](const boost::system::error_code& error, std::size_t) {
                        if (error) return self->close();
                        next();
                      });
  }

  /// Reads one frame of at most `limit` bytes, then passes it to `next`; a
  /// longer length prefix, an error or the end of the stream closes.
  template <class Next>
  void read(std::uint32_t limit, Next next) {
    asio::async_read(socket_, asio::buffer(&header_, sizeof header_),
                     [self = shared_from_this(), limit, next](const boost::system::error_code& error, std::size_t) {
                       if (error || self->header_ > limit) return self->close();
                       self->incoming_.assign(self->header_, '\0');
                       asio::async_read(self->socket_, asio::buffer(self->incoming_),
                                        [self, next](const boost::system::error_code& error, std::size_t) {
                                          if (error) return self->close();
                                          next(std::move(self->incoming_));
                                        });
                     });
  }

  void write_then_close(std::string message) {
    write(std::move(message), [this] { close(); });
  }

  void close() {
    boost::system::error_code ignored;
    deadline_.cancel();
    socket_.shutdown(tcp::socket::shutdown_both, ignored);
    socket_.close(ignored);
  }

  tcp::socket socket_;
  asio::steady_timer deadline_;
  Server::Impl& server_;
  std::string nonce_;
  std::uint32_t header_ = 0;
  std::string incoming_;
  std::string outgoing_;
};

}  // namespace

void Server::Impl::accept() {
  acceptor.async_accept([this](const boost::system::error_code& error, tcp::socket socket) {
    if (error == asio::error::operation_aborted) return;
    if (!error && connections < limits.max_connections) std::make_shared<Session>(std::move(socket), *this)->start();
    accept();
  });
}

Server::Server(std::string authkey, ManagerLimits limits, std::uint16_t port) {
  if (authkey.empty()) throw std::invalid_argument("manager Server: an empty authkey authenticates anyone");
  impl_ = std::make_unique<Impl>(std::move(authkey), limits, port);
}
Server::~Server() = default;

void Server::register_type(std::string name, ObjectFactory factory) {
  impl_->table.register_type(std::move(name), std::move(factory));
}

ManagerAddress Server::address() const {
  const auto endpoint = impl_->acceptor.local_endpoint();
  return {endpoint.address().to_string(), endpoint.port()};
}

void Server::serve_forever() {
  impl_->accept();
  impl_->io.run();
}

void Server::stop() { impl_->io.stop(); }

// ---------------------------------------------------------------- client

namespace {

/// A TCP connection to `address`, framed as a process::Connection.
Connection tcp_connection(const ManagerAddress& address) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) throw std::system_error(errno, std::generic_category(), "socket");
  Connection connection(fd, true, true);
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_port = htons(address.port);
  if (::inet_pton(AF_INET, address.host.c_str(), &to.sin_addr) != 1)
    throw std::invalid_argument("manager address: not an IPv4 address: " + address.host);
  if (::connect(fd, reinterpret_cast<const sockaddr*>(&to), sizeof to) != 0)
    throw std::system_error(errno, std::generic_category(), "connect to the manager");
  const int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  return connection;
}

std::string recv_handshake(Connection& connection) {
  std::optional<std::string> message;
  try {
    message = connection.recv_bytes();
  } catch (const std::exception& e) {
    throw AuthenticationError(std::string("manager handshake: ") + e.what());
  }
  if (!message) throw AuthenticationError("manager handshake: the server closed the connection");
  if (message->size() > protocol::kMaxHandshakeBytes) throw AuthenticationError("manager handshake: message too long");
  return *message;
}

}  // namespace

Client::Client(ManagerAddress address, std::string authkey)
    : address_(std::move(address)), authkey_(std::move(authkey)) {
  connect_here();
}

void Client::connect_here() {
  Connection connection = tcp_connection(address_);
  // answer_challenge: prove that we hold the key.
  const auto nonce = nonce_of(recv_handshake(connection));
  if (!nonce) throw AuthenticationError("manager handshake: expected a challenge");
  connection.send_bytes(hmac_sha256(authkey_, *nonce));
  if (recv_handshake(connection) != protocol::kWelcome) throw AuthenticationError("manager refused the key");
  // deliver_challenge: the server must prove it too.
  std::string ours;
  connection.send_bytes(challenge_message(&ours));
  if (!answer_is_right(authkey_, ours, recv_handshake(connection))) {
    connection.send_bytes(protocol::kFailure);
    throw AuthenticationError("the server does not hold the key");
  }
  connection.send_bytes(protocol::kWelcome);
  // Only an authenticated connection replaces the one this process had.
  connection_ = std::move(connection);
  owner_ = ::getpid();
}

json Client::round_trip(json request) {
  std::lock_guard<std::mutex> hold(mutex_);
  if (owner_ != ::getpid()) connect_here();  // a forked child: its own connection
  const std::uint64_t seq = ++seq_;
  request["seq"] = seq;
  std::optional<std::string> frame;
  try {
    connection_.send_bytes(request.dump(-1, ' ', false, json::error_handler_t::replace));
    frame = connection_.recv_bytes();
  } catch (const std::exception& e) {
    throw ProtocolError(std::string("manager connection: ") + e.what());
  }
  if (!frame) throw ProtocolError("manager connection closed by the server");
  const json response = json::parse(*frame, nullptr, false);
  if (response.is_discarded() || !response.is_object()) throw ProtocolError("manager response is not a JSON object");
  if (!response.contains("seq") || response["seq"] != seq) throw ProtocolError("manager response to another request");
  if (response.contains("error")) throw RemoteError(response["error"].get<std::string>());
  return response.value("result", json());
}

std::string Client::create(const std::string& type, const json& args) {
  return round_trip({{"op", "create"}, {"type", type}, {"args", args}}).get<std::string>();
}

json Client::call(const std::string& object, const std::string& method, const json& args) {
  return round_trip({{"op", "call"}, {"object", object}, {"method", method}, {"args", args}});
}

void Client::shutdown_server() { round_trip({{"op", "shutdown"}}); }

std::shared_ptr<Client> connect(const ManagerAddress& address, const std::string& authkey) {
  return std::make_shared<Client>(address, authkey);
}

// ---------------------------------------------------------------- manager

Manager::Manager(std::string authkey, ManagerLimits limits) : authkey_(std::move(authkey)), limits_(limits) {
  if (authkey_.empty()) throw std::invalid_argument("Manager: an empty authkey authenticates anyone");
}

Manager::~Manager() {
  try {
    shutdown();
  } catch (...) {
    // The destructor must not throw; shutdown() kills a server that did not stop.
  }
}

void Manager::register_type(std::string name, ObjectFactory factory) {
  if (server_) throw std::logic_error("Manager::register_type after start");
  types_.emplace_back(std::move(name), std::move(factory));
}

void Manager::start() {
  if (server_) throw std::logic_error("Manager::start: already started");
  auto [port_in, port_out] = Pipe(false);
  const pid_t parent = ::getpid();
  server_.emplace([&, &port_out = port_out, &port_in = port_in] {
    // The server ends with the process that started it, even one killed
    // without a shutdown: no server outlives its manager.
    if (::prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || ::getppid() != parent) return 1;
    port_in.close();
    // The child builds its own Asio loop: nothing of it exists before the fork.
    Server server(authkey_, limits_);
    for (auto& [name, factory] : types_) server.register_type(name, factory);
    port_out.send(server.address().port);
    port_out.close();
    server.serve_forever();
    return 0;
  });
  server_->start();
  port_out.close();
  if (!port_in.poll(std::chrono::seconds(10))) throw std::runtime_error("Manager::start: the server did not start");
  const auto port = port_in.recv<std::uint16_t>();
  if (!port) {
    server_->join(std::chrono::seconds(5));
    throw std::runtime_error("Manager::start: the server ended before listening");
  }
  address_ = {"127.0.0.1", *port};
}

ManagerAddress Manager::address() const {
  if (!server_) throw std::logic_error("Manager: not started");
  return address_;
}

std::shared_ptr<Client> Manager::client() {
  if (!client_) client_ = connect(address(), authkey_);
  return client_;
}

NamespaceProxy Manager::Namespace() {
  auto c = client();
  return NamespaceProxy(c, c->create("Namespace"));
}

Proxy Manager::create(const std::string& type, const json& args) {
  auto c = client();
  return Proxy(c, c->create(type, args));
}

void Manager::shutdown() {
  if (!server_ || server_->exitcode()) return;
  client_.reset();
  try {
    // A new connection, as the manager's own may have been broken by a call.
    Client(address_, authkey_).shutdown_server();
  } catch (const std::exception&) {
    // Unreachable or broken: the server is killed below.
  }
  if (!server_->join(std::chrono::seconds(5))) {
    server_->kill();
    server_->join();
  }
}

std::optional<int> Manager::exitcode() { return server_ ? server_->exitcode() : std::nullopt; }

}  // namespace interleave::process
