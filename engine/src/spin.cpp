// Spin loops. A thread that yields (Sync::yield, Sync::spin_loop) is not run
// again until another thread has changed an object it read since its
// previous yield: a spin iteration that would read only values nobody
// changed would do the same again, so it is not explored twice (loom's
// yield_now, GenMC's spin-assume, CHESS's fair scheduler). A spin without a
// yield counts too: a thread that repeats a read at the same place and sees
// the same value, for the third time, having changed nothing in between, has
// yielded. When no thread can run but some wait this way, one of them runs
// again (a bounded spin that gives up must still be explored; when several
// do, only the order in which they are let go, oldest first, is explored); a
// spin that never ends is then found as a fair cycle (state_cycle.cpp) or at
// the step bound.
//
// The same bookkeeping feeds the engine's state hash: a thread's state is its
// pending operation and place, and what it did since its last explicit yield.
//
// Bypasses (Options::max_bypass): a thread waiting to take a mutex, or
// notified and waiting to take its condition variable's mutex back, is
// bypassed each time another thread acquires that mutex first.
#include <fmt/format.h>

#include <algorithm>

#include "execution.hpp"

namespace interleave::engine {
namespace {

std::uint64_t mix(std::uint64_t h, std::uint64_t v) {  // boost::hash_combine's 64-bit mixing
  return h ^ (v + 0x9e3779b97f4a7c15ull + (h << 12) + (h >> 4));
}

/// Reads of the same value at the same place a spin must repeat before it counts as a yield.
constexpr int kRepeatsForImplicitYield = 2;
/// Reads remembered per thread between changes; a loop reading more places is not recognised.
constexpr std::size_t kMaxRepeatMarks = 64;

void remember(std::vector<SeenVersion>& seen, std::uint32_t object, std::uint64_t version) {
  for (SeenVersion& s : seen)
    if (s.object == object) {
      s.version = version;
      return;
    }
  seen.push_back(SeenVersion{object, version});
}

/// A write or read-modify-write that left the value as it was changes nothing
/// a reader could see (a test-and-set on a taken lock).
bool changes_value(const Event& e) { return !(e.before.known && e.after.known && e.before.number == e.after.number); }

}  // namespace

std::int64_t Execution::spin_woken_by(const Thread& t) const {
  for (const SeenVersion& s : t.spin_snapshot)
    if (objects_[s.object].version != s.version) return s.object;
  return -1;
}

bool Execution::release_spinners() {
  // One at a time, the one let go longest ago first: a schedule with no
  // choice in it, where letting all go would branch at every step.
  Thread* next = nullptr;
  for (Thread& t : threads_)
    if (t.started && !t.finished && spinning(t) && (!next || t.released_at < next->released_at)) next = &t;
  if (!next) return false;
  next->spin_snapshot.clear();
  next->released_at = static_cast<std::int64_t>(choices_.size());
  return true;
}

void Execution::observe(const Event& e) {
  Thread& t = self();
  t.mutex_bypasses = 0;
  bool reads = false, changes = false;
  std::uint32_t object = e.object;
  Value seen = e.before;
  switch (e.op) {
    case Op::read:
    case Op::failed_rmw: reads = true; break;
    case Op::write: changes = changes_value(e); break;
    case Op::rmw:
      reads = true;
      changes = changes_value(e);
      break;
    case Op::try_lock:
      changes = e.after.number != 0;
      reads = !changes;
      seen = Value{objects_[object].owner, true};
      break;
    case Op::wait:
    case Op::wake:
    case Op::notify_one:
    case Op::notify_all:
      if (objects_[object].kind == ObjectKind::atomic) {  // an atomic's waiters change, not its value
        t.repeat_marks.clear();
        return;
      }
      // A condition variable's wait also releases its mutex.
      if (e.op == Op::wait) ++objects_[static_cast<std::uint32_t>(e.after.number)].version;
      changes = true;
      break;
    case Op::lock:
    case Op::unlock: changes = true; break;
    case Op::yield:
      yielded_ = true;
      t.spin_snapshot = std::move(t.reads_since_yield);
      // Weak memory: a load that read an older store reads a newer one after
      // the yield (which catches the thread up with the latest stores), with
      // no other thread changing anything: the spin does not wait.
      if (t.read_stale_since_yield) t.spin_snapshot.clear();
      t.read_stale_since_yield = false;
      t.reads_since_yield.clear();
      t.repeat_marks.clear();
      return;
    case Op::violation: return;
    default:  // spawn, join, detach, finish, sleep: progress, but of no object
      t.repeat_marks.clear();
      return;
  }
  Object& o = objects_[object];
  if (changes) {
    ++o.version;
    t.repeat_marks.clear();
    if (e.op == Op::lock || e.op == Op::try_lock) count_bypass(object);
  }
  if (!reads) {
    for (SeenVersion& s : t.reads_since_yield)  // its own change is not news to it
      if (s.object == object) s.version = o.version;
    return;
  }
  remember(t.reads_since_yield, object, o.version);
  if (changes) return;
  const SeenRead mark{e.loc.file, e.loc.line, object, seen};
  const auto repeats = std::count_if(t.repeat_marks.begin(), t.repeat_marks.end(), [&](const SeenRead& r) {
    return r.line == mark.line && r.file == mark.file && r.object == mark.object && r.value.known == mark.value.known &&
           r.value.number == mark.value.number;
  });
  if (options_.implicit_spins && repeats >= kRepeatsForImplicitYield) {  // the same read again, nothing changed: a spin
    assumed_implicit_spin_ = true;
    t.spin_snapshot = std::move(t.reads_since_yield);
    t.reads_since_yield.clear();
    t.repeat_marks.clear();
    return;
  }
  if (t.repeat_marks.size() < kMaxRepeatMarks) t.repeat_marks.push_back(mark);
}

void Execution::fold_histories() {
  for (; folded_ < trace_.size(); ++folded_) {
    const Event& e = trace_[folded_];
    if (e.thread < 0) continue;  // recorded while no thread ran: not a thread's step
    Thread& t = threads_[static_cast<std::size_t>(e.thread)];
    t.history = mix(mix(mix(t.history, static_cast<std::uint64_t>(e.op)), e.object),
                    mix(reinterpret_cast<std::uintptr_t>(e.loc.file) + static_cast<std::uint64_t>(e.loc.line),
                        static_cast<std::uint64_t>(e.after.number)));
    if (e.op == Op::yield) t.history = 0;  // an explicit yield starts its history afresh
  }
}

void Execution::count_bypass(std::uint32_t mutex) {
  const int bound = options_.max_bypass;
  if (bound <= 0 || !options_.bypass_mutexes) return;
  for (Thread& w : threads_) {
    if (w.id == running_ || !w.started || w.finished) continue;
    const bool wants = (w.pending == Op::lock || w.pending == Op::try_lock) && w.pending_object == mutex;
    const bool woken = w.pending == Op::wake && w.notified && w.pending_mutex == mutex &&
                       objects_[w.pending_object].kind == ObjectKind::condition_variable;
    if (!wants && !woken) continue;
    if (++w.mutex_bypasses > bound)
      fail(ViolationKind::starvation,
           fmt::format("starvation: thread {} has waited for {} at {}:{} while other threads acquired it {} times "
                       "(bound {}); the latest was thread {}",
                       w.id, object_label(mutex), w.pending_loc.file, w.pending_loc.line, w.mutex_bypasses, bound,
                       running_));
  }
}

std::optional<std::uint64_t> Execution::engine_state_hash(bool model_hashed) const {
  std::uint64_t h = mix(static_cast<std::uint64_t>(now_), static_cast<std::uint64_t>(spurious_left_));
  for (const Thread& t : threads_) {
    h = mix(h, (t.started ? 1u : 0u) | (t.finished ? 2u : 0u) | (t.notified ? 4u : 0u) |
                   (t.spin_snapshot.empty() ? 0u : 8u) | (spinning(t) ? 16u : 0u));
    h = mix(mix(h, static_cast<std::uint64_t>(t.pending)), t.pending_object);
    h = mix(mix(h, reinterpret_cast<std::uintptr_t>(t.pending_loc.file)), t.pending_loc.line);
    h = mix(h, static_cast<std::uint64_t>(t.deadline));
    if (!model_hashed) h = mix(h, t.history);
    if (weak_memory_) h = mix(h, memory_.stale_view_hash(t.id));
  }
  for (const Object& o : objects_) {
    h = mix(h, static_cast<std::uint64_t>(o.owner + 1));
    for (const int w : o.waiters) h = mix(h, static_cast<std::uint64_t>(w));
    if (model_hashed) continue;  // the model's hash stands for the values and the threads' locals
    if (o.kind == ObjectKind::atomic || (o.kind == ObjectKind::shared && o.written)) {
      if (!o.value.known) return std::nullopt;
      h = mix(h, static_cast<std::uint64_t>(o.value.number));
    }
  }
  return h;
}

}  // namespace interleave::engine
