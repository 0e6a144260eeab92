#include "model_state.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <map>
#include <optional>
#include <string_view>

namespace interleave::reports::model_state {

namespace {

enum class Kind { variable, mutex, waitable, clock, other };

// The kind named by a label's first word ("shared count", "mutex#3").
Kind kind_of(std::string_view object) {
  const std::string_view word = object.substr(0, object.find_first_of(" #"));
  if (word == "shared" || word == "atomic") return Kind::variable;
  if (word == "mutex") return Kind::mutex;
  if (word == "cv") return Kind::waitable;
  return Kind::other;
}

// The value token after `marker` in `detail` ("= 1 (from ...)" -> "1").
std::optional<std::string> token_after(std::string_view detail, std::string_view marker) {
  const auto at = detail.find(marker);
  if (at == std::string_view::npos) return std::nullopt;
  std::string_view rest = detail.substr(at + marker.size());
  rest = rest.substr(0, rest.find(' '));
  if (rest.empty()) return std::nullopt;
  return std::string(rest);
}

// The mutex a condition-variable wait releases ("releases mutex m").
std::optional<std::string> released_mutex(std::string_view detail) {
  constexpr std::string_view prefix = "releases ";
  if (detail.rfind(prefix, 0) != 0) return std::nullopt;
  return std::string(detail.substr(prefix.size()));
}

struct ObjectState {
  Kind kind = Kind::other;
  std::optional<std::string> value;  // variables
  std::optional<int> owner;          // mutexes
  std::vector<int> waiters;          // condition variables and atomics
  std::vector<int> woken;            // notified, not yet running again
};

// N in a notify's "woke N".
long woken_count(const std::string& detail) {
  constexpr std::string_view prefix = "woke ";
  if (detail.rfind(prefix, 0) != 0) return 0;
  return std::strtol(detail.c_str() + prefix.size(), nullptr, 10);
}

// A notify wakes the oldest waiters first (as the engine does), "woke N" of them.
void notify(ObjectState& s, const std::string& detail) {
  for (long n = woken_count(detail); n > 0 && !s.waiters.empty(); --n) {
    s.woken.push_back(s.waiters.front());
    s.waiters.erase(s.waiters.begin());
  }
}

std::string threads_text(const std::vector<int>& threads) {
  std::string out;
  for (int t : threads) out += fmt::format("{}thread {}", out.empty() ? "" : ", ", t);
  return out;
}

std::string seconds(double t) { return fmt::format("t={}s", t); }

std::string describe(const ObjectState& s) {
  std::string text;
  if (s.kind == Kind::variable) text = "= " + s.value.value_or("?");
  if (s.kind == Kind::mutex) text = s.owner ? fmt::format("held by thread {}", *s.owner) : "free";
  if (!s.waiters.empty() || s.kind == Kind::waitable) {
    const std::string waiting = s.waiters.empty() ? "no waiters" : "waiting: " + threads_text(s.waiters);
    text = text.empty() ? waiting : text + ", " + waiting;
  }
  if (!s.woken.empty()) text += ", woken: " + threads_text(s.woken);
  return text;
}

void remove_waiter(ObjectState& s, int thread) {
  s.waiters.erase(std::remove(s.waiters.begin(), s.waiters.end(), thread), s.waiters.end());
  s.woken.erase(std::remove(s.woken.begin(), s.woken.end(), thread), s.woken.end());
}

}  // namespace

std::vector<Snapshot> after_each_step(const std::vector<TraceEvent>& trace) {
  std::vector<std::string> order;  // labels in order of first appearance
  std::map<std::string, ObjectState> states;
  auto touch = [&](const std::string& object) -> ObjectState& {
    auto [it, fresh] = states.try_emplace(object);
    if (fresh) {
      it->second.kind = kind_of(object);
      order.push_back(object);
    }
    return it->second;
  };

  std::vector<Snapshot> out;
  out.reserve(trace.size());
  std::map<std::string, std::string> before;  // each object's text after the previous step
  std::optional<double> clock;
  for (const TraceEvent& e : trace) {
    const std::string& op = e.operation;
    const Kind kind = kind_of(e.object);
    if (kind == Kind::variable) {
      ObjectState& s = touch(e.object);
      if (op == "write" || op == "rmw") {
        if (auto v = token_after(e.detail, "-> "))
          s.value = v;
        else if (auto w = token_after(e.detail, "= "))
          s.value = w;
      } else if (op == "read" && !s.value) {
        s.value = token_after(e.detail, "= ");
      } else if (op == "cas (failed)" && !s.value) {
        s.value = token_after(e.detail, "saw ");
      } else if (op == "wait") {
        if (!s.value) s.value = token_after(e.detail, "value ");
        if (s.value && !s.value->empty() && s.value->back() == ':') s.value->pop_back();
        s.waiters.push_back(e.thread);
      } else if (op == "wake") {
        remove_waiter(s, e.thread);
      } else if (op == "notify_one" || op == "notify_all") {
        notify(s, e.detail);
      }
    } else if (kind == Kind::mutex) {
      ObjectState& s = touch(e.object);
      if (op == "lock" || (op == "try_lock" && e.detail == "acquired")) s.owner = e.thread;
      if (op == "unlock") s.owner.reset();
    } else if (kind == Kind::waitable) {
      ObjectState& s = touch(e.object);
      if (op == "wait") {
        s.waiters.push_back(e.thread);
        if (auto m = released_mutex(e.detail)) touch(*m).owner.reset();
      } else if (op == "wake") {
        remove_waiter(s, e.thread);
      } else if (op == "notify_one" || op == "notify_all") {
        notify(s, e.detail);
      }
    }

    Snapshot snapshot;
    for (const std::string& object : order) {
      std::string text = describe(states.at(object));
      auto [it, fresh] = before.try_emplace(object, text);
      const bool changed = fresh || it->second != text;
      it->second = text;
      snapshot.push_back({object, std::move(text), changed});
    }
    snapshot.push_back({"clock", seconds(e.time), clock && *clock != e.time});
    clock = e.time;
    out.push_back(std::move(snapshot));
  }
  return out;
}

std::string entry_text(const Entry& entry) {
  if (entry.state.rfind("= ", 0) == 0) return entry.object + " " + entry.state;
  return entry.object + ": " + entry.state;
}

std::string line(const Snapshot& snapshot) {
  std::string out;
  for (const Entry& e : snapshot) out += (out.empty() ? "" : "; ") + entry_text(e);
  return out;
}

}  // namespace interleave::reports::model_state
