// Linearizability of a concurrent history against a sequential specification.
//
// A history is a list of calls: each with its thread, the time it was invoked,
// the time it returned (or none: it never returned), its operation and
// arguments, and its result. It is linearizable when some total order of the
// calls, consistent with real time (a call that returned before another was
// invoked comes first), is accepted by the sequential specification, with
// every returned call giving its recorded result. A call that never returned
// may take effect (with any result) or not, as Lincheck treats a call still
// pending or blocked at the end.
//
// The sequential specification is a plain C++ value type (a std::deque
// behind enqueue/dequeue, an integer behind acquire/release) with operator==
// and a `std::size_t hash() const`, plus a declaration: the operations, how
// each applies to the state, the arguments a scenario may pass, and whether
// it may block (an operation that cannot take effect in a state returns
// nullopt there).
//
// The search is Wing & Gong's, with Lowe's just-in-time linearization: the
// calls and returns form one time-ordered list; the first call whose
// operation the specification accepts is linearized (lifted out of the list)
// and the search moves on; meeting a return of a call not yet linearized
// backtracks. Porcupine's memoisation prunes every (linearized set,
// specification state) pair reached before.
//
// Two decompositions keep long, heavily overlapping histories tractable
// without changing the answer:
//   - per-key partitioning (Porcupine's P-compositionality): a specification
//     that is a product of independent objects, one per key (a map of
//     registers), declares `partition`, the key of a call; each key's calls
//     are checked alone (linearizability is local: Herlihy & Wing), and the
//     witness orders merge by linearization points;
//   - quiescent splitting: at an instant where no call is open (every call
//     invoked before it has returned, strictly), every linearization puts the
//     calls before it first, so the history is checked segment by segment,
//     carrying the set of specification states each segment can end in.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

namespace interleave {

/// Arguments and results of operations in a history.
using LinValue = std::int64_t;

/// One call in a concurrent history.
struct LinCall {
  int thread = 0;
  std::uint64_t invoked = 0;              ///< time of the invocation
  std::optional<std::uint64_t> returned;  ///< time of the response; nullopt: never returned
  std::size_t operation = 0;              ///< index in the specification's operations
  std::vector<LinValue> arguments;
  LinValue result = 0;  ///< the value returned (0 for an operation without one); unused when pending

