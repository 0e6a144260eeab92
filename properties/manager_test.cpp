// The manager with real processes: client processes writing and reading one
// Namespace (every acknowledged write is seen, even when a client is killed
// mid-run); a wrong or missing key refused before any object is served, and
// an impostor server refused by the client; random bytes, oversized,
// truncated and malformed frames close their connection and leave the server
// serving a good client; shutdown reaps the server. A hang fails: processes
// are joined with a deadline, then killed.
// More cases: RC_PARAMS="max_success=500" ./property_manager_test
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>
#include <sys/socket.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "primitives/process/manager.hpp"
#include "primitives/process/pipe.hpp"
#include "primitives/process/process.hpp"
#include "primitives/process/shared_object.hpp"

namespace {

using interleave::process::AuthenticationError;
using interleave::process::connect;
using interleave::process::Connection;
using interleave::process::hmac_sha256;
using interleave::process::Manager;
using interleave::process::ManagerAddress;
using interleave::process::ManagerLimits;
using interleave::process::NamespaceProxy;
using interleave::process::Process;
using interleave::process::ProtocolError;
using interleave::process::RemoteError;
using interleave::process::Server;
using interleave::process::SharedObject;
namespace protocol = interleave::process::manager_protocol;
using namespace std::chrono_literals;

constexpr int kMaxClients = 4;
constexpr int kMaxWrites = 12;

/// Joins every started process within a shared deadline, killing any still
/// running then; returns whether every one exited with code 0 (the killed
/// `victim`, if any, may end any way).
bool join_all(std::vector<Process>& processes, int victim = -1, std::chrono::seconds timeout = 20s) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  bool all_ok = true;
  for (std::size_t i = 0; i < processes.size(); ++i) {
    auto& p = processes[i];
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (!p.join(std::max(left, 0ms))) p.kill(), p.join();
    all_ok = all_ok && (static_cast<int>(i) == victim || p.exitcode() == 0);
  }
  return all_ok;
}

/// A raw TCP connection to the server, framed as the client frames.
Connection raw_connection(const ManagerAddress& address) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) throw std::system_error(errno, std::generic_category(), "socket");
  Connection connection(fd, true, true);
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_port = htons(address.port);
  to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<const sockaddr*>(&to), sizeof to) != 0)
    throw std::system_error(errno, std::generic_category(), "connect");
  const int one = 1;  // the length prefix and the bytes go out at once, as the client's
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  return connection;
}

/// Completes the handshake on a raw connection with the right key.
void authenticate(Connection& connection, const std::string& key) {
  const auto challenge = connection.recv_bytes();
  RC_ASSERT(challenge.has_value());
  connection.send_bytes(hmac_sha256(key, challenge->substr(protocol::kChallenge.size())));
  RC_ASSERT(connection.recv_bytes() == std::string(protocol::kWelcome));
  const std::string nonce(protocol::kNonceBytes, 'n');
  connection.send_bytes(std::string(protocol::kChallenge) + nonce);
  RC_ASSERT(connection.recv_bytes() == hmac_sha256(key, nonce));
  connection.send_bytes(protocol::kWelcome);
}

/// Whether the server closes `connection` within 5 s: every message it still
/// sends is read, then end of stream.
bool closed_by_server(Connection& connection) {
  const auto deadline = std::chrono::steady_clock::now() + 5s;
  try {
    while (std::chrono::steady_clock::now() < deadline) {
      if (!connection.poll(100ms)) continue;
      char byte;
      const ssize_t n = ::recv(connection.fileno(), &byte, 1, 0);
      if (n == 0) return true;
      if (n < 0) return errno == ECONNRESET;
    }
  } catch (const std::exception&) {
    return true;
  }
  return false;
}

/// A good client, in this process, is served: a set then a get round trip.
void assert_still_serving(const Manager& manager, const std::string& ns_id) {
  NamespaceProxy ns(connect(manager.address(), manager.authkey()), ns_id);
  ns.set("probe", 42);
  RC_ASSERT(ns.get<int>("probe") == 42);
}

/// Per client, how many of its writes were acknowledged (recorded only once
/// set() returned).
using Acknowledged = std::array<std::atomic<int>, kMaxClients>;

