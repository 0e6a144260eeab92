#include "scheduling_point.hpp"

namespace interleave::engine {
namespace {

/// The footprint of the operation thread `t` is parked at, in the state of
/// `ex`, written into `f` (empty) where it is kept: built elsewhere and
/// copied, its element-wise stores would be read back as a whole before they
/// reach memory, a store-forwarding stall at every thread of every point.
void footprint_of(const Thread& t, const Execution& ex, Footprint& f) {
  // Wait and notify on an atomic touch its waiters, not its value (footprint.hpp).
  // The operation is asked first: most steps are neither, and need not read the object.
  const bool on_atomic =
      (t.pending == Op::wait || t.pending == Op::wake || t.pending == Op::notify_one || t.pending == Op::notify_all) &&
      t.pending_object < ex.objects().size() && ex.objects()[t.pending_object].kind == ObjectKind::atomic;
  const std::uint32_t waiters = on_atomic ? waiters_of(t.pending_object) : t.pending_object;
  switch (t.pending) {
    case Op::lock:
    case Op::try_lock:
    case Op::unlock:
    case Op::notify_one:
    case Op::notify_all: f.add(waiters, true); break;
    case Op::wait:
      if (on_atomic) {  // reads the value; joins the waiters unless the value already differs
        f.add(t.pending_object, false);
        const Value& now = ex.objects()[t.pending_object].value;
        const bool returns = t.pending_expected.known && now.known && now.number != t.pending_expected.number;
        if (!returns) f.add(waiters, true);
        break;
      }
      f.add(t.pending_object, true);
      f.add(t.pending_mutex, true);
      break;
    case Op::wake:  // a spurious wake-up left the waiters at its wait step
      if (t.wake != Wake::spurious) f.add(waiters, true);
      if (t.deadline >= 0) f.add(kClockObject, true);
      break;
    case Op::read:
    case Op::failed_rmw:
      f.add(t.pending_object, t.pending_access != Access::read && t.pending_access != Access::failed_rmw);
      break;
    case Op::write: f.add(t.pending_object, true); break;
    case Op::rmw: {  // a compare-exchange that will fail here only reads
      const Value& now = ex.objects()[t.pending_object].value;
      const bool fails = t.pending_expected.known && now.known && now.number != t.pending_expected.number;
      f.add(t.pending_object, !fails);
      break;
    }
    case Op::sleep: f.add(kClockObject, true); break;
    case Op::yield:  // it reads whether anything it read since its last yield changed (spin.cpp)
      for (const SeenVersion& seen : t.reads_since_yield) {
        if (f.full()) break;  // a spin over more objects: its first ones stand for it
        f.add(seen.object, false);
      }
      break;
    default:  // spawn, join: ordered by the thread structure, not by objects
      break;
  }
  for (int i = 0; i < f.size; ++i) {
    const std::uint32_t o = f.object[static_cast<std::size_t>(i)];
    if (f.write[static_cast<std::size_t>(i)] && o < ex.objects().size() && ex.objects()[o].observed) {
      if (!f.full()) f.add(kInvariantObserver, true);  // a write has at most three objects besides
      break;
    }
  }
}

/// Writes the pending step of `t` into `p` (a default PendingStep).
void describe_pending(const Thread& t, const Execution& ex, PendingStep& p) {
  p.op = t.pending;
  footprint_of(t, ex, p.footprint);
  p.join_target = t.pending == Op::join ? t.pending_object : 0;
  p.spinning = ex.spinning(t);
  // A step a spin waited for depends on the change that let it go (spin.cpp).
  if (const std::int64_t woken = t.spin_snapshot.empty() ? -1 : ex.spin_woken_by(t); woken >= 0 && !p.footprint.full())
    p.footprint.add(static_cast<std::uint32_t>(woken), false);
}

PendingStep pending_step(const Thread& t, const Execution& ex) {
  PendingStep p;
  describe_pending(t, ex, p);
  return p;
}

}  // namespace

void collect_pending(const Execution& ex, std::vector<PendingStep>& pending) {
  pending.clear();
  pending.resize(ex.threads().size());
  for (std::size_t i = 0; i < pending.size(); ++i) describe_pending(ex.threads()[i], ex, pending[i]);
}

StepOutcome last_step_outcome(const Execution& ex) {
  StepOutcome outcome;
  if (ex.step_begin().empty()) return outcome;
  for (std::size_t i = ex.step_begin().back(); i < ex.trace().size(); ++i)
    if (ex.trace()[i].op == Op::failed_rmw) outcome.failed_cas = true;
  if (ex.choices().empty()) return outcome;
  const Thread& t = ex.threads()[static_cast<std::size_t>(ex.choices().back().thread)];
  outcome.yielded = !t.spin_snapshot.empty() || (!ex.trace().empty() && ex.trace().back().op == Op::yield);
  return outcome;
}

ExecutionEnd execution_end(const Execution& ex, Ending ending, bool with_pending) {
  ExecutionEnd end{ex.choices().size(), last_step_outcome(ex), ending == Ending::complete, {}};
  // A complete execution may still leave detached threads that never finished:
  // their pending steps race with the steps taken, like those of a deadlock.
  if (!with_pending || ending == Ending::pruned) return end;
  for (const auto& [id, could_run] : ex.left())
    end.left.push_back(LeftStep{id, pending_step(ex.threads()[static_cast<std::size_t>(id)], ex), could_run});
  return end;
}

}  // namespace interleave::engine
