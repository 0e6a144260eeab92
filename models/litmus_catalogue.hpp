// The classic litmus shapes that models/tests/litmus_test.cpp does not
// already cover, each with relaxed, release/acquire and seq_cst accesses and,
// where the literature has one, a fenced variant, and seq_cst accesses mixed
// with weaker ones (where RC11's psc allows more than making each seq_cst
// access a fence would): one named case per shape and order, with the set of outcomes RC11 allows and the shape's weak
// outcome. models/tests/litmus_shapes_test.cpp checks each allowed set
// against both the RC11 enumerator and the model checker;
// models/litmus_model.cpp registers one model per case.
//
// Outcome: the values the loads read, thread by thread in program order,
// then the final value of each location (litmus.hpp).
//
// Sources of the expected sets. The axioms are those of Lahav, Vafeiadis,
// Kang, Hur, Dreyer, "Repairing Sequential Consistency in C/C++11" (PLDI
// 2017, Fig. 1): coherence (hb;eco? irreflexive), SC (psc acyclic), and
// no-thin-air (po ∪ rf acyclic); each case's comment says which one forbids
// its weak outcome, or why none does. GenMC's tests/correct/litmus (named
// per case) run the same shapes under RC11; its expected.rc11.mo.in counts
// executions, and where a case has one write per location the count of
// executions equals the count of outcomes below.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "models/litmus.hpp"

