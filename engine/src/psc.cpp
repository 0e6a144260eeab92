#include "psc.hpp"

#include <cstddef>

namespace interleave::engine {
namespace {

/// A set of events as a bit row.
class Row {
 public:
  explicit Row(std::size_t n) : w_((n + 63) / 64, 0) {}
  void set(std::size_t i) { w_[i / 64] |= std::uint64_t{1} << (i % 64); }
  bool test(std::size_t i) const { return (w_[i / 64] >> (i % 64)) & 1u; }
  Row& operator|=(const Row& o) {
    for (std::size_t k = 0; k < w_.size(); ++k) w_[k] |= o.w_[k];
    return *this;
  }
  template <class F>
  void each(F&& f) const {
    for (std::size_t k = 0; k < w_.size(); ++k)
      for (std::uint64_t b = w_[k]; b; b &= b - 1) f(k * 64 + static_cast<std::size_t>(__builtin_ctzll(b)));
  }

 private:
  std::vector<std::uint64_t> w_;
};

using Relation = std::vector<Row>;  ///< row a: the events a is related to

/// a; b
Relation compose(const Relation& a, const Relation& b) {
  Relation c(a.size(), Row(a.size()));
  for (std::size_t i = 0; i < a.size(); ++i) a[i].each([&](std::size_t j) { c[i] |= b[j]; });
  return c;
}

using Type = GraphEvent::Type;

bool happens_before(const GraphEvent& a, std::size_t ia, const GraphEvent& b, std::size_t ib) {
  if (ia >= ib) return false;  // execution order extends hb
  if (a.thread < 0) return true;
  if (a.thread == b.thread) return true;  // po
  return b.thread >= 0 && a.clock[a.thread] <= b.clock[a.thread];
}

bool same_location(const GraphEvent& a, const GraphEvent& b) {
  return a.type != Type::fence && b.type != Type::fence && a.location == b.location;
}

/// eco = (rf ∪ mo ∪ rb)+, read off the mo places of same-location events.
bool extended_coherence(const GraphEvent& a, const GraphEvent& b) {
  if (!same_location(a, b)) return false;
  const bool wa = a.type == Type::write, wb = b.type == Type::write;
  if (wa && wb) return a.mo_place < b.mo_place;  // mo
  if (wa) return a.mo_place <= b.mo_place;       // rf, mo; rf
  if (wb) return a.mo_place < b.mo_place;        // rb
  return a.mo_place < b.mo_place;                // rb; rf
}

bool acyclic(const std::vector<std::vector<std::size_t>>& edges) {
  enum : std::uint8_t { fresh, open, done };
  std::vector<std::uint8_t> state(edges.size(), fresh);
  std::vector<std::pair<std::size_t, std::size_t>> stack;
  for (std::size_t root = 0; root < edges.size(); ++root) {
    if (state[root] != fresh) continue;
    state[root] = open;
    stack.emplace_back(root, 0);
    while (!stack.empty()) {
      auto& [v, next] = stack.back();
      if (next == edges[v].size()) {
        state[v] = done;
        stack.pop_back();
        continue;
      }
      const std::size_t w = edges[v][next++];
      if (state[w] == open) return false;
      if (state[w] == fresh) {
        state[w] = open;
        stack.emplace_back(w, 0);
      }
    }
  }
  return true;
}

}  // namespace

bool psc_acyclic(const std::vector<GraphEvent>& ev) {
  const std::size_t n = ev.size();
  Relation hb(n, Row(n)), po_nloc(n, Row(n)), scb(n, Row(n)), eco(n, Row(n));
  for (std::size_t a = 0; a < n; ++a)
    for (std::size_t b = 0; b < n; ++b) {
      const bool loc = same_location(ev[a], ev[b]);
      const bool po = a < b && ev[a].thread == ev[b].thread && ev[a].thread >= 0;
      const bool h = happens_before(ev[a], a, ev[b], b);
      const bool co = extended_coherence(ev[a], ev[b]);
      if (h) hb[a].set(b);
      if (po && !loc) po_nloc[a].set(b);
      if (co) eco[a].set(b);
      // po, hb|loc, mo, rb (the eco pairs that do not end in a read)
      if (po || (h && loc) || (co && ev[b].type == Type::write)) scb[a].set(b);
    }
  const Relation around = compose(po_nloc, compose(hb, po_nloc));
  for (std::size_t a = 0; a < n; ++a) scb[a] |= around[a];

  std::vector<std::size_t> sc;  // the seq_cst events, the nodes of psc
  for (std::size_t a = 0; a < n; ++a)
    if (ev[a].sc) sc.push_back(a);
  std::vector<std::vector<std::size_t>> psc(sc.size());
  for (std::size_t i = 0; i < sc.size(); ++i) {
    const std::size_t s = sc[i];
    const bool fence = ev[s].type == Type::fence;
    // psc_base: from s (or, for a fence, what it happens before) one scb
    // step, then (for a fence target) what happens before the target.
    Row from(n);
    from.set(s);
    if (fence) from |= hb[s];
    Row step(n);
    from.each([&](std::size_t a) { step |= scb[a]; });
    Row then = step;
    step.each([&](std::size_t a) { then |= hb[a]; });
    // psc_F: hb, or hb; eco; hb, between fences.
    Row far(n);
    if (fence) {
      Row mid(n);
      hb[s].each([&](std::size_t a) { mid |= eco[a]; });
      far = hb[s];
      mid.each([&](std::size_t a) { far |= hb[a]; });
    }
    for (std::size_t j = 0; j < sc.size(); ++j) {
      const std::size_t t = sc[j];
      const bool to_fence = ev[t].type == Type::fence;
      if ((to_fence ? then : step).test(t) || (fence && to_fence && far.test(t))) psc[i].push_back(j);
    }
  }
  return acyclic(psc);
}

}  // namespace interleave::engine
