// One run of a scenario under a scheduler: the model threads (fibers), the
// object store, the trace, and happens-before. The engine API calls in
// operations.cpp act on the Execution of the calling OS thread.
#pragma once

#include <cstdint>
#include <exception>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <boost/context/fiber.hpp>

#include "exception_state.hpp"
#include "interleave/engine_api.hpp"
#include "interleave/options.hpp"
#include "interleave/result.hpp"
#include "memory_model.hpp"
#include "op.hpp"
#include "records.hpp"
#include "sanitizer_fibers.hpp"
#include "scheduler.hpp"
#include "stack_pool.hpp"
#include "vector_clock.hpp"

namespace interleave::engine {

using detail::Access;
using detail::nanos;
using detail::ObjectKind;
using detail::Value;
using detail::Wake;

/// One step of the trace, compact; rendered to a TraceEvent on demand.
struct Event {
  int thread = 0;
  Op op = Op::start;
  std::uint32_t object = 0;  ///< object id, or a thread id for spawn/join
  Value before, after;       ///< values read/written; a wait's reason in after.number
  location loc;
  nanos time = 0;
};

/// A shared object's scalar state for one execution (renewed in place by
/// assigning a default one: see Records).
struct ObjectState {
  ObjectKind kind = ObjectKind::mutex;
  const char* name = "";
  location loc;
  int owner = -1;                     ///< mutex: holding thread
  VectorClock clock;                  ///< mutex/atomic: the last release
  Value value;                        ///< atomic or shared<T>: current value, when integral
  std::uint64_t version = 0;          ///< bumped by every step that changes the object
  std::uint32_t stores = 0;           ///< atomic: stores made after the initial one
  std::uint32_t memory_location = 0;  ///< atomic: its location in the memory model
  bool observed = false;              ///< an invariant read it: DPOR orders the steps that write it
  // shared<T> race detection (FastTrack epochs).
  bool written = false;
  int last_writer = -1;
  std::uint32_t write_epoch = 0;
  std::size_t write_event = 0;
};

/// A shared object's state for one execution: the scalars, and the buffers
/// an execution passes on to the next (renew() empties them).
struct Object : ObjectState {
  std::vector<int> waiters;  ///< condition variable: waiting threads, oldest first
  View view;                 ///< mutex under weak memory: the view of the last release
  /// shared<T>: per thread that existed at its last access; 0 (or none): no read since the write.
  std::vector<std::uint32_t> read_epoch;
  std::vector<std::size_t> read_event;
};

/// Makes a kept record as a new one, its buffers emptied but keeping their capacity.
inline void renew(Object& o) {
  static_cast<ObjectState&>(o) = ObjectState{};
  o.waiters.clear();
  o.view.clear();
  o.read_epoch.clear();
  o.read_event.clear();
}

/// An object a thread read, and its version just after the thread's last access.
struct SeenVersion {
  std::uint32_t object = 0;
  std::uint64_t version = 0;
};

/// A read as a spin loop repeats it: the place, the object and the value seen.
struct SeenRead {
  const char* file = nullptr;
  int line = 0;
  std::uint32_t object = 0;
  Value value;
};

/// A model thread's scalar state and the operation it is parked at
/// (renewed in place by assigning a default one: see Records).
struct ThreadState {
  int id = 0;
  ExceptionState exceptions;  ///< its exception-handling state while switched out
  bool started = false;
  bool finished = false;
  bool detached = false;
  bool joined = false;
  Op pending = Op::start;  ///< the visible operation it will run next
  std::uint32_t pending_object = 0;
  Access pending_access = Access::read;
  location pending_loc;
  std::uint32_t pending_mutex = 0;  ///< a condition-variable wait's mutex (released by the wait step)
  Value pending_expected;  ///< a compare-exchange's expected value; an atomic wait's old value until it returns
  std::memory_order pending_order = std::memory_order_seq_cst;  ///< an atomic access's memory order
  std::uint32_t pending_read = 0;                               ///< the store its atomic access reads
  std::uint16_t pending_pick = 0;  ///< the weak-memory branch chosen for its step (Choice::pick)
  nanos deadline = -1;             ///< sleep / timed wait: when it may run anyway
  std::uint16_t choices = 0;       ///< choose: how many values it picks from
  bool notified = false;           ///< condition-variable wait: woken by notify
  Wake wake = Wake::notified;      ///< how the last wait ended
  bool spurious_wait = false;      ///< its wait step returns at once, spuriously
  VectorClock clock;
  int mutex_bypasses = 0;  ///< acquisitions of the mutex it waits for by others, since its last step
  // Spin loops (spin.cpp).
  bool read_stale_since_yield = false;  ///< weak memory: a load since its last yield read an older store
  /// Hash of its steps since its last explicit yield, up to the trace
  /// index Execution::folded_ (fold_histories() brings it up to date).
  std::uint64_t history = 0;
  std::int64_t released_at = -1;        ///< step at which its spin was last let go unchanged
};

/// A model thread: its scalar state, its body, and the buffers an execution
/// passes on to the next (renew() empties them).
struct Thread : ThreadState {
  std::function<void()> body;
  std::vector<std::string> waiting_for;  ///< starvation: resources it waits for
  std::vector<int> bypasses;             ///< ... and how often each was bypassed
  std::vector<bool> waiting_shared;      ///< ... and whether for shared access
  // Spin loops (spin.cpp).
  std::vector<SeenVersion> reads_since_yield;  ///< objects read since its last yield
  std::vector<SeenRead> repeat_marks;          ///< reads since it last changed anything or yielded
  std::vector<SeenVersion> spin_snapshot;      ///< non-empty: its next step waits for one of these to change
};

/// Makes a kept record as a new one, its buffers emptied but keeping their capacity.
inline void renew(Thread& t) {
  static_cast<ThreadState&>(t) = ThreadState{};
  t.body = nullptr;
  t.waiting_for.clear();
  t.bypasses.clear();
  t.waiting_shared.clear();
  t.reads_since_yield.clear();
  t.repeat_marks.clear();
  t.spin_snapshot.clear();
}

/// The fiber that runs the model thread of one id, kept across executions:
/// once a thread's body returns, its fiber parks until the next execution's
/// thread of that id starts on it (or the Execution ends), so a fiber and its
/// stack are made once per id, not once per execution.
struct Worker {
  boost::context::fiber fiber;
  SanitizerFiber sanitizer;
  bool idle = false;  ///< parked between bodies, ready for the next one
};

/// The first violation recorded in an execution.
struct Failure {
  ViolationKind kind;
  std::string message;
  std::size_t step;  ///< index into the trace of the violating step
  /// Linearizability violations: the history checked.
  std::vector<HistoryCall> history = {};
  std::optional<std::size_t> other_step;  ///< the step it raced with (a data race's first access)
};

/// How an execution ended.
/// pruned: the strategy abandoned it (covered elsewhere); unfair: it passed
/// over a thread that could run for a cycle or a long stretch, which says
/// nothing about a fair scheduler.
enum class Ending { complete, pruned, unfair, violated, step_bound };

class Execution {
 public:
  Execution(const Options& options, StackPool& stacks);
  ~Execution();
  Execution(const Execution&) = delete;
  Execution& operator=(const Execution&) = delete;

