// Turning an execution's compact events into report-ready data.
#include <fmt/format.h>

#include <string_view>

#include "caller_location.hpp"
#include "execution.hpp"

namespace interleave::engine {

const char* op_name(Op op) {
  switch (op) {
    case Op::start: return "start";
    case Op::spawn: return "spawn";
    case Op::join: return "join";
    case Op::detach: return "detach";
    case Op::finish: return "finish";
    case Op::lock: return "lock";
    case Op::try_lock: return "try_lock";
    case Op::unlock: return "unlock";
    case Op::wait: return "wait";
    case Op::wake: return "wake";
    case Op::notify_one: return "notify_one";
    case Op::notify_all: return "notify_all";
    case Op::read: return "read";
    case Op::write: return "write";
    case Op::rmw: return "rmw";
    case Op::failed_rmw: return "cas (failed)";
    case Op::yield: return "yield";
    case Op::sleep: return "sleep";
    // A primitive's starvation hooks (Sync::wait_begin/wait_end) are marks,
    // not operations: named so that no report reads them as a real wait.
    case Op::wait_begin: return "hook: waiting for";
    case Op::wait_end: return "hook: done waiting for";
    case Op::fence: return "fence";
    case Op::choose: return "choose";
    case Op::violation: return "violation";
  }
  return "?";
}

namespace {

const char* kind_name(ObjectKind kind) {
  switch (kind) {
    case ObjectKind::mutex: return "mutex";
    case ObjectKind::condition_variable: return "cv";
    case ObjectKind::atomic: return "atomic";
    case ObjectKind::shared: return "shared";
    case ObjectKind::thread: return "thread";
    case ObjectKind::clock: return "clock";
  }
  return "?";
}

std::string value(const Value& v) { return v.known ? std::to_string(v.number) : std::string("?"); }

const char* order_name(std::int64_t order) {
  switch (static_cast<std::memory_order>(order)) {
    case std::memory_order_relaxed: return "relaxed";
    case std::memory_order_consume: return "consume";
    case std::memory_order_acquire: return "acquire";
    case std::memory_order_release: return "release";
    case std::memory_order_acq_rel: return "acq_rel";
    case std::memory_order_seq_cst: return "seq_cst";
  }
  return "?";
}

const char* wake_reason(std::int64_t reason) {
  switch (static_cast<Wake>(reason)) {
    case Wake::notified: return "notified";
    case Wake::timeout: return "timed out";
    case Wake::spurious: return "spurious wake-up";
  }
  return "?";
}

bool refers_to_thread(Op op) { return op == Op::spawn || op == Op::join || op == Op::detach || op == Op::finish; }

}  // namespace

std::string Execution::object_label(std::uint32_t id) const {
  if (id >= objects_.size()) return "";
  const Object& o = objects_[id];
  const std::string_view kind = kind_name(o.kind);
  if (kind == o.name) return fmt::format("{}#{}", kind, id);
  return fmt::format("{} {}", kind, o.name);
}

std::vector<TraceEvent> Execution::render_trace() const {
  std::vector<TraceEvent> out;
  out.reserve(trace_.size());
  for (std::size_t i = 0; i < trace_.size(); ++i) {
    const Event& e = trace_[i];
    TraceEvent t;
    t.index = i;
    t.thread = e.thread;
    t.operation = op_name(e.op);
    t.file = e.loc.file ? e.loc.file : "";
    t.line = e.loc.line;
    if (const auto callers = library_callers_.find(i); callers != library_callers_.end())
      if (const auto place = user_frame(callers->second)) std::tie(t.file, t.line) = *place;
    t.time = static_cast<double>(e.time) / 1e9;
    if (refers_to_thread(e.op)) {
      t.object = fmt::format("thread {}", e.object);
    } else if (e.op == Op::sleep) {
      t.object = "clock";
      t.detail = fmt::format("until t={}s", static_cast<double>(e.after.number) / 1e9);
    } else if (e.op == Op::choose) {
      t.detail = fmt::format("value {} of 0..{}", e.after.number, e.before.number - 1);
    } else if (e.op == Op::wait_begin || e.op == Op::wait_end) {
      t.object = reinterpret_cast<const char*>(e.after.number);
    } else if (e.op != Op::violation && e.op != Op::fence) {
      t.object = object_label(e.object);
    }
    switch (e.op) {
      case Op::read: t.detail = "= " + value(e.after); break;
      case Op::write:
        t.detail = e.before.known ? fmt::format("{} -> {}", value(e.before), value(e.after)) : "= " + value(e.after);
        break;
      case Op::rmw: t.detail = fmt::format("{} -> {}", value(e.before), value(e.after)); break;
      case Op::failed_rmw: t.detail = "saw " + value(e.before); break;
      case Op::fence: t.detail = order_name(e.after.number); break;
      case Op::try_lock: t.detail = e.after.number ? "acquired" : "busy"; break;
      case Op::wait:
        t.detail = objects_[e.object].kind == ObjectKind::atomic
                       ? fmt::format("value {}: blocks", value(e.before))
                       : "releases " + object_label(static_cast<std::uint32_t>(e.after.number));
        break;
      case Op::wake: t.detail = wake_reason(e.after.number); break;
      case Op::notify_one:
      case Op::notify_all: t.detail = fmt::format("woke {}", e.after.number); break;
      case Op::violation:
        for (const Failure& f : failures_)
          if (f.step == i) t.detail = f.message;
        break;
      default: break;
    }
    if (const ReadFrom* from = weak_memory_ ? memory_.read_from(i) : nullptr) {
      // Weak memory: which store the load read, and whether a later one existed.
      t.detail +=
          from->thread < 0 ? " (initial value" : fmt::format(" (from thread {} step {}", from->thread, from->event);
      t.detail += from->stale ? ", not the latest)" : ")";
    }
    out.push_back(std::move(t));
  }
  return out;
}

}  // namespace interleave::engine
