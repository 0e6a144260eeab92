// Classic litmus tests: the outcomes the exhaustive search observes must be
// exactly the set RC11 allows, written out here and also checked against
// the RC11 enumerator (rc11_enumerator.hpp). Outcome: the values the loads
// read, thread by thread, then the final values of x and y.
//
// Expected sets: Lahav et al., "Repairing Sequential Consistency in C/C++11"
// (PLDI 2017): SB and IRIW with seq_cst forbid the weak outcome (Sec. 1-2),
// load buffering is forbidden by no-thin-air (porf acyclic, Sec. 3); the
// relaxed/release-acquire sets are the herd7 rc11.cat results, also listed
// as the expected outcomes of GenMC's tests/correct/litmus (MP, SB, LB,
// IRIW, 2+2W, CoRR).
#include <gtest/gtest.h>

#include "models/tests/litmus_outcomes.hpp"
#include "models/tests/rc11_enumerator.hpp"

namespace interleave::litmus {
namespace {

using M = std::memory_order;
constexpr M rlx = M::relaxed, acq = M::acquire, rel = M::release, sc = M::seq_cst;
enum { x, y };

void expect_exact(const Program& p, const std::set<Outcome>& allowed) {
  EXPECT_EQ(rc11_outcomes(p), allowed) << "the enumerator disagrees with the cited set";
  EXPECT_EQ(observed_outcomes(p), allowed) << "the model checker's outcomes are not RC11's";
}

Program mp(M store, M load, std::optional<M> fences = std::nullopt) {
  Program p;
  p.threads = {{st(x, 1, rlx)}, {ld(y, load)}};
  if (fences) p.threads[0].push_back(fence(*fences));
  p.threads[0].push_back(st(y, 1, store));
  if (fences) p.threads[1].push_back(fence(*fences));
  p.threads[1].push_back(ld(x, rlx));
  return p;
}

TEST(Litmus, MessagePassing) {
  expect_exact(mp(rlx, rlx), {{0, 0, 1, 1}, {0, 1, 1, 1}, {1, 0, 1, 1}, {1, 1, 1, 1}});
  expect_exact(mp(rel, acq), {{0, 0, 1, 1}, {0, 1, 1, 1}, {1, 1, 1, 1}});
  expect_exact(mp(sc, sc), {{0, 0, 1, 1}, {0, 1, 1, 1}, {1, 1, 1, 1}});
  expect_exact(mp(rlx, rlx, M::acq_rel), {{0, 0, 1, 1}, {0, 1, 1, 1}, {1, 1, 1, 1}});
}

Program sb(M o, std::optional<M> fences = std::nullopt) {
  Program p;
  p.threads = {{st(x, 1, o)}, {st(y, 1, o)}};
  if (fences) p.threads[0].push_back(fence(*fences)), p.threads[1].push_back(fence(*fences));
  p.threads[0].push_back(ld(y, o == rel ? acq : o));
  p.threads[1].push_back(ld(x, o == rel ? acq : o));
  return p;
}

TEST(Litmus, StoreBuffering) {
  const std::set<Outcome> all = {{0, 0, 1, 1}, {0, 1, 1, 1}, {1, 0, 1, 1}, {1, 1, 1, 1}};
  const std::set<Outcome> sc_only = {{0, 1, 1, 1}, {1, 0, 1, 1}, {1, 1, 1, 1}};
  expect_exact(sb(rlx), all);
  expect_exact(sb(rel), all);
  expect_exact(sb(sc), sc_only);
  expect_exact(sb(rlx, M::acq_rel), all);
  expect_exact(sb(rlx, sc), sc_only);
}

TEST(Litmus, LoadBufferingIsForbiddenEvenRelaxed) {
  for (M o : {rlx, sc}) {
    Program p;
    p.threads = {{ld(x, o), st(y, 1, o)}, {ld(y, o), st(x, 1, o)}};
    expect_exact(p, {{0, 0, 1, 1}, {0, 1, 1, 1}, {1, 0, 1, 1}});
  }
}

Program iriw(M store, M load, std::optional<M> fences = std::nullopt) {
  Program p;
  p.threads = {{st(x, 1, store)}, {st(y, 1, store)}, {ld(x, load)}, {ld(y, load)}};
  if (fences) p.threads[2].push_back(fence(*fences)), p.threads[3].push_back(fence(*fences));
  p.threads[2].push_back(ld(y, load));
  p.threads[3].push_back(ld(x, load));
  return p;
}

TEST(Litmus, IndependentReadsOfIndependentWrites) {
  std::set<Outcome> all;
  for (int a = 0; a < 16; ++a) all.insert({a & 1, a >> 1 & 1, a >> 2 & 1, a >> 3 & 1, 1, 1});
  std::set<Outcome> agreeing = all;
  agreeing.erase({1, 0, 1, 0, 1, 1});  // the readers disagree on the order of the writes
  expect_exact(iriw(rlx, rlx), all);
  expect_exact(iriw(rel, acq), all);
  expect_exact(iriw(sc, sc), agreeing);
  expect_exact(iriw(rlx, rlx, sc), agreeing);
}

TEST(Litmus, TwoPlusTwoWrites) {
  for (M o : {rlx, rel, sc}) {
    Program p;
    p.threads = {{st(x, 1, o), st(y, 2, o)}, {st(y, 1, o), st(x, 2, o)}};
    std::set<Outcome> finals = {{2, 2}, {1, 2}, {2, 1}};
    if (o != sc) finals.insert({1, 1});  // modification order against program order
    expect_exact(p, finals);
  }
}

TEST(Litmus, CoherenceOfReadReads) {
  for (M o : {rlx, acq, sc}) {
    Program p;
    p.threads = {{st(x, 1, o == acq ? rel : o)}, {ld(x, o), ld(x, o)}};
    expect_exact(p, {{0, 0, 1, 0}, {0, 1, 1, 0}, {1, 1, 1, 0}});  // never 1 then 0
  }
}

}  // namespace
}  // namespace interleave::litmus