  /// Runs `scenario` once, asking `scheduler` at every scheduling point.
  Ending run(const std::function<void()>& scenario, Scheduler& scheduler);

  // What strategies and the runner read after (or during) a run.
  const std::vector<Event>& trace() const { return trace_; }
  const std::vector<Choice>& choices() const { return choices_; }
  /// For each choice, the index in trace() of the first event its step recorded.
  const std::vector<std::size_t>& step_begin() const { return step_begin_; }
  std::span<const Thread> threads() const { return threads_.view(); }
  std::span<const Object> objects() const { return objects_.view(); }
  const std::vector<Failure>& failures() const { return failures_; }
  int preemptions() const { return preemptions_; }
  /// The trace rendered for a report.
  std::vector<TraceEvent> render_trace() const;
  std::string object_label(std::uint32_t id) const;

  /// The Execution running on this OS thread, or nullptr.
  static Execution* current() { return current_; }

  // ---- called by operations.cpp, on a model thread's fiber ----
  Thread& self() { return threads_[static_cast<std::size_t>(running_)]; }
  int running() const { return running_; }
  bool abandoning() const { return abandoning_; }
  /// A fatal violation was recorded: the execution ends at the next scheduling
  /// point, and what the failing thread does on its way out is no new cause.
  bool stopping() const { return stop_; }
  bool peeking() const { return peeking_; }
  /// An invariant is being evaluated (a peek marks what it reads as observed).
  bool observing() const { return observing_; }
  nanos now() const { return now_; }
  /// Parks the running thread at a visible operation until chosen. When the
  /// execution is being torn down, throws Abandon if `may_throw` (and no
  /// exception is already unwinding); otherwise returns and the caller skips
  /// the operation's effect. Operations that run in destructors (lock,
  /// unlock, notify, join, writes) do not throw: a destructor must not.
  void schedule_point(Op op, std::uint32_t object, Access access, location loc, bool may_throw = true);
  /// True when thread `t`'s next step waits for another thread to change
  /// something it read before it yielded (spin.cpp).
  bool spinning(const Thread& t) const { return !t.spin_snapshot.empty() && spin_woken_by(t) < 0; }
  /// The threads live when the last run ended (before it was torn down), and
  /// whether each could have run then.
  const std::vector<std::pair<int, bool>>& left() const { return left_; }
  /// The first object of `t`'s spin snapshot that another thread changed, or -1.
  std::int64_t spin_woken_by(const Thread& t) const;
  /// Records the step the running thread just took.
  std::size_t record(Op op, std::uint32_t object, location loc, Value before = {}, Value after = {});
  /// Records a violation at the last step; a fatal one ends the execution at
  /// the thread's next scheduling point.
  void fail(ViolationKind kind, std::string message, bool fatal = true, std::vector<HistoryCall> history = {},
            std::optional<std::size_t> other_step = std::nullopt);
  std::uint32_t add_object(ObjectKind kind, const char* name, location loc);
  Object& object(std::uint32_t id) { return objects_.at(id); }
  /// Adds a model thread. Past kMaxThreads, the engine's limit, the
  /// execution stops and run() throws std::length_error naming the limit
  /// (a verdict of error); the spawning thread is unwound by Abandon.
  int add_thread(std::function<void()> body);
  Thread& thread(int id) { return threads_.at(static_cast<std::size_t>(id)); }
  void add_invariant(std::string name, std::function<bool()> holds);
  /// The model's hash of its state: a fair cycle is reported when a state recurs.
  void set_state_hash(std::function<std::uint64_t()> hash);
  const Options& options() const { return options_; }
  /// The memory model found the execution inconsistent (RC11's psc has a
  /// cycle): the running thread stops before it acts on what it read, and
  /// the execution ends pruned. `may_throw` as for schedule_point: stores
  /// and fences return (they may run in destructors) into a torn-down
  /// execution, where later operations do nothing.
  void abandon_inconsistent(location loc, bool may_throw);
  /// Weak memory: atomics follow the memory model's branches. Off, every
  /// access is sequentially consistent (the fast path); the runner turns it
  /// on and restarts the search when an execution used a weaker order.
  void set_weak_memory(bool on) { weak_memory_ = on; }
  bool weak_memory() const { return weak_memory_; }
  /// This execution used a memory order other than seq_cst, or a fence.
  bool saw_weak_order() const { return saw_weak_; }
  /// A wait could have woken spuriously once more, had the budget allowed.
  bool withheld_spurious() const { return withheld_spurious_; }
  /// A read repeated unchanged at one place was taken for a spin (spin.cpp).
  bool assumed_implicit_spin() const { return assumed_implicit_spin_; }
  void note_weak_order() { saw_weak_ = true; }
  MemoryModel& memory() { return memory_; }
  const MemoryModel& memory() const { return memory_; }

