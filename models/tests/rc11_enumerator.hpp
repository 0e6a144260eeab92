// A brute-force enumerator of RC11-consistent executions (Lahav, Vafeiadis,
// Kang, Hur, Dreyer, "Repairing Sequential Consistency in C/C++11", PLDI
// 2017, Fig. 1 and Sec. 3): every reads-from choice and every modification
// order of a litmus program, kept when they satisfy the four axioms
// (coherence, atomicity, SC, no-thin-air). Independent of the engine: it is
// the ground truth the engine's outcomes are compared with.
#pragma once

#include <algorithm>
#include <bitset>
#include <set>
#include <vector>

#include "models/litmus.hpp"

namespace interleave::litmus {

namespace rc11 {

constexpr int kMax = 32;
using Row = std::bitset<kMax>;

/// A relation over the events, one row per event.
struct Rel {
  std::vector<Row> r;
  explicit Rel(int n) : r(static_cast<std::size_t>(n)) {}
  int n() const { return static_cast<int>(r.size()); }
  void add(int a, int b) { r[a].set(b); }
  bool has(int a, int b) const { return r[a].test(b); }
};

inline Rel operator|(Rel a, const Rel& b) {
  for (int i = 0; i < a.n(); ++i) a.r[i] |= b.r[i];
  return a;
}
inline Rel seq(const Rel& a, const Rel& b) {
  Rel c(a.n());
  for (int i = 0; i < a.n(); ++i)
    for (int j = 0; j < a.n(); ++j)
      if (a.r[i].test(j)) c.r[i] |= b.r[j];
  return c;
}
inline Rel plus(Rel a) {  // transitive closure (Warshall)
  for (int k = 0; k < a.n(); ++k)
    for (int i = 0; i < a.n(); ++i)
      if (a.r[i].test(k)) a.r[i] |= a.r[k];
  return a;
}
inline Rel opt(Rel a) {  // reflexive closure
  for (int i = 0; i < a.n(); ++i) a.r[i].set(i);
  return a;
}
inline bool irreflexive(const Rel& a) {
  for (int i = 0; i < a.n(); ++i)
    if (a.r[i].test(i)) return false;
  return true;
}
inline bool acyclic(const Rel& a) { return irreflexive(plus(a)); }

enum class Type { read, write, fence };

struct Event {
  Type type = Type::read;
  int thread = -1;  ///< -1: an initial write
  int loc = -1;
  int value = 0;  ///< stores: the value; fetch-add writes: the amount added
  std::memory_order order = std::memory_order_relaxed;
  int rmw_read = -1;  ///< a fetch-add's write: its read event
  int reg = -1;       ///< reads: the outcome slot they fill
  bool acq() const { return order != std::memory_order_relaxed && order != std::memory_order_release; }
  bool rel() const {
    return order == std::memory_order_release || order == std::memory_order_acq_rel ||
           order == std::memory_order_seq_cst;
  }
  bool sc() const { return order == std::memory_order_seq_cst; }
};

/// The order a fetch-add's read or write half has.
inline std::memory_order read_half(std::memory_order o) {
  return o == std::memory_order_release   ? std::memory_order_relaxed
         : o == std::memory_order_acq_rel ? std::memory_order_acquire
                                          : o;
}
inline std::memory_order write_half(std::memory_order o) {
  return o == std::memory_order_acquire   ? std::memory_order_relaxed
         : o == std::memory_order_acq_rel ? std::memory_order_release
                                          : o;
}

}  // namespace rc11

/// Every outcome of `p` over its RC11-consistent executions.
inline std::set<Outcome> rc11_outcomes(const Program& p) {
  using namespace rc11;
  std::vector<Event> ev;
  for (int l = 0; l < p.locations; ++l) ev.push_back(Event{Type::write, -1, l, 0, std::memory_order_relaxed});
  int regs = 0;
  std::vector<int> thread_of;
  for (std::size_t t = 0; t < p.threads.size(); ++t)
    for (const Instr& i : p.threads[t]) {
      const int th = static_cast<int>(t);
      switch (i.kind) {
        case Kind::load: ev.push_back(Event{Type::read, th, i.loc, 0, i.order, -1, regs++}); break;
        case Kind::store: ev.push_back(Event{Type::write, th, i.loc, i.value, i.order}); break;
        case Kind::fetch_add: {
          ev.push_back(Event{Type::read, th, i.loc, 0, read_half(i.order), -1, regs++});
          const int r = static_cast<int>(ev.size()) - 1;
          ev.push_back(Event{Type::write, th, i.loc, i.value, write_half(i.order), r});
          break;
        }
        case Kind::fence: ev.push_back(Event{Type::fence, th, -1, 0, i.order}); break;
      }
    }
  const int n = static_cast<int>(ev.size());
  // po: program order; the initial writes come before everything.
  Rel po(n);
  for (int a = 0; a < n; ++a)
    for (int b = a + 1; b < n; ++b)
      if ((ev[a].thread < 0 && ev[b].thread >= 0) || (ev[a].thread >= 0 && ev[a].thread == ev[b].thread)) po.add(a, b);
  std::vector<int> reads;
  std::vector<std::vector<int>> writes(static_cast<std::size_t>(p.locations));
  for (int e = 0; e < n; ++e) {
    if (ev[e].type == Type::read) reads.push_back(e);
    if (ev[e].type == Type::write && ev[e].thread >= 0) writes[ev[e].loc].push_back(e);
  }
  auto same_loc = [&](int a, int b) { return ev[a].loc >= 0 && ev[a].loc == ev[b].loc; };
  Rel po_loc(n), po_nloc(n);
  for (int a = 0; a < n; ++a)
    for (int b = 0; b < n; ++b)
      if (po.has(a, b)) (same_loc(a, b) ? po_loc : po_nloc).add(a, b);
  Rel rmw(n);
  for (int e = 0; e < n; ++e)
    if (ev[e].rmw_read >= 0) rmw.add(ev[e].rmw_read, e);

  std::set<Outcome> out;
  std::vector<int> rf(static_cast<std::size_t>(n), -1);
  std::vector<std::vector<int>> mo = writes;  // per location, non-initial writes in mo order
  for (auto& m : mo) std::sort(m.begin(), m.end());

  auto check = [&] {
    Rel rfr(n), mor(n);
    for (int r : reads) rfr.add(rf[r], r);
    for (int l = 0; l < p.locations; ++l) {
      std::vector<int> order{l};  // the initial write first
      order.insert(order.end(), mo[l].begin(), mo[l].end());
      for (std::size_t i = 0; i < order.size(); ++i)
        for (std::size_t j = i + 1; j < order.size(); ++j) mor.add(order[i], order[j]);
    }
    // No-thin-air: po ∪ rf acyclic (also gives an order to compute values in).
    if (!acyclic(po | rfr)) return;
    // Values: fetch-add writes depend on what their reads read.
    std::vector<int> val(static_cast<std::size_t>(n), 0);
    std::vector<bool> known(static_cast<std::size_t>(n), false);
    for (bool progress = true; progress;) {
      progress = false;
      for (int e = 0; e < n; ++e) {
        if (known[e]) continue;
        if (ev[e].type == Type::read && known[rf[e]]) val[e] = val[rf[e]], known[e] = true, progress = true;
        if (ev[e].type == Type::write && ev[e].rmw_read < 0) val[e] = ev[e].value, known[e] = true, progress = true;
        if (ev[e].type == Type::write && ev[e].rmw_read >= 0 && known[ev[e].rmw_read])
          val[e] = val[ev[e].rmw_read] + ev[e].value, known[e] = true, progress = true;
        if (ev[e].type == Type::fence) known[e] = true, progress = true;
      }
    }
    Rel rb(n);
    for (int r : reads)
      for (int w = 0; w < n; ++w)
        if (mor.has(rf[r], w)) rb.add(r, w);
    // Atomicity: rmw ∩ (rb; mo) = ∅.
    const Rel rbmo = seq(rb, mor);
    for (int e = 0; e < n; ++e)
      if (ev[e].rmw_read >= 0 && rbmo.has(ev[e].rmw_read, e)) return;
    // Release sequences: rs = [W]; po|loc?; [W]; (rf; rmw)*.
    Rel is_w(n);
    for (int e = 0; e < n; ++e)
      if (ev[e].type == Type::write) is_w.add(e, e);
    const Rel rs = seq(seq(seq(is_w, opt(po_loc)), is_w), opt(plus(seq(rfr, rmw))));
    // sw = [E⊒rel]; ([F]; po)?; rs; rf; [R⊒rlx]; (po; [F])?; [E⊒acq].
    Rel rel(n), acq(n), f(n);
    for (int e = 0; e < n; ++e) {
      if (ev[e].thread >= 0 && ev[e].rel() && ev[e].type != Type::read) rel.add(e, e);
      if (ev[e].thread >= 0 && ev[e].acq() && ev[e].type != Type::write) acq.add(e, e);
      if (ev[e].type == Type::fence) f.add(e, e);
    }
    const Rel sw = seq(seq(seq(seq(seq(rel, opt(seq(f, po))), rs), rfr), opt(seq(po, f))), acq);
    const Rel hb = plus(po | sw);
    const Rel eco = plus(rfr | mor | rb);
    // Coherence: hb; eco? irreflexive.
    if (!irreflexive(seq(hb, opt(eco)))) return;
    // SC: psc acyclic, as PLDI 2017 Sec. 3 defines it:
    //   scb      = po ∪ po|≠loc; hb; po|≠loc ∪ hb|loc ∪ mo ∪ rb
    //   psc_base = ([E^sc] ∪ [F^sc]; hb?); scb; ([E^sc] ∪ hb?; [F^sc])
    //   psc_F    = [F^sc]; (hb ∪ hb; eco; hb); [F^sc]
    // (esc below holds the seq_cst accesses; the paper's E^sc also has the
    // seq_cst fences, which pre and post already include through hb?.)
    Rel esc(n), fsc(n);
    for (int e = 0; e < n; ++e)
      if (ev[e].thread >= 0 && ev[e].sc()) (ev[e].type == Type::fence ? fsc : esc).add(e, e);
    Rel hb_loc(n);
    for (int a = 0; a < n; ++a)
      for (int b = 0; b < n; ++b)
        if (hb.has(a, b) && same_loc(a, b)) hb_loc.add(a, b);
    const Rel scb = po | seq(seq(po_nloc, hb), po_nloc) | hb_loc | mor | rb;
    const Rel pre = esc | seq(fsc, opt(hb));
    const Rel post = esc | seq(opt(hb), fsc);
    const Rel psc_base = seq(seq(pre, scb), post);
    const Rel psc_f = seq(seq(fsc, hb | seq(seq(hb, eco), hb)), fsc);
    if (!acyclic(psc_base | psc_f)) return;
    Outcome o(static_cast<std::size_t>(regs));
    for (int r : reads) o[ev[r].reg] = val[r];
    for (int l = 0; l < p.locations; ++l) o.push_back(val[mo[l].empty() ? l : mo[l].back()]);
    out.insert(o);
  };

  // Every reads-from choice, then every modification order.
  auto each_mo = [&](auto&& self, int l) -> void {
    if (l == p.locations) return check();
    std::sort(mo[l].begin(), mo[l].end());
    do self(self, l + 1);
    while (std::next_permutation(mo[l].begin(), mo[l].end()));
  };
  auto each_rf = [&](auto&& self, std::size_t i) -> void {
    if (i == reads.size()) return each_mo(each_mo, 0);
    const int r = reads[i];
    rf[r] = ev[r].loc;  // the initial write
    self(self, i + 1);
    for (int w : writes[ev[r].loc]) {
      if (ev[w].rmw_read == r) continue;  // a fetch-add does not read its own write
      rf[r] = w;
      self(self, i + 1);
    }
  };
  each_rf(each_rf, 0);
  return out;
}

}  // namespace interleave::litmus
