// The fork-server start method, as Python's multiprocessing "forkserver"
// context: one server process, started once, forks every child on request.
// The server is a fresh image of this program (spawned like a spawn child,
// running the built-in entry "interleave.forkserver"), so it has no threads
// and holds no locks whatever the requesting program is doing: forking from
// it is safe at any time, and each child starts from the program's state
// after static initialisation, as a spawned one does, but without an exec
// per child.
//
//   Process p(Spawn{"square", {"7"}, {fd}}, StartMethod::forkserver);
//   p.start(); p.join(1s); p.exitcode(); p.terminate(); p.is_alive();
//
// Protocol, over Unix sockets:
//   control   a SOCK_SEQPACKET pair between the program and the server
//             (descriptor 3 in the server). One request per packet: the JSON
//             {"entry": name, "args": [...]} with, as SCM_RIGHTS, first the
//             requester's end of a fresh SOCK_STREAM pair (the child's
//             status connection), then the descriptors to pass (3, 4, ...
//             in the child, as for spawn).
//   status    the server writes the child's pid (int32) on the child's
//             connection once forked, and its exit status (int32: the exit
//             code, or -N if signal N killed it) once it has reaped it, then
//             closes the connection. A connection that ends without a status
//             means the server died: the requester reports that (ForkServerLost)
//             instead of waiting.
// The server watches every child through a pidfd, so a child killed by a
// signal is reaped and reported at once. It ignores SIGPIPE (a requester may
// go away) and exits when the control socket closes; the program's
// ForkServer kills it when the program ends. Children still running then are
// left to run on, as in Python.
//
// The program's side is one ForkServer, started at the first request; the
// program must call run_spawn_entry_if_requested first in main, as for spawn.
#pragma once

#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <mutex>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include "primitives/process/spawn.hpp"

namespace interleave::process {

/// The fork server died before reporting a child's end.
struct ForkServerLost : std::runtime_error {
  ForkServerLost() : std::runtime_error("the fork server ended before reporting the child's exit status") {}
};

namespace detail_forkserver {

inline constexpr const char* kEntry = "interleave.forkserver";
inline constexpr std::size_t kMaxRequestBytes = 64 * 1024;
inline constexpr int kMaxFds = 64;

/// Sends one packet with descriptors attached.
inline void send_with_fds(int socket, const std::string& bytes, const std::vector<int>& fds) {
  iovec data{const_cast<char*>(bytes.data()), bytes.size()};
  std::vector<char> control(CMSG_SPACE(sizeof(int) * fds.size()));
  msghdr message{};
  message.msg_iov = &data;
  message.msg_iovlen = 1;
  message.msg_control = control.data();
  message.msg_controllen = control.size();
  cmsghdr* header = CMSG_FIRSTHDR(&message);
  header->cmsg_level = SOL_SOCKET;
  header->cmsg_type = SCM_RIGHTS;
  header->cmsg_len = CMSG_LEN(sizeof(int) * fds.size());
  std::memcpy(CMSG_DATA(header), fds.data(), sizeof(int) * fds.size());
  ssize_t sent;
  do sent = ::sendmsg(socket, &message, MSG_NOSIGNAL);
  while (sent < 0 && errno == EINTR);
  if (sent < 0) throw std::system_error(errno, std::generic_category(), "fork server: sendmsg");
}

/// Receives one packet and its descriptors; false at end of stream.
inline bool receive_with_fds(int socket, std::string& bytes, std::vector<int>& fds) {
  bytes.assign(kMaxRequestBytes, '\0');
  iovec data{bytes.data(), bytes.size()};
  std::vector<char> control(CMSG_SPACE(sizeof(int) * kMaxFds));
  msghdr message{};
  message.msg_iov = &data;
  message.msg_iovlen = 1;
  message.msg_control = control.data();
  message.msg_controllen = control.size();
  ssize_t got;
  do got = ::recvmsg(socket, &message, MSG_CMSG_CLOEXEC);
  while (got < 0 && errno == EINTR);
  if (got <= 0) return false;
  bytes.resize(static_cast<std::size_t>(got));
  fds.clear();
  for (cmsghdr* h = CMSG_FIRSTHDR(&message); h != nullptr; h = CMSG_NXTHDR(&message, h))
    if (h->cmsg_level == SOL_SOCKET && h->cmsg_type == SCM_RIGHTS) {
      const std::size_t n = (h->cmsg_len - CMSG_LEN(0)) / sizeof(int);
      const std::size_t at = fds.size();
      fds.resize(at + n);
      std::memcpy(fds.data() + at, CMSG_DATA(h), n * sizeof(int));
    }
  return true;
}

inline void write_int(int fd, std::int32_t value) {
  ssize_t sent;
  do sent = ::send(fd, &value, sizeof value, MSG_NOSIGNAL);
  while (sent < 0 && errno == EINTR);
}

/// The child side of a request: the passed descriptors become 3, 4, ...
/// (duplicated above every target first), everything of the server closed.
[[noreturn]] inline void become_child(int control, const nlohmann::json& request, const std::vector<int>& fds) {
  ::signal(SIGPIPE, SIG_DFL);
  ::close(control);
  const int passed = static_cast<int>(fds.size()) - 1;
  const int base = 3 + passed + kMaxFds;
  for (int i = 0; i < passed; ++i) ::dup2(fds[1 + i], base + i);
  for (int fd : fds) ::close(fd);
  for (int i = 0; i < passed; ++i) {
    ::dup2(base + i, 3 + i);
    ::close(base + i);
  }
  SpawnArgs given;
  given.fds = passed;
  given.args = request.value("args", std::vector<std::string>{});
  run_entry_and_exit(request.value("entry", std::string()), given);
}

/// The server's loop (descriptor 3 is the control socket).
inline int serve(const SpawnArgs&) {
  const int control = 3;
  ::signal(SIGPIPE, SIG_IGN);
  struct Child {
    pid_t pid;
    int pidfd;
    int status;  // the requester's status connection
  };
  std::vector<Child> children;
  for (;;) {
    std::vector<pollfd> watched{{control, POLLIN, 0}};
    for (const Child& c : children) watched.push_back({c.pidfd, POLLIN, 0});
    if (::poll(watched.data(), watched.size(), -1) < 0) {
      if (errno == EINTR) continue;
      return 1;
    }
    for (std::size_t k = children.size(); k-- > 0;) {
      if ((watched[k + 1].revents & POLLIN) == 0) continue;
      int status = 0;
      pid_t got;
      do got = ::waitpid(children[k].pid, &status, 0);
      while (got < 0 && errno == EINTR);
      const std::int32_t code = WIFSIGNALED(status) ? -WTERMSIG(status) : WEXITSTATUS(status);
      write_int(children[k].status, code);
      ::close(children[k].status);
      ::close(children[k].pidfd);
      children.erase(children.begin() + static_cast<std::ptrdiff_t>(k));
    }
    if ((watched[0].revents & (POLLIN | POLLHUP)) == 0) continue;
    std::string bytes;
    std::vector<int> fds;
    if (!receive_with_fds(control, bytes, fds)) return 0;  // the program has ended
    if (fds.empty()) continue;
    const auto request = nlohmann::json::parse(bytes, nullptr, false);
    const pid_t pid = request.is_discarded() ? -1 : ::fork();
    if (pid == 0) {
      for (const Child& c : children) {
        ::close(c.pidfd);
        ::close(c.status);
      }
      become_child(control, request, fds);
    }
    for (std::size_t i = 1; i < fds.size(); ++i) ::close(fds[i]);
    const int pidfd = pid > 0 ? static_cast<int>(::syscall(SYS_pidfd_open, pid, 0)) : -1;
    if (pidfd < 0) {  // no child (or lost track of it): the connection ends without a pid
      ::close(fds[0]);
      continue;
    }
    write_int(fds[0], pid);
    children.push_back({pid, pidfd, fds[0]});
  }
}

inline const bool registered = register_spawn_entry(kEntry, serve);

}  // namespace detail_forkserver

/// The program's handle on its fork server.
class ForkServer {
 public:
  /// The one server of this program, started at first use.
  static ForkServer& instance() {
    static ForkServer server;
    return server;
  }

