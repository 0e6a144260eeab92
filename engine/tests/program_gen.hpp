// Small random concurrent programs for testing the explorer against a
// brute-force enumerator: threads of reads, writes, compare-exchanges,
// spin loops and lock-protected sections over a few variables, each thread
// with one register. The enumerator also counts Mazurkiewicz traces, the number an
// exact partial-order reduction explores.
#pragma once

#include <rapidcheck.h>

#include <map>
#include <ostream>
#include <set>
#include <stdexcept>
#include <vector>

#include "interleave/interleave.hpp"

namespace interleave::testing_gen {

constexpr int kVars = 2;
constexpr int kLocks = 2;

/// One operation: read var into the register, write register+constant to
/// var, compare-exchange the atomic (expected constant-1, desired constant;
/// the register gets the old value), take/release a lock, or, holding one,
/// wait on or notify a condition variable, or spin until var holds the
/// constant (with a yield in the loop, or without).
struct Op {
  enum Kind { read, write, cas, lock, unlock, wait, notify_one, notify_all, spin_yield, spin } kind;
  int target;    ///< variable, lock or condition variable
  int constant;  ///< write: added to the register; cas: the desired value
};
using Thread = std::vector<Op>;

/// How RapidCheck prints a counterexample's operation.
inline void showValue(const Op& op, std::ostream& os) {
  static constexpr const char* kNames[] = {"read", "write",      "cas",        "lock",       "unlock",
                                           "wait", "notify_one", "notify_all", "spin_yield", "spin"};
  os << kNames[op.kind] << '(' << op.target << ", " << op.constant << ')';
}
using Program = std::vector<Thread>;
/// Final variable values, then each thread's register.
using State = std::vector<int>;

/// A vector of [low, high) elements from `element`.
template <class T>
rc::Gen<std::vector<T>> sized_vector(int low, int high, rc::Gen<T> element) {
  return rc::gen::mapcat(rc::gen::inRange(low, high), [element](int n) {
    return rc::gen::container<std::vector<T>>(static_cast<std::size_t>(n), element);
  });
}

/// A thread: a few accesses, some wrapped in a lock-protected section (no
/// nesting), where with `conditions` it may also wait and notify; with
/// `spins` it may also spin until a variable holds a value.
inline rc::Gen<Thread> thread_gen(bool conditions, bool spins = false) {
  constexpr int kAccessKinds = 3, kConditionKinds = 3, kSpinKinds = 2;
  auto access = rc::gen::apply(
      [conditions](int kind, int var, int c) {
        if (kind >= kAccessKinds + (conditions ? kConditionKinds : 0))
          return Op{static_cast<Op::Kind>(Op::spin_yield + kind - kAccessKinds - (conditions ? kConditionKinds : 0)),
                    var, c};
        if (kind >= kAccessKinds) return Op{static_cast<Op::Kind>(Op::wait + kind - kAccessKinds), var, c};
        return Op{static_cast<Op::Kind>(kind), var, c};
      },
      rc::gen::inRange(0, kAccessKinds + (conditions ? kConditionKinds : 0) + (spins ? kSpinKinds : 0)),
      rc::gen::inRange(0, kVars), rc::gen::inRange(1, 3));
  auto block = rc::gen::apply(
      [](std::vector<Op> body, bool locked, int lock) {
        if (!locked) {
          for (Op& op : body)  // waits and notifies need the lock
            if (op.kind >= Op::wait && op.kind <= Op::notify_all) op.kind = Op::read;
          return body;
        }
        body.insert(body.begin(), Op{Op::lock, lock, 0});
        body.push_back(Op{Op::unlock, lock, 0});
        return body;
      },
      sized_vector(1, 3, access), rc::gen::arbitrary<bool>(), rc::gen::inRange(0, kLocks));
  return rc::gen::map(sized_vector(1, 3, block), [](const std::vector<std::vector<Op>>& blocks) {
    Thread t;
    for (const auto& b : blocks) t.insert(t.end(), b.begin(), b.end());
    return t;
  });
}

/// Programs of reads, writes, compare-exchanges and locks.
inline rc::Gen<Program> program() { return sized_vector(2, 4, thread_gen(false)); }

/// Programs that also wait on and notify condition variables (two threads or three).
inline rc::Gen<Program> program_with_conditions() { return sized_vector(2, 4, thread_gen(true)); }

/// Programs of reads, writes, compare-exchanges, locks and spin loops.
inline rc::Gen<Program> program_with_spins() { return sized_vector(2, 4, thread_gen(false, true)); }

/// Runs the program as a model scenario; returns its final state.
inline State run_model(const Program& program) {
  using S = model_sync;
  std::vector<std::unique_ptr<S::shared<int>>> vars;
  std::vector<std::unique_ptr<S::mutex>> locks;
  for (int i = 0; i < kVars; ++i) vars.push_back(std::make_unique<S::shared<int>>(0, "v"));
  for (int i = 0; i < kLocks; ++i) locks.push_back(std::make_unique<S::mutex>("m"));
  S::atomic<int> atomic(0, "a");
  // Condition variable `c` under lock `l` is conditions[c * kLocks + l]:
  // threads waiting at once on one condition variable must use one mutex.
  std::vector<std::unique_ptr<S::condition_variable>> conditions;
  for (int i = 0; i < kVars * kLocks; ++i) conditions.push_back(std::make_unique<S::condition_variable>("cv"));
  struct Held {  // what condition_variable::wait needs of a lock
    S::mutex* held;
    S::mutex* mutex() const { return held; }
  };
  std::vector<int> registers(program.size(), 0);
  // Each operation of the program is a place of its own, as the statements
  // of a real program are: the interpreter's one source line would make
  // successive reads of a variable look like a spin (Options::implicit_spins).
  auto place = [&program](const Op& op) {
    for (std::size_t t = 0; t < program.size(); ++t)
      if (!program[t].empty() && &op >= program[t].data() && &op < program[t].data() + program[t].size())
        return location{"generated program",
                        static_cast<int>(t * 100 + static_cast<std::size_t>(&op - program[t].data()))};
    return location{"generated program", -1};
  };
  std::vector<std::function<void()>> bodies;
  for (std::size_t t = 0; t < program.size(); ++t)
    bodies.push_back([&, t] {
      Held lock{nullptr};
      int held = 0;  // the index of lock.held (waits and notifies run only under a lock)
      for (const Op& op : program[t]) switch (op.kind) {
          case Op::read: registers[t] = vars[op.target]->get(place(op)); break;
          case Op::write: vars[op.target]->set(registers[t] + op.constant, place(op)); break;
          case Op::cas: {
            int expected = op.constant - 1;
            atomic.compare_exchange_strong(expected, op.constant, place(op));
            registers[t] = expected;
            break;
          }
          case Op::lock:
            locks[op.target]->lock();
            lock.held = locks[op.target].get();
            held = op.target;
            break;
          case Op::unlock: locks[op.target]->unlock(); break;
          case Op::wait: conditions[op.target * kLocks + held]->wait(lock); break;
          case Op::notify_one: conditions[op.target * kLocks + held]->notify_one(); break;
          case Op::notify_all: conditions[op.target * kLocks + held]->notify_all(); break;
          case Op::spin_yield:
            while (vars[op.target]->get() != op.constant) S::yield();
            registers[t] = op.constant;
            break;
          case Op::spin:
            while (vars[op.target]->get() != op.constant) {
            }
            registers[t] = op.constant;
            break;
        }
    });
  run_together(std::move(bodies));
  State s;
  for (auto& v : vars) s.push_back(v->get());
  s.push_back(atomic.load());
  s.insert(s.end(), registers.begin(), registers.end());
  return s;
}

/// What the brute-force enumerator finds.
struct Enumeration {
  std::set<State> states;  ///< every final state
  /// Mazurkiewicz traces: for each object (variables, then the atomic, then
  /// the locks), the order of its writes and, for each read, how many writes
  /// came before it. A failed compare-exchange is a read; lock and unlock write.
  std::size_t traces = 0;
  /// Some interleaving ends with threads that can never go on (a lock
  /// never released, a spin whose value never comes).
  bool stuck = false;
};

/// Every interleaving, by plain recursion over program counters (no model
/// checker involved).
inline Enumeration enumerate(const Program& program) {
  constexpr int kAtomic = kVars, kObjects = kVars + 1 + kLocks;
  using Event = std::pair<int, int>;  // thread, index in its thread
  // The writes in order; for each read, the writes before it.
  using Accesses = std::pair<std::vector<Event>, std::map<Event, std::size_t>>;
  Enumeration out;
  std::set<std::vector<Accesses>> traces;
  std::vector<Accesses> history(kObjects);
  std::vector<std::size_t> pc(program.size(), 0);
  std::vector<int> vars(kVars + 1, 0), regs(program.size(), 0), owner(kLocks, -1);
  auto step = [&](auto&& self) -> void {
    bool any = false;
    for (std::size_t t = 0; t < program.size(); ++t) {
      if (pc[t] == program[t].size()) continue;
      const Op& op = program[t][pc[t]];
      if (op.kind == Op::lock && owner[op.target] >= 0) continue;
      const bool spin = op.kind == Op::spin || op.kind == Op::spin_yield;
      if (spin && vars[op.target] != op.constant) continue;  // a spin goes on once its value is there
      any = true;
      const auto saved_vars = vars;
      const auto saved_regs = regs;
      const auto saved_owner = owner;
      const auto saved_history = history;
      const Event event{static_cast<int>(t), static_cast<int>(pc[t])};
      auto access = [&](int object, bool write) {
        Accesses& a = history[static_cast<std::size_t>(object)];
        if (write)
          a.first.push_back(event);
        else
          a.second[event] = a.first.size();
      };
      switch (op.kind) {
        case Op::read:
          regs[t] = vars[op.target];
          access(op.target, false);
          break;
        case Op::write:
          vars[op.target] = regs[t] + op.constant;
          access(op.target, true);
          break;
        case Op::cas:
          regs[t] = vars[kAtomic];
          access(kAtomic, vars[kAtomic] == op.constant - 1);
          if (vars[kAtomic] == op.constant - 1) vars[kAtomic] = op.constant;
          break;
        case Op::lock:
          owner[op.target] = static_cast<int>(t);
          access(kAtomic + 1 + op.target, true);
          break;
        case Op::unlock:
          owner[op.target] = -1;
          access(kAtomic + 1 + op.target, true);
          break;
        case Op::spin:
        case Op::spin_yield:
          regs[t] = op.constant;
          access(op.target, false);
          break;
        default: throw std::logic_error("the enumerator has no condition variables");
      }
      ++pc[t];
      self(self);
      --pc[t];
      vars = saved_vars;
      regs = saved_regs;
      owner = saved_owner;
      history = saved_history;
    }
    const bool done = std::all_of(pc.begin(), pc.end(),
                                  [&, t = std::size_t{0}](std::size_t p) mutable { return p == program[t++].size(); });
    if (!any && !done) out.stuck = true;
    if (!any && done) {
      State s(vars);
      s.insert(s.end(), regs.begin(), regs.end());
      out.states.insert(s);
      traces.insert(history);
    }
  };
  step(step);
  out.traces = traces.size();
  return out;
}

}  // namespace interleave::testing_gen
