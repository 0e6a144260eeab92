// The sequence diagram: which hand-offs become arrows, and the SVG's marks.
#include "sequence_diagram.hpp"

#include <gtest/gtest.h>

#include "fixtures.hpp"

namespace interleave::reports {
namespace {

using sequence_diagram::Arrow;

TraceEvent ev(std::size_t index, int thread, std::string op, std::string object, std::string detail = "") {
  return {index, thread, std::move(op), std::move(object), std::move(detail), "models/m.cpp", 1, 0};
}

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

TEST(SequenceDiagram, ArrowsForLockHandOffsAndNotifyToWake) {
  const std::vector<TraceEvent> trace = {
      ev(0, 1, "lock", "mutex m"),
      ev(1, 1, "wait", "cv c", "releases mutex m"),
      ev(2, 2, "lock", "mutex m"),  // hand-off 1 -> 2 (the wait released it)
      ev(3, 2, "notify_one", "cv c", "woke 1"),
      ev(4, 2, "unlock", "mutex m"),
      ev(5, 1, "wake", "cv c", "notified"),  // notify 3 -> 5
      ev(6, 1, "lock", "mutex m"),           // hand-off 4 -> 6
      ev(7, 1, "unlock", "mutex m"),
      ev(8, 1, "lock", "mutex m"),  // same thread: no arrow
      ev(9, 1, "wait", "cv c", "releases mutex m"),
      ev(10, 1, "wake", "cv c", "timed out"),  // not notified: no arrow
  };
  const auto arrows = sequence_diagram::arrows_of(trace);
  ASSERT_EQ(arrows.size(), 3u);
  EXPECT_EQ(arrows[0].kind, Arrow::Kind::handoff);
  EXPECT_EQ(arrows[0].from, 1u);
  EXPECT_EQ(arrows[0].to, 2u);
  EXPECT_EQ(arrows[1].kind, Arrow::Kind::notify);
  EXPECT_EQ(arrows[1].from, 3u);
  EXPECT_EQ(arrows[1].to, 5u);
  EXPECT_EQ(arrows[2].kind, Arrow::Kind::handoff);
  EXPECT_EQ(arrows[2].from, 4u);
  EXPECT_EQ(arrows[2].to, 6u);
}

// A wake-up is drawn from the notify that woke that thread (the oldest waiter
// first), not from the latest notify on the same object.
TEST(SequenceDiagram, AWakeUpComesFromTheNotifyThatWokeItsThread) {
  const std::vector<TraceEvent> trace = {
      ev(0, 2, "wait", "cv q", "releases mutex m"), ev(1, 1, "notify_all", "cv q", "woke 1"),  // wakes thread 2
      ev(2, 1, "wait", "cv q", "releases mutex m"), ev(3, 3, "notify_one", "cv q", "woke 1"),  // wakes thread 1
      ev(4, 2, "wake", "cv q", "notified"),         ev(5, 1, "wake", "cv q", "notified"),
  };
  std::vector<std::pair<std::size_t, std::size_t>> notifies;
  for (const Arrow& a : sequence_diagram::arrows_of(trace))
    if (a.kind == Arrow::Kind::notify) notifies.emplace_back(a.from, a.to);
  const std::vector<std::pair<std::size_t, std::size_t>> expected = {{1, 4}, {3, 5}};
  EXPECT_EQ(notifies, expected);
}

TEST(SequenceDiagram, OneLanePerThreadAndOneMarkPerStep) {
  const Result r = fixtures::violated();
  const Violation& v = r.violations[0];
  const std::string svg = sequence_diagram::render_svg(v, 0);
  EXPECT_EQ(svg.rfind("<svg class=\"sequence\"", 0), 0u);
  EXPECT_EQ(count(svg, "<line class=\"lane\""), 3u);
  EXPECT_EQ(count(svg, "<g class=\"mark"), v.trace.size());
  EXPECT_EQ(count(svg, "<g class=\"mark violating\""), 1u);
  EXPECT_EQ(count(svg, "class=\"arrow handoff\""), 0u) << "the fixture's mutex is never released before step 5";
}

}  // namespace
}  // namespace interleave::reports