namespace interleave::litmus {

struct Case {
  std::string shape;   ///< "wrc"
  std::string orders;  ///< "relaxed", "release-acquire", "seq_cst", "fences"
  std::string why;     ///< which axiom decides the weak outcome, and the source
  Program program;
  std::set<Outcome> allowed;  ///< the outcomes RC11 allows
  Outcome weak;               ///< the outcome the shape is about
  bool weak_allowed() const { return allowed.count(weak) != 0; }
};

namespace shapes {

using M = std::memory_order;
constexpr M rlx = M::relaxed, acq = M::acquire, rel = M::release, ar = M::acq_rel, sc = M::seq_cst;

/// Every outcome over `n` binary loads followed by fixed final values.
inline std::set<Outcome> all_binary(int n, const Outcome& finals) {
  std::set<Outcome> s;
  for (int bits = 0; bits < (1 << n); ++bits) {
    Outcome o;
    for (int i = 0; i < n; ++i) o.push_back(bits >> i & 1);
    o.insert(o.end(), finals.begin(), finals.end());
    s.insert(o);
  }
  return s;
}
inline std::set<Outcome> without(std::set<Outcome> s, const Outcome& o) {
  s.erase(o);
  return s;
}

/// WRC (write-to-read causality): T0 x=1 | T1 r0=x; y=1 | T2 r1=y; r2=x.
/// Weak: r0=1, r1=1, r2=0. Relaxed allows it (no hb from T1 to T2). With a
/// release store to y read by an acquire load, T1's read of x happens before
/// T2's, and T2 reading the older 0 closes hb;rb;rf: coherence forbids it
/// (RC11 Fig. 1; GenMC WRC+dep runs the relaxed shape with a dependency).
inline Program wrc(M store, M load, std::optional<M> fence_t1 = {}, std::optional<M> fence_t2 = {}) {
  Program p;
  p.locations = 2;
  p.threads = {{st(0, 1, store)}, {ld(0, load)}, {ld(1, load)}};
  if (fence_t1) p.threads[1].push_back(fence(*fence_t1));
  p.threads[1].push_back(st(1, 1, store));
  if (fence_t2) p.threads[2].push_back(fence(*fence_t2));
  p.threads[2].push_back(ld(0, load));
  return p;
}

/// ISA2: T0 x=1; y=1 | T1 r0=y; z=1 | T2 r1=z; r2=x. Weak: 1,1,0. Relaxed
/// allows it; release/acquire on y and z (or fences) chains hb from x=1 to
/// T2's read of x, and reading 0 is then hb;rb: coherence forbids it. GenMC
/// isa2 (release/acquire on y, z): 7 executions of the 8 read-from choices.
inline Program isa2(M store, M load, bool fences) {
  Program p;
  p.locations = 3;
  p.threads = {{st(0, 1, rlx)}, {ld(1, load)}, {ld(2, load)}};
  if (fences) p.threads[0].push_back(fence(rel));
  p.threads[0].push_back(st(1, 1, store));
  if (fences) p.threads[1].push_back(fence(ar));
  p.threads[1].push_back(st(2, 1, store));
  if (fences) p.threads[2].push_back(fence(acq));
  p.threads[2].push_back(ld(0, rlx));
  return p;
}

/// R: T0 x=1; y=1 | T1 y=2; r0=x. Weak: r0=0 with y ending at 2 (y=1
/// before y=2 in modification order). Relaxed and release/acquire allow it:
/// a store read by no one makes no synchronisation. All seq_cst: psc has the
/// cycle x=1 →po y=1 →mo y=2 →po r0 →rb x=1; with seq_cst fences between
/// the accesses the fences' psc has the same cycle (RC11 Sec. 3, psc_F).
inline Program r(M o, std::optional<M> fences = {}) {
  Program p;
  p.locations = 2;
  p.threads = {{st(0, 1, o)}, {st(1, 2, o)}};
  if (fences) p.threads[0].push_back(fence(*fences)), p.threads[1].push_back(fence(*fences));
  p.threads[0].push_back(st(1, 1, o));
  p.threads[1].push_back(ld(0, o == rel ? acq : o));
  return p;
}

/// S: T0 x=2; y=1 | T1 r0=y; x=1. Weak: r0=1 with x ending at 2 (x=1
/// before x=2). Relaxed allows it (GenMC S: 4 executions, all consistent).
/// Release/acquire on y (or a release fence and an acquire fence) puts x=2
/// hb x=1, and modification order must agree: coherence forbids it (GenMC
/// S+rel+acq, S+relf+acqf).
inline Program s(M store, M load, bool fences) {
  Program p;
  p.locations = 2;
  p.threads = {{st(0, 2, rlx)}, {ld(1, load)}};
  if (fences) p.threads[0].push_back(fence(rel)), p.threads[1].push_back(fence(acq));
  p.threads[0].push_back(st(1, 1, store));
  p.threads[1].push_back(st(0, 1, rlx));
  return p;
}

/// CoRW: T0 r0=x; x=1 | T1 x=2. Weak: r0=2 with x ending at 2: the read
/// would see a write that follows its own thread's later write in
/// modification order (hb;eco cycle), for every order. r0=1 is thin air
/// (po ∪ rf cycle). GenMC CoRW: 3 executions.
inline Program corw(M o) {
  Program p;
  p.locations = 1;
  p.threads = {{ld(0, o == rel ? acq : o), st(0, 1, o)}, {st(0, 2, o)}};
  return p;
}

/// CoWR: T0 x=1; r0=x | T1 x=2. Weak: r0=2 with x ending at 1 (x=2 before
/// x=1, so the read skipped its own later write); r0=0 is also forbidden.
/// Coherence, for every order. GenMC CoWR: 3 executions.
inline Program cowr(M o) {
  Program p;
  p.locations = 1;
  p.threads = {{st(0, 1, o), ld(0, o == rel ? acq : o)}, {st(0, 2, o)}};
  return p;
}

/// CoWW: T0 x=1; x=2 | T1 r0=x; r1=x. Weak: x ends at 1, or T1 reads 2
/// then 1: modification order follows program order (hb;mo irreflexive),
/// for every order.
inline Program coww(M o) {
  Program p;
  p.locations = 1;
  const M lo = o == rel ? acq : o;
  p.threads = {{st(0, 1, o), st(0, 2, o)}, {ld(0, lo), ld(0, lo)}};
  return p;
}

/// MP with a fence on one side only: T0 x=1; [F]; y=1 | T1 r0=y; [F]; r1=x.
/// Weak: r0=1, r1=0. A release fence before a relaxed store synchronises
/// with an acquire load, and a release store with an acquire fence after a
/// relaxed load (RC11 sw; GenMC MP+relf+acq, MP+rel+acqf, MP+relf+acqf).
inline Program mp_mixed(M store, std::optional<M> wfence, M load, std::optional<M> rfence) {
  Program p;
  p.locations = 2;
  p.threads = {{st(0, 1, rlx)}, {ld(1, load)}};
  if (wfence) p.threads[0].push_back(fence(*wfence));
  p.threads[0].push_back(st(1, 1, store));
  if (rfence) p.threads[1].push_back(fence(*rfence));
  p.threads[1].push_back(ld(0, rlx));
  return p;
}

/// LB: T0 r0=x; y=1 | T1 r1=y; x=1. Weak: 1,1 — forbidden for every order
/// by no-thin-air, po ∪ rf acyclic (RC11 Sec. 3; GenMC LB, LB+acq, LB+rel:
/// 3 executions each).
inline Program lb(M load, M store, std::optional<M> fences = {}) {
  Program p;
  p.locations = 2;
  p.threads = {{ld(0, load)}, {ld(1, load)}};
  if (fences) p.threads[0].push_back(fence(*fences)), p.threads[1].push_back(fence(*fences));
  p.threads[0].push_back(st(1, 1, store));
  p.threads[1].push_back(st(0, 1, store));
  return p;
}

/// 2+2W: T0 x=1; y=2 | T1 y=1; x=2. Weak: both end at 1 (each location's
/// modification order against program order). seq_cst fences between the
/// stores forbid it by psc_F (GenMC 2+2W: 4 executions, 2+2W+scfs: 3);
/// acq_rel fences do not.
inline Program two_plus_two_w(M o, std::optional<M> fences) {
  Program p;
  p.locations = 2;
  p.threads = {{st(0, 1, o)}, {st(1, 1, o)}};
  if (fences) p.threads[0].push_back(fence(*fences)), p.threads[1].push_back(fence(*fences));
  p.threads[0].push_back(st(1, 2, o));
  p.threads[1].push_back(st(0, 2, o));
  return p;
}

/// IRIW with acq_rel fences between the readers' loads: the readers may
/// still disagree on the order of the writes; only seq_cst fences forbid it
/// (RC11 Sec. 2; GenMC IRIW-acq-sc: 16 executions, all consistent).
inline Program iriw_fenced(M fences) {
  Program p;
  p.locations = 2;
  p.threads = {{st(0, 1, rlx)},
               {st(1, 1, rlx)},
               {ld(0, acq), fence(fences), ld(1, acq)},
               {ld(1, acq), fence(fences), ld(0, acq)}};
  return p;
}

/// SB: T0 x=1; [F]; r0=y | T1 y=1; [F]; r1=x. Weak: 0,0. Only seq_cst
/// accesses or seq_cst fences forbid it, by psc (RC11 Sec. 1-2; GenMC SB,
/// SB+4sc, SB+scfs).
inline Program sb(M o, std::optional<M> fences = {}) {
  Program p;
  p.locations = 2;
  p.threads = {{st(0, 1, o)}, {st(1, 1, o)}};
  if (fences) p.threads[0].push_back(fence(*fences)), p.threads[1].push_back(fence(*fences));
  p.threads[0].push_back(ld(1, o == rel ? acq : o));
  p.threads[1].push_back(ld(0, o == rel ? acq : o));
  return p;
}

/// IRIW with one order for every access: T0 x=1 | T1 y=1 | T2 r0=x; r1=y |
/// T3 r2=y; r3=x. Weak: 1,0,1,0. Only seq_cst forbids it (RC11 Sec. 2).
inline Program iriw(M o) {
  Program p;
  p.locations = 2;
  const M lo = o == rel ? acq : o;
  p.threads = {{st(0, 1, o)}, {st(1, 1, o)}, {ld(0, lo), ld(1, lo)}, {ld(1, lo), ld(0, lo)}};
  return p;
}

/// SB with seq_cst accesses except one relaxed load: T0 x=1; r0=y | T1
/// y=1; r1=x (T1's load relaxed). Weak: 0,0. psc relates seq_cst events
/// only, by one scb step each: x=1 →po r0 →rb y=1, but y=1 reaches x=1 only
/// through the relaxed r1 (po then rb, two steps), so psc is acyclic and
/// RC11 allows it (RC11 Sec. 3, psc_base; the SC axiom constrains no
/// relaxed access). A seq_cst store is not a fence: it does not stop the
/// later relaxed load reading the older x=0.
inline Program sb_one_relaxed_load() {
  Program p;
  p.locations = 2;
  p.threads = {{st(0, 1, sc), ld(1, sc)}, {st(1, 1, sc), ld(0, rlx)}};
  return p;
}

/// SB with a seq_cst fence on one side and seq_cst accesses on the other:
/// T0 x=1; F_sc; r0=y (relaxed) | T1 y=1; r1=x (seq_cst). Weak: 0,0.
/// Forbidden by psc_base through the fence: F →hb r0 →rb y=1 gives F psc
/// y=1 (the [F^sc]; hb? prefix), y=1 →po r1, and r1 →rb x=1 →hb F gives
/// r1 psc F (the hb?; [F^sc] suffix): a cycle (RC11 Sec. 3, psc_base).
inline Program sb_fence_and_seq_cst() {
  Program p;
  p.locations = 2;
  p.threads = {{st(0, 1, rlx), fence(sc), ld(1, rlx)}, {st(1, 1, sc), ld(0, sc)}};
  return p;
}

/// IRIW with seq_cst loads and relaxed stores. Weak: 1,0,1,0. The readers'
/// loads are seq_cst, but what would order them passes through the relaxed
/// writes: r1 →rb y=1 →rf r2 is two scb steps (rf is not in scb), so psc
/// only has the readers' po edges and RC11 allows it (RC11 Sec. 3, scb).
inline Program iriw_seq_cst_loads() {
  Program p;
  p.locations = 2;
  p.threads = {{st(0, 1, rlx)}, {st(1, 1, rlx)}, {ld(0, sc), ld(1, sc)}, {ld(1, sc), ld(0, sc)}};
  return p;
}

/// Z6.U (RC11 Sec. 2.1, the example showing C11's SC semantics unsound
/// for Power): T0 x=1 (seq_cst); y=1 (release) | T1 r0=fetch_add(y,1)
/// (seq_cst) | T2 y=3 (seq_cst); r1=x (seq_cst). Weak: r0=1 (the
/// fetch-add reads y=1, so x=1 happens before it), r1=0, y ending at 3.
/// C11 forbade it (x=1 hb the fetch-add); RC11 allows it: x=1 reaches the
/// fetch-add by po to a store on another location then rf, and scb keeps
/// hb between locations only when a po|≠loc step ends it (po|≠loc; hb;
/// po|≠loc), so psc has no edge from x=1 to the fetch-add and the cycle
/// fetch-add →mo y=3 →po r1 →rb x=1 is not closed (RC11 Sec. 3).
inline Program z6u() {
  Program p;
  p.locations = 2;
  p.threads = {{st(0, 1, sc), st(1, 1, rel)}, {add(1, 1, sc)}, {st(1, 3, sc), ld(0, sc)}};
  return p;
}

/// CoRR: T0 x=1 | T1 r0=x; r1=x. Weak: 1 then 0; coherence forbids it for
/// every order (GenMC CoRR).
inline Program corr(M o) {
  Program p;
  p.locations = 1;
  const M lo = o == rel ? acq : o;
  p.threads = {{st(0, 1, o)}, {ld(0, lo), ld(0, lo)}};
  return p;
}

}  // namespace shapes

/// Every case, in a fixed order.
inline std::vector<Case> litmus_cases() {
  using namespace shapes;
  std::vector<Case> c;
  auto add = [&](std::string shape, std::string orders, std::string why, Program p, std::set<Outcome> allowed,
                 Outcome weak) {
    c.push_back(
        {std::move(shape), std::move(orders), std::move(why), std::move(p), std::move(allowed), std::move(weak)});
  };

  const std::set<Outcome> wrc_all = all_binary(3, {1, 1});
  const char* wrc_why = "coherence: hb from T1's read of x to T2's, then rb;rf back (RC11 Fig. 1)";
  add("wrc", "relaxed", "no hb from T1 to T2", wrc(rlx, rlx), wrc_all, {1, 1, 0, 1, 1});
  add("wrc", "release-acquire", wrc_why, wrc(rel, acq), without(wrc_all, {1, 1, 0, 1, 1}), {1, 1, 0, 1, 1});
  add("wrc", "seq_cst", wrc_why, wrc(sc, sc), without(wrc_all, {1, 1, 0, 1, 1}), {1, 1, 0, 1, 1});
  add("wrc", "fences", wrc_why, wrc(rlx, rlx, rel, acq), without(wrc_all, {1, 1, 0, 1, 1}), {1, 1, 0, 1, 1});

  const std::set<Outcome> isa2_all = all_binary(3, {1, 1, 1});
  const char* isa2_why = "coherence: hb chained through y and z, then rb (RC11 Fig. 1; GenMC isa2: 7 executions)";
  add("isa2", "relaxed", "no hb between the threads", isa2(rlx, rlx, false), isa2_all, {1, 1, 0, 1, 1, 1});
  add("isa2", "release-acquire", isa2_why, isa2(rel, acq, false), without(isa2_all, {1, 1, 0, 1, 1, 1}),
      {1, 1, 0, 1, 1, 1});
  add("isa2", "seq_cst", isa2_why, isa2(sc, sc, false), without(isa2_all, {1, 1, 0, 1, 1, 1}), {1, 1, 0, 1, 1, 1});
  add("isa2", "fences", isa2_why, isa2(rlx, rlx, true), without(isa2_all, {1, 1, 0, 1, 1, 1}), {1, 1, 0, 1, 1, 1});

  // R: outcome r0, x, y.
  const std::set<Outcome> r_all = {{0, 1, 1}, {0, 1, 2}, {1, 1, 1}, {1, 1, 2}};
  const char* r_why = "SC: psc cycle x=1 po y=1 mo y=2 po r0 rb x=1 (RC11 Sec. 3)";
  add("r", "relaxed", "no synchronisation: y=1 is read by no one", r(rlx), r_all, {0, 1, 2});
  add("r", "release-acquire", "release/acquire needs a read of the release store; none reads y", r(rel), r_all,
      {0, 1, 2});
  add("r", "seq_cst", r_why, r(sc), without(r_all, {0, 1, 2}), {0, 1, 2});
  add("r", "fences", "SC: the seq_cst fences' psc_F cycle (RC11 Sec. 3)", r(rlx, sc), without(r_all, {0, 1, 2}),
      {0, 1, 2});
  add("r", "acq_rel-fences", "acq_rel fences synchronise only through a read; none reads y", r(rlx, ar), r_all,
      {0, 1, 2});

  // S: outcome r0, x, y.
  const std::set<Outcome> s_all = {{0, 1, 1}, {0, 2, 1}, {1, 1, 1}, {1, 2, 1}};
  const char* s_why = "coherence: x=2 hb x=1 through y, so mo agrees (GenMC S+rel+acq, S+relf+acqf)";
  add("s", "relaxed", "no hb (GenMC S: 4 executions, all consistent)", s(rlx, rlx, false), s_all, {1, 2, 1});
  add("s", "release-acquire", s_why, s(rel, acq, false), without(s_all, {1, 2, 1}), {1, 2, 1});
  add("s", "seq_cst", s_why, s(sc, sc, false), without(s_all, {1, 2, 1}), {1, 2, 1});
  add("s", "fences", s_why, s(rlx, rlx, true), without(s_all, {1, 2, 1}), {1, 2, 1});

  for (auto [name, o] : {std::pair{"relaxed", rlx}, std::pair{"release-acquire", rel}, std::pair{"seq_cst", sc}}) {
    add("corw", name, "coherence, for every order (GenMC CoRW: 3 executions)", corw(o), {{0, 1}, {0, 2}, {2, 1}},
        {2, 2});
    add("cowr", name, "coherence, for every order (GenMC CoWR: 3 executions)", cowr(o), {{1, 1}, {1, 2}, {2, 2}},
        {2, 1});
    add("coww", name, "coherence: mo follows po (hb;mo irreflexive)", coww(o),
        {{0, 0, 2}, {0, 1, 2}, {0, 2, 2}, {1, 1, 2}, {1, 2, 2}, {2, 2, 2}}, {2, 1, 2});
  }

  // MP with one-sided fences: outcome r0, r1, x, y.
  const std::set<Outcome> mp_all = all_binary(2, {1, 1});
  const Outcome mp_weak = {1, 0, 1, 1};
  const char* mp_why = "coherence: the fence makes sw, then hb;rb (RC11 sw; GenMC MP+relf+acq, MP+rel+acqf)";
  add("mp", "release-only", "the relaxed load makes no sw", mp_mixed(rel, {}, rlx, {}), mp_all, mp_weak);
  add("mp", "acquire-only", "the relaxed store makes no sw", mp_mixed(rlx, {}, acq, {}), mp_all, mp_weak);
  add("mp", "release-fence+acquire", mp_why, mp_mixed(rlx, rel, acq, {}), without(mp_all, mp_weak), mp_weak);
  add("mp", "release+acquire-fence", mp_why, mp_mixed(rel, {}, rlx, acq), without(mp_all, mp_weak), mp_weak);
  add("mp", "release-fence+acquire-fence", mp_why, mp_mixed(rlx, rel, rlx, acq), without(mp_all, mp_weak), mp_weak);
  add("mp", "seq_cst-fences", mp_why, mp_mixed(rlx, sc, rlx, sc), without(mp_all, mp_weak), mp_weak);

  // LB: outcome r0, r1, x, y.
  const std::set<Outcome> lb_allowed = {{0, 0, 1, 1}, {0, 1, 1, 1}, {1, 0, 1, 1}};
  const char* lb_why = "no-thin-air: po ∪ rf acyclic (RC11 Sec. 3; GenMC LB, LB+acq, LB+rel: 3 executions)";
  add("lb", "release-acquire", lb_why, lb(acq, rel), lb_allowed, {1, 1, 1, 1});
  add("lb", "fences", lb_why, lb(rlx, rlx, ar), lb_allowed, {1, 1, 1, 1});

  // 2+2W: outcome x, y.
  add("2+2w", "seq_cst-fences", "SC: psc_F cycle between the fences (GenMC 2+2W+scfs: 3 executions)",
      two_plus_two_w(rlx, sc), {{2, 2}, {1, 2}, {2, 1}}, {1, 1});
  add("2+2w", "acq_rel-fences", "acq_rel fences synchronise only through a read; none reads (GenMC 2+2W: 4)",
      two_plus_two_w(rlx, ar), {{2, 2}, {1, 2}, {2, 1}, {1, 1}}, {1, 1});

  // IRIW with acquire loads and fences: outcome r0..r3, x, y.
  const std::set<Outcome> iriw_all = all_binary(4, {1, 1});
  add("iriw", "acq_rel-fences", "only seq_cst fences order the independent writes (RC11 Sec. 2)", iriw_fenced(ar),
      iriw_all, {1, 0, 1, 0, 1, 1});
  // The base orders of MP, SB, LB, IRIW, 2+2W and CoRR (also in
  // models/tests/litmus_test.cpp), so that every shape has its models.
  add("mp", "relaxed", "no sw: nothing orders x=1 before the read of x", mp_mixed(rlx, {}, rlx, {}), mp_all, mp_weak);
  add("mp", "release-acquire", "coherence: sw from y=1, then hb;rb (RC11 Fig. 1; GenMC MP+rel+acq)",
      mp_mixed(rel, {}, acq, {}), without(mp_all, mp_weak), mp_weak);
  add("mp", "seq_cst", "coherence, as release/acquire", mp_mixed(sc, {}, sc, {}), without(mp_all, mp_weak), mp_weak);
  const Outcome sb_weak = {0, 0, 1, 1};
  add("sb", "relaxed", "no psc over relaxed accesses (GenMC SB)", sb(rlx), mp_all, sb_weak);
  add("sb", "release-acquire", "release/acquire orders nothing here: no load reads the other's store first", sb(rel),
      mp_all, sb_weak);
  add("sb", "seq_cst", "SC: psc cycle (RC11 Sec. 1; GenMC SB+4sc)", sb(sc), without(mp_all, sb_weak), sb_weak);
  add("sb", "seq_cst-fences", "SC: psc_F cycle between the fences (GenMC SB+scfs: 3 executions)", sb(rlx, sc),
      without(mp_all, sb_weak), sb_weak);
  add("lb", "relaxed", lb_why, lb(rlx, rlx), lb_allowed, {1, 1, 1, 1});
  add("lb", "seq_cst", lb_why, lb(sc, sc), lb_allowed, {1, 1, 1, 1});
  const Outcome iriw_weak = {1, 0, 1, 0, 1, 1};
  add("iriw", "relaxed", "nothing orders the independent writes (RC11 Sec. 2)", iriw(rlx), iriw_all, iriw_weak);
  add("iriw", "release-acquire", "acquire loads do not order independent writes (RC11 Sec. 2)", iriw(rel), iriw_all,
      iriw_weak);
  add("iriw", "seq_cst", "SC: psc orders the writes for both readers (RC11 Sec. 2)", iriw(sc),
      without(iriw_all, iriw_weak), iriw_weak);
  add("iriw", "seq_cst-fences", "SC: psc_F between the readers' fences (RC11 Sec. 3)", iriw_fenced(sc),
      without(iriw_all, iriw_weak), iriw_weak);
  add("2+2w", "relaxed", "mo may go against po on both locations (GenMC 2+2W: 4 executions)", two_plus_two_w(rlx, {}),
      {{2, 2}, {1, 2}, {2, 1}, {1, 1}}, {1, 1});
  add("2+2w", "seq_cst", "SC: psc cycle of mo and po (RC11 Sec. 3; GenMC 2+2W+4sc)", two_plus_two_w(sc, {}),
      {{2, 2}, {1, 2}, {2, 1}}, {1, 1});
  for (auto [name, o] : {std::pair{"relaxed", rlx}, std::pair{"release-acquire", rel}, std::pair{"seq_cst", sc}})
    add("corr", name, "coherence, for every order (GenMC CoRR)", corr(o), {{0, 0, 1}, {0, 1, 1}, {1, 1, 1}}, {1, 0, 1});

  // seq_cst accesses mixed with weaker ones and with fences: where RC11's
  // psc is weaker than making each seq_cst access a fence, and where a
  // fence's psc_base still forbids the weak outcome.
  add("sb", "seq_cst-with-relaxed-load",
      "a relaxed load is outside psc, and y=1 reaches x=1 only through it (RC11 Sec. 3, psc_base)",
      sb_one_relaxed_load(), mp_all, sb_weak);
  add("sb", "seq_cst-fence-with-seq_cst-accesses",
      "SC: psc_base cycle F →hb;rb y=1 →po r1 →rb;hb F (RC11 Sec. 3, psc_base)", sb_fence_and_seq_cst(),
      without(mp_all, sb_weak), sb_weak);
  add("iriw", "seq_cst-loads-relaxed-stores", "rf is not in scb: nothing orders the readers (RC11 Sec. 3, scb)",
      iriw_seq_cst_loads(), iriw_all, iriw_weak);
  // Z6.U: outcome r0 (T1), r1 (T2), x, y.
  // The fetch-add reads the initial y, y=1 or y=3 (r0 0, 1, 3) and writes
  // right after it in mo; y ends with whichever store is last; x=0 and x=1
  // can be read in each case.
  const std::set<Outcome> z6u_allowed = {{0, 0, 1, 1}, {0, 0, 1, 3}, {0, 1, 1, 1}, {0, 1, 1, 3},
                                         {1, 0, 1, 2}, {1, 0, 1, 3}, {1, 1, 1, 2}, {1, 1, 1, 3},
                                         {3, 0, 1, 1}, {3, 0, 1, 4}, {3, 1, 1, 1}, {3, 1, 1, 4}};
  add("z6.u", "seq_cst-with-release", "no psc edge from x=1 to the fetch-add (RC11 Sec. 2.1 and Sec. 3)", z6u(),
      z6u_allowed, {1, 0, 1, 3});
  return c;
}

}  // namespace interleave::litmus