RC_GTEST_PROP(Manager, EveryAcknowledgedNamespaceWriteIsSeen, ()) {
  const int clients = *rc::gen::inRange(1, kMaxClients + 1);
  const int writes = *rc::gen::inRange(1, kMaxWrites + 1);
  // One client may be killed once it has some writes acknowledged.
  const int victim = *rc::gen::inRange(-1, clients);
  const int kill_after = *rc::gen::inRange(0, writes);
  Manager manager;
  manager.start();
  const NamespaceProxy ns = manager.Namespace();
  SharedObject<Acknowledged> acknowledged;
  for (auto& count : *acknowledged) count.store(0);

  std::vector<Process> processes;
  for (int c = 0; c < clients; ++c)
    processes.emplace_back([&, c]() -> int {
      NamespaceProxy mine(connect(manager.address(), manager.authkey()), ns.id());
      for (int w = 0; w < writes; ++w) {
        const std::string key = "c" + std::to_string(c) + "/" + std::to_string(w);
        mine.set(key, c * 1000 + w);
        (*acknowledged)[c].store(w + 1);
        if (mine.get<int>(key) != c * 1000 + w) return 2;  // read your own write
        mine.set("last", c);                               // every client writes this one
      }
      return 0;
    });
  for (auto& p : processes) p.start();
  if (victim >= 0) {
    const auto deadline = std::chrono::steady_clock::now() + 10s;
    while ((*acknowledged)[victim].load() < kill_after && std::chrono::steady_clock::now() < deadline)
      std::this_thread::yield();
    processes[victim].kill();
  }
  RC_ASSERT(join_all(processes, victim));

  const auto keys = ns.keys();
  for (int c = 0; c < clients; ++c)
    for (int w = 0; w < (*acknowledged)[c].load(); ++w) {
      const std::string key = "c" + std::to_string(c) + "/" + std::to_string(w);
      RC_ASSERT(std::find(keys.begin(), keys.end(), key) != keys.end());
      RC_ASSERT(ns.get<int>(key) == c * 1000 + w);
    }
  for (int c = 0; c < clients; ++c)
    if (c != victim) RC_ASSERT((*acknowledged)[c].load() == writes);
  const bool anyone_wrote_last = std::find(keys.begin(), keys.end(), "last") != keys.end();
  if (anyone_wrote_last) {
    const int last = ns.get<int>("last");
    RC_ASSERT(last >= 0 && last < clients);
  }
  manager.shutdown();
  RC_ASSERT(manager.exitcode() == 0);
}

RC_GTEST_PROP(Manager, AWrongOrMissingKeyIsRefusedBeforeAnyObjectIsServed, (const std::string& wrong_key)) {
  Manager manager("the right key");
  RC_PRE(wrong_key != manager.authkey());
  manager.start();
  const NamespaceProxy ns = manager.Namespace();
  ns.set("x", 1);
  RC_ASSERT_THROWS_AS(connect(manager.address(), wrong_key), AuthenticationError);
  // A peer that skips the handshake and sends a request in place of the
  // answer is refused too, and never answered with a result.
  Connection raw = raw_connection(manager.address());
  RC_ASSERT(raw.recv_bytes().has_value());  // the challenge
  raw.send_bytes(
      nlohmann::json{{"seq", 1}, {"op", "call"}, {"object", ns.id()}, {"method", "set"}, {"args", {"x", 2}}}.dump());
  RC_ASSERT(raw.recv_bytes() == std::string(protocol::kFailure));
  RC_ASSERT(closed_by_server(raw));
  RC_ASSERT(ns.get<int>("x") == 1);
  RC_ASSERT(ns.keys() == std::vector<std::string>{"x"});
}

TEST(Manager, TheClientRefusesAServerWithoutTheKey) {
  // An impostor welcomes any answer to its challenge, but cannot answer the
  // client's challenge back without the key.
  auto [ready_in, ready_out] = interleave::process::Pipe(false);
  Process impostor([&ready_out = ready_out] {
    const int listener = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in at{};
    at.sin_family = AF_INET;
    at.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t size = sizeof at;
    if (::bind(listener, reinterpret_cast<sockaddr*>(&at), sizeof at) != 0 || ::listen(listener, 1) != 0 ||
        ::getsockname(listener, reinterpret_cast<sockaddr*>(&at), &size) != 0)
      return 4;
    ready_out.send(ntohs(at.sin_port));
    Connection peer(::accept(listener, nullptr, nullptr), true, true);
    peer.send_bytes(std::string(protocol::kChallenge) + std::string(protocol::kNonceBytes, 'n'));
    peer.recv_bytes();
    peer.send_bytes(protocol::kWelcome);
    const auto challenge = peer.recv_bytes();
    if (!challenge) return 5;
    peer.send_bytes(hmac_sha256("another key", challenge->substr(protocol::kChallenge.size())));
    return peer.recv_bytes() == std::string(protocol::kFailure) ? 0 : 3;
  });
  impostor.start();
  ready_out.close();
  const auto port = ready_in.recv<std::uint16_t>();
  ASSERT_TRUE(port.has_value());
  EXPECT_THROW(connect(ManagerAddress{"127.0.0.1", *port}, "the right key"), AuthenticationError);
  ASSERT_TRUE(impostor.join(10s));
  EXPECT_EQ(impostor.exitcode(), 0);  // the client answered #FAILURE#
}

