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
  sc_.clear();
  reads_.clear();
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
  return static_cast<std::uint32_t>(locations_.size() - 1);
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

std::uint32_t MemoryModel::floor(std::uint32_t l, int thread, std::memory_order order) const {
  std::uint32_t p = pos(l, at(threads_[static_cast<std::size_t>(thread)].cur, l));
  if (order == std::memory_order_seq_cst) p = std::max(p, pos(l, at(sc_, l)));
  return p;
}

std::vector<std::uint32_t> MemoryModel::readable(std::uint32_t l, int thread, Access access, std::memory_order order,
                                                 Value expected) const {
  const Location& loc = locations_[l];
  std::vector<std::uint32_t> out;
  const std::uint32_t from = floor(l, thread, order);
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

std::vector<std::uint32_t> MemoryModel::places(std::uint32_t l, int thread, std::memory_order order) const {
  const Location& loc = locations_[l];
  std::vector<std::uint32_t> out;
  const std::uint32_t from = floor(l, thread, order);
  // Place p: right after the store at mo[p - 1].
  for (std::uint32_t p = static_cast<std::uint32_t>(loc.mo.size()); p > from; --p)
    if (p == loc.mo.size() || !loc.stores[loc.mo[p - 1]].read_by_rmw) out.push_back(p);
  return out;
}

std::size_t MemoryModel::branches(std::uint32_t l, int thread, Access access, std::memory_order order,
                                  Value expected) const {
  if (access == Access::write) return places(l, thread, order).size();
  return readable(l, thread, access, order, expected).size();
}

std::uint32_t MemoryModel::store_read(std::uint32_t l, int thread, Access access, std::memory_order order,
                                      Value expected, std::size_t pick) const {
  const std::vector<std::uint32_t> r = readable(l, thread, access, order, expected);
  return r.at(pick);
}

void MemoryModel::sc_fence(ThreadState& t) {
  join(t.cur, sc_);
  sc_ = t.cur;
}

void MemoryModel::read(std::uint32_t l, std::uint32_t store, int thread, std::memory_order order, VectorClock& clock,
                       std::size_t event) {
  ThreadState& t = threads_[static_cast<std::size_t>(thread)];
  const Location& loc = locations_[l];
  const Store& s = loc.stores[store];
  reads_[event] = ReadFrom{store == 0 ? -1 : s.thread, s.event, store != loc.mo.back()};
  if (order == std::memory_order_seq_cst) sc_fence(t);
  raise(t.cur, l, store);
  const int threads = static_cast<int>(threads_.size());
  if (is_acquire(order)) {
    join(t.cur, s.view);
    clock.join(s.clock, threads);
  } else {
    join(t.acq, s.view);
    t.acq_clock.join(s.clock, threads);
  }
  if (order == std::memory_order_seq_cst) sc_fence(t);
}

void MemoryModel::write(std::uint32_t l, int thread, std::memory_order order, Value value, VectorClock& clock,
                        std::size_t event, std::size_t pick, std::optional<std::uint32_t> rmw_read) {
  ThreadState& t = threads_[static_cast<std::size_t>(thread)];
  if (order == std::memory_order_seq_cst && !rmw_read) sc_fence(t);
  Location& loc = locations_[l];
  std::uint32_t place;
  if (rmw_read) {
    place = pos(l, *rmw_read) + 1;
    loc.stores[*rmw_read].read_by_rmw = true;
  } else {
    place = places(l, thread, order).at(pick);
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
  if (order == std::memory_order_seq_cst) sc_fence(t);
}

void MemoryModel::fence(int thread, std::memory_order order, VectorClock& clock) {
  ThreadState& t = threads_[static_cast<std::size_t>(thread)];
  if (is_acquire(order)) {
    join(t.cur, t.acq);
    clock.join(t.acq_clock, static_cast<int>(threads_.size()));
  }
  if (order == std::memory_order_seq_cst) sc_fence(t);
  if (is_release(order)) {
    t.released = true;
    t.rel = t.cur;
    t.rel_clock = clock;
    clock.tick(thread);
  }
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
