// Stress runs in child processes: a run that deadlocks is killed after
// hang_after seconds instead of hanging the command, and a crash ends one
// batch, not the measurement. The child writes one status line per finished
// run to a pipe and a marker line per started run to its stderr (a temporary
// file), so that ThreadSanitizer's reports, written to the same stderr, are
// attributed to the run during which they came.
#include "stress.hpp"

#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fmt/format.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <sstream>
#include <stdexcept>

#include "interleave/real_sync.hpp"

#if defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define INTERLEAVE_UNDER_TSAN 1
#endif
#endif
#if defined(__SANITIZE_THREAD__)
#define INTERLEAVE_UNDER_TSAN 1
#endif

#ifdef INTERLEAVE_UNDER_TSAN
// Every report, not only the first (halt_on_error=0), and an exit code of its
// own; report_signal_unsafe=0 because killing a hung child is not a bug of the
// scenario. TSAN_OPTIONS in the environment overrides these.
extern "C" const char* __tsan_default_options() { return "exitcode=66 halt_on_error=0 report_signal_unsafe=0"; }
#endif

namespace interleave::cli {
namespace {

using Clock = std::chrono::steady_clock;
constexpr const char* kRunMarker = "interleave-stress: run ";

void write_all(int fd, const std::string& s) {
  for (std::size_t sent = 0; sent < s.size();) {
    const ssize_t n = write(fd, s.data() + sent, s.size() - sent);
    if (n < 0) {
      if (errno == EINTR) continue;
      return;
    }
    sent += static_cast<std::size_t>(n);
  }
}

/// The child: runs [first, first + count) until the deadline, one status line
/// per run ("ok" or "fail TEXT"), then exits normally (so ThreadSanitizer
/// prints its summary and sets its exit code).
[[noreturn]] void run_batch(const Model& model, long first, long count, Clock::time_point deadline, int status_fd) {
  auto& failures = real::scenario_failures::instance();
  for (long run = first; run < first + count && Clock::now() < deadline; ++run) {
    write_all(STDERR_FILENO, fmt::format("{}{}\n", kRunMarker, run));
    failures.reset();
    try {
      model.real_scenario();
    } catch (const std::exception& e) {
      failures.record(std::string("exception: ") + e.what());
    } catch (...) {
      failures.record("exception");
    }
    std::string line = failures.count() == 0 ? "ok" : "fail " + failures.first();
    for (char& c : line)
      if (c == '\n') c = ' ';
    write_all(status_fd, line + "\n");
  }
  write_all(status_fd, "end\n");
  std::fflush(nullptr);
  std::exit(0);
}

std::string read_file_from_start(std::FILE* f) {
  std::string out;
  std::rewind(f);
  char buffer[65536];
  for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, f)) > 0;) out.append(buffer, n);
  return out;
}

/// Adds the ThreadSanitizer reports in a child's stderr to `r`.
void collect_tsan_reports(const std::string& err, StressResult& r) {
  std::istringstream lines(err);
  long run = 0;
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind(kRunMarker, 0) == 0) {
      run = std::atol(line.c_str() + std::strlen(kRunMarker));
      continue;
    }
    const std::string kind = tsan_kind_of(line);
    if (kind.empty()) continue;
    ++r.tsan_kinds[kind];
    if (r.tsan_first_run == 0 || run < r.tsan_first_run) {
      r.tsan_first_run = run;
      r.tsan_first = line;
    }
  }
}

