#include "execution.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <stdexcept>

#include "caller_location.hpp"
#include "scheduling_point.hpp"

namespace interleave::engine {

Execution::Execution(const Options& options, StackPool& stacks) : options_(options), stacks_(stacks) {
  scheduler_sanitizer_ = SanitizerFiber::for_current_thread();
  threads_.reserve(kMaxThreads);  // a Thread& must survive a spawn
  workers_.reserve(kMaxThreads);  // a Worker& must survive a resize while its fiber runs
}

Execution::~Execution() { retire_workers(); }

void Execution::retire_workers() {
  retiring_ = true;
  for (Worker& w : workers_) {
    if (w.idle && w.fiber) {
      ExceptionState scheduler;
      scheduler.save();
      before_switch(&scheduler_fake_stack_, w.sanitizer);
      w.fiber = std::move(w.fiber).resume();  // returns from its fiber: the stack goes back to the pool
      after_switch(scheduler_fake_stack_);
      scheduler.load();
    }
    w.fiber = {};  // one whose thread never finished is unwound by boost, as an abandoned fiber always was
    w.sanitizer.destroy();
  }
  workers_.clear();
  retiring_ = false;
}

void Execution::reset() {
  for (Thread& t : threads_) t.body = nullptr;  // what it captured goes now, as it went with the record before
  // The records of this execution are renewed for the next as it adds its own.
  threads_.clear();
  objects_.clear();
  trace_.clear();
  library_callers_.clear();
  choices_.clear();
  step_begin_.clear();
  enabled_mask_.clear();
  failures_.clear();
  invariants_.clear();
  state_hash_ = nullptr;
  state_hash_owner_ = -1;
  visits_.clear();
  folded_ = 0;
  yielded_ = false;
  started_ = 0;
  running_ = -1;
  previous_ = -1;
  preemptions_ = 0;
  spurious_left_ = options_.max_spurious_wakeups;
  now_ = 0;
  abandoning_ = false;
  drained_ = 0;
  peeking_ = false;
  observing_ = false;
  stop_ = false;
  over_limit_.clear();
  decided_ = false;
  decision_error_ = nullptr;
  memory_.reset();
  saw_weak_ = false;
  withheld_spurious_ = false;
  assumed_implicit_spin_ = false;
  inconsistent_ = false;
}

SchedulingPoint Execution::scheduling_point(Scheduler& scheduler) {
  if (reads_pending_ && scheduler.reads_pending_at(choices_.size()))
    collect_pending(*this, pending_now_);
  else
    pending_now_.clear();
  return SchedulingPoint{options_now_, pending_now_, previous_, choices_.size(),
                         reads_outcome_ ? last_step_outcome(*this) : StepOutcome{}};
}

Thread& Execution::take_step(const Choice& choice) {
  // One pass over the branches: is `choice` one, could the previous thread run on, which threads could run.
  const Choice previous{previous_, Alt::normal};
  bool offered = false, previous_enabled = false;
  std::uint32_t mask = 0;
  for (const Choice& c : options_now_) {
    offered |= c == choice;
    previous_enabled |= c == previous;
    mask |= 1u << c.thread;
  }
  if (!offered)
    throw std::invalid_argument(fmt::format("step {}: thread {} cannot run there", choices_.size(), choice.thread));
  if (previous_enabled && choice.thread != previous_) ++preemptions_;
  previous_ = choice.thread;
  choices_.push_back(choice);
  enabled_mask_.push_back(mask);
  step_begin_.push_back(trace_.size());
  Thread& t = thread(choice.thread);
  t.pending_pick = choice.pick;
  t.spin_snapshot.clear();  // its spin saw a change, or was let go
  if (choice.alt == Alt::spurious) {
    t.spurious_wait = true;
    --spurious_left_;
  } else if (choice.alt == Alt::timeout) {
    now_ = std::max(now_, t.deadline);  // the other threads were slow: time has passed
  }
  return t;
}

bool Execution::continues_inline() {
  // What run()'s loop would do between this thread's park and asking the
  // strategy, where it would do nothing but ask.
  if (!scheduler_ptr_ || stop_ || inconsistent_ || !invariants_.empty() || state_hash_ || yielded_ ||
      choices_.size() >= options_.max_steps || started_ != threads_.size())
    return false;
  if (!inline_ && !scheduler_ptr_->chooses_inline_at(choices_.size())) return false;
  collect_options();
  if (options_now_.empty()) return false;
  std::optional<Choice> choice;
  try {
    choice = scheduler_ptr_->choose(scheduling_point(*scheduler_ptr_));
  } catch (...) {  // thrown again by the loop, off this thread's fiber
    decided_ = true;
    decision_error_ = std::current_exception();
    return false;
  }
  const bool runs_on = choice && choice->thread == running_ &&
                       std::find(options_now_.begin(), options_now_.end(), *choice) != options_now_.end();
  if (!runs_on) {  // the loop takes (or refuses) the strategy's answer
    decided_ = true;
    decision_ = choice;
    return false;
  }
  take_step(*choice);
  return true;
}

Ending Execution::run(const std::function<void()>& scenario, Scheduler& scheduler) {
  reset();
  outer_ = current_;
  current_ = this;
  scheduler_ptr_ = &scheduler;
  inline_ = scheduler.chooses_inline();
  reads_pending_ = scheduler.reads_pending();
  reads_outcome_ = scheduler.reads_outcome();
  Ending ending = Ending::complete;
  try {
    add_thread(scenario);
    for (;;) {
      // By index: a thread started here may spawn more before it parks
      // (it runs on inline when it is chosen at its first scheduling point).
      const std::size_t steps_before_start = choices_.size();
      for (std::size_t i = 0; started_ != threads_.size() && i < threads_.size(); ++i)
        if (!threads_[i].started) start_thread(threads_[i]);
      if (choices_.size() != steps_before_start) {  // a thread started here took steps inline: as after resume below
        if (inconsistent_) {
          ending = Ending::pruned;
          break;
        }
        check_invariants();
      }
      if (stop_) {
        ending = Ending::violated;
        break;
      }
      if (all_done()) break;
      // continues_inline() collected the branches when it left its answer:
      // the state has not changed since.
      if (!decided_) collect_options();
      if (options_now_.empty()) {
        if (advance_time() || release_spinners()) continue;
        report_deadlock();
        ending = Ending::violated;
        break;
      }
      if (const std::optional<Ending> cycle = state_hash_ || yielded_ ? revisits_state() : std::nullopt) {
        ending = *cycle;
        break;
      }
      if (choices_.size() >= options_.max_steps) {
        ending = classify_endless();
        break;
      }
      if (decision_error_) {
        decided_ = false;
        std::rethrow_exception(std::exchange(decision_error_, nullptr));
      }
      const std::optional<Choice> choice =
          std::exchange(decided_, false) ? decision_ : scheduler.choose(scheduling_point(scheduler));
      if (!choice) {
        ending = Ending::pruned;
        break;
      }
      Thread& t = take_step(*choice);
      resume(t);
      if (inconsistent_) {
        ending = Ending::pruned;
        break;
      }
      check_invariants();
    }
  } catch (...) {
    scheduler_ptr_ = nullptr;
    inline_ = false;
    abandon_all();
    current_ = outer_;
    throw;
  }
  scheduler_ptr_ = nullptr;
  inline_ = false;
  left_.clear();
  for (const Thread& t : threads_)
    if (t.started && !t.finished) left_.push_back(std::pair(t.id, enabled(t)));
  abandon_all();
  current_ = outer_;
  if (!over_limit_.empty()) throw std::length_error(over_limit_);
  if (ending == Ending::complete && !failures_.empty()) ending = Ending::violated;
  return ending;
}

int Execution::add_thread(std::function<void()> body) {
  if (threads_.size() >= static_cast<std::size_t>(kMaxThreads)) {
    // Not a std::exception: the model must not catch it and carry on.
    over_limit_ = fmt::format(
        "a model may have at most {} threads (the engine's limit, kMaxThreads); this one "
        "spawned more",
        kMaxThreads);
    stop_ = true;
    throw Abandon{};
  }
  const int id = static_cast<int>(threads_.size());
  Thread& t = threads_.add();
  t.id = id;
  t.body = std::move(body);
  if (running_ >= 0) t.clock = self().clock;  // the child starts knowing what its parent did
  t.clock.tick(id);
  if (weak_memory_) memory_.add_thread(id, running_);
  return id;
}

void Execution::start_thread(Thread& t) {
  t.started = true;
  ++started_;
  const std::size_t id = static_cast<std::size_t>(t.id);
  if (workers_.size() <= id) workers_.resize(id + 1);
  if (!workers_[id].idle) make_worker(t.id);
  workers_[id].idle = false;
  resume(t);  // runs the new thread up to its first visible operation
}

void Execution::make_worker(int id) {
  Worker& w = workers_[static_cast<std::size_t>(id)];
  boost::context::stack_context stack;
  boost::context::fiber fiber(std::allocator_arg, PooledStackAllocator{&stacks_, &stack},
                              [this, id](boost::context::fiber&& scheduler) {
                                after_switch(nullptr, &scheduler_sanitizer_);
                                scheduler_ = std::move(scheduler);
                                for (;;) {
                                  run_thread_body(id);
                                  workers_[static_cast<std::size_t>(id)].idle = true;
                                  park();  // until the next execution's thread `id` starts, or the end
                                  if (retiring_) break;
                                }
                                before_switch(nullptr, scheduler_sanitizer_);  // this stack is done
                                return std::move(scheduler_);
                              });
  w.sanitizer.destroy();
  w.fiber = std::move(fiber);  // an old one, whose thread never finished, is unwound by boost
  w.sanitizer = SanitizerFiber::for_stack(static_cast<char*>(stack.sp) - stack.size, stack.size);
}

void Execution::run_thread_body(int id) {
  try {
    thread(id).body();
  } catch (const Abandon&) {
  } catch (const std::exception& e) {
    if (!abandoning_)
      fail(ViolationKind::exception, fmt::format("thread {} let an exception escape: {}", id, e.what()));
  } catch (...) {
    if (!abandoning_) fail(ViolationKind::exception, fmt::format("thread {} let an unknown exception escape", id));
  }
  Thread& t = thread(id);
  t.finished = true;
  std::erase_if(invariants_, [id](const Invariant& i) { return i.owner == id; });
  if (state_hash_owner_ == id) state_hash_ = nullptr;
  if (!abandoning_) record(Op::finish, static_cast<std::uint32_t>(id), location{});
}

// Inlined into its callers (the run loop above all): called out of line, the
// switch costs DFS about 8 % of its time per execution.
[[gnu::always_inline]] inline void Execution::resume(Thread& t) {
  running_ = t.id;
  ExceptionState scheduler;
  scheduler.save();
  t.exceptions.load();
  Worker& w = workers_[static_cast<std::size_t>(t.id)];
  before_switch(&scheduler_fake_stack_, w.sanitizer);
  w.fiber = std::move(w.fiber).resume();
  after_switch(scheduler_fake_stack_);
  t.exceptions.save();
  scheduler.load();
  running_ = -1;
}

void Execution::park() {
  void* fake_stack = nullptr;  // this fiber's, kept in this frame while it is parked
  before_switch(&fake_stack, scheduler_sanitizer_);
  scheduler_ = std::move(scheduler_).resume();
  after_switch(fake_stack, &scheduler_sanitizer_);
}

void Execution::schedule_point(Op op, std::uint32_t object, Access access, location loc, bool may_throw) {
  if (!abandoning_) {
    Thread& t = self();
    t.pending = op;
    t.pending_object = object;
    t.pending_access = access;
    t.pending_loc = loc;
    if (continues_inline()) return;
    park();
  }
  if (!abandoning_) return;
  // A torn-down thread that keeps looping over non-throwing operations is
  // not in a destructor: unwind it too.
  if ((may_throw || ++drained_ > 10'000) && std::uncaught_exceptions() == 0) throw Abandon{};
}

void Execution::abandon_inconsistent(location loc, bool may_throw) {
  inconsistent_ = true;
  schedule_point(Op::yield, 0, Access::read, loc, may_throw);
}

void Execution::abandon_all() {
  abandoning_ = true;
  for (auto it = threads_.rbegin(); it != threads_.rend(); ++it)
    if (it->started && !it->finished) resume(*it);
}

void Execution::leak_fibers() {
  for (Worker& w : workers_)
    if (w.fiber) leak_on_purpose(new boost::context::fiber(std::move(w.fiber)));  // never resumed, never destroyed
  workers_.clear();
  if (scheduler_) leak_on_purpose(new boost::context::fiber(std::move(scheduler_)));
  after_longjmp_to(scheduler_sanitizer_, scheduler_fake_stack_);
  current_ = outer_;
}

bool Execution::enabled(const Thread& t) const {
  if (!t.started || t.finished || spinning(t)) return false;
  switch (t.pending) {
    case Op::lock: return objects_[t.pending_object].owner < 0;
    case Op::wake: return t.notified || (t.deadline >= 0 && now_ >= t.deadline);
    case Op::join:
      if (t.pending_object == kAllThreads)
        return std::all_of(threads_.begin(), threads_.end(),
                           [&](const Thread& o) { return o.id == t.id || o.finished || o.detached; });
      return threads_[t.pending_object].finished;
    case Op::sleep: return now_ >= t.deadline;
    default: return true;
  }
}

void Execution::collect_options() {
  options_now_.clear();
  for (const Thread& t : threads_) {
    if (enabled(t)) {
      options_now_.push_back(Choice{t.id, Alt::normal});
      if (weak_memory_) add_weak_branches(t);
      // A choice's other values are alternative outcomes of its step.
      if (t.pending == Op::choose)
        for (std::uint16_t k = 1; k < t.choices; ++k) options_now_.push_back(Choice{t.id, Alt::choice, k});
      // notify_one wakes one of the waiters, which one unspecified
      // ([thread.condition.condvar], [atomics.wait]): waking the k-th oldest
      // is the k-th value of a choice.
      if (t.pending == Op::notify_one)
        for (std::size_t k = 1; k < objects_[t.pending_object].waiters.size() && k <= 0xffff; ++k)
          options_now_.push_back(Choice{t.id, Alt::choice, static_cast<std::uint16_t>(k)});
      // A wait may return spuriously. Deciding it at the wait step, not while
      // the thread waits, makes it a choice of that thread's step (and of the
      // execution's budget); the steps of others before it would have woken
      // are still explored, as steps before it takes the mutex back.
      if (t.pending == Op::wait && may_block(t)) {
        if (spurious_left_ > 0)
          options_now_.push_back(Choice{t.id, Alt::spurious});
        else
          withheld_spurious_ = true;
      }
    } else if (t.started && !t.finished && t.pending == Op::wake && options_.explore_timeouts && t.deadline > now_) {
      options_now_.push_back(Choice{t.id, Alt::timeout});
    }
  }
}

bool Execution::may_block(const Thread& t) const {
  // An atomic wait whose value already differs from the old one returns at
  // once: it has no wake-up, spurious or not.
  const Object& o = objects_[t.pending_object];
  if (o.kind != ObjectKind::atomic) return true;
  return !(t.pending_expected.known && o.value.known && o.value.number != t.pending_expected.number);
}

void Execution::add_weak_branches(const Thread& t) {
  const bool atomic_access = t.pending == Op::read || t.pending == Op::write || t.pending == Op::rmw;
  if (!atomic_access || objects_[t.pending_object].kind != ObjectKind::atomic) return;
  const std::size_t n =
      memory_.branches(objects_[t.pending_object].memory_location, t.id, t.pending_access, t.pending_expected);
  for (std::size_t k = 1; k < n; ++k) options_now_.push_back(Choice{t.id, Alt::normal, static_cast<std::uint16_t>(k)});
}

bool Execution::advance_time() {
  nanos next = -1;
  for (const Thread& t : threads_) {
    if (!t.started || t.finished || t.deadline < 0) continue;
    if (t.pending != Op::sleep && t.pending != Op::wake) continue;
    if (next < 0 || t.deadline < next) next = t.deadline;
  }
  if (next <= now_) return false;
  now_ = next;
  return true;
}

namespace {

bool same_event(const Event& a, const Event& b) {
  return a.thread == b.thread && a.op == b.op && a.object == b.object && a.before.number == b.before.number &&
         a.after.number == b.after.number && a.loc.line == b.loc.line && a.loc.file == b.loc.file;
}

}  // namespace

Ending Execution::classify_endless() {
  // Unfair: a thread that could run was passed over for a long stretch. A fair
  // scheduler would have run it; this schedule says nothing about liveness.
  const std::size_t stretch = std::max<std::size_t>(8, options_.max_steps / 4);
  for (const Thread& t : threads_) {
    std::size_t run = 0;
    for (std::size_t i = 0; i < choices_.size(); ++i) {
      const bool passed_over = (enabled_mask_[i] >> t.id & 1u) && choices_[i].thread != t.id;
      run = passed_over ? run + 1 : 0;
      if (run >= stretch) return Ending::unfair;
    }
  }
  // Look for a cycle: the last `window` events repeating with a period p.
  const std::size_t n = trace_.size();
  const std::size_t window = std::min<std::size_t>(n / 2, 1200);
  std::size_t period = 0;
  for (std::size_t p = 1; p <= window / 2 && !period; ++p) {
    bool repeats = true;
    for (std::size_t i = n - window + p; i < n && repeats; ++i) repeats = same_event(trace_[i], trace_[i - p]);
    if (repeats) period = p;
  }
  if (!period) {
    fail(ViolationKind::non_termination,
         fmt::format("the execution ran past the step bound of {} steps without finishing, and its steps do not "
                     "repeat: a thread never terminates",
                     options_.max_steps));
    return Ending::step_bound;
  }
  std::vector<int> cycling, waiting;
  for (std::size_t i = n - period; i < n; ++i)
    if (std::find(cycling.begin(), cycling.end(), trace_[i].thread) == cycling.end())
      cycling.push_back(trace_[i].thread);
  for (const Thread& t : threads_) {
    if (!t.started || t.finished || std::find(cycling.begin(), cycling.end(), t.id) != cycling.end()) continue;
    if (enabled(t)) return Ending::unfair;               // an unfair schedule: a fair scheduler would run t
    if (t.pending != Op::join) waiting.push_back(t.id);  // a joiner waits for the cycle, not for a resource
  }
  report_cycle(cycling, waiting, period, n - period, "repeat the same");
  return Ending::violated;
}

bool Execution::all_done() const {
  if (!threads_[0].finished) return false;
  return std::all_of(threads_.begin(), threads_.end(), [](const Thread& t) { return t.finished || t.detached; });
}

void Execution::check_invariants() {
  if (invariants_.empty()) return;
  peeking_ = observing_ = true;
  for (const Invariant& inv : invariants_) {
    bool holds = false;
    try {
      holds = inv.holds();
    } catch (const std::exception& e) {
      peeking_ = observing_ = false;
      fail(ViolationKind::exception, fmt::format("invariant \"{}\" threw: {}", inv.name, e.what()));
      return;
    }
    if (!holds) {
      peeking_ = observing_ = false;
      fail(ViolationKind::invariant,
           fmt::format("invariant \"{}\" is false after step {}", inv.name, trace_.empty() ? 0 : trace_.size() - 1));
      return;
    }
  }
  peeking_ = observing_ = false;
}

std::size_t Execution::record(Op op, std::uint32_t object, location loc, Value before, Value after) {
  trace_.push_back(Event{running_, op, object, before, after, loc, now_});
  if (in_library_header(loc.file)) library_callers_.emplace(trace_.size() - 1, capture_callers());
  if (running_ >= 0) observe(trace_.back());
  return trace_.size() - 1;
}

void Execution::fail(ViolationKind kind, std::string message, bool fatal, std::vector<HistoryCall> history,
                     std::optional<std::size_t> other_step) {
  if (fatal) stop_ = true;
  for (const Failure& f : failures_)
    if (f.kind == kind) return;
  failures_.push_back(
      Failure{kind, std::move(message), trace_.empty() ? 0 : trace_.size() - 1, std::move(history), other_step});
}

std::uint32_t Execution::add_object(ObjectKind kind, const char* name, location loc) {
  Object& o = objects_.add();
  o.kind = kind;
  o.name = name;
  o.loc = loc;
  return static_cast<std::uint32_t>(objects_.size() - 1);
}

void Execution::add_invariant(std::string name, std::function<bool()> holds) {
  invariants_.push_back(Invariant{std::move(name), std::move(holds), running_});
}

void Execution::set_state_hash(std::function<std::uint64_t()> hash) {
  state_hash_ = std::move(hash);
  state_hash_owner_ = running_;
}

}  // namespace interleave::engine
