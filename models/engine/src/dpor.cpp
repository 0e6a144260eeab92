// Source-set DPOR with sleep sets (Abdulla, Aronis, Jonsson, Sagonas,
// "Optimal Dynamic Partial Order Reduction", POPL 2014, Algorithm 1).
//
// Each execution extends the current path; at its end, every reversible race
// (two dependent steps of different threads with no step between them in
// happens-before) asks for the reversed order to be explored: a thread that
// can start the reversal (an "initial" of the part of the execution that does
// not depend on the first step) is added to the backtrack set of the state
// before the first step, unless one is there already. Sleep sets stop
// re-exploring orders already covered; an execution whose enabled threads
// all sleep is cut short (counted as blocked).
//
// Locks: an acquisition races with the previous acquisition of the same mutex
// (the unlock between them is not a reversible race: the second lock is
// disabled until it). A notify and the wake it enables likewise. Steps that
// touch the virtual clock all depend on each other.
#include <algorithm>

#include "execution.hpp"
#include "footprint.hpp"
#include "scheduler.hpp"
#include "vector_clock.hpp"

namespace interleave::engine {
namespace {

struct Node {
  std::vector<Choice> enabled;
  std::vector<Footprint> pending;  ///< per thread id, at this state
  std::vector<Op> pending_op;
  std::vector<std::uint32_t> pending_target;  ///< per thread: a join's thread
  std::vector<Choice> sleep;       ///< asleep on entry
  std::vector<Choice> backtrack;
  std::vector<Choice> done;
  Choice chosen;
  std::uint64_t combinations = 1;  ///< product of the branch counts above this state
};

bool contains(const std::vector<Choice>& set, const Choice& c) {
  return std::find(set.begin(), set.end(), c) != set.end();
}

class Dpor final : public Scheduler {
 public:
  explicit Dpor(std::uint64_t expand_below) : expand_below_(expand_below) {}

  bool begin_execution() override {
    depth_ = 0;
    if (first_) {
      first_ = false;
      return true;
    }
    while (!path_.empty()) {
      Node& n = path_.back();
      n.done.push_back(n.chosen);
      if (const auto next = next_choice(n)) {
        n.chosen = *next;
        replay_until_ = path_.size();
        return true;
      }
      path_.pop_back();
    }
    return false;
  }

  std::optional<Choice> choose(const SchedulingPoint& point) override {
    if (depth_ < path_.size()) return path_[depth_++].chosen;
    Node n;
    n.enabled.assign(point.options.begin(), point.options.end());
    for (const Thread& t : point.execution->threads()) {
      n.pending.push_back(footprint_of(t, *point.execution));
      n.pending_op.push_back(t.pending);
      n.pending_target.push_back(t.pending_object);
    }
    if (!path_.empty()) n.sleep = sleep_after(path_.back());
    if (!path_.empty()) {  // saturating: past the split it only has to stay large
      const Node& parent = path_.back();
      n.combinations = parent.combinations >= expand_below_ ? parent.combinations
                                                            : parent.combinations * parent.enabled.size();
    }
    std::optional<Choice> first;
    for (const Choice& c : n.enabled) {
      if (contains(n.sleep, c)) continue;
      if (c.alt != Alt::normal) n.backtrack.push_back(c);  // alternative outcomes: always explored
      if (!first) first = c;
    }
    if (!first) return std::nullopt;  // every enabled thread sleeps: this order is covered
    if (!contains(n.backtrack, *first)) n.backtrack.push_back(*first);
    if (n.combinations < expand_below_)  // the top of a sharded search: every branch
      for (const Choice& c : n.enabled)
        if (!contains(n.backtrack, c)) n.backtrack.push_back(c);
    n.chosen = *first;
    path_.push_back(std::move(n));
    ++depth_;
    return path_.back().chosen;
  }

  void end_execution(const Execution& execution) override { add_backtracking(execution); }

  std::string name() const override { return "dpor"; }

