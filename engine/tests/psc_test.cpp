// RC11's SC axiom (engine/src/psc.hpp) on hand-built execution graphs from
// Lahav et al., PLDI 2017: each shape once where psc has a cycle and once,
// with one order weakened, where it has none.
#include <gtest/gtest.h>

#include <vector>

#include "../src/psc.hpp"

namespace interleave::engine {
namespace {

using Type = GraphEvent::Type;

/// Builds a graph thread by thread: initial stores first, then events with
/// their threads' clocks (own component = the epoch, ticked after a release).
class Graph {
 public:
  explicit Graph(int locations) {
    for (int l = 0; l < locations; ++l) events.push_back(GraphEvent{Type::write, -1, static_cast<std::uint32_t>(l), 0});
  }
  /// An event of `thread` that has acquired what `from` (an event index) knew.
  std::size_t add(Type type, int thread, std::uint32_t location, std::uint32_t mo_place, bool sc, int from = -1) {
    VectorClock& c = clocks[static_cast<std::size_t>(thread)];
    if (c[thread] == 0) c.tick(thread);
    if (from >= 0) c.join(events[static_cast<std::size_t>(from)].clock, 4);
    events.push_back(GraphEvent{type, thread, location, mo_place, sc, c});
    return events.size() - 1;
  }
  /// The thread's next events are not known to a reader of its earlier ones.
  void tick(int thread) { clocks[static_cast<std::size_t>(thread)].tick(thread); }

  std::vector<GraphEvent> events;
  VectorClock clocks[4];
};

/// SB: T0 x=1; r0=y (0) | T1 y=1; r1=x (0), every access seq_cst, or T1's
/// load relaxed.
std::vector<GraphEvent> sb(bool last_load_sc) {
  Graph g(2);
  g.add(Type::write, 0, 0, 1, true);
  g.add(Type::read, 0, 1, 0, true);
  g.add(Type::write, 1, 1, 1, true);
  g.add(Type::read, 1, 0, 0, last_load_sc);
  return g.events;
}

TEST(Psc, StoreBufferingWithSeqCstAccessesHasACycle) { EXPECT_FALSE(psc_acyclic(sb(true))); }

TEST(Psc, StoreBufferingWithOneRelaxedLoadHasNone) { EXPECT_TRUE(psc_acyclic(sb(false))); }

/// SB with fences: T0 x=1; F; r0=y (0) | T1 y=1; F; r1=x (0), relaxed
/// accesses, the fences seq_cst (psc_F: F0 hb r0 rb y=1 hb F1, and back)
/// or not.
std::vector<GraphEvent> sb_fenced(bool sc_fences) {
  Graph g(2);
  g.add(Type::write, 0, 0, 1, false);
  g.add(Type::fence, 0, 0, 0, sc_fences);
  g.add(Type::read, 0, 1, 0, false);
  g.add(Type::write, 1, 1, 1, false);
  g.add(Type::fence, 1, 0, 0, sc_fences);
  g.add(Type::read, 1, 0, 0, false);
  return g.events;
}

TEST(Psc, StoreBufferingWithSeqCstFencesHasACycle) { EXPECT_FALSE(psc_acyclic(sb_fenced(true))); }

TEST(Psc, StoreBufferingWithWeakerFencesHasNone) { EXPECT_TRUE(psc_acyclic(sb_fenced(false))); }

/// Z6.U (PLDI 2017 Sec. 2.1): T0 x=1 (sc); y=1 (release, or sc) | T1
/// fetch-add of y reading y=1 (sc) | T2 y=3 (sc); r=x (0, sc); mo of y:
/// init, y=1, the fetch-add, y=3. With a release y=1, x=1 reaches the
/// fetch-add only through hb across locations, which scb leaves out; with
/// a seq_cst y=1, x=1 →po y=1 →mo fetch-add closes the cycle.
std::vector<GraphEvent> z6u(bool y_store_sc) {
  Graph g(2);
  g.add(Type::write, 0, 0, 1, true);
  const std::size_t y1 = g.add(Type::write, 0, 1, 1, y_store_sc);
  g.tick(0);
  g.add(Type::read, 1, 1, 1, true, static_cast<int>(y1));
  g.add(Type::write, 1, 1, 2, true);
  g.add(Type::write, 2, 1, 3, true);
  g.add(Type::read, 2, 0, 0, true);
  return g.events;
}

TEST(Psc, Z6UWithAReleaseStoreHasNoCycle) { EXPECT_TRUE(psc_acyclic(z6u(false))); }

TEST(Psc, Z6UWithASeqCstStoreHasACycle) { EXPECT_FALSE(psc_acyclic(z6u(true))); }

}  // namespace
}  // namespace interleave::engine
