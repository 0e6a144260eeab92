// --isolate: each check in a child process. A model that crashes the process
// (abort(), a null dereference, a failed CHECK in a library) kills only the
// child; the parent reports it as a violation of kind `crash` with the
// signal and the schedule that led to it, which `interleave replay` runs
// again (under a debugger, to see the crash). The child sends its result as
// JSON through a pipe; on a crash, its signal handler writes the schedule of
// the execution it was running into memory shared with the parent.
#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cstring>
#include <string>

#include "commands.hpp"
#include "report_commands.hpp"

namespace interleave::cli {
namespace {

constexpr std::size_t kScheduleBytes = 1 << 20;
char* tl_crash_schedule = nullptr;  ///< the shared page, in the child

extern "C" void on_crash(int sig) {
  // Best effort and only in the child, which is about to die: the schedule
  // is encoded with allocation, which a signal handler should not do.
  const std::string schedule = current_schedule();
  const std::size_t n = std::min(schedule.size(), kScheduleBytes - 1);
  std::memcpy(tl_crash_schedule, schedule.data(), n);
  tl_crash_schedule[n] = '\0';
  signal(sig, SIG_DFL);
  raise(sig);
}

void catch_crashes_in_child(char* shared) {
  tl_crash_schedule = shared;
  for (int sig : {SIGSEGV, SIGBUS, SIGABRT, SIGFPE, SIGILL}) {
    struct sigaction action {};
    action.sa_handler = on_crash;
    action.sa_flags = SA_ONSTACK | SA_RESETHAND;
    sigemptyset(&action.sa_mask);
    sigaction(sig, &action, nullptr);
  }
}

std::string read_all(int fd) {
  std::string out;
  char buffer[65536];
  for (ssize_t n; (n = read(fd, buffer, sizeof buffer)) != 0;) {
    if (n < 0) {
      if (errno == EINTR) continue;
      break;
    }
    out.append(buffer, static_cast<std::size_t>(n));
  }
  return out;
}

}  // namespace

Result isolated_check(const Model& model, const Options& options, Counterexamples counterexamples) {
  void* page = mmap(nullptr, kScheduleBytes, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  int fds[2];
  if (page == MAP_FAILED || pipe(fds) != 0) throw std::runtime_error("--isolate: cannot set up the child process");
  char* shared = static_cast<char*>(page);
  shared[0] = '\0';
  std::fflush(nullptr);
  const pid_t child = fork();
  if (child < 0) throw std::runtime_error("--isolate: fork failed");
  if (child == 0) {
    close(fds[0]);
    catch_crashes_in_child(shared);
    const Result r = check_model(model, options, counterexamples);
    const std::string json = to_json(r);
    for (std::size_t sent = 0; sent < json.size();) {
      const ssize_t n = write(fds[1], json.data() + sent, json.size() - sent);
      if (n <= 0) _exit(2);
      sent += static_cast<std::size_t>(n);
    }
    _exit(0);
  }
  close(fds[1]);
  const std::string json = read_all(fds[0]);
  close(fds[0]);
  int status = 0;
  while (waitpid(child, &status, 0) < 0 && errno == EINTR) {
  }
  const std::string schedule(shared);
  munmap(page, kScheduleBytes);
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
    Result r = reports::result_from_json(nlohmann::json::parse(json));
    return r;
  }
  Result crashed;
  crashed.model = model.name;
  crashed.strategy = std::string(to_string(options.strategy));
  crashed.verdict = Verdict::violated;
  Violation v;
  v.kind = ViolationKind::crash;
  if (WIFSIGNALED(status)) {
    const int sig = WTERMSIG(status);
    v.message = fmt::format("the model crashed the process: signal {} ({}){}", sig, strsignal(sig),
                            schedule.empty() ? " outside any execution"
                                             : "; `interleave replay " + model.name + " '" + schedule +
                                                   "'` runs the execution again up to the crash");
  } else {
    v.message = fmt::format("the child process checking the model exited with code {}", WEXITSTATUS(status));
  }
  v.schedule = schedule;
  crashed.violations.push_back(std::move(v));
  return crashed;
}

}  // namespace interleave::cli