/// One child process of up to `count` runs; returns false when the stress
/// should stop (a hang).
bool run_child(const Model& model, long count, Clock::time_point deadline, const StressOptions& options,
               StressResult& r) {
  int fds[2];
  std::FILE* err = std::tmpfile();
  if (err == nullptr || pipe(fds) != 0) throw std::runtime_error("stress: cannot set up the child process");
  std::fflush(nullptr);
  const long first = r.runs + 1;
  const pid_t child = fork();
  if (child < 0) throw std::runtime_error("stress: fork failed");
  if (child == 0) {
    close(fds[0]);
    dup2(fileno(err), STDERR_FILENO);
    run_batch(model, first, count, deadline, fds[1]);
  }
  close(fds[1]);
  const auto hang_after = std::chrono::duration<double>(options.hang_after);
  auto last_progress = Clock::now();
  std::string pending;
  bool hung = false;
  bool ended = false;  // every run finished: a hang now is in the process's exit
  for (;;) {
    const auto left = last_progress + hang_after - Clock::now();
    const int wait_ms = static_cast<int>(
        std::max<long>(0, static_cast<long>(std::chrono::duration_cast<std::chrono::milliseconds>(left).count())));
    pollfd p{fds[0], POLLIN, 0};
    const int ready = poll(&p, 1, wait_ms);
    if (ready < 0 && errno == EINTR) continue;
    if (ready == 0) {
      kill(child, SIGKILL);
      hung = true;
      r.hung_run = ended ? r.runs : r.runs + 1;
      r.hung_at_exit = ended;
      break;
    }
    char buffer[4096];
    const ssize_t n = read(fds[0], buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    pending.append(buffer, static_cast<std::size_t>(n));
    for (std::size_t eol; (eol = pending.find('\n')) != std::string::npos; pending.erase(0, eol + 1)) {
      const std::string line = pending.substr(0, eol);
      if (line == "end") {
        ended = true;
        continue;
      }
      ++r.runs;
      last_progress = Clock::now();
      if (line.rfind("fail", 0) == 0) {
        ++r.failed;
        if (r.first_failed_run == 0) {
          r.first_failed_run = r.runs;
          r.first_failure = line.size() > 5 ? line.substr(5) : "failed";
        }
      }
    }
  }
  close(fds[0]);
  int status = 0;
  while (waitpid(child, &status, 0) < 0 && errno == EINTR) {
  }
  const bool clean_exit = WIFEXITED(status) && (WEXITSTATUS(status) == 0 || WEXITSTATUS(status) == 66);
  if (!hung && !clean_exit) {
    ++r.runs;
    ++r.crashed;
    if (r.first_failed_run == 0) {
      r.first_failed_run = r.runs;
      r.first_failure = WIFSIGNALED(status)
                            ? fmt::format("crash: signal {} ({})", WTERMSIG(status), strsignal(WTERMSIG(status)))
                            : fmt::format("crash: exit code {}", WEXITSTATUS(status));
    }
  }
  collect_tsan_reports(read_file_from_start(err), r);
  std::fclose(err);
  return !hung;
}

}  // namespace

bool built_with_tsan() {
#ifdef INTERLEAVE_UNDER_TSAN
  return true;
#else
  return false;
#endif
}

std::string tsan_kind_of(const std::string& line) {
  constexpr const char* kPrefix = "WARNING: ThreadSanitizer: ";
  const std::size_t at = line.find(kPrefix);
  if (at == std::string::npos) return {};
  std::string kind = line.substr(at + std::strlen(kPrefix));
  const std::size_t pid = kind.find(" (pid=");
  if (pid != std::string::npos) kind.resize(pid);
  return kind;
}

StressResult stress(const Model& model, const StressOptions& options) {
  if (!model.real_scenario) throw std::invalid_argument(model.name + " has no real-thread scenario");
  StressResult r;
  r.under_tsan = built_with_tsan();
  const auto start = Clock::now();
  const auto deadline =
      start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(options.seconds));
  while (r.runs < options.runs && Clock::now() < deadline) {
    const long before = r.runs;
    if (!run_child(model, std::min(options.batch, options.runs - r.runs), deadline, options, r)) break;
    if (r.runs == before) break;  // the deadline passed before the child's first run
  }
  r.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return r;
}

std::string describe(const StressResult& r) {
  std::string out = fmt::format("{} runs in {:.1f} s", r.runs, r.seconds);
  if (r.hung_run)
    out += r.hung_at_exit ? fmt::format(": hung at exit after run {} (a thread left running?)", r.hung_run)
                          : fmt::format(": hung (deadlock?) in run {}", r.hung_run);
  if (r.failed + r.crashed)
    out += fmt::format("{} {} failed (first, run {}: {})", r.hung_run ? ";" : ":", r.failed + r.crashed,
                       r.first_failed_run, r.first_failure);
  if (!r.stress_caught()) out += ": no failure";
  if (r.under_tsan) {
    if (r.tsan_kinds.empty()) {
      out += "; ThreadSanitizer: nothing reported";
    } else {
      out += "; ThreadSanitizer:";
      const char* sep = " ";
      for (const auto& [kind, n] : r.tsan_kinds) {
        out += fmt::format("{}{} ({} report{})", sep, kind, n, n == 1 ? "" : "s");
        sep = ", ";
      }
      out += fmt::format(", first in run {}", r.tsan_first_run);
    }
  }
  return out;
}

}  // namespace interleave::cli
