// The engine API (engine_api.hpp) the model_sync facade calls: one function
// per visible operation, acting on the calling OS thread's Execution.
#include <fmt/format.h>

#include <algorithm>
#include <exception>
#include <stdexcept>

#include "execution.hpp"
#include "interleave/engine_api.hpp"

namespace interleave::detail {

using engine::Abandon;
using engine::Execution;
using engine::Object;
using engine::Op;
using engine::Thread;

namespace {

Execution& ex() {
  Execution* e = Execution::current();
  if (!e) throw std::logic_error("interleave: a model_sync object was used outside interleave::check");
  if (e->running() < 0 && !e->abandoning())
    throw std::logic_error("interleave: an invariant performed a visible operation; invariants may only read");
  return *e;
}

std::string where(location loc) { return fmt::format("{}:{}", loc.file, loc.line); }

/// Records the failing step itself, then the violation.
void violation(Execution& e, std::uint32_t object, location loc, ViolationKind kind, std::string message,
               bool fatal = true) {
  e.record(Op::violation, object, loc);
  e.fail(kind, std::move(message), fatal);
}

void acquire(Execution& e, std::uint32_t m) {
  Object& o = e.object(m);
  o.owner = e.running();
  e.self().clock.join(o.clock, static_cast<int>(e.threads().size()));
  if (e.weak_memory()) e.memory().acquire_from(o.view, e.running());
}

void release(Execution& e, std::uint32_t m) {
  Object& o = e.object(m);
  o.owner = -1;
  o.clock = e.self().clock;
  e.self().clock.tick(e.running());
  if (e.weak_memory()) e.memory().release_to(o.view, e.running());
}

Op access_op(Access a) {
  switch (a) {
    case Access::read: return Op::read;
    case Access::write: return Op::write;
    case Access::rmw: return Op::rmw;
    case Access::failed_rmw: return Op::failed_rmw;
  }
  return Op::read;
}

void race(Execution& e, std::uint32_t id, std::size_t earlier, std::size_t later) {
  const engine::Event& a = e.trace()[earlier];
  const engine::Event& b = e.trace()[later];
  auto describe = [&](const engine::Event& ev) {
    return fmt::format("thread {} {} {} at {}:{}", ev.thread, engine::op_name(ev.op),
                       ev.op == Op::read
                           ? fmt::format("(read {})", ev.after.known ? std::to_string(ev.after.number) : "?")
                           : fmt::format("(wrote {})", ev.after.known ? std::to_string(ev.after.number) : "?"),
                       ev.loc.file, ev.loc.line);
  };
  e.fail(ViolationKind::data_race,
         fmt::format("data race on {}: {} and {} are not ordered by happens-before (no lock, join or atomic "
                     "between them), and at least one is a write",
                     e.object_label(id), describe(a), describe(b)),
         /*fatal=*/false, /*history=*/{}, earlier);
}

void check_shared(Execution& e, std::uint32_t id, Access access, std::size_t event, location loc) {
  Object& o = e.object(id);
  const Thread& me = e.self();
  const int t = me.id;
  // Entries for the threads that exist now (threads are never removed); a
  // thread's missing entry is a zero one.
  if (const std::size_t threads = e.threads().size(); o.read_epoch.size() < threads) {
    o.read_epoch.resize(threads, 0);
    o.read_event.resize(threads, 0);
  }
  if (access == Access::read) {
    if (!o.written) {
      e.fail(
          ViolationKind::uninitialized_read,
          fmt::format("thread {} read {} at {} before anything was written to it", t, e.object_label(id), where(loc)),
          /*fatal=*/false);
    } else if (o.last_writer != t && o.write_epoch > me.clock[o.last_writer]) {
      race(e, id, o.write_event, event);
    }
    o.read_epoch[static_cast<std::size_t>(t)] = me.clock[t];
    o.read_event[static_cast<std::size_t>(t)] = event;
    return;
  }
  if (o.written && o.last_writer != t && o.write_epoch > me.clock[o.last_writer]) race(e, id, o.write_event, event);
  for (int r = 0; r < static_cast<int>(e.threads().size()); ++r) {
    const std::uint32_t epoch = o.read_epoch[static_cast<std::size_t>(r)];
    if (r != t && epoch > 0 && epoch > me.clock[r]) race(e, id, o.read_event[static_cast<std::size_t>(r)], event);
  }
  o.written = true;
  o.last_writer = t;
  o.write_epoch = me.clock[t];
  o.write_event = event;
  std::fill(o.read_epoch.begin(), o.read_epoch.end(), 0);
}

}  // namespace

std::uint32_t new_object(ObjectKind kind, const char* name, location loc) { return ex().add_object(kind, name, loc); }

void mutex_lock(std::uint32_t m, location loc) {
  Execution& e = ex();
  if (!e.abandoning() && e.object(m).owner == e.running())
    violation(e, m, loc, ViolationKind::self_deadlock,
              fmt::format("thread {} locks {} at {} while already holding it: a non-recursive mutex "
                          "deadlocks on itself",
                          e.running(), e.object_label(m), where(loc)));
  e.schedule_point(Op::lock, m, Access::write, loc, /*may_throw=*/false);
  if (e.abandoning()) return;
  acquire(e, m);
  e.record(Op::lock, m, loc);
}

bool mutex_try_lock(std::uint32_t m, location loc) {
  Execution& e = ex();
  e.schedule_point(Op::try_lock, m, Access::write, loc, /*may_throw=*/false);
  if (e.abandoning()) return true;
  const bool free = e.object(m).owner < 0;
  if (free) acquire(e, m);
  e.record(Op::try_lock, m, loc, {}, Value{free ? 1 : 0, true});
  return free;
}

void mutex_unlock(std::uint32_t m, location loc) {
  Execution& e = ex();
  e.schedule_point(Op::unlock, m, Access::write, loc, /*may_throw=*/false);
  if (e.abandoning()) return;
  const int owner = e.object(m).owner;
  if (owner != e.running()) {
    violation(e, m, loc, ViolationKind::unlock_not_owner,
              owner < 0 ? fmt::format("thread {} unlocks {} at {}, which nobody holds", e.running(), e.object_label(m),
                                      where(loc))
                        : fmt::format("thread {} unlocks {} at {}, which thread {} holds", e.running(),
                                      e.object_label(m), where(loc), owner));
    return;
  }
  release(e, m);
  e.record(Op::unlock, m, loc);
}

Wake cv_wait(std::uint32_t cv, std::uint32_t m, nanos deadline, location loc) {
  Execution& e = ex();
  e.self().pending_mutex = m;
  e.schedule_point(Op::wait, cv, Access::write, loc);
  const bool spurious = std::exchange(e.self().spurious_wait, false);
  if (e.object(m).owner != e.running()) {
    violation(e, cv, loc, ViolationKind::misuse,
              fmt::format("thread {} waits on {} at {} without holding {}", e.running(), e.object_label(cv), where(loc),
                          e.object_label(m)));
    e.schedule_point(Op::yield, 0, Access::read, loc);  // the execution stops here
  }
  // [thread.condition.condvar]: every thread waiting at once must wait with the same mutex.
  for (const Thread& other : e.threads())
    if (other.id != e.running() && other.started && !other.finished && other.pending == Op::wake &&
        other.pending_object == cv && other.pending_mutex != m) {
      violation(e, cv, loc, ViolationKind::misuse,
                fmt::format("thread {} waits on {} at {} with {} while thread {} waits on it with {} (all "
                            "threads waiting at once must use the same mutex)",
                            e.running(), e.object_label(cv), where(loc), e.object_label(m), other.id,
                            e.object_label(other.pending_mutex)));
      e.schedule_point(Op::yield, 0, Access::read, loc);  // the execution stops here
      break;
    }
  release(e, m);
  Thread& me = e.self();
  me.notified = spurious;  // a spurious wake-up needs no notify
  me.wake = spurious ? Wake::spurious : Wake::notified;
  if (!spurious) e.object(cv).waiters.push_back(e.running());
  me.deadline = deadline;
  e.record(Op::wait, cv, loc, {}, Value{m, true});

  e.schedule_point(Op::wake, cv, Access::write, loc);
  if (me.wake != Wake::spurious) me.wake = me.notified ? Wake::notified : Wake::timeout;
  std::erase(e.object(cv).waiters, e.running());
  me.deadline = -1;
  const Wake reason = me.wake;
  e.record(Op::wake, cv, loc, {}, Value{static_cast<std::int64_t>(reason), true});

  e.schedule_point(Op::lock, m, Access::write, loc);
  acquire(e, m);
  e.record(Op::lock, m, loc);
  return reason;
}

void cv_notify(std::uint32_t cv, bool all, location loc) {
  Execution& e = ex();
  e.schedule_point(all ? Op::notify_all : Op::notify_one, cv, Access::write, loc, /*may_throw=*/false);
  if (e.abandoning()) return;
  std::vector<int>& waiters = e.object(cv).waiters;
  std::int64_t woken = 0;
  if (!all && !waiters.empty()) {  // the waiter the step's choice picked (collect_options): 0 is the oldest
    const std::size_t k = std::min<std::size_t>(e.self().pending_pick, waiters.size() - 1);
    e.thread(waiters[k]).notified = true;
    waiters.erase(waiters.begin() + static_cast<std::ptrdiff_t>(k));
    ++woken;
  }
  while (all && !waiters.empty()) {
    e.thread(waiters.front()).notified = true;
    waiters.erase(waiters.begin());
    ++woken;
  }
  e.record(all ? Op::notify_all : Op::notify_one, cv, loc, {}, Value{woken, true});
}

void before_access(std::uint32_t object, Access access, location loc) {
  // Reads unwind a torn-down thread (a loop re-reading would spin); writes
  // complete as no-ops, as they often run in destructors.
  ex().schedule_point(access_op(access), object, access, loc, /*may_throw=*/access != Access::write);
}

void initial_value(std::uint32_t object, Value value) {
  Execution& e = ex();
  Object& o = e.object(object);
  o.value = value;
  if (e.weak_memory())
    o.memory_location = e.memory().add_location(value, e.running(), e.trace().size(), e.self().clock);
}

std::uint32_t atomic_begin(std::uint32_t object, Access access, std::memory_order order, Value expected, location loc) {
  Execution& e = ex();
  if (!e.abandoning()) {
    Thread& me = e.self();
    me.pending_expected = expected;
    me.pending_order = order;
    if (order != std::memory_order_seq_cst) e.note_weak_order();
  }
  // Reads unwind a torn-down thread (a loop re-reading would spin); stores
  // complete as no-ops, as they often run in destructors.
  e.schedule_point(access_op(access), object, access, loc, /*may_throw=*/access != Access::write);
  if (e.abandoning()) return kNoStore;
  Thread& me = e.self();
  Object& o = e.object(object);
  std::uint32_t read = 0;
  if (!e.weak_memory()) {
    read = e.object(object).stores;
  } else if (access != Access::write) {
    read = e.memory().store_read(o.memory_location, me.id, access, me.pending_expected, me.pending_pick);
  }
  me.pending_expected = Value{};
  me.pending_read = read;
  return read;
}

void atomic_end(std::uint32_t object, Access access, std::memory_order order, Value written, location loc) {
  Execution& e = ex();
  Object& o = e.object(object);
  Thread& me = e.self();
  const int threads = static_cast<int>(e.threads().size());
  if (!e.weak_memory()) {
    // Sequentially consistent: the latest store is read, the store is the
    // latest, every store releases and every load acquires.
    const Value before = o.value;
    if (access == Access::write || access == Access::rmw) {
      o.value = written;
      ++o.stores;
    }
    e.record(access_op(access), object, loc, before,
             access == Access::read || access == Access::failed_rmw ? before : written);
    if (access != Access::write) me.clock.join(o.clock, threads);
    if (access == Access::write || access == Access::rmw) {
      o.clock.join(me.clock, threads);
      me.clock.tick(me.id);
    }
    return;
  }
  engine::MemoryModel& m = e.memory();
  const Value read_value = access == Access::write ? o.value : m.value(o.memory_location, me.pending_read);
  const std::size_t event = e.record(access_op(access), object, loc, read_value,
                                     access == Access::read || access == Access::failed_rmw ? read_value : written);
  if (access != Access::write) {
    m.read(o.memory_location, me.pending_read, me.id, order, me.clock, event);
    if (me.pending_read != m.latest(o.memory_location)) me.read_stale_since_yield = true;
  }
  if (access == Access::write || access == Access::rmw) {
    m.write(o.memory_location, me.id, order, written, me.clock, event, me.pending_pick,
            access == Access::rmw ? std::optional<std::uint32_t>(me.pending_read) : std::nullopt);
    o.value = m.value(o.memory_location, m.latest(o.memory_location));
  }
  if (m.psc_cyclic()) e.abandon_inconsistent(loc, /*may_throw=*/access != Access::write);
}

std::uint32_t atomic_wait_begin(std::uint32_t object, std::memory_order order, Value old, location loc) {
  Execution& e = ex();
  if (!e.abandoning()) {
    Thread& me = e.self();
    me.pending_expected = old;  // kept until the wait returns: footprints and the deadlock report read it
    me.pending_order = order;
    if (order != std::memory_order_seq_cst) e.note_weak_order();
  }
  e.schedule_point(Op::wait, object, Access::read, loc);
  if (e.abandoning()) return kNoStore;
  Thread& me = e.self();
  const Object& o = e.object(object);
  me.pending_read = e.weak_memory() ? e.memory().latest(o.memory_location) : o.stores;
  return me.pending_read;
}

void atomic_wait_end(std::uint32_t object, std::memory_order order, bool blocks, location loc) {
  Execution& e = ex();
  Thread& me = e.self();
  const bool spurious = std::exchange(me.spurious_wait, false);
  const int threads = static_cast<int>(e.threads().size());
  {
    Object& o = e.object(object);
    const Value seen = e.weak_memory() ? e.memory().value(o.memory_location, me.pending_read) : o.value;
    // A check that blocks is the wait; one that returns is the load ending it.
    const std::size_t event = e.record(blocks ? Op::wait : Op::read, object, loc, seen, seen);
    if (e.weak_memory())
      e.memory().read(o.memory_location, me.pending_read, me.id, order, me.clock, event);
    else
      me.clock.join(o.clock, threads);
    if (!blocks) {
      me.pending_expected = Value{};
      return;
    }
    me.notified = spurious;  // a spurious wake-up needs no notify
    me.wake = spurious ? Wake::spurious : Wake::notified;
    me.deadline = -1;
    if (!spurious) o.waiters.push_back(me.id);
  }
  e.schedule_point(Op::wake, object, Access::write, loc);
  Thread& woken = e.self();
  if (woken.wake != Wake::spurious) woken.wake = Wake::notified;
  std::erase(e.object(object).waiters, woken.id);
  woken.pending_expected = Value{};
  e.record(Op::wake, object, loc, {}, Value{static_cast<std::int64_t>(woken.wake), true});
}

void atomic_notify(std::uint32_t object, bool all, location loc) { cv_notify(object, all, loc); }

std::uint32_t atomic_latest(std::uint32_t object) {
  Execution& e = *Execution::current();
  return e.weak_memory() ? e.memory().latest(e.object(object).memory_location) : e.object(object).stores;
}

void atomic_fence(std::memory_order order, location loc) {
  Execution& e = ex();
  if (e.abandoning()) return;
  e.note_weak_order();
  // A seq_cst fence takes its place in the order of all seq_cst fences:
  // a visible operation. The others only act on their own thread.
  if (order == std::memory_order_seq_cst) {
    e.schedule_point(Op::fence, 0, Access::write, loc, /*may_throw=*/false);
    if (e.abandoning()) return;
  }
  e.record(Op::fence, 0, loc, {}, Value{static_cast<std::int64_t>(order), true});
  if (!e.weak_memory()) return;
  e.memory().fence(e.running(), order, e.self().clock);
  if (e.memory().psc_cyclic()) e.abandon_inconsistent(loc, /*may_throw=*/false);
}

void after_access(std::uint32_t object, Access access, Value before, Value after, location loc) {
  Execution& e = ex();
  if (e.abandoning()) return;
  const std::size_t event = e.record(access_op(access), object, loc, before, after);
  Object& o = e.object(object);
  if (access == Access::write) o.value = after;
  check_shared(e, object, access, event, loc);
}

bool peek(std::uint32_t object) {
  Execution* e = Execution::current();
  if (!e || !e->peeking()) return false;
  if (e->observing()) e->object(object).observed = true;
  return true;
}

int spawn(std::function<void()> body, location loc) {
  Execution& e = ex();
  e.schedule_point(Op::spawn, 0, Access::write, loc);
  const int child = e.add_thread(std::move(body));
  e.self().clock.tick(e.running());
  e.record(Op::spawn, static_cast<std::uint32_t>(child), loc);
  return child;
}

void spawn_together(std::vector<std::function<void()>> bodies, location loc) {
  Execution& e = ex();
  e.schedule_point(Op::spawn, 0, Access::write, loc);
  for (auto& body : bodies) {
    const int child = e.add_thread(std::move(body));
    e.record(Op::spawn, static_cast<std::uint32_t>(child), loc);
  }
  e.self().clock.tick(e.running());
}

void join_all(location loc) {
  Execution& e = ex();
  e.schedule_point(Op::join, engine::kAllThreads, Access::write, loc);
  for (const Thread& t : e.threads()) {
    if (t.id == e.running() || t.detached) continue;
    e.thread(t.id).joined = true;
    e.self().clock.join(t.clock, static_cast<int>(e.threads().size()));
    if (e.weak_memory()) e.memory().join_thread(e.running(), t.id);
    e.record(Op::join, static_cast<std::uint32_t>(t.id), loc);
  }
}

void join(int thread, location loc) {
  Execution& e = ex();
  if (e.abandoning()) return;  // torn down: the joined thread is being torn down too
  const int me = e.running();
  std::string misuse;
  if (thread < 0 || thread >= static_cast<int>(e.threads().size()))
    misuse = fmt::format("thread {} joins a thread handle that is not joinable at {}", me, where(loc));
  else if (thread == me)
    misuse = fmt::format("thread {} joins itself at {}", me, where(loc));
  else if (e.thread(thread).joined || e.thread(thread).detached)
    misuse = fmt::format("thread {} joins thread {} a second time (or after detach) at {}", me, thread, where(loc));
  if (!misuse.empty()) {
    violation(e, 0, loc, ViolationKind::misuse, misuse);
    e.schedule_point(Op::yield, 0, Access::read, loc);  // the execution stops here
    return;
  }
  e.schedule_point(Op::join, static_cast<std::uint32_t>(thread), Access::write, loc, /*may_throw=*/false);
  if (e.abandoning()) return;
  e.thread(thread).joined = true;
  e.self().clock.join(e.thread(thread).clock, static_cast<int>(e.threads().size()));
  if (e.weak_memory()) e.memory().join_thread(e.running(), thread);
  e.record(Op::join, static_cast<std::uint32_t>(thread), loc);
}

void detach(int thread, location loc) {
  Execution& e = ex();
  if (e.abandoning()) return;
  if (thread < 0 || thread >= static_cast<int>(e.threads().size())) {
    violation(e, 0, loc, ViolationKind::misuse,
              fmt::format("detach of a thread handle that is not joinable at {}", where(loc)));
    return;
  }
  e.thread(thread).detached = true;
  e.record(Op::detach, static_cast<std::uint32_t>(thread), loc);
}

void dropped_joinable(int thread, location loc) {
  Execution* e = Execution::current();
  // Torn down, or unwinding from a failure that stopped the execution: the
  // handle was dropped because of that failure, which is the one reported.
  if (!e || e->abandoning() || e->stopping()) return;
  violation(*e, 0, loc, ViolationKind::thread_not_joined,
            fmt::format("the handle of thread {} was destroyed at {} while still joinable: the thread was never "
                        "joined or detached",
                        thread, where(loc)));
}

int current_thread() { return ex().running(); }

void yield(location loc) {
  Execution& e = ex();
  e.schedule_point(Op::yield, 0, Access::read, loc);
  if (e.abandoning()) return;
  // Weak memory: stores become visible "within a reasonable amount of time"
  // ([atomics.order]); a thread that yields (a spin-wait) sees the latest.
  if (e.weak_memory()) e.memory().catch_up(e.running());
  e.record(Op::yield, 0, loc);
}

std::size_t choose(std::size_t n, location loc) {
  if (n <= 1) return 0;
  if (n > 0xffff) throw std::invalid_argument("choose: at most 65535 values");
  Execution& e = ex();
  e.self().choices = static_cast<std::uint16_t>(n);
  e.schedule_point(Op::choose, 0, Access::read, loc);
  e.self().choices = 0;
  if (e.abandoning()) return 0;
  const std::size_t value = e.self().pending_pick;
  e.record(Op::choose, 0, loc, Value{static_cast<std::int64_t>(n), true},
           Value{static_cast<std::int64_t>(value), true});
  return value;
}

void sleep_until(nanos deadline, location loc) {
  Execution& e = ex();
  e.self().deadline = deadline;
  e.schedule_point(Op::sleep, 0, Access::read, loc);
  e.self().deadline = -1;
  e.record(Op::sleep, 0, loc, {}, Value{deadline, true});
}

nanos now() {
  Execution* e = Execution::current();
  return e ? e->now() : 0;
}

void assert_that(bool ok, const std::string& message, location loc) {
  if (ok) return;
  Execution& e = ex();
  if (e.abandoning()) return;
  violation(e, 0, loc, ViolationKind::assertion, fmt::format("assertion failed at {}: {}", where(loc), message));
  if (std::uncaught_exceptions() == 0) throw Abandon{};  // code after a failed assertion must not run
}

void add_invariant(std::string name, std::function<bool()> holds, location) {
  ex().add_invariant(std::move(name), std::move(holds));
}

void set_state_hash(std::function<std::uint64_t()> hash) { ex().set_state_hash(std::move(hash)); }

void wait_begin(const char* resource, bool shared, location loc) {
  Execution& e = ex();
  if (e.abandoning()) return;
  Thread& me = e.self();
  me.waiting_for.emplace_back(resource);
  me.bypasses.push_back(0);
  me.waiting_shared.push_back(shared);
  e.record(Op::wait_begin, 0, loc, {}, Value{reinterpret_cast<std::intptr_t>(resource), true});
}

void wait_end(const char* resource, bool shared, location loc) {
  Execution& e = ex();
  if (e.abandoning()) return;
  Thread& me = e.self();
  const auto mine = std::find(me.waiting_for.begin(), me.waiting_for.end(), resource);
  if (mine != me.waiting_for.end()) {
    const auto index = mine - me.waiting_for.begin();
    me.bypasses.erase(me.bypasses.begin() + index);
    me.waiting_shared.erase(me.waiting_shared.begin() + index);
    me.waiting_for.erase(mine);
  }
  e.record(Op::wait_end, 0, loc, {}, Value{reinterpret_cast<std::intptr_t>(resource), true});
  const int bound = e.options().max_bypass;
  if (bound <= 0) return;
  for (const Thread& other : e.threads()) {
    if (other.id == me.id) continue;
    Thread& t = e.thread(other.id);
    for (std::size_t i = 0; i < t.waiting_for.size(); ++i) {
      if (t.waiting_for[i] != resource || (shared && t.waiting_shared[i])) continue;
      if (++t.bypasses[i] > bound)
        e.fail(ViolationKind::starvation,
               fmt::format("starvation: thread {} has waited for \"{}\" while other threads got it {} times "
                           "(bound {}); the latest was thread {} at {}",
                           t.id, resource, t.bypasses[i], bound, me.id, where(loc)));
    }
  }
}

}  // namespace interleave::detail