  bool pending() const { return !returned.has_value(); }
};
using LinHistory = std::vector<LinCall>;

/// One operation of a sequential specification over state type S.
template <class S>
struct LinOperation {
  std::string name;
  /// Applies the operation with its arguments to the state and returns its
  /// result, or nullopt when it cannot take effect in this state (it blocks).
  std::function<std::optional<LinValue>(S&, const std::vector<LinValue>&)> apply;
  /// The argument lists a scenario may pass (one empty list: no arguments).
  std::vector<std::vector<LinValue>> arguments = {{}};
  bool may_block = false;  ///< a call may wait for another thread (and so never return)
  /// Instead of `apply`, for an operation whose result the environment
  /// decides (the time a token bucket granted at): takes effect with the
  /// recorded result (nullopt for a call that never returned) and returns
  /// whether the specification allows that in this state.
  std::function<bool(S&, const std::vector<LinValue>&, std::optional<LinValue>)> observe;
};

/// A sequential specification: the initial state and the operations.
template <class S>
struct LinSpecification {
  std::string name;
  S initial{};
  std::vector<LinOperation<S>> operations;
  /// Optional: the key of a call, for a specification made of independent
  /// objects, one per key, each starting from `initial` (calls of different
  /// keys never constrain each other). Unset: one object.
  std::function<LinValue(const LinCall&)> partition;
};

/// The answer for one history.
struct LinVerdict {
  bool linearizable = true;
  /// When linearizable: the calls (indices into the history) in the order of
  /// a linearization; calls left out never returned and were dropped.
  std::vector<std::size_t> order;
  /// When not: the counterexample's calls (by index), which keep their
  /// responses in relaxed_history(history, cut, counterexample).
  std::vector<std::size_t> counterexample;
  /// When not: the earliest time at which the history had already failed.
  std::uint64_t cut = 0;
  /// False when a minimizing trial ran out of budget (the counterexample
  /// still fails, but freeing some call of it was not decided).
  bool minimal = true;
  std::uint64_t states = 0;  ///< states the first search visited
};

namespace lin_detail {

/// A cheap 64-bit mix, used to give every call its own hash key.
inline std::uint64_t mix(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

/// The set of linearized calls, with a hash kept up to date (Zobrist: the
/// XOR of each member's key) so memoisation costs O(1) per step to hash.
struct CallSet {
  std::vector<std::uint64_t> words;
  std::uint64_t hash = 0;

  explicit CallSet(std::size_t n) : words((n + 63) / 64, 0) {}
  void flip(std::size_t i) {
    words[i / 64] ^= std::uint64_t{1} << (i % 64);
    hash ^= mix(i);
  }
  bool operator==(const CallSet& o) const { return words == o.words; }
};

template <class S>
struct Memo {
  CallSet calls;
  S state;
  bool operator==(const Memo& o) const { return calls.hash == o.calls.hash && calls == o.calls && state == o.state; }
};

template <class S>
struct MemoHash {
  std::size_t operator()(const Memo<S>& m) const {
    return static_cast<std::size_t>(m.calls.hash ^ mix(static_cast<std::uint64_t>(m.state.hash())));
  }
};

/// One node of the time-ordered list of calls and returns.
struct Entry {
  std::size_t call = 0;  ///< index in the history
  bool is_call = false;
  std::size_t match = 0;  ///< a call's return entry
  std::size_t prev = 0, next = 0;
};

/// Applies call `c` to `state`; whether it can take effect there with its
/// recorded result (any result, if it never returned).
template <class S>
bool takes_effect(const LinOperation<S>& op, S& state, const LinCall& c) {
  if (op.observe) return op.observe(state, c.arguments, c.pending() ? std::nullopt : std::optional<LinValue>(c.result));
  const std::optional<LinValue> got = op.apply(state, c.arguments);
  return got && (c.pending() || *got == c.result);
}

/// How a search ended.
enum class Outcome { linearizable, not_linearizable, budget_spent };

/// The search on `history` from `initial`, visiting at most `budget` states
/// (counted in verdict.states). With `on_end`, a linearization of every
/// returned call is only a candidate: on_end(state, order) accepts it (the
/// search ends: linearizable) or rejects it (the search goes on to the next
/// distinct end state; none accepted: not linearizable).
template <class S>
Outcome search(const LinSpecification<S>& spec, const LinHistory& history, std::uint64_t budget, LinVerdict& verdict,
               const S& initial,
               const std::function<bool(const S&, const std::vector<std::size_t>&)>& on_end = nullptr) {
  const std::size_t n = history.size();
  constexpr std::size_t kNone = std::numeric_limits<std::size_t>::max();
  constexpr std::uint64_t kNever = std::numeric_limits<std::uint64_t>::max();
  // Entries 1..2n in time order; entry 0 is the head sentinel; kNone ends the list.
  struct Stamp {
    std::uint64_t time;
    bool is_return;
    std::size_t call;
  };
  std::vector<Stamp> stamps;
  stamps.reserve(2 * n);
  std::size_t completed = 0;  // returned calls not linearized yet
  for (std::size_t i = 0; i < n; ++i) {
    const LinCall& c = history[i];
    stamps.push_back({c.invoked, false, i});
    stamps.push_back({c.returned.value_or(kNever), true, i});
    if (!c.pending()) ++completed;
  }
  // On equal stamps calls come first: calls that touch at one instant overlap.
  std::sort(stamps.begin(), stamps.end(), [](const Stamp& a, const Stamp& b) {
    if (a.time != b.time) return a.time < b.time;
    return a.is_return < b.is_return;
  });
  std::vector<Entry> list(2 * n + 1);
  std::vector<std::size_t> call_entry(n), return_entry(n);
  for (std::size_t k = 0; k < stamps.size(); ++k) {
    Entry& e = list[k + 1];
    e.call = stamps[k].call;
    e.is_call = !stamps[k].is_return;
    e.prev = k;
    e.next = k + 2 <= stamps.size() ? k + 2 : kNone;
    (e.is_call ? call_entry : return_entry)[e.call] = k + 1;
  }
  list[0].next = n ? 1 : kNone;
  for (std::size_t i = 0; i < n; ++i) list[call_entry[i]].match = return_entry[i];

  auto unlink = [&](std::size_t k) {
    list[list[k].prev].next = list[k].next;
    if (list[k].next != kNone) list[list[k].next].prev = list[k].prev;
  };
  auto relink = [&](std::size_t k) {  // undoes unlink(k), in reverse order of the unlinks
    list[list[k].prev].next = k;
    if (list[k].next != kNone) list[list[k].next].prev = k;
  };

  S state = initial;
  CallSet linearized(n);
  std::unordered_set<Memo<S>, MemoHash<S>> seen;
  struct Frame {
    std::size_t entry;
    S state;  // before the call took effect
  };
  std::vector<Frame> stack;
  std::size_t entry = list[0].next;
  auto order = [&] {
    std::vector<std::size_t> calls;
    for (const Frame& f : stack) calls.push_back(list[f.entry].call);
    return calls;
  };
  for (;;) {
    // Done when every returned call is linearized: the pending calls left never took effect.
    const bool complete = completed == 0;
    if (complete && (!on_end || on_end(state, order()))) break;
    if (++verdict.states > budget) return Outcome::budget_spent;
    const Entry& e = list[complete ? 0 : entry];
    if (complete || !e.is_call) {
      // The return of a call not linearized yet (or, enumerating, an end
      // recorded): undo the last linearization.
      if (stack.empty()) return Outcome::not_linearizable;
      Frame top = std::move(stack.back());
      stack.pop_back();
      const Entry& undone = list[top.entry];
      state = std::move(top.state);
      linearized.flip(undone.call);
      relink(undone.match);
      relink(top.entry);
      if (!history[undone.call].pending()) ++completed;
      entry = undone.next;
      continue;
    }
    const LinCall& c = history[e.call];
    S next = state;
    if (takes_effect(spec.operations.at(c.operation), next, c)) {
      linearized.flip(e.call);
      if (seen.insert(Memo<S>{linearized, next}).second) {
        stack.push_back({entry, std::move(state)});
        state = std::move(next);
        unlink(entry);
        unlink(e.match);
        if (!c.pending()) --completed;
        entry = list[0].next;
        continue;
      }
      linearized.flip(e.call);
    }
    entry = e.next;
  }
  verdict.order = order();
  return Outcome::linearizable;
}

/// The calls of `history` listed in `calls`, in that order.
inline LinHistory subhistory(const LinHistory& history, const std::vector<std::size_t>& calls) {
  LinHistory out;
  out.reserve(calls.size());
  for (std::size_t i : calls) out.push_back(history[i]);
  return out;
}

/// The history's calls split at its quiescent instants (no call open, ties
/// counting as overlap), each segment's calls in invocation order.
inline std::vector<std::vector<std::size_t>> quiescent_segments(const LinHistory& history) {
  std::vector<std::size_t> by_invocation(history.size());
  for (std::size_t i = 0; i < history.size(); ++i) by_invocation[i] = i;
  std::stable_sort(by_invocation.begin(), by_invocation.end(),
                   [&](std::size_t a, std::size_t b) { return history[a].invoked < history[b].invoked; });
  std::vector<std::vector<std::size_t>> segments;
  std::uint64_t open_until = 0;  // the latest return among the calls so far (max: one never returned)
  for (std::size_t i : by_invocation) {
    const LinCall& c = history[i];
    if (segments.empty() || c.invoked > open_until) segments.emplace_back();
    segments.back().push_back(i);
    open_until = std::max(open_until, c.returned.value_or(std::numeric_limits<std::uint64_t>::max()));
  }
  return segments;
}

/// A specification state, hashed and compared as the memo does.
template <class S>
struct StateHash {
  std::size_t operator()(const S& s) const { return s.hash(); }
};

/// One object's history, split at quiescent instants: a depth-first search
/// over the segments, each searched from a state the ones before can end
/// in. A segment's end states are tried one at a time, the next segment
/// searched from each at once, and (segment, start state) pairs that failed
/// are remembered, so the search stops at the first full linearization as
/// the whole-history search does, on smaller sets and shorter lists.
template <class S>
Outcome search_segments(const LinSpecification<S>& spec, const LinHistory& history, std::uint64_t budget,
                        LinVerdict& verdict) {
  const auto segments = quiescent_segments(history);
  if (segments.size() <= 1) return search(spec, history, budget, verdict, spec.initial);
  std::vector<LinHistory> parts;
  for (const auto& calls : segments) parts.push_back(subhistory(history, calls));
  std::vector<std::unordered_set<S, StateHash<S>>> failed(segments.size());
  std::vector<std::size_t> order;  // the witness, built on the way back
  bool out_of_budget = false;
  // Can segments k.. be linearized from `start`?
  // Every nested search shares `verdict`, so its state count is the budget's.
  std::function<bool(std::size_t, const S&)> from = [&](std::size_t k, const S& start) {
    if (failed[k].count(start)) return false;
    std::vector<std::size_t> local;
    const bool last = k + 1 == segments.size();
    const Outcome outcome = last ? search(spec, parts[k], budget, verdict, start)
                                 : search<S>(spec, parts[k], budget, verdict, start,
                                             [&](const S& end, const std::vector<std::size_t>& mine) {
                                               if (out_of_budget || !from(k + 1, end)) return false;
                                               local = mine;
                                               return true;
                                             });
    if (outcome == Outcome::budget_spent) out_of_budget = true;
    if (outcome != Outcome::linearizable) {
      if (!out_of_budget) failed[k].insert(start);
      return false;
    }
    if (last) local = verdict.order;
    std::vector<std::size_t> mine;
    for (std::size_t i : local) mine.push_back(segments[k][i]);
    order.insert(order.begin(), mine.begin(), mine.end());
    return true;
  };
  const bool ok = from(0, spec.initial);
  if (out_of_budget) return Outcome::budget_spent;
  if (!ok) return Outcome::not_linearizable;
  verdict.order = std::move(order);
  return Outcome::linearizable;
}

/// The whole search: per key when the specification partitions, each key's
/// calls split at quiescent instants. The witness order merges the keys'
/// orders by linearization points: each call at the latest invocation among
/// it and the calls before it in its key's order (within its interval,
/// since that order respects real time).
template <class S>
Outcome search_decomposed(const LinSpecification<S>& spec, const LinHistory& history, std::uint64_t budget,
                          LinVerdict& verdict) {
  if (!spec.partition) return search_segments(spec, history, budget, verdict);
  std::map<LinValue, std::vector<std::size_t>> keys;
  for (std::size_t i = 0; i < history.size(); ++i) keys[spec.partition(history[i])].push_back(i);
  struct Point {
    std::uint64_t at;
    std::size_t key, position, call;
    bool operator<(const Point& o) const { return std::tie(at, key, position) < std::tie(o.at, o.key, o.position); }
  };
  std::vector<Point> points;
  std::size_t key_index = 0;
  for (const auto& [key, calls] : keys) {
    LinVerdict part;
    const std::uint64_t left = budget - std::min(budget, verdict.states);
    const Outcome outcome = search_segments(spec, subhistory(history, calls), left, part);
    verdict.states += part.states;
    if (outcome != Outcome::linearizable) return outcome;
    std::uint64_t at = 0;
    for (std::size_t p = 0; p < part.order.size(); ++p) {
      const std::size_t call = calls[part.order[p]];
      at = std::max(at, history[call].invoked);
      points.push_back({at, key_index, p, call});
    }
    ++key_index;
  }
  std::sort(points.begin(), points.end());
  verdict.order.clear();
  for (const Point& p : points) verdict.order.push_back(p.call);
  return Outcome::linearizable;
}

}  // namespace lin_detail

/// The history a counterexample stands for: the calls of `history` invoked
/// by `cut`, where only those in `essential` keep their response; every other
/// is free (pending: it may take effect at any time after its invocation, or
/// not). Calls keep their relative order.
inline LinHistory relaxed_history(const LinHistory& history, std::uint64_t cut,
                                  const std::vector<std::size_t>& essential) {
  LinHistory out;
  for (std::size_t i = 0; i < history.size(); ++i) {
    if (history[i].invoked > cut) continue;
    LinCall c = history[i];
    if (c.returned && (*c.returned > cut || std::find(essential.begin(), essential.end(), i) == essential.end()))
      c.returned.reset();
    out.push_back(std::move(c));
  }
  return out;
}

/// Is `history` linearizable with respect to `spec`? The search is complete:
/// the verdict is exact. When the history is not linearizable, and
/// `minimize`, the verdict also names a counterexample: the earliest cut
/// (a prefix of the history in time) that is already not linearizable, and
/// within it the fewest calls that must keep their responses for it to stay
/// so, found greedily (in halving chunks, then one call at a time, until no
/// call can be freed). Minimizing visits at most `minimize_budget` states per
/// trial; a trial that runs out keeps its calls and clears `minimal`.
template <class S>
LinVerdict check_linearizable(const LinSpecification<S>& spec, const LinHistory& history, bool minimize = true,
                              std::uint64_t minimize_budget = 1'000'000) {
  constexpr std::uint64_t kUnbounded = std::numeric_limits<std::uint64_t>::max();
  LinVerdict verdict;
  verdict.linearizable =
      lin_detail::search_decomposed(spec, history, kUnbounded, verdict) == lin_detail::Outcome::linearizable;
  verdict.cut = std::numeric_limits<std::uint64_t>::max();
  for (std::size_t i = 0; i < history.size(); ++i)
    if (!history[i].pending()) verdict.counterexample.push_back(i);
  if (verdict.linearizable || !minimize) {
    if (verdict.linearizable) verdict.counterexample.clear();
    return verdict;
  }
  auto fails = [&](std::uint64_t cut, const std::vector<std::size_t>& essential) {
    LinVerdict trial;
    const auto outcome =
        lin_detail::search_decomposed(spec, relaxed_history(history, cut, essential), minimize_budget, trial);
    if (outcome == lin_detail::Outcome::budget_spent) verdict.minimal = false;
    return outcome == lin_detail::Outcome::not_linearizable;
  };
  // The earliest failing cut: linearizability is prefix-closed, so a binary search finds it.
  std::vector<std::uint64_t> times;
  for (const LinCall& c : history) {
    times.push_back(c.invoked);
    if (c.returned) times.push_back(*c.returned);
  }
  std::sort(times.begin(), times.end());
  times.erase(std::unique(times.begin(), times.end()), times.end());
  std::size_t lo = 0, hi = times.size() - 1;  // times[hi] fails (the whole history)
  while (lo < hi) {
    const std::size_t mid = lo + (hi - lo) / 2;
    if (fails(times[mid], verdict.counterexample))
      hi = mid;
    else
      lo = mid + 1;
  }
  verdict.cut = times[hi];
  std::vector<std::size_t> kept;
  for (std::size_t i : verdict.counterexample)
    if (*history[i].returned <= verdict.cut) kept.push_back(i);
  for (std::size_t chunk = std::max<std::size_t>(kept.size() / 2, 1);;) {
    bool freed = false;
    for (std::size_t start = 0; start < kept.size();) {
      std::vector<std::size_t> trial(kept.begin(), kept.begin() + static_cast<std::ptrdiff_t>(start));
      const std::size_t end = std::min(kept.size(), start + chunk);
      trial.insert(trial.end(), kept.begin() + static_cast<std::ptrdiff_t>(end), kept.end());
      if (fails(verdict.cut, trial)) {
        kept = std::move(trial);  // those calls were not needed; try the ones now at `start`
        freed = true;
      } else {
        start = end;
      }
    }
    // Single calls are retried until none can go: freeing one can make another free.
    if (chunk > 1)
      chunk /= 2;
    else if (!freed)
      break;
  }
  verdict.counterexample = std::move(kept);
  return verdict;
}

}  // namespace interleave
