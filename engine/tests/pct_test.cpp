// PCT keeps its guarantee on code that spins: the share of executions that
// hit a bug of depth d is at least 1/(n k^(d-1)) (Burckhardt et al., ASPLOS
// 2010), with n threads and k steps, with and without a spin loop in front.
#include <gtest/gtest.h>

#include <cmath>

#include "interleave/interleave.hpp"

namespace interleave {
namespace {

using S = model_sync;

/// Thread 1 writes a, b (and with depth 3, c); thread 2 sees a but not b
/// (and then c): a bug of `depth` ordering constraints. With `spin`,
/// thread 2 first spins until thread 1 says it started. Counts the
/// executions in which the bug shows.
void ordering_bug(int depth, bool spin, int& hits) {
  S::atomic<int> started{0, "started"}, a{0, "a"}, b{0, "b"}, c{0, "c"};
  bool bug = false;
  S::thread writer([&] {
    started.store(1);
    a.store(1);
    b.store(1);
    if (depth == 3) c.store(1);
  });
  S::thread reader([&] {
    if (spin)
      while (started.load() == 0) S::yield();
    const bool saw_a = a.load() == 1;
    const bool saw_b = b.load() == 1;
    bug = depth == 2 ? saw_a && !saw_b : saw_a && !saw_b && c.load() == 1;
  });
  writer.join();
  reader.join();
  if (bug) ++hits;
}

struct HitRate {
  double measured;
  double bound;
};

HitRate pct_hit_rate(int depth, bool spin) {
  constexpr int kExecutions = 4000;
  int hits = 0;
  Options o;
  o.strategy = Strategy::pct;
  o.pct_depth = depth;
  o.budget_executions = kExecutions;
  o.seed = 7;
  const Result r = check([&] { ordering_bug(depth, spin, hits); }, o);
  EXPECT_EQ(r.verdict, Verdict::holds) << r.note;  // the bug is counted, not asserted
  const double n = 3;                              // main, writer, reader
  const double k = static_cast<double>(r.stats.max_depth);
  return {static_cast<double>(hits) / kExecutions, 1.0 / (n * std::pow(k, depth - 1))};
}

TEST(Pct, HitsADepthTwoBugAtLeastAsOftenAsItsBound) {
  for (bool spin : {false, true}) {
    const HitRate h = pct_hit_rate(2, spin);
    EXPECT_GE(h.measured, h.bound) << "spin " << spin << ": " << h.measured << " < " << h.bound;
  }
}

TEST(Pct, HitsADepthThreeBugAtLeastAsOftenAsItsBound) {
  for (bool spin : {false, true}) {
    const HitRate h = pct_hit_rate(3, spin);
    EXPECT_GE(h.measured, h.bound) << "spin " << spin << ": " << h.measured << " < " << h.bound;
  }
}

}  // namespace
}  // namespace interleave
