// Pipe: two connected Connections between processes, as Python's
// multiprocessing.Pipe. Pipe(true) is duplex (both ends send and receive);
// Pipe(false) is one-way: the first end only receives, the second only sends.
//
// Each message is framed as a 4-byte length (native byte order: both ends are
// on one machine) followed by that many bytes. send()/recv() carry values
// serialised as JSON text (nlohmann::json::dump / parse: any type with
// to_json/from_json); send_bytes()/recv_bytes() carry raw bytes.
//
//   recv()/recv_bytes()  block until a whole message arrives; nullopt once the
//                        other end is closed (in every process that holds it)
//                        and every message sent before has been received:
//                        end of stream. A message cut short by the close is
//                        an error (std::runtime_error), not end of stream.
//   poll(timeout)        whether a recv would not block (a message or end of
//                        stream is ready), waiting at most `timeout`.
//   close()              closes this end in this process.
//
// After fork() both processes hold both ends: each must close the ends it
// does not use, or a reader never sees end of stream because it (or another
// process) still holds a writing end -- the "pipe/no-close" deadlock of the
// models. The ends are a Unix socketpair, so a send to a closed peer fails
// with EPIPE (std::system_error) instead of raising SIGPIPE. One writer per
// end at a time: concurrent sends on one end may interleave their bytes.
#pragma once

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>

namespace interleave::process {

class Connection {
 public:
  /// The largest message recv accepts; a longer length prefix is malformed.
  static constexpr std::uint32_t kMaxMessageBytes = 64u << 20;

  Connection() = default;
  Connection(int fd, bool readable, bool writable) : fd_(fd), readable_(readable), writable_(writable) {}
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  Connection(Connection&& other) noexcept
      : fd_(std::exchange(other.fd_, -1)), readable_(other.readable_), writable_(other.writable_) {}
  Connection& operator=(Connection&& other) noexcept {
    if (this != &other) {
      close();
      fd_ = std::exchange(other.fd_, -1);
      readable_ = other.readable_;
      writable_ = other.writable_;
    }
    return *this;
  }
  ~Connection() { close(); }

  /// Sends `value` serialised as JSON.
  template <class T>
  void send(const T& value) {
    send_bytes(nlohmann::json(value).dump());
  }

  /// Receives one value; nullopt at end of stream.
  template <class T = nlohmann::json>
  std::optional<T> recv() {
    auto bytes = recv_bytes();
    if (!bytes) return std::nullopt;
    return nlohmann::json::parse(*bytes).get<T>();
  }

  void send_bytes(std::string_view bytes) {
    require(writable_, "send on a connection that does not send");
    if (bytes.size() > kMaxMessageBytes) throw std::length_error("Connection::send: message too long");
    const auto size = static_cast<std::uint32_t>(bytes.size());
    char header[sizeof size];
    std::memcpy(header, &size, sizeof size);
    write_all(std::string_view(header, sizeof header));
    write_all(bytes);
  }

  /// One message's bytes; nullopt at end of stream.
  std::optional<std::string> recv_bytes() {
    require(readable_, "recv on a connection that does not receive");
    std::uint32_t size = 0;
    char header[sizeof size];
    const std::size_t got = read_all(header, sizeof header);
    if (got == 0) return std::nullopt;
    if (got < sizeof header) throw std::runtime_error("Connection::recv: stream ended inside a length prefix");
    std::memcpy(&size, header, sizeof size);
    if (size > kMaxMessageBytes) throw std::runtime_error("Connection::recv: length prefix over the limit");
    std::string bytes(size, '\0');
    if (read_all(bytes.data(), size) < size)
      throw std::runtime_error("Connection::recv: stream ended inside a message");
    return bytes;
  }

  /// Whether recv would not block, waiting at most `timeout` for it.
  template <class Rep, class Period>
  bool poll(std::chrono::duration<Rep, Period> timeout) {
    require(readable_, "poll on a connection that does not receive");
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
      const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      pollfd ready{fd_, POLLIN, 0};
      const int n = ::poll(&ready, 1, static_cast<int>(std::max<long long>(left.count(), 0)));
      if (n > 0) return true;
      if (n == 0) return false;
      if (errno != EINTR) throw std::system_error(errno, std::generic_category(), "poll");
    }
  }

  void close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }
  bool closed() const { return fd_ < 0; }
  /// The socket's file descriptor (-1 once closed), as Python's fileno().
  int fileno() const { return fd_; }

 private:
  void require(bool allowed, const char* what) const {
    if (fd_ < 0) throw std::logic_error("Connection: closed");
    if (!allowed) throw std::logic_error(what);
  }

  void write_all(std::string_view bytes) {
    while (!bytes.empty()) {
      const ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
      if (n < 0) {
        if (errno == EINTR) continue;
        throw std::system_error(errno, std::generic_category(), "Connection::send");
      }
      bytes.remove_prefix(static_cast<std::size_t>(n));
    }
  }

  // Reads up to `size` bytes, fewer only at end of stream; returns how many.
  std::size_t read_all(char* out, std::size_t size) {
    std::size_t done = 0;
    while (done < size) {
      const ssize_t n = ::recv(fd_, out + done, size - done, 0);
      if (n == 0) break;
      if (n < 0) {
        if (errno == EINTR) continue;
        throw std::system_error(errno, std::generic_category(), "Connection::recv");
      }
      done += static_cast<std::size_t>(n);
    }
    return done;
  }

  int fd_ = -1;
  bool readable_ = false;
  bool writable_ = false;
};

/// Two connected ends: duplex, or (duplex = false) the first end receives and
/// the second sends.
inline std::pair<Connection, Connection> Pipe(bool duplex = true) {
  int fds[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0)
    throw std::system_error(errno, std::generic_category(), "socketpair");
  if (duplex) return {Connection(fds[0], true, true), Connection(fds[1], true, true)};
  ::shutdown(fds[0], SHUT_WR);
  ::shutdown(fds[1], SHUT_RD);
  return {Connection(fds[0], true, false), Connection(fds[1], false, true)};
}

}  // namespace interleave::process
