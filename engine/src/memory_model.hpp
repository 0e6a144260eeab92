// The C++ memory model for atomics: RC11 (Lahav, Vafeiadis, Kang, Hur,
// Dreyer, "Repairing Sequential Consistency in C/C++11", PLDI 2017), run
// operationally in the style of the promise-free promising semantics (Kang
// et al., POPL 2017):
//
// - Every atomic location keeps all its stores in modification order (mo),
//   the initial store first. Each thread has a view: for each location, the
//   mo-latest store it must not read before (the stores it wrote, read, or
//   that happen before it). A load may read any store not older than its
//   view (coherence); each such store is a branch of the search. A store
//   may take any place in mo after its thread's view, except between a store
//   and the read-modify-write that read it (atomicity), so 2+2W-style mo
//   orders differing from the execution order are explored; each place is
//   a branch. A read-modify-write reads a store no other one read, and
//   takes the place right after it.
// - Every store carries a message view and a vector clock: what a thread
//   acquiring it learns. Release stores (and relaxed ones after a release
//   fence, and the later same-location stores of the releasing thread, and
//   the read-modify-writes continuing a release sequence) carry the
//   writer's; acquire loads take them at once, relaxed loads only at the
//   thread's next acquire fence. The vector clocks are happens-before, which
//   the race detector on shared<T> uses: relaxed accesses create none.
// - seq_cst: operationally a seq_cst load is an acquire load, a seq_cst
//   store a release store, a seq_cst read-modify-write acq_rel, and a
//   seq_cst fence an acq_rel fence. RC11's SC axiom is then checked on the
//   execution graph (psc.hpp): every atomic access and fence is an event
//   with its thread, location, mo place (or the place of the store it read)
//   and its vector clock, from which po, hb, mo, rf, rb and eco follow; once
//   the graph has two seq_cst events, each new event re-checks that psc =
//   psc_base ∪ psc_F is acyclic. A graph with a cycle has no consistent
//   extension and each prefix of a consistent graph is consistent, so the
//   execution is abandoned at the event that closes the cycle (before the
//   thread acts on what it read) and is counted as pruned. The operational
//   part explores exactly the graphs the other axioms allow (coherence,
//   atomicity, no-thin-air: reads only read stores already made); the check
//   removes exactly those psc forbids. So seq_cst accesses mixed with weaker
//   ones get RC11's psc, not the stronger "access between two seq_cst
//   fences": e.g. SB with one relaxed load, IRIW with seq_cst loads of
//   relaxed stores and Z6.U are allowed (models/litmus_catalogue.hpp).
//   models/tests/rc11_differential_test.cpp checks all of it against an
//   enumerator of RC11-consistent executions. Mutexes and thread start and
//   join are happens-before edges (the clocks), not graph events.
//
// With only seq_cst accesses and no fences (Execution::weak_memory() off),
// every load reads the latest store, every store is latest, and none of
// this runs: the engine's sequentially consistent fast path.
#pragma once

#include <atomic>
#include <cstdint>
#include <optional>
#include <unordered_map>
#include <vector>

#include "interleave/engine_api.hpp"
#include "psc.hpp"
#include "vector_clock.hpp"

namespace interleave::engine {

using detail::Access;
using detail::Value;

/// For each location, the store (by number) a thread must not read before.
using View = std::vector<std::uint32_t>;

/// What a load in the trace read, for reports.
struct ReadFrom {
  int thread = 0;         ///< the writer (-1: the initial value)
  std::size_t event = 0;  ///< the writing step's trace index
  bool stale = false;     ///< not the latest store in mo when read
};

class MemoryModel {
 public:
  void reset();
  /// A new atomic location with its initial store, made by `thread` (with `clock`).
  std::uint32_t add_location(Value initial, int thread, std::size_t event, const VectorClock& clock);
  void add_thread(int child, int parent);
  /// Thread `joiner` learns everything `joined` knew (join, or a thread start).
  void join_thread(int joiner, int joined);
  /// A mutex release / acquire carries views as it carries clocks.
  void release_to(View& object_view, int thread) const;
  void acquire_from(const View& object_view, int thread);