 private:
  void reset();
  void start_thread(Thread& t);
  /// A fresh fiber for thread `id`'s slot (the first time the slot is used,
  /// or when its last thread never finished).
  void make_worker(int id);
  /// Ends the idle workers' fibers (their stacks go back to the pool) and
  /// drops the others.
  void retire_workers();
  void resume(Thread& t);
  void abandon_all();
  bool enabled(const Thread& t) const;
  void collect_options();
  /// Can the wait `t` is parked at block (a condition variable's always can;
  /// an atomic's only while its value equals the old one)?
  bool may_block(const Thread& t) const;
  /// Weak memory: the other stores the pending atomic access of `t` may
  /// read, or the other mo places its store may take, as branches.
  void add_weak_branches(const Thread& t);
  bool advance_time();
  bool all_done() const;
  /// At the step bound: a repeating fair cycle is a livelock (or starvation
  /// of a thread blocked throughout); an unfair one is pruned; else non_termination.
  Ending classify_endless();
  /// With a state hash (the model's, or the engine's once a thread yielded),
  /// when this state was seen before in this execution:
  /// violated (reported) if the steps since form a fair cycle, else pruned
  /// (state_cycle.cpp).
  std::optional<Ending> revisits_state();
  /// Did a step recorded at trace index `event` or later acquire a mutex?
  bool acquired_mutex_since(std::size_t event) const;
  /// Reports a cycle of `period` steps from trace index `from` as livelock,
  /// or as starvation of the first of `waiting`.
  void report_cycle(const std::vector<int>& cycling, const std::vector<int>& waiting, std::size_t period,
                    std::size_t from, std::string_view how);
  /// Spin loops and bypasses: what the step at trace index `event` read
  /// and changed, for the running thread (spin.cpp).
  void observe(const Event& event);
  /// No thread can run but some wait for a spin to see a change: let one
  /// run again, as a bounded spin would (spin.cpp). False when none waits.
  bool release_spinners();
  /// The engine's hash of the execution's state: pending operations, places,
  /// mutex owners, waiters, the clock; without a model hash also every value
  /// and what each thread did since its last yield. nullopt when a value it
  /// cannot see (not integral) is part of it.
  std::optional<std::uint64_t> engine_state_hash(bool model_hashed) const;
  /// Folds the steps recorded since the last call into their threads'
  /// histories: only the engine's state hash reads them, so the steps are
  /// not hashed one by one as they are recorded (spin.cpp).
  void fold_histories();
  /// Options::max_bypass: the running thread acquired `mutex`; every thread
  /// waiting for it has been bypassed once more (spin.cpp).
  void count_bypass(std::uint32_t mutex);
  /// The state the strategy chooses from now (options_now_ collected).
  SchedulingPoint scheduling_point(Scheduler& scheduler);
  /// Takes branch `choice` at the current scheduling point (all but running
  /// it); returns the thread to run. Throws if `choice` is not a branch here.
  Thread& take_step(const Choice& choice);
  /// At a scheduling point of the running thread, when the strategy
  /// chooses_inline() and the loop in run() would only ask it: asks it here,
  /// on the thread's fiber, and takes the step when it chose this thread, so
  /// that the thread runs on without a switch (true). Otherwise leaves the
  /// answer, if it asked, to the loop.
  bool continues_inline();
  void check_invariants();
  void report_deadlock();
  void run_thread_body(int id);
  void park();

