// Optimal DPOR with wakeup trees (Abdulla, Aronis, Jonsson, Sagonas,
// "Optimal Dynamic Partial Order Reduction", POPL 2014, Algorithm 2).
//
// Each execution extends the current path; at its end, every reversible race
// (two dependent steps of different threads with no step between them in
// happens-before) asks for the reversed order to be explored. The reversal is
// the sequence v of the steps after the first one that do not depend on it,
// ending with the second. Unless a thread that is asleep at the state before
// the first step (or was explored from it) could start v, v is inserted into
// that state's wakeup tree: the ordered branches still to explore, where a
// branch that could start v, or a leaf on the way, already covers it. The
// search follows wakeup-tree branches before choosing freely, so it explores
// exactly one complete execution per Mazurkiewicz trace, and on programs
// without locks none is cut short by its sleep set (blocked).
//
// Locks: an acquisition races with the previous acquisition of the same mutex
// unless that one happens before it other than through the mutex (the unlock
// between them is not a reversible race: the second lock is disabled until
// it). Reversing two acquisitions moves a whole critical section, so a
// sleeping thread does not cover it. A notify and the wake it enables are not
// a reversible race either. Steps that touch the virtual clock all depend on
// each other; a spurious wake-up spends the execution's budget, an object.
// Alternative outcomes (spurious wake-ups, early timeouts) are explored at
// every state, as extra branches that cover no reversal.
//
// Sharding: states above the split (shared by all shards) explore every
// enabled thread in one canonical order, and there only a thread that starts
// v covers it (source sets), because the races that would insert the rest are
// partly in other shards' executions.
#include <algorithm>

#include "scheduler.hpp"
#include "vector_clock.hpp"

namespace interleave::engine {
namespace {

/// A branch of a wakeup tree: a step to take, and what to do after it.
struct Branch {
  Choice choice;
  Footprint footprint;            ///< what the step touches
  std::vector<Branch> children;  ///< empty: choose freely after it
  /// Added beside the search's own branches (an alternative outcome, or the
  /// top of a sharded search): as a leaf it does not cover a reversal.
  bool extra = false;
};

struct Node {
  std::vector<Choice> enabled;
  std::vector<PendingStep> pending;  ///< per thread id, at this state
  StepOutcome outcome;             ///< what the chosen step did, once taken
  std::vector<Choice> sleep;       ///< asleep on entry
  std::vector<bool> sleep_shared;  ///< per sleeper: explored at a state several shards share
  std::vector<Choice> done;        ///< explored from here
  std::vector<Branch> wakeup;      ///< still to explore; the front is being explored
  std::uint64_t combinations = 1;  ///< product of the branch counts above this state
  bool shared = false;             ///< at the top of a sharded search: every shard explores it
  const Choice& chosen() const { return wakeup.front().choice; }
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
      n.done.push_back(n.chosen());
      n.wakeup.erase(n.wakeup.begin());
      n.outcome = {};
      drop_covered(n);
      if (!n.wakeup.empty()) {
        replay_until_ = path_.size();
        return true;
      }
      path_.pop_back();
    }
    return false;
  }

  std::optional<Choice> choose(const SchedulingPoint& point) override {
    if (point.depth > 0) path_[point.depth - 1].outcome = point.previous_outcome;
    if (depth_ < path_.size()) return path_[depth_++].chosen();
    Node n;
    n.enabled.assign(point.enabled.begin(), point.enabled.end());
    n.pending.assign(point.pending.begin(), point.pending.end());
    bool forced = false;
    if (!path_.empty()) {
      Node& parent = path_.back();
      sleep_after(parent, n);
      // saturating: past the split it only has to stay large
      n.combinations = parent.combinations >= expand_below_ ? parent.combinations
                                                            : parent.combinations * parent.enabled.size();
    }
    n.shared = n.combinations < expand_below_;
    if (!path_.empty()) {
      Node& parent = path_.back();
      // Just below the split a shard chooses freely: what was inserted at the
      // shared top came from this shard's races only.
      if (!parent.shared || n.shared) n.wakeup = std::move(parent.wakeup.front().children);
      parent.wakeup.front().children.clear();
      forced = !n.wakeup.empty();
    }
    drop_covered(n);
    if (forced && n.wakeup.empty()) return std::nullopt;  // what was left to do here is covered
    for (const Choice& c : n.enabled) {
      if (contains(n.sleep, c) || has_branch(n, c)) continue;
      if (n.wakeup.empty())
        n.wakeup.push_back(Branch{c, branch_footprint(n, c), {}});
      else if (c.alt != Alt::normal || n.shared)  // alternative outcomes; a shard's top
        n.wakeup.push_back(Branch{c, branch_footprint(n, c), {}, true});
    }
    if (n.wakeup.empty()) return std::nullopt;  // every enabled thread sleeps: this order is covered
    // Every shard walks the shared top in the same order, so that their sleep
    // sets, and so the parts they own, agree.
    if (n.shared)
      std::sort(n.wakeup.begin(), n.wakeup.end(), [](const Branch& a, const Branch& b) {
        return std::pair(a.choice.thread, a.choice.alt) < std::pair(b.choice.thread, b.choice.alt);
      });
    path_.push_back(std::move(n));
    ++depth_;
    return path_.back().chosen();
  }

