// --checkpoint / --resume: a search stopped by its budget and resumed, again
// and again, runs exactly the executions of one uninterrupted search: the
// published DPOR counts, plain DFS, and a weak-memory model (whose search
// restarts in weak-memory mode before the first checkpoint).
#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <filesystem>

#include "interleave/interleave.hpp"
#include "models/registry.hpp"

namespace interleave {
namespace {

/// Runs `name` under `strategy` in pieces of `piece` executions, each resuming
/// the checkpoint of the one before, until it holds; returns the last result.
Result in_pieces(const std::string& name, Strategy strategy, std::uint64_t piece, int& pieces) {
  const Model* model = find_model(name);
  if (!model) throw std::runtime_error("no model " + name);
  // One file per model and process: ctest runs these tests side by side.
  std::string stem = "interleave-checkpoint-" + std::to_string(::getpid()) + "-" + name;
  std::replace(stem.begin(), stem.end(), '/', '_');
  const std::string file = (std::filesystem::temp_directory_path() / stem).string();
  std::filesystem::remove(file);
  Options o = model->options;
  o.strategy = strategy;
  o.max_preemptions = -1;
  o.budget_executions = piece;
  o.checkpoint_file = file;
  pieces = 0;
  for (;;) {
    const Result r = check(model->scenario, o);
    ++pieces;
    if (r.verdict != Verdict::bound_reached || pieces > 10'000) {
      std::filesystem::remove(file);
      return r;
    }
    o.resume_file = file;
  }
}

Result whole(const std::string& name, Strategy strategy) {
  const Model* model = find_model(name);
  Options o = model->options;
  o.strategy = strategy;
  o.max_preemptions = -1;
  return check(model->scenario, o);
}

TEST(Checkpoint, ResumedPiecesAddUpToTheUninterruptedSearch) {
  for (const auto& [name, strategy, piece] :
       {std::tuple{"lastzero-10", Strategy::dpor, 100}, std::tuple{"readers-8", Strategy::dpor, 7},
        std::tuple{"counter", Strategy::dfs, 1}, std::tuple{"philosophers", Strategy::dpor, 2},
        std::tuple{"litmus/mp/release+acquire-fence", Strategy::dfs, 3}}) {
    const Result all = whole(name, strategy);
    int pieces = 0;
    const Result last = in_pieces(name, strategy, piece, pieces);
    ASSERT_EQ(all.verdict, Verdict::holds) << name;
    EXPECT_EQ(last.verdict, Verdict::holds) << name << ": " << last.note;
    EXPECT_EQ(last.stats.executions, all.stats.executions) << name;
    EXPECT_EQ(last.stats.executions_blocked, all.stats.executions_blocked) << name;
    EXPECT_EQ(last.stats.steps, all.stats.steps) << name;
    EXPECT_GT(pieces, 2) << name << ": the search was not cut into pieces";
  }
}

TEST(Checkpoint, AResumedSearchFindsTheViolationTheWholeOneFinds) {
  int pieces = 0;
  const Result last = in_pieces("philosophers/naive", Strategy::dfs, 20, pieces);
  EXPECT_TRUE(last.has(ViolationKind::deadlock)) << last.note;
}

TEST(Checkpoint, ACheckpointOfOtherOptionsIsRefused) {
  const Model* model = find_model("lastzero-10");
  const std::string file =
      (std::filesystem::temp_directory_path() / ("interleave-checkpoint-other-" + std::to_string(::getpid()))).string();
  Options o = model->options;
  o.strategy = Strategy::dpor;
  o.budget_executions = 10;
  o.checkpoint_file = file;
  ASSERT_EQ(check(model->scenario, o).verdict, Verdict::bound_reached);
  Options other = o;
  other.max_steps = 77;
  other.resume_file = file;
  const Result r = check(model->scenario, other);
  EXPECT_EQ(r.verdict, Verdict::error);
  EXPECT_NE(r.note.find("other options"), std::string::npos) << r.note;
  std::filesystem::remove(file);
}

}  // namespace
}  // namespace interleave
