// Cigarette smokers: an agent puts two of three ingredients (tobacco, paper,
// matches) on the table; the smoker who holds the third takes both, smokes,
// and tells the agent to go on.
//
// A problem every course teaches (Patil, 1971; Downey, "The Little Book of
// Semaphores", 4.5).
//
// Contract: offer(missing) blocks until the table is empty, then puts out the
// two ingredients smoker `missing` lacks. smoke(i) blocks until the table holds
// exactly what smoker i lacks, takes it, and returns (the caller smokes).
// Only smoker i ever takes what smoker i lacks; the agent's next offer waits
// until the previous one was taken.
//
// State (table = the smoker whose pair is out, or empty; under m):
//   | event              | next                                          |
//   | offer(i), empty    | table = i; notify_all                         |
//   | offer(i), occupied | wait                                          |
//   | smoke(i), table==i | table = empty; notify_all                     |
//   | smoke(i), else     | wait                                          |
//
// Teaching variant (SmokersFlaw::naive): the textbook trap. Each ingredient
// is a semaphore the agent releases; each smoker acquires its two missing
// ingredients one at a time. Two smokers can each grab one half of the same
// offer: neither can smoke, the agent waits for a smoke: deadlock.
#pragma once

#include <cstdint>

#include "interleave/real_sync.hpp"
#include "interleave/thread_annotations.hpp"
#include "primitives/semaphore.hpp"

namespace interleave {

/// Known-buggy variants of the smokers' table kept for teaching.
enum class SmokersFlaw : std::uint8_t { none, naive };

template <class Sync = real_sync, SmokersFlaw Flaw = SmokersFlaw::none>
class SmokersTable {
  using lock_type = typename Sync::template unique_lock<typename Sync::mutex>;

 public:
  /// The agent puts out the two ingredients smoker `missing` (0..2) lacks.
  void offer(int missing) {
    if constexpr (Flaw == SmokersFlaw::naive) {
      agent_.acquire();
      ingredient_[(missing + 1) % 3].release();
      ingredient_[(missing + 2) % 3].release();
    } else {
      lock_type lk(m_);
      while (table_ != kEmpty) cv_.wait(lk);
      table_ = missing;
      cv_.notify_all();
    }
  }

  /// Smoker i (who holds ingredient i) takes the other two; then smokes.
  void smoke(int i) {
    if constexpr (Flaw == SmokersFlaw::naive) {
      ingredient_[(i + 1) % 3].acquire();
      ingredient_[(i + 2) % 3].acquire();
      agent_.release();
    } else {
      lock_type lk(m_);
      while (table_ != i) cv_.wait(lk);
      table_ = kEmpty;
      cv_.notify_all();
    }
  }

 private:
  static constexpr int kEmpty = -1;
  typename Sync::mutex m_{"smokers.table"};
  typename Sync::condition_variable cv_{"smokers.cv"};
  int table_ GUARDED_BY(m_) = kEmpty;
  // The naive version's state: one semaphore per ingredient, one for the agent.
  Semaphore<Sync> agent_{1, "smokers.agent"};
  Semaphore<Sync> ingredient_[3] = {Semaphore<Sync>(0, "smokers.tobacco"), Semaphore<Sync>(0, "smokers.paper"),
                                    Semaphore<Sync>(0, "smokers.matches")};
};

}  // namespace interleave