  bool reads_pending() const override { return true; }

  void end_execution(const ExecutionEnd& end) override {
    if (end.steps > 0 && end.steps <= path_.size()) path_[end.steps - 1].outcome = end.last;
    add_backtracking();
  }


 private:
  /// What branch `c` of state `n` touches: a spurious wake-up also spends the budget.
  static Footprint branch_footprint(const Node& n, const Choice& c) {
    Footprint f = n.pending[static_cast<std::size_t>(c.thread)].footprint;
    if (c.alt == Alt::spurious) f.add(kSpuriousBudget, true);
    return f;
  }

  static bool has_branch(const Node& n, const Choice& c) {
    return std::any_of(n.wakeup.begin(), n.wakeup.end(), [&](const Branch& b) { return b.choice == c; });
  }

  /// Branches that start asleep or where the search has been are covered
  /// (extra branches, and reversals of acquisitions, can be such).
  static void drop_covered(Node& n) {
    std::erase_if(n.wakeup, [&](const Branch& b) {
      return contains(n.sleep, b.choice) || contains(n.done, b.choice) || !contains(n.enabled, b.choice);
    });
  }

  /// A thread's sleep carries over a step it does not depend on.
  static void sleep_after(const Node& parent, Node& child) {
    const Footprint taken = branch_footprint(parent, parent.chosen());
    auto keep = [&](const Choice& q, bool shared) {
      if (q.thread != parent.chosen().thread && !branch_footprint(parent, q).dependent(taken) &&
          !contains(child.sleep, q)) {
        child.sleep.push_back(q);
        child.sleep_shared.push_back(shared);
      }
    };
    for (std::size_t s = 0; s < parent.sleep.size(); ++s) keep(parent.sleep[s], parent.sleep_shared[s]);
    for (const Choice& q : parent.done) keep(q, parent.shared);
  }

  /// One step of the execution, as the race analysis sees it.
  struct Step {
    int thread;
    Alt alt;
    Op op;
    Footprint footprint;
    std::uint32_t local;  ///< 1-based index among its thread's steps
    VectorClock clock;    ///< happens-before: the steps (per thread, by local index) before or equal
  };

