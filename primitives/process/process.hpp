// Process: a child process running a function, as Python's
// multiprocessing.Process with the fork start method, or (constructed from a
// Spawn, spawn.hpp) a registered entry point run by a fresh image of this
// program (StartMethod::spawn) or by a child of the fork server
// (StartMethod::forkserver, forkserver.hpp).
//
//   Process p([] { ...; return 3; });   // or a void function (exit code 0)
//   p.start();                          // fork(); the child runs the function
//   p.join(1s);                         // waits at most 1 s; true once it ended
//   p.exitcode();                       // nullopt while running; the exit
//                                       // status, or -N if signal N killed it
//   p.terminate();                      // SIGTERM (kill(): SIGKILL)
//
// The child runs the function, flushes stdio and ends with _exit (no static
// destructors, no atexit handlers: those belong to the parent). A function
// that throws ends the child with exit code 1. A child killed by a signal is
// reaped and reported like any other end: join never waits for a child that no
// longer exists. The waits use a pidfd (Linux 5.3+): poll() on it wakes when
// the child ends, with no polling loop. A fork-server child is the server's
// child, not ours: its exit status arrives on its status connection from the
// server, and the waits poll that connection instead (a server that died
// first is reported by ForkServerLost, never waited on).
//
// Destroying a started Process whose child still runs kills (SIGKILL) and
// reaps it, so that no child outlives its handle and no zombie is left.
//
// Fork copies only the calling thread; a parent with other threads must only
// call async-signal-safe functions in the child before it execs, which a
// function run here generally does not guarantee. Fork from a parent whose
// other threads hold no locks the child needs (the tests fork from their main
// thread).
#pragma once

#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <functional>
#include <optional>
#include <stdexcept>
#include <system_error>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "primitives/process/forkserver.hpp"
#include "primitives/process/spawn.hpp"

namespace interleave::process {

/// How a Process built from a Spawn starts its child.
enum class StartMethod { spawn, forkserver };

class Process {
 public:
  /// `target` returns void (exit code 0) or an int (the exit code).
  template <class F>
  explicit Process(F target) {
    if constexpr (std::is_void_v<std::invoke_result_t<F&>>)
      target_ = [target = std::move(target)]() mutable {
        target();
        return 0;
      };
    else
      target_ = [target = std::move(target)]() mutable { return static_cast<int>(target()); };
  }
  /// StartMethod::spawn: start() runs /proc/self/exe with the entry's name,
  /// the descriptor count and the arguments on its command line.
  /// StartMethod::forkserver: start() asks the program's fork server for a
  /// child running the entry.
  explicit Process(Spawn spawn, StartMethod method = StartMethod::spawn)
      : spawn_(std::move(spawn)), forkserver_(method == StartMethod::forkserver) {}
  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;
  Process(Process&& other) noexcept
      : target_(std::move(other.target_)),
        spawn_(std::move(other.spawn_)),
        forkserver_(other.forkserver_),
        pid_(std::exchange(other.pid_, -1)),
        pidfd_(std::exchange(other.pidfd_, -1)),
        status_fd_(std::exchange(other.status_fd_, -1)),
        exitcode_(other.exitcode_) {}
  ~Process() {
    if (pid_ > 0 && !exitcode_) {
      try {
        kill();
        join();
      } catch (const std::exception&) {  // a fork server lost: nothing left to reap
      }
    }
    if (pidfd_ >= 0) ::close(pidfd_);
    if (status_fd_ >= 0) ::close(status_fd_);
  }