 public:
  /// After a stack overflow escaped by longjmp: never touch the fibers again,
  /// and tell the sanitizers that the scheduler's stack runs once more.
  void leak_fibers();

 private:
  /// The Execution running on this OS thread.
  static inline thread_local Execution* current_ = nullptr;
  const Options& options_;
  StackPool& stacks_;
  Records<Thread> threads_;
  Records<Object> objects_;
  std::vector<Worker> workers_;  ///< by thread id
  bool retiring_ = false;        ///< an idle worker resumed now ends its fiber
  std::vector<Event> trace_;
  /// The call stacks of the steps whose location is in a library header
  /// (caller_location.hpp), by trace index: resolved when rendered.
  std::unordered_map<std::size_t, std::vector<void*>> library_callers_;
  std::vector<Choice> choices_;
  std::vector<std::size_t> step_begin_;
  std::vector<std::uint32_t> enabled_mask_;  ///< per step: which threads could run
  std::vector<Choice> options_now_;
  std::vector<PendingStep> pending_now_;  ///< per thread, at the current scheduling point
  std::vector<Failure> failures_;
  std::vector<std::pair<int, bool>> left_;
  struct Invariant {
    std::string name;
    std::function<bool()> holds;
    int owner;  ///< dropped when this thread finishes: it may capture its locals
  };
  std::vector<Invariant> invariants_;
  std::function<std::uint64_t()> state_hash_;
  int state_hash_owner_ = -1;
  std::unordered_map<std::uint64_t, std::size_t> visits_;  ///< state → its scheduling point
  std::size_t folded_ = 0;  ///< trace index up to which the threads' histories are folded
  bool yielded_ = false;                ///< some thread yielded: fair cycles are looked for at every scheduling point
  Scheduler* scheduler_ptr_ = nullptr;  ///< the strategy of the run under way
  bool decided_ = false;                ///< continues_inline asked the strategy at this point ...
  std::optional<Choice> decision_;      ///< ... and this is its answer
  std::exception_ptr decision_error_;   ///< ... or what it threw
  boost::context::fiber scheduler_;
  SanitizerFiber scheduler_sanitizer_;
  void* scheduler_fake_stack_ = nullptr;  ///< ASan's, saved while a fiber runs (see leak_fibers)
  // What the run's strategy asks for, read once per run.
  bool inline_ = false;         ///< chooses_inline()
  bool reads_pending_ = false;  ///< reads_pending()
  bool reads_outcome_ = false;  ///< reads_outcome()
  std::size_t started_ = 0;     ///< threads started so far
  int running_ = -1;
  int previous_ = -1;
  int preemptions_ = 0;
  int spurious_left_ = 0;  ///< spurious wake-ups this execution may still take
  nanos now_ = 0;
  bool abandoning_ = false;
  std::uint64_t drained_ = 0;  ///< operations run while torn down
  bool peeking_ = false;
  bool observing_ = false;
  bool stop_ = false;
  std::string over_limit_;  ///< why the model exceeded an engine limit, if it did
  Execution* outer_ = nullptr;
  MemoryModel memory_;
  bool weak_memory_ = false;
  bool inconsistent_ = false;
  bool saw_weak_ = false;
  bool withheld_spurious_ = false;
  bool assumed_implicit_spin_ = false;
};

/// Thrown into a model thread to unwind it when its execution is torn down.
/// Deliberately not a std::exception: models must not swallow it.
struct Abandon {};

}  // namespace interleave::engine
