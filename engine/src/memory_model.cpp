#include "memory_model.hpp"

#include <algorithm>

namespace interleave::engine {

bool is_acquire(std::memory_order o) {
  return o == std::memory_order_acquire || o == std::memory_order_consume || o == std::memory_order_acq_rel ||
         o == std::memory_order_seq_cst;
}

bool is_release(std::memory_order o) {
  return o == std::memory_order_release || o == std::memory_order_acq_rel || o == std::memory_order_seq_cst;
}

void MemoryModel::reset() {
  locations_.clear();
  threads_.clear();
  reads_.clear();
  graph_.clear();
  stores_of_.clear();
  sc_events_ = 0;
  psc_cyclic_ = false;
}

std::uint32_t MemoryModel::add_location(Value initial, int thread, std::size_t event, const VectorClock& clock) {
  Location& l = locations_.emplace_back();
  Store& s = l.stores.emplace_back();
  s.thread = thread;
  s.event = event;
  s.value = initial;
  s.clock = clock;
  l.mo.push_back(0);
  l.pos.push_back(0);
  const auto number = static_cast<std::uint32_t>(locations_.size() - 1);
  add_event(GraphEvent::Type::write, thread, number, 0, false, clock);
  return number;
}

void MemoryModel::add_thread(int child, int parent) {
  if (threads_.size() <= static_cast<std::size_t>(child)) threads_.resize(static_cast<std::size_t>(child) + 1);
  if (parent >= 0) threads_[static_cast<std::size_t>(child)].cur = threads_[static_cast<std::size_t>(parent)].cur;
}

void MemoryModel::join_thread(int joiner, int joined) {
  join(threads_[static_cast<std::size_t>(joiner)].cur, threads_[static_cast<std::size_t>(joined)].cur);
}

void MemoryModel::release_to(View& object_view, int thread) const {
  object_view = threads_[static_cast<std::size_t>(thread)].cur;
}

void MemoryModel::acquire_from(const View& object_view, int thread) {
  join(threads_[static_cast<std::size_t>(thread)].cur, object_view);
}

void MemoryModel::join(View& into, const View& from) const {
  if (into.size() < from.size()) into.resize(from.size(), 0);
  for (std::uint32_t l = 0; l < from.size(); ++l)
    if (pos(l, from[l]) > pos(l, into[l])) into[l] = from[l];
}

void MemoryModel::raise(View& v, std::uint32_t l, std::uint32_t store) const {
  if (v.size() <= l) v.resize(l + 1, 0);
  if (pos(l, store) > pos(l, v[l])) v[l] = store;
}

std::uint32_t MemoryModel::floor(std::uint32_t l, int thread) const {
  return pos(l, at(threads_[static_cast<std::size_t>(thread)].cur, l));
}

std::vector<std::uint32_t> MemoryModel::readable(std::uint32_t l, int thread, Access access, Value expected) const {
  const Location& loc = locations_[l];
  std::vector<std::uint32_t> out;
  const std::uint32_t from = floor(l, thread);
  for (std::uint32_t p = static_cast<std::uint32_t>(loc.mo.size()); p-- > from;) {
    const Store& s = loc.stores[loc.mo[p]];
    // A read-modify-write takes the place right after the store it reads:
    // it cannot read one another already took. A compare-exchange only
    // writes when the value is the expected one (unknown values: assumed to).
    const bool writes =
        access == Access::rmw && (!expected.known || !s.value.known || s.value.number == expected.number);
    if (writes && s.read_by_rmw) continue;
    out.push_back(loc.mo[p]);
  }
  return out;
}

std::vector<std::uint32_t> MemoryModel::places(std::uint32_t l, int thread) const {
  const Location& loc = locations_[l];
  std::vector<std::uint32_t> out;
  const std::uint32_t from = floor(l, thread);
  // Place p: right after the store at mo[p - 1].
  for (std::uint32_t p = static_cast<std::uint32_t>(loc.mo.size()); p > from; --p)
    if (p == loc.mo.size() || !loc.stores[loc.mo[p - 1]].read_by_rmw) out.push_back(p);
  return out;
}

std::size_t MemoryModel::branches(std::uint32_t l, int thread, Access access, Value expected) const {
  if (access == Access::write) return places(l, thread).size();
  return readable(l, thread, access, expected).size();
}

std::uint32_t MemoryModel::store_read(std::uint32_t l, int thread, Access access, Value expected,
                                      std::size_t pick) const {
  const std::vector<std::uint32_t> r = readable(l, thread, access, expected);
  return r.at(pick);
}

void MemoryModel::add_event(GraphEvent::Type type, int thread, std::uint32_t location, std::uint32_t store, bool sc,
                            const VectorClock& clock) {
  graph_.push_back(GraphEvent{type, thread, location, 0, sc, clock});
  stores_of_.push_back(store);
  if (sc) ++sc_events_;
  // A cycle needs two seq_cst events (psc has no self-loop in a coherent
  // graph); once cyclic, every extension is. The new event is last in
  // execution order: nothing is po- or hb-after it, so every psc edge it
  // adds, between any two events, passes through an edge out of it, and
  // the only ones are mo (a store not placed last) and rb (a read of a
  // store with an mo successor). Without them no new cycle can close.
  if (psc_cyclic_ || sc_events_ < 2) return;
  const Location& loc = locations_[location];
  if (type == GraphEvent::Type::fence || pos(location, store) + 1 == loc.mo.size()) return;
  for (std::size_t e = 0; e < graph_.size(); ++e)
    if (graph_[e].type != GraphEvent::Type::fence) graph_[e].mo_place = pos(graph_[e].location, stores_of_[e]);
  psc_cyclic_ = !psc_acyclic(graph_);
}

void MemoryModel::read(std::uint32_t l, std::uint32_t store, int thread, std::memory_order order, VectorClock& clock,
                       std::size_t event) {
  ThreadState& t = threads_[static_cast<std::size_t>(thread)];
  const Location& loc = locations_[l];
  const Store& s = loc.stores[store];
  reads_[event] = ReadFrom{store == 0 ? -1 : s.thread, s.event, store != loc.mo.back()};
  raise(t.cur, l, store);
  const int threads = static_cast<int>(threads_.size());
  if (is_acquire(order)) {
    join(t.cur, s.view);
    clock.join(s.clock, threads);
  } else {
    join(t.acq, s.view);
    t.acq_clock.join(s.clock, threads);
  }
  add_event(GraphEvent::Type::read, thread, l, store, order == std::memory_order_seq_cst, clock);
}

void MemoryModel::write(std::uint32_t l, int thread, std::memory_order order, Value value, VectorClock& clock,
                        std::size_t event, std::size_t pick, std::optional<std::uint32_t> rmw_read) {
  ThreadState& t = threads_[static_cast<std::size_t>(thread)];
  Location& loc = locations_[l];
  std::uint32_t place;
  if (rmw_read) {
    place = pos(l, *rmw_read) + 1;
    loc.stores[*rmw_read].read_by_rmw = true;
  } else {
    place = places(l, thread).at(pick);
  }
  const std::uint32_t number = static_cast<std::uint32_t>(loc.stores.size());
  loc.mo.insert(loc.mo.begin() + place, number);
  loc.pos.push_back(0);
  for (std::uint32_t p = place; p < loc.mo.size(); ++p) loc.pos[loc.mo[p]] = p;
  raise(t.cur, l, number);
  if (t.rel_loc.size() <= l) t.rel_loc.resize(l + 1);

  Store s;
  s.thread = thread;
  s.event = event;
  s.value = value;
  const int threads = static_cast<int>(threads_.size());
  const VectorClock at_write = clock;
  if (is_release(order)) {
    s.view = t.cur;
    s.clock = clock;
    t.rel_loc[l].emplace(t.cur, clock);
    clock.tick(thread);
  } else {
    // Relaxed: what a release fence before it, or the thread's release
    // store to this location before it (a release sequence), published.
    if (t.released) {
      s.view = t.rel;
      s.clock = t.rel_clock;
    }
    if (t.rel_loc[l]) {
      join(s.view, t.rel_loc[l]->first);
      s.clock.join(t.rel_loc[l]->second, threads);
    }
  }
  raise(s.view, l, number);
  if (rmw_read) {  // a read-modify-write continues the release sequences of the store it read
    const Store& read = loc.stores[*rmw_read];
    join(s.view, read.view);
    s.clock.join(read.clock, threads);
  }
  loc.stores.push_back(std::move(s));
  add_event(GraphEvent::Type::write, thread, l, number, order == std::memory_order_seq_cst, at_write);
}

void MemoryModel::fence(int thread, std::memory_order order, VectorClock& clock) {
  ThreadState& t = threads_[static_cast<std::size_t>(thread)];
  if (is_acquire(order)) {
    join(t.cur, t.acq);
    clock.join(t.acq_clock, static_cast<int>(threads_.size()));
  }
  const VectorClock at_fence = clock;
  if (is_release(order)) {
    t.released = true;
    t.rel = t.cur;
    t.rel_clock = clock;
    clock.tick(thread);
  }
  add_event(GraphEvent::Type::fence, thread, 0, 0, order == std::memory_order_seq_cst, at_fence);
}

void MemoryModel::catch_up(int thread) {
  View& cur = threads_[static_cast<std::size_t>(thread)].cur;
  cur.resize(locations_.size(), 0);
  for (std::uint32_t l = 0; l < locations_.size(); ++l) cur[l] = latest(l);
}

std::uint64_t MemoryModel::stale_view_hash(int thread) const {
  if (static_cast<std::size_t>(thread) >= threads_.size()) return 0;
  const View& cur = threads_[static_cast<std::size_t>(thread)].cur;
  std::uint64_t h = 0;
  const auto mix = [&h](std::uint64_t v) { h ^= v + 0x9e3779b97f4a7c15ull + (h << 12) + (h >> 4); };
  for (std::uint32_t l = 0; l < locations_.size(); ++l) {
    const Location& loc = locations_[l];
    const std::uint32_t from = pos(l, at(cur, l));
    if (from + 1 == loc.mo.size()) continue;  // caught up: only the latest is readable
    mix(l);
    for (std::uint32_t p = from; p < loc.mo.size(); ++p)
      mix(static_cast<std::uint64_t>(loc.stores[loc.mo[p]].value.number));
  }
  return h;
}

const ReadFrom* MemoryModel::read_from(std::size_t event) const {
  const auto it = reads_.find(event);
  return it == reads_.end() ? nullptr : &it->second;
}

}  // namespace interleave::engine