/// What a fuzzing connection does before it sends its random bytes.
enum class FuzzStart { before_handshake, after_handshake, after_handshake_as_frames };

RC_GTEST_PROP(Manager, RandomBytesLeaveTheServerServingOthers, ()) {
  const auto start =
      *rc::gen::element(FuzzStart::before_handshake, FuzzStart::after_handshake, FuzzStart::after_handshake_as_frames);
  const auto chunks =
      *rc::gen::container<std::vector<std::string>>(*rc::gen::inRange(1, 4), rc::gen::arbitrary<std::string>());
  ManagerLimits limits;
  limits.max_message_bytes = 4096;
  limits.handshake_timeout = 2s;
  Manager manager(interleave::process::random_authkey(), limits);
  manager.start();
  const NamespaceProxy ns = manager.Namespace();
  ns.set("kept", 7);
  {
    Connection fuzz = raw_connection(manager.address());
    if (start != FuzzStart::before_handshake) authenticate(fuzz, manager.authkey());
    try {
      for (const auto& chunk : chunks)
        if (start == FuzzStart::after_handshake_as_frames)
          fuzz.send_bytes(chunk);
        else
          RC_ASSERT(::send(fuzz.fileno(), chunk.data(), chunk.size(), MSG_NOSIGNAL) >= 0 || errno == EPIPE ||
                    errno == ECONNRESET);
    } catch (const std::system_error&) {
      // The server closed the connection while the bytes were sent.
    }
    // Other connections are served while this one is open, and after it closes.
    assert_still_serving(manager, ns.id());
  }
  assert_still_serving(manager, ns.id());
  RC_ASSERT(ns.get<int>("kept") == 7);
  manager.shutdown();
  RC_ASSERT(manager.exitcode() == 0);
}

/// A started manager with a small frame limit, a namespace on it and a raw
/// connection that has completed the handshake.
struct Authenticated {
  Authenticated() : manager(interleave::process::random_authkey(), small_frames()) {
    manager.start();
    ns.emplace(manager.Namespace());
    raw = raw_connection(manager.address());
    authenticate(raw, manager.authkey());
  }
  static ManagerLimits small_frames() {
    ManagerLimits limits;
    limits.max_message_bytes = 1024;
    return limits;
  }
  Manager manager;
  std::optional<NamespaceProxy> ns;
  Connection raw;
};

TEST(Manager, AnOversizedFrameClosesTheConnection) {
  Authenticated a;
  const std::uint32_t too_long = 1025;
  ASSERT_EQ(::send(a.raw.fileno(), &too_long, sizeof too_long, MSG_NOSIGNAL), 4);
  EXPECT_TRUE(closed_by_server(a.raw));
  assert_still_serving(a.manager, a.ns->id());
  // Through a proxy: the call fails, and so does the next on that connection.
  EXPECT_THROW(a.ns->set("big", std::string(2000, 'x')), ProtocolError);
  EXPECT_THROW(a.ns->keys(), ProtocolError);
  assert_still_serving(a.manager, a.ns->id());
  a.manager.shutdown();
  EXPECT_EQ(a.manager.exitcode(), 0);  // stopped by the request, not killed after the timeout
}

TEST(Manager, AResponseOverTheLimitIsAnError) {
  Authenticated a;
  for (int i = 0; i < 40; ++i) a.ns->set("a-name-of-some-thirty-characters-" + std::to_string(i), i);
  EXPECT_THROW(a.ns->keys(), RemoteError);  // about 1,400 bytes of names
  EXPECT_EQ(a.ns->get<int>("a-name-of-some-thirty-characters-7"), 7);
}

TEST(Manager, AnEmptyKeyIsRefusedByTheServerItself) {
  EXPECT_THROW(Manager(""), std::invalid_argument);
  EXPECT_THROW(Server(""), std::invalid_argument);
}

TEST(Manager, ATruncatedFrameThenCloseLeavesTheServerServing) {
  Authenticated a;
  const std::uint32_t announced = 100;
  ASSERT_EQ(::send(a.raw.fileno(), &announced, sizeof announced, MSG_NOSIGNAL), 4);
  ASSERT_EQ(::send(a.raw.fileno(), "{\"seq\":", 7, MSG_NOSIGNAL), 7);
  a.raw.close();
  assert_still_serving(a.manager, a.ns->id());
}

