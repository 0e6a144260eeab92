// Models of the seqlock (primitives/seqlock.hpp): a writer stores records
// whose two fields are equal ({1, 1}, then {2, 2}, ...) while a reader reads;
// every record read must be one that was written (its fields equal), and a
// later read never returns an older record than an earlier one.
#include "interleave/interleave.hpp"
#include "models/registry.hpp"
#include "primitives/seqlock.hpp"

namespace {

using interleave::model_sync;
using interleave::real_sync;
using interleave::SeqlockFlaw;

constexpr const char* kPassage =
    "Seqlock: a writer bumps a sequence counter around each update; readers copy the data without a lock and "
    "retry when the counter was odd or changed meanwhile.";

/// The writer stores `writes` records {k, k}; the reader reads `reads` times,
/// with read() (retrying until an attempt succeeds) or, when `retry` is
/// false, with single try_read() attempts whose failures it skips.
template <class S, SeqlockFlaw Flaw>
void write_while_reading(int writes, int reads, bool retry) {
  interleave::Seqlock<S, 2, Flaw> lock;
  S::run_together(
      {[&] {
         for (int k = 1; k <= writes; ++k) lock.write({k, k});
       },
       [&] {
         int newest = 0;
         for (int r = 0; r < reads; ++r) {
           const auto record = retry ? std::optional(lock.read()) : lock.try_read();
           if (!record) continue;
           S::assert_that((*record)[0] == (*record)[1], "torn snapshot: the fields come from different writes");
           S::assert_that((*record)[0] >= newest, "a read returned an older record than the read before it");
           newest = (*record)[0];
         }
       }});
}

// Exhaustive DFS (weak memory) grows fast with the writes and reads: two
// writes against two read attempts is past 600,000 executions, so each
// configuration keeps one of them small.
const bool registered = [] {
  interleave::register_model({
      .name = "seqlock",
      .primitive = "seqlock",
      .summary = "A writer stores {1, 1} while a reader reads twice, retrying while a write overlaps: both "
                 "records have equal fields, and the second is never older than the first.",
      .passage = kPassage,
      .expected = std::nullopt,
      .scenario = [] { write_while_reading<model_sync, SeqlockFlaw::none>(1, 2, true); },
      .real_scenario = [] { write_while_reading<real_sync, SeqlockFlaw::none>(1, 2, true); },
  });
  interleave::register_model({
      .name = "seqlock/two-writes",
      .primitive = "seqlock",
      .summary = "A writer stores {1, 1} then {2, 2} while a reader makes one read attempt: if it succeeds, "
                 "its record has equal fields.",
      .passage = kPassage,
      .expected = std::nullopt,
      .scenario = [] { write_while_reading<model_sync, SeqlockFlaw::none>(2, 1, false); },
      .real_scenario = [] { write_while_reading<real_sync, SeqlockFlaw::none>(2, 1, false); },
  });
  interleave::register_model({
      .name = "seqlock/no-fence",
      .primitive = "seqlock",
      .summary = "A writer stores {1, 1} while a reader whose read has no acquire fence reads once.",
      .flaw = "The reader's field loads and its second counter load are all relaxed, and without the acquire "
              "fence between them nothing makes the counter load see the writer's odd value when a field load "
              "saw the writer's new field. Both counter loads read the same even value while the copy mixes "
              "the new first field with the old second one: a torn snapshot, returned as valid.",
      .passage = kPassage,
      .expected = interleave::ViolationKind::assertion,
      .scenario = [] { write_while_reading<model_sync, SeqlockFlaw::no_fence>(1, 1, true); },
      .real_scenario = [] { write_while_reading<real_sync, SeqlockFlaw::no_fence>(1, 1, true); },
  });
  return true;
}();

}  // namespace
