// DPOR explores exactly one complete execution per Mazurkiewicz trace: the
// published counts of Nidhugg's and GenMC's benchmarks, checked exactly, and
// (optimal DPOR) none cut short by a sleep set.
#include <gtest/gtest.h>

#include "interleave/interleave.hpp"
#include "models/registry.hpp"

namespace interleave {
namespace {

std::uint64_t dpor_executions(const std::string& name) {
  const Model* model = find_model(name);
  if (!model) ADD_FAILURE() << "no model " << name;
  Options o = model->options;
  o.strategy = Strategy::dpor;
  const Result r = check(model->scenario, o);
  EXPECT_EQ(r.verdict, Verdict::holds) << name << ": " << r.note;
  EXPECT_EQ(r.stats.executions_blocked, 0u) << name;
  return r.stats.executions;
}

TEST(DporCounts, ReadersExploreTwoToTheN) {
  EXPECT_EQ(dpor_executions("readers-2"), 4u);
  EXPECT_EQ(dpor_executions("readers-8"), 256u);
  EXPECT_EQ(dpor_executions("readers-13"), 8192u);
}

TEST(DporCounts, LastzeroMatchesThePublishedCounts) {
  EXPECT_EQ(dpor_executions("lastzero-5"), 64u);
  EXPECT_EQ(dpor_executions("lastzero-10"), 3328u);
  EXPECT_EQ(dpor_executions("lastzero-15"), 147456u);
}

TEST(DporCounts, IndexerMatchesThePublishedCounts) {
  EXPECT_EQ(dpor_executions("indexer-12"), 8u);
  EXPECT_EQ(dpor_executions("indexer-15"), 4096u);
}

TEST(DporCounts, CasrotTreatsAFailedCompareExchangeAsARead) {
  const std::uint64_t expected[] = {2, 5, 14, 43, 144, 523, 2048};
  for (int n = 2; n <= 8; ++n) EXPECT_EQ(dpor_executions("casrot-" + std::to_string(n)), expected[n - 2]) << n;
}

TEST(DporCounts, WritersAndAReaderExploreWPlusOneFactorial) {
  EXPECT_EQ(dpor_executions("writers-2"), 6u);
  EXPECT_EQ(dpor_executions("writers-3"), 24u);
  EXPECT_EQ(dpor_executions("writers-4"), 120u);
}

TEST(DporCounts, MutexIncrementsExploreOneExecutionPerOrderOfCriticalSections) {
  auto increments = [](int threads) {
    return [threads] {
      using S = model_sync;
      S::mutex m{"m"};
      S::shared<int> count{0, "count"};
      std::vector<std::function<void()>> bodies(static_cast<std::size_t>(threads), [&] {
        for (int i = 0; i < 2; ++i) {
          S::unique_lock<S::mutex> lock(m);
          count.update([](int v) { return v + 1; });
        }
      });
      run_together(std::move(bodies));
    };
  };
  Options o;
  o.strategy = Strategy::dpor;
  EXPECT_EQ(check(increments(3), o).stats.executions, 90u);    // 6!/(2!2!2!)
  EXPECT_EQ(check(increments(4), o).stats.executions, 2520u);  // 8!/(2!^4)
}

TEST(DporCounts, ReducesFarBelowPlainDfs) {
  const Model* model = find_model("readers-8");
  Options o = model->options;
  o.strategy = Strategy::dfs;
  const std::uint64_t dfs = check(model->scenario, o).stats.executions;
  EXPECT_GT(dfs, 256u * 10);
}

}  // namespace
}  // namespace interleave

namespace interleave {
namespace {

// A shard sees only its own executions' races, so what it leaves to the races
// below a branch must be found within that shard: the shards of a search add
// up to exactly its traces.
TEST(DporCounts, ShardsAddUpToThePublishedCounts) {
  for (const char* name : {"lastzero-10", "readers-8"}) {
    const Model* model = find_model(name);
    ASSERT_NE(model, nullptr) << name;
    for (int n : {2, 3}) {
      std::uint64_t total = 0;
      for (int k = 0; k < n; ++k) {
        Options o = model->options;
        o.strategy = Strategy::dpor;
        o.shard_index = k;
        o.shard_count = n;
        total += check(model->scenario, o).stats.executions;
      }
      EXPECT_EQ(total, std::string(name) == "readers-8" ? 256u : 3328u) << name << " in " << n << " shards";
    }
  }
}

}  // namespace
}  // namespace interleave

namespace interleave {
namespace {

// --jobs N shares the search by work stealing: the published counts hold
// at every number of workers, and no execution is explored twice.
TEST(DporCounts, JobsKeepThePublishedCounts) {
  for (const auto& [name, count] : {std::pair{"lastzero-10", 3328u}, std::pair{"readers-8", 256u}}) {
    const Model* model = find_model(name);
    ASSERT_NE(model, nullptr) << name;
    for (int jobs : {2, 3}) {
      Options o = model->options;
      o.strategy = Strategy::dpor;
      o.jobs = jobs;
      const Result r = check(model->scenario, o);
      EXPECT_EQ(r.verdict, Verdict::holds) << name << ": " << r.note;
      EXPECT_EQ(r.stats.executions, count) << name << " with " << jobs << " jobs";
    }
  }
}

TEST(DporCounts, LastzeroFifteenKeepsItsPublishedCountWithTwoJobs) {
  const Model* model = find_model("lastzero-15");
  Options o = model->options;
  o.strategy = Strategy::dpor;
  o.jobs = 2;
  const Result r = check(model->scenario, o);
  EXPECT_EQ(r.verdict, Verdict::holds) << r.note;
  EXPECT_EQ(r.stats.executions, 147456u);
}

}  // namespace
}  // namespace interleave