TEST(Manager, AFrameThatIsNotJsonClosesTheConnection) {
  Authenticated a;
  a.raw.send_bytes("not json");
  EXPECT_TRUE(closed_by_server(a.raw));
  assert_still_serving(a.manager, a.ns->id());
}

TEST(Manager, ARequestWithoutItsFieldsClosesTheConnection) {
  Authenticated a;
  a.raw.send_bytes(R"({"seq": 1, "op": "call", "object": 3})");
  EXPECT_TRUE(closed_by_server(a.raw));
  assert_still_serving(a.manager, a.ns->id());
}

TEST(Manager, AFailingCallIsAnErrorAndTheConnectionGoesOn) {
  Manager manager;
  manager.start();
  const NamespaceProxy ns = manager.Namespace();
  EXPECT_THROW(ns.get<int>("missing"), RemoteError);
  EXPECT_THROW(ns.call("no-such-method"), RemoteError);
  EXPECT_THROW(manager.create("NoSuchType"), RemoteError);
  ns.set("x", std::vector<int>{1, 2});
  EXPECT_EQ(ns.get<std::vector<int>>("x"), (std::vector<int>{1, 2}));
  ns.del("x");
  EXPECT_TRUE(ns.keys().empty());
}

TEST(Manager, RegisteredTypesAreServed) {
  // A counter object: each "add" returns the running total.
  struct Counter : interleave::process::ServedObject {
    long total = 0;
    nlohmann::json call(const std::string& method, const nlohmann::json& args) override {
      if (method != "add") throw std::invalid_argument("Counter: no such method");
      return total += args.at(0).get<long>();
    }
  };
  Manager manager;
  manager.register_type("Counter", [](const nlohmann::json&) { return std::make_unique<Counter>(); });
  manager.start();
  const auto counter = manager.create("Counter");
  std::vector<Process> adders;
  for (int i = 0; i < 3; ++i)
    adders.emplace_back([&] {
      for (int k = 0; k < 10; ++k) counter.call("add", {1});
    });
  for (auto& p : adders) p.start();
  ASSERT_TRUE(join_all(adders));
  EXPECT_EQ(counter.call("add", {0}), 30);
}

TEST(Manager, ShutdownStopsTheServerWithConnectionsOpen) {
  Manager manager;
  manager.start();
  const NamespaceProxy ns = manager.Namespace();
  Connection idle = raw_connection(manager.address());  // mid-handshake, never finished
  const auto address = manager.address();
  manager.shutdown();
  EXPECT_EQ(manager.exitcode(), 0);
  EXPECT_THROW(connect(address, manager.authkey()), std::system_error);  // nothing listens
  EXPECT_TRUE(closed_by_server(idle));
}

TEST(Manager, TheServerEndsWithAProcessKilledWithoutShutdown) {
  SharedObject<std::atomic<int>> port(0);
  SharedObject<std::array<char, 33>> key{};
  Process owner([&] {
    Manager manager;
    manager.start();
    std::memcpy(key->data(), manager.authkey().data(), 32);
    port->store(manager.address().port);
    for (;;) ::pause();
  });
  owner.start();
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  while (port->load() == 0 && std::chrono::steady_clock::now() < deadline) std::this_thread::yield();
  ASSERT_NE(port->load(), 0);
  const ManagerAddress address{"127.0.0.1", static_cast<std::uint16_t>(port->load())};
  const std::string authkey(key->data(), 32);
  connect(address, authkey);  // served while its owner lives
  owner.kill();
  ASSERT_TRUE(owner.join(10s));
  bool server_gone = false;
  while (!server_gone && std::chrono::steady_clock::now() < deadline) {
    try {
      connect(address, authkey);
      std::this_thread::sleep_for(10ms);
    } catch (const std::exception&) {
      server_gone = true;  // refused: nothing listens there any more
    }
  }
  EXPECT_TRUE(server_gone);
}

TEST(Manager, AServerRunsInAThreadAndStopsFromAnother) {
  Server server("key");
  std::thread serving([&] { server.serve_forever(); });
  {
    NamespaceProxy ns(connect(server.address(), "key"), connect(server.address(), "key")->create("Namespace"));
    ns.set("x", 1);
    EXPECT_EQ(ns.get<int>("x"), 1);
  }
  server.stop();
  serving.join();
}

}  // namespace