  /// How many branches the pending access has: readable stores (loads,
  /// read-modify-writes) or mo places (stores). Branch 0 is the SC one.
  std::size_t branches(std::uint32_t location, int thread, Access access, Value expected) const;
  /// The store branch `pick` of the pending read reads (0: the mo-latest).
  std::uint32_t store_read(std::uint32_t location, int thread, Access access, Value expected, std::size_t pick) const;
  /// A completed read of `store` (a load, a failed compare-exchange, or the
  /// read half of a read-modify-write) by `thread` with `clock`.
  void read(std::uint32_t location, std::uint32_t store, int thread, std::memory_order order, VectorClock& clock,
            std::size_t event);
  /// A completed write of `value`: a plain store at mo place `pick`, or the
  /// write half of a read-modify-write right after `rmw_read`.
  void write(std::uint32_t location, int thread, std::memory_order order, Value value, VectorClock& clock,
             std::size_t event, std::size_t pick, std::optional<std::uint32_t> rmw_read);
  void fence(int thread, std::memory_order order, VectorClock& clock);
  /// The thread's view moves to the latest store of every location (it
  /// yielded: a spin-wait sees other threads' stores in bounded time).
  void catch_up(int thread);

  /// A hash of the older stores `thread` may still read: for each location
  /// its view lags on, the values from its view to the latest. Two states
  /// alike but for this are not the same state (the engine's state hash).
  std::uint64_t stale_view_hash(int thread) const;

  /// Whether the execution so far violates RC11's SC axiom: it and every
  /// extension of it are inconsistent, and the search abandons it.
  bool psc_cyclic() const { return psc_cyclic_; }

  std::uint32_t latest(std::uint32_t location) const { return locations_[location].mo.back(); }
  Value value(std::uint32_t location, std::uint32_t store) const { return locations_[location].stores[store].value; }
  /// What the load at trace index `event` read, if it is an atomic load.
  const ReadFrom* read_from(std::size_t event) const;

 private:
  struct Store {
    int thread = -1;
    std::size_t event = 0;
    Value value;
    View view;          ///< what an acquiring reader learns
    VectorClock clock;  ///< ... and its happens-before
    bool read_by_rmw = false;
  };
  struct Location {
    std::vector<Store> stores;       ///< by number
    std::vector<std::uint32_t> mo;   ///< store numbers in modification order
    std::vector<std::uint32_t> pos;  ///< store number -> place in mo
  };
  struct ThreadState {
    View cur;  ///< what it must not read before
    View acq;  ///< what its next acquire fence adds
    VectorClock acq_clock;
    bool released = false;  ///< it ran a release fence
    View rel;               ///< its view at its last release fence
    VectorClock rel_clock;
    std::vector<std::optional<std::pair<View, VectorClock>>> rel_loc;  ///< per location: its last release store
  };

  std::uint32_t at(const View& v, std::uint32_t l) const { return l < v.size() ? v[l] : 0; }
  std::uint32_t pos(std::uint32_t l, std::uint32_t store) const { return locations_[l].pos[store]; }
  void join(View& into, const View& from) const;
  void raise(View& v, std::uint32_t l, std::uint32_t store) const;
  /// The mo place the pending access must not read/write before.
  std::uint32_t floor(std::uint32_t l, int thread) const;
  std::vector<std::uint32_t> readable(std::uint32_t l, int thread, Access access, Value expected) const;
  std::vector<std::uint32_t> places(std::uint32_t l, int thread) const;
  /// Adds an event to the execution graph and checks psc on it.
  void add_event(GraphEvent::Type type, int thread, std::uint32_t location, std::uint32_t store, bool sc,
                 const VectorClock& clock);

  std::vector<Location> locations_;
  std::vector<ThreadState> threads_;
  std::unordered_map<std::size_t, ReadFrom> reads_;
  std::vector<GraphEvent> graph_;         ///< the atomic accesses and fences, in execution order
  std::vector<std::uint32_t> stores_of_;  ///< per graph event: the store it wrote or read
  std::size_t sc_events_ = 0;
  bool psc_cyclic_ = false;
};

bool is_acquire(std::memory_order o);
bool is_release(std::memory_order o);

}  // namespace interleave::engine
