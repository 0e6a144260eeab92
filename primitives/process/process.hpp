// Process: a child process running a function, as Python's
// multiprocessing.Process with the fork start method, or (constructed from a
// Spawn, spawn.hpp) a fresh image of this program running a registered entry
// point, as the spawn start method.
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
// the child ends, with no polling loop.
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
#include <type_traits>
#include <utility>
#include <vector>

#include "primitives/process/spawn.hpp"

namespace interleave::process {

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
  /// The spawn start method: start() runs /proc/self/exe with the entry's
  /// name, the descriptor count and the arguments on its command line.
  explicit Process(Spawn spawn) : spawn_(std::move(spawn)) {}
  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;
  Process(Process&& other) noexcept
      : target_(std::move(other.target_)),
        spawn_(std::move(other.spawn_)),
        pid_(std::exchange(other.pid_, -1)),
        pidfd_(std::exchange(other.pidfd_, -1)),
        exitcode_(other.exitcode_) {}
  ~Process() {
    if (pid_ > 0 && !exitcode_) {
      ::kill(pid_, SIGKILL);
      join();
    }
    if (pidfd_ >= 0) ::close(pidfd_);
  }

  /// Forks (the child runs the target and exits) or spawns. At most once.
  void start() {
    if (pid_ != -1) throw std::logic_error("Process::start: already started");
    std::fflush(nullptr);  // buffered output must not be written twice
    const pid_t pid = spawn_ ? spawn_child(*spawn_) : ::fork();
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
      pollfd ended{pidfd_, POLLIN, 0};
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
  static pid_t spawn_child(const Spawn& spawn) {
    std::vector<std::string> words{"/proc/self/exe", kSpawnFlag + spawn.entry, std::to_string(spawn.pass_fds.size())};
    words.insert(words.end(), spawn.args.begin(), spawn.args.end());
    std::vector<char*> argv;
    for (auto& w : words) argv.push_back(w.data());
    argv.push_back(nullptr);
    // The passed descriptors become 3, 4, ...: first duplicated above every
    // target, so that no dup2 overwrites a descriptor still to be passed.
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    const int base = 3 + static_cast<int>(spawn.pass_fds.size()) + 64;
    for (std::size_t i = 0; i < spawn.pass_fds.size(); ++i)
      posix_spawn_file_actions_adddup2(&actions, spawn.pass_fds[i], base + static_cast<int>(i));
    for (std::size_t i = 0; i < spawn.pass_fds.size(); ++i) {
      posix_spawn_file_actions_adddup2(&actions, base + static_cast<int>(i), 3 + static_cast<int>(i));
      posix_spawn_file_actions_addclose(&actions, base + static_cast<int>(i));
    }
    pid_t pid = -1;
    const int error = ::posix_spawn(&pid, "/proc/self/exe", &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (error != 0) throw std::system_error(error, std::generic_category(), "posix_spawn");
    return pid;
  }

  void require_started() const {
    if (pid_ <= 0) throw std::logic_error("Process: not started");
  }

  void signal(int number) {
    require_started();
    // Only a child not yet reaped: a reaped pid may belong to another process.
    if (!exitcode_) ::syscall(SYS_pidfd_send_signal, pidfd_, number, nullptr, 0);
  }

  // Reaps the child if it has ended; returns whether it has.
  bool reap(int options) {
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

  std::function<int()> target_;
  std::optional<Spawn> spawn_;
  pid_t pid_ = -1;
  int pidfd_ = -1;
  std::optional<int> exitcode_;
};

}  // namespace interleave::process