  /// Forks (the child runs the target and exits) or spawns. At most once.
  void start() {
    if (pid_ != -1) throw std::logic_error("Process::start: already started");
    std::fflush(nullptr);  // buffered output must not be written twice
    if (forkserver_) {
      std::tie(pid_, status_fd_) = ForkServer::instance().fork_child(*spawn_);
      // The child may be gone (and its pid reaped by the server) already:
      // then there is nothing to signal and the status says how it ended.
      pidfd_ = static_cast<int>(::syscall(SYS_pidfd_open, pid_, 0));
      return;
    }
    const pid_t pid = spawn_ ? spawn_image(*spawn_) : ::fork();
    if (pid < 0) throw std::system_error(errno, std::generic_category(), "fork");
    if (pid == 0) {
      int code = 1;
      try {
        code = target_();
      } catch (...) {
        code = 1;
      }
      std::fflush(nullptr);
      ::_exit(code);
    }
    pid_ = pid;
    pidfd_ = static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));
    if (pidfd_ < 0) throw std::system_error(errno, std::generic_category(), "pidfd_open");
  }

  /// Waits until the child ends.
  void join() {
    while (!join(std::chrono::hours(1))) {
    }
  }

  /// Waits at most `timeout`; returns whether the child has ended (and has
  /// been reaped: exitcode() is then set).
  template <class Rep, class Period>
  bool join(std::chrono::duration<Rep, Period> timeout) {
    require_started();
    if (exitcode_) return true;
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
      if (reap(WNOHANG)) return true;
      const auto left =
          std::chrono::ceil<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()).count();
      if (left <= 0) return false;
      pollfd ended{forkserver_ ? status_fd_ : pidfd_, POLLIN, 0};
      ::poll(&ended, 1, static_cast<int>(std::min<long long>(left, 1 << 30)));
    }
  }

  /// Whether the child has been started and has not ended.
  bool is_alive() { return pid_ > 0 && !exitcode_ && !reap(WNOHANG); }

  /// nullopt while the child runs (or before start); its exit status once it
  /// ended; -N if it was killed by signal N.
  std::optional<int> exitcode() {
    if (pid_ > 0 && !exitcode_) reap(WNOHANG);
    return exitcode_;
  }

  /// Sends SIGTERM (no effect once the child has ended).
  void terminate() { signal(SIGTERM); }
  /// Sends SIGKILL (no effect once the child has ended).
  void kill() { signal(SIGKILL); }

  pid_t pid() const { return pid_; }

 private:
  void require_started() const {
    if (pid_ <= 0) throw std::logic_error("Process: not started");
  }

  void signal(int number) {
    require_started();
    // Only a child not yet reaped: a reaped pid may belong to another process.
    if (!exitcode_ && pidfd_ >= 0) ::syscall(SYS_pidfd_send_signal, pidfd_, number, nullptr, 0);
  }

  // Reaps the child if it has ended; returns whether it has.
  bool reap(int options) {
    if (forkserver_) return read_status(options);
    int status = 0;
    pid_t got;
    do got = ::waitpid(pid_, &status, options);
    while (got < 0 && errno == EINTR);
    if (got == 0) return false;
    if (got < 0) throw std::system_error(errno, std::generic_category(), "waitpid");
    if (WIFEXITED(status))
      exitcode_ = WEXITSTATUS(status);
    else if (WIFSIGNALED(status))
      exitcode_ = -WTERMSIG(status);
    else
      return false;  // stopped or continued: still alive
    return true;
  }

  // A fork-server child's end: its exit status from the server's connection.
  bool read_status(int options) {
    pollfd readable{status_fd_, POLLIN, 0};
    if (::poll(&readable, 1, (options & WNOHANG) != 0 ? 0 : -1) <= 0) return false;
    std::int32_t code = 0;
    std::size_t got = 0;
    while (got < sizeof code) {
      const ssize_t n = ::read(status_fd_, reinterpret_cast<char*>(&code) + got, sizeof code - got);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) throw ForkServerLost();
      got += static_cast<std::size_t>(n);
    }
    exitcode_ = code;
    return true;
  }

  std::function<int()> target_;
  std::optional<Spawn> spawn_;
  bool forkserver_ = false;
  pid_t pid_ = -1;
  int pidfd_ = -1;
  int status_fd_ = -1;
  std::optional<int> exitcode_;
};

}  // namespace interleave::process