 private:
  /// A thread's sleep carries over a step it does not depend on.
  std::vector<Choice> sleep_after(const Node& parent) const {
    std::vector<Choice> out;
    const Footprint& taken = parent.pending[static_cast<std::size_t>(parent.chosen.thread)];
    auto keep = [&](const Choice& q) {
      if (q.thread != parent.chosen.thread && !parent.pending[static_cast<std::size_t>(q.thread)].dependent(taken) &&
          !contains(out, q))
        out.push_back(q);
    };
    for (const Choice& q : parent.sleep) keep(q);
    for (const Choice& q : parent.done) keep(q);
    return out;
  }

  std::optional<Choice> next_choice(const Node& n) const {
    for (const Choice& c : n.backtrack)
      if (!contains(n.done, c) && !contains(n.sleep, c)) return c;
    return std::nullopt;
  }

  /// One step of the execution, as the race analysis sees it.
  struct Step {
    int thread;
    Op op;
    Footprint footprint;
    std::uint32_t local;  ///< 1-based index among its thread's steps
    VectorClock clock;    ///< happens-before: the steps (per thread, by local index) before or equal
  };

  void add_backtracking(const Execution& ex) {
    const std::size_t steps = std::min(path_.size(), depth_);
    const int threads = static_cast<int>(ex.threads().size());
    std::vector<Step> seq;
    seq.reserve(steps);
    std::vector<VectorClock> thread_clock(static_cast<std::size_t>(threads));
    std::vector<std::uint32_t> local(static_cast<std::size_t>(threads), 0);
    std::vector<int> last_step(static_cast<std::size_t>(threads), -1);
    std::size_t known_threads = 1;
    auto before = [](const Step& e, const Step& s) { return s.clock[e.thread] >= e.local; };
    for (Access& a : accesses_) a = Access{};
    clock_access_ = Access{};

    for (std::size_t k = 0; k < steps; ++k) {
      const Node& n = path_[k];
      // Threads first seen at this state were spawned by the previous step.
      for (std::size_t c = known_threads; c < n.pending.size(); ++c) thread_clock[c] = seq[k - 1].clock;
      known_threads = std::max(known_threads, n.pending.size());
      const int t = n.chosen.thread;
      const auto ut = static_cast<std::size_t>(t);
      Step s{t, n.pending_op[ut], n.pending[ut], ++local[ut], thread_clock[ut]};
      if (s.op == Op::rmw && failed_cas(ex, k)) s.footprint.write[0] = false;  // a failed CAS only reads
      if (s.op == Op::join)  // after the last step of the thread(s) it waits for
        for (int u = 0; u < threads; ++u)
          if (u != t && last_step[static_cast<std::size_t>(u)] >= 0 &&
              (n.pending_target[ut] == kAllThreads || n.pending_target[ut] == static_cast<std::uint32_t>(u)))
            s.clock.join(seq[static_cast<std::size_t>(last_step[static_cast<std::size_t>(u)])].clock, threads);
      // Dependence edges (the last write of each object touched, and for a
      // write the reads since), and the races among them, latest first.
      std::vector<std::size_t> deps;
      for (int f = 0; f < s.footprint.size; ++f) {
        const Access& a = access_of(s.footprint.object[f]);
        if (a.last_write >= 0) deps.push_back(static_cast<std::size_t>(a.last_write));
        if (s.footprint.write[f]) deps.insert(deps.end(), a.reads.begin(), a.reads.end());
      }
      std::sort(deps.begin(), deps.end(), std::greater<>());
      deps.erase(std::unique(deps.begin(), deps.end()), deps.end());
      std::vector<std::size_t> races;
      for (const std::size_t i : deps) {
        const Step& e = seq[i];
        if (e.thread == t || before(e, s)) continue;
        if (reversible(e, s)) races.push_back(i);
        s.clock.join(e.clock, threads);
      }
      if (is_acquire(s.op)) {  // the previous holder's acquisition: ordered only through its unlock
        const int prev = access_of(s.footprint.object[0]).last_acquire;
        if (prev >= 0 && seq[static_cast<std::size_t>(prev)].thread != t &&
            std::find(races.begin(), races.end(), static_cast<std::size_t>(prev)) == races.end())
          races.push_back(static_cast<std::size_t>(prev));
        access_of(s.footprint.object[0]).last_acquire = static_cast<int>(k);
      }
      for (int f = 0; f < s.footprint.size; ++f) {
        Access& a = access_of(s.footprint.object[f]);
        if (s.footprint.write[f]) {
          a.last_write = static_cast<int>(k);
          a.reads.clear();
        } else {
          a.reads.push_back(k);
        }
      }
      s.clock.set(t, s.local);
      thread_clock[ut] = s.clock;
      last_step[ut] = static_cast<int>(k);
      seq.push_back(s);
      if (k + 1 < replay_until_) continue;  // races ending in the replayed prefix were handled before
      for (const std::size_t i : races) reverse(seq, i, k);
    }
  }