  void add_backtracking() {
    const std::size_t steps = std::min(path_.size(), depth_);
    // Threads spawned later took no step: their clock entries stay zero.
    const int threads = steps == 0 ? 0 : static_cast<int>(path_[steps - 1].pending.size());
    // Scratch buffers kept across executions: this runs once per execution.
    std::vector<Step>& seq = seq_;
    std::vector<VectorClock>& thread_clock = thread_clock_;
    std::vector<std::uint32_t>& local = local_;
    std::vector<int>& last_step = last_step_;
    std::vector<std::size_t>& deps = deps_;
    std::vector<std::size_t>& races = races_;
    seq.clear();
    thread_clock.assign(static_cast<std::size_t>(threads), VectorClock{});
    local.assign(static_cast<std::size_t>(threads), 0);
    last_step.assign(static_cast<std::size_t>(threads), -1);
    std::size_t known_threads = 1;
    auto before = [](const Step& e, const Step& s) { return s.clock[e.thread] >= e.local; };
    for (Access& a : accesses_) a.clear();
    clock_access_.clear();
    budget_access_.clear();

    for (std::size_t k = 0; k < steps; ++k) {
      const Node& n = path_[k];
      // Threads first seen at this state were spawned by the previous step.
      for (std::size_t c = known_threads; c < n.pending.size(); ++c) thread_clock[c] = seq[k - 1].clock;
      known_threads = std::max(known_threads, n.pending.size());
      const int t = n.chosen().thread;
      const auto ut = static_cast<std::size_t>(t);
      Step s{t, n.chosen().alt, n.pending[ut].op, branch_footprint(n, n.chosen()), ++local[ut], thread_clock[ut]};
      if (s.op == Op::rmw && n.outcome.failed_cas) s.footprint.write[0] = false;  // a failed CAS only reads
      if (s.op == Op::join)  // after the last step of the thread(s) it waits for
        for (int u = 0; u < threads; ++u)
          if (u != t && last_step[static_cast<std::size_t>(u)] >= 0 &&
              (n.pending[ut].join_target == kAllThreads || n.pending[ut].join_target == static_cast<std::uint32_t>(u)))
            s.clock.join(seq[static_cast<std::size_t>(last_step[static_cast<std::size_t>(u)])].clock, threads);
      const Step unordered = s;  // before the dependence edges: a lock's only object is its mutex
      // Dependence edges (the last write of each object touched, and for a
      // write the reads since), and the races among them, latest first.
      deps.clear();
      for (int f = 0; f < s.footprint.size; ++f) {
        const Access& a = access_of(s.footprint.object[f]);
        if (a.last_write >= 0) deps.push_back(static_cast<std::size_t>(a.last_write));
        if (s.footprint.write[f]) deps.insert(deps.end(), a.reads.begin(), a.reads.end());
      }
      std::sort(deps.begin(), deps.end(), std::greater<>());
      deps.erase(std::unique(deps.begin(), deps.end()), deps.end());
      races.clear();
      for (const std::size_t i : deps) {
        const Step& e = seq[i];
        if (e.thread == t || before(e, s)) continue;
        if (reversible(e, s)) races.push_back(i);
        s.clock.join(e.clock, threads);
      }
      // An acquisition races with the previous holder's, unless that one
      // happens before it by other ways than the mutex's release.
      if (is_acquire(s.op)) {
        const int prev = access_of(s.footprint.object[0]).last_acquire;
        if (prev >= 0 && seq[static_cast<std::size_t>(prev)].thread != t &&
            !before(seq[static_cast<std::size_t>(prev)], unordered) &&
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
      for (const std::size_t i : races) insert_reversal(seq, i, k, threads);
    }
  }

  static bool is_acquire(Op op) { return op == Op::lock || op == Op::try_lock; }

  /// Can `later` be moved before `earlier`? Not when `earlier` is what enables it.
  static bool reversible(const Step& earlier, const Step& later) {
    if (later.op == Op::lock && (earlier.op == Op::unlock || earlier.op == Op::wait)) return false;
    if (later.op == Op::wake && (earlier.op == Op::notify_one || earlier.op == Op::notify_all)) return false;
    return true;
  }

  /// The reversal of a race (i, k): v, the steps after i that do not
  /// happen after it, then k, in the order they ran.
  struct Reversal {
    const std::vector<Step>& seq;
    std::size_t racing;  ///< k
    std::vector<std::size_t> v;
    /// What happens before k within v. k's own clock may be too large: a lock
    /// taken after the other thread's unlock is ordered after its whole
    /// critical section, and the reversal leaves that section out.
    VectorClock racing_clock;

    Reversal(const std::vector<Step>& s, std::size_t i, std::size_t k, int threads) : seq(s), racing(k) {
      const Step& e = seq[i];
      for (std::size_t j = i + 1; j < k; ++j)
        if (seq[j].clock[e.thread] < e.local) v.push_back(j);
      const Footprint last = footprint(k);
      for (const std::size_t j : v)
        if (seq[j].thread == seq[k].thread || seq[j].footprint.dependent(last)) racing_clock.join(seq[j].clock, threads);
      v.push_back(k);
    }

    /// What a step of v touches. The racing step reads other values once
    /// reversed, so a compare-exchange there may write though it failed here.
    Footprint footprint(std::size_t j) const {
      Footprint f = seq[j].footprint;
      if (j == racing && seq[j].op == Op::rmw) f.write = {true, true};
      return f;
    }

    /// Could a step (`choice`, touching `footprint`) start v? Yes when it is
    /// v's first step of its thread and no earlier step of v happens before
    /// it (`at` is then its index in v), or, with `weak`, when its thread has
    /// no step in v and it commutes with all of them.
    bool initial(const Choice& choice, const Footprint& step, bool weak, std::size_t& at) const {
      for (std::size_t a = 0; a < v.size(); ++a) {
        const Step& s = seq[v[a]];
        if (s.thread != choice.thread) continue;
        if (s.alt != choice.alt) return false;  // another outcome of the same operation
        const VectorClock& clock = v[a] == racing ? racing_clock : s.clock;
        for (std::size_t b = 0; b < a; ++b)
          if (clock[seq[v[b]].thread] >= seq[v[b]].local) return false;
        at = a;
        return true;
      }
      at = v.size();
      if (!weak || choice.alt != Alt::normal) return false;
      return std::none_of(v.begin(), v.end(), [&](std::size_t j) { return step.dependent(footprint(j)); });
    }
  };

  /// Race (i, k): unless covered, insert its reversal into the wakeup tree
  /// of the state before step i.
  void insert_reversal(const std::vector<Step>& seq, std::size_t i, std::size_t k, int threads) {
    Node& node = path_[i];
    Reversal r(seq, i, k, threads);
    std::size_t at = 0;
    // Weak initials (optimal DPOR) let a thread or branch that commutes with
    // all of v cover it, trusting that races found in what it explored insert
    // the rest. Where that was explored at a state every shard shares, the
    // races were partly other shards': there only a thread that starts v does.
    auto could_start = [&](const Choice& q, bool shared) {
      return r.initial(q, branch_footprint(node, q), !shared, at);
    };
    bool asleep = false;
    for (std::size_t s = 0; s < node.sleep.size() && !asleep; ++s) asleep = could_start(node.sleep[s], node.sleep_shared[s]);
    for (std::size_t s = 0; s < node.done.size() && !asleep; ++s) asleep = could_start(node.done[s], node.shared);
    // Reversing two acquisitions moves the first holder's whole critical
    // section after the second's. A thread asleep here may conflict with a
    // step inside that section, so its sleep does not cover the reversal.
    const bool acquisitions = is_acquire(seq[i].op) && is_acquire(seq[k].op);
    if (!acquisitions && asleep) return;
    std::vector<Branch>* level = &node.wakeup;
    for (bool root = true, extra = false;; root = false) {
      if (!root && level->empty() && !extra) return;  // a leaf: exploring it covers v
      Branch* next = nullptr;
      // At the root, the front branch is being explored: its step is i, which k depends on.
      for (std::size_t b = root ? 1 : 0; b < level->size() && !next; ++b)
        if (r.initial((*level)[b].choice, (*level)[b].footprint, !node.shared, at)) next = &(*level)[b];
      if (!next) break;
      if (at < r.v.size()) r.v.erase(r.v.begin() + static_cast<std::ptrdiff_t>(at));
      level = &next->children;
      extra = next->extra;
    }
    for (const std::size_t j : r.v) {  // a new rightmost branch: the rest of v
      level->push_back(Branch{Choice{seq[j].thread, seq[j].alt}, r.footprint(j), {}});
      level = &level->back().children;
    }
  }

  /// Per object: the accesses a new step may depend on.
  struct Access {
    int last_write = -1;
    int last_acquire = -1;
    std::vector<std::size_t> reads;  ///< since the last write
    void clear() {
      last_write = last_acquire = -1;
      reads.clear();
    }
  };
  Access& access_of(std::uint32_t object) {
    if (object == kClockObject) return clock_access_;
    if (object == kSpuriousBudget) return budget_access_;
    if (object >= accesses_.size()) accesses_.resize(object + 1);
    return accesses_[object];
  }

  std::uint64_t expand_below_;
  std::vector<Access> accesses_;
  std::vector<Step> seq_;
  std::vector<VectorClock> thread_clock_;
  std::vector<std::uint32_t> local_;
  std::vector<int> last_step_;
  std::vector<std::size_t> deps_, races_;
  Access clock_access_, budget_access_;
  std::vector<Node> path_;
  std::size_t depth_ = 0;
  std::size_t replay_until_ = 0;
  bool first_ = true;
};

}  // namespace

std::unique_ptr<Scheduler> make_dpor(std::uint64_t expand_below) { return std::make_unique<Dpor>(expand_below); }

}  // namespace interleave::engine
