// Deadlock diagnosis: when no thread can run, say who waits for what and
// name the wait-for cycle among mutexes, if there is one.
#include <fmt/format.h>

#include <algorithm>
#include <string>

#include "execution.hpp"

namespace interleave::engine {

void Execution::report_deadlock() {
  std::string blocked;
  for (const Thread& t : threads_) {
    if (!t.started || t.finished) continue;
    std::string what = fmt::format("blocked in {} {}", op_name(t.pending),
                                   t.pending != Op::join             ? object_label(t.pending_object)
                                   : t.pending_object == kAllThreads ? std::string("all threads")
                                                                     : fmt::format("thread {}", t.pending_object));
    if (t.pending == Op::wake && objects_[t.pending_object].kind == ObjectKind::atomic) {
      const Value& now = objects_[t.pending_object].value;
      what = fmt::format("waits on {} (value {}{})", object_label(t.pending_object),
                         t.pending_expected.known ? std::to_string(t.pending_expected.number) : std::string("?"),
                         now.known && t.pending_expected.known && now.number != t.pending_expected.number
                             ? fmt::format(", now {}: changed without a notify", now.number)
                             : std::string());
    }
    if (t.pending == Op::lock) {
      const int owner = objects_[t.pending_object].owner;
      what += owner == t.id ? " (held by itself)" : fmt::format(" (held by thread {})", owner);
    }
    blocked += fmt::format("{}thread {} {} at {}:{}", blocked.empty() ? "" : "; ", t.id, what, t.pending_loc.file,
                           t.pending_loc.line);
  }
  // Follow "waits for a mutex held by" edges to name a cycle, if there is one.
  std::string cycle;
  for (const Thread& start : threads_) {
    std::vector<int> seen;
    int at = start.id;
    while (at >= 0 && std::find(seen.begin(), seen.end(), at) == seen.end()) {
      seen.push_back(at);
      const Thread& t = threads_[static_cast<std::size_t>(at)];
      if (!t.started || t.finished || t.pending != Op::lock) {
        at = -1;
        break;
      }
      at = objects_[t.pending_object].owner;
    }
    if (at < 0) continue;
    const int first = at;
    do {
      const Thread& t = threads_[static_cast<std::size_t>(at)];
      cycle += fmt::format("thread {} waits for {} held by thread {}; ", t.id, object_label(t.pending_object),
                           objects_[t.pending_object].owner);
      at = objects_[t.pending_object].owner;
    } while (at != first);
    break;
  }
  fail(ViolationKind::deadlock, cycle.empty() ? fmt::format("deadlock: no thread can run. {}", blocked)
                                              : fmt::format("deadlock: wait-for cycle: {}{}", cycle, blocked));
}

}  // namespace interleave::engine