  static bool failed_cas(const Execution& ex, std::size_t step) {
    const auto& begin = ex.step_begin();
    if (step >= begin.size()) return false;
    const std::size_t end = step + 1 < begin.size() ? begin[step + 1] : ex.trace().size();
    for (std::size_t i = begin[step]; i < end; ++i)
      if (ex.trace()[i].op == Op::failed_rmw) return true;
    return false;
  }

  static bool is_acquire(Op op) { return op == Op::lock || op == Op::try_lock; }

  /// Can `later` be moved before `earlier`? Not when `earlier` is what enables it.
  static bool reversible(const Step& earlier, const Step& later) {
    if (later.op == Op::lock && (earlier.op == Op::unlock || earlier.op == Op::wait)) return false;
    if (later.op == Op::wake && (earlier.op == Op::notify_one || earlier.op == Op::notify_all)) return false;
    return true;
  }

  /// Race (i, k): make sure some initial of notdep(i).k is in backtrack(i).
  void reverse(const std::vector<Step>& seq, std::size_t i, std::size_t k) {
    Node& node = path_[i];
    const Step& e = seq[i];
    auto after_e = [&](const Step& s) { return s.clock[e.thread] >= e.local; };
    // v = the steps between i and k that do not happen after e, then k.
    std::vector<std::size_t> v;
    for (std::size_t j = i + 1; j < k; ++j)
      if (!after_e(seq[j])) v.push_back(j);
    v.push_back(k);
    std::vector<int> initials;
    for (std::size_t a = 0; a < v.size(); ++a) {
      const Step& s = seq[v[a]];
      if (std::find(initials.begin(), initials.end(), s.thread) != initials.end()) continue;
      bool has_predecessor = false;
      for (std::size_t b = 0; b < a && !has_predecessor; ++b) {
        const Step& p = seq[v[b]];
        has_predecessor = s.clock[p.thread] >= p.local;
      }
      if (!has_predecessor) initials.push_back(s.thread);
    }
    for (const int p : initials)  // already explored, or asleep (covered by an earlier branch)
      if (contains(node.backtrack, Choice{p, Alt::normal}) || contains(node.sleep, Choice{p, Alt::normal})) return;
    // Prefer the thread of the racing step itself when it can start the reversal.
    std::stable_partition(initials.begin(), initials.end(), [&](int p) { return p == seq[k].thread; });
    for (const int p : initials) {
      const Choice c{p, Alt::normal};
      if (contains(node.enabled, c)) {
        node.backtrack.push_back(c);
        return;
      }
    }
  }

  /// Per object: the accesses a new step may depend on.
  struct Access {
    int last_write = -1;
    int last_acquire = -1;
    std::vector<std::size_t> reads;  ///< since the last write
  };
  Access& access_of(std::uint32_t object) {
    if (object == kClockObject) return clock_access_;
    if (object >= accesses_.size()) accesses_.resize(object + 1);
    return accesses_[object];
  }

  std::uint64_t expand_below_;
  std::vector<Access> accesses_;
  Access clock_access_;
  std::vector<Node> path_;
  std::size_t depth_ = 0;
  std::size_t replay_until_ = 0;
  bool first_ = true;
};

}  // namespace

std::unique_ptr<Scheduler> make_dpor(std::uint64_t expand_below) { return std::make_unique<Dpor>(expand_below); }

}  // namespace interleave::engine