  /// Asks the server to fork a child running `request`; returns the child's
  /// pid and the status connection (the caller owns it).
  std::pair<pid_t, int> fork_child(const Spawn& request) {
    int pair[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) != 0)
      throw std::system_error(errno, std::generic_category(), "socketpair");
    std::vector<int> fds{pair[1]};
    fds.insert(fds.end(), request.pass_fds.begin(), request.pass_fds.end());
    try {
      std::lock_guard lk(m_);
      detail_forkserver::send_with_fds(control_,
                                       nlohmann::json{{"entry", request.entry}, {"args", request.args}}.dump(), fds);
    } catch (...) {
      ::close(pair[0]);
      ::close(pair[1]);
      throw;
    }
    ::close(pair[1]);
    std::int32_t pid = 0;
    std::size_t got = 0;
    while (got < sizeof pid) {
      const ssize_t n = ::read(pair[0], reinterpret_cast<char*>(&pid) + got, sizeof pid - got);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        ::close(pair[0]);
        throw std::runtime_error("the fork server did not start the child");
      }
      got += static_cast<std::size_t>(n);
    }
    return {pid, pair[0]};
  }

  pid_t pid() const { return server_; }

  ForkServer(const ForkServer&) = delete;
  ForkServer& operator=(const ForkServer&) = delete;
  /// Ends the server (a process forked by the fork start method may still
  /// hold the control socket open, so its end of stream is not awaited).
  ~ForkServer() {
    ::close(control_);
    ::kill(server_, SIGKILL);
    int status = 0;
    ::waitpid(server_, &status, 0);
  }

 private:
  ForkServer() {
    int pair[2];
    if (::socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, pair) != 0)
      throw std::system_error(errno, std::generic_category(), "socketpair");
    server_ = spawn_image(Spawn{detail_forkserver::kEntry, {}, {pair[1]}});
    ::close(pair[1]);
    control_ = pair[0];
  }

  std::mutex m_;  // one request on the control socket at a time
  int control_ = -1;
  pid_t server_ = -1;
};

}  // namespace interleave::process
