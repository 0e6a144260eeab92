// Fair cycles (CHESS, Musuvathi & Qadeer, PLDI 2008): an execution that
// returns to a state it was in, having run every thread that could run in
// between, can repeat that stretch forever under a fair scheduler. With a
// hash of the model's state (interleave::state_hash), this is found the
// first time a state recurs instead of at the step bound. The engine adds
// what it knows: each thread's pending operation and place, the mutexes'
// owners, the condition variables' waiters, the clock and the spurious budget.
// Without a model hash, once a thread has yielded, the engine hashes the
// state on its own: every value, and for each thread what it did since its
// last yield (spin.cpp), which stands for its locals: a loop that yields and
// counts its iterations in a local variable breaks that assumption. A stretch
// in which a thread took a mutex is not taken for a cycle: the plain data the
// mutex guards is not the engine's to see.
// A cycle that passed over a thread that could run is an unfair schedule, as
// at the step bound: it is pruned. Plain DFS still runs that thread from the
// cycle's start; DPOR does so only when a race asks for it (a known gap).
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "execution.hpp"

namespace interleave::engine {
namespace {

std::uint64_t mix(std::uint64_t h, std::uint64_t v) {  // boost::hash_combine's 64-bit mixing
  return h ^ (v + 0x9e3779b97f4a7c15ull + (h << 12) + (h >> 4));
}

}  // namespace

std::optional<Ending> Execution::revisits_state() {
  const bool model_hashed = static_cast<bool>(state_hash_);
  if (!model_hashed) fold_histories();
  const std::optional<std::uint64_t> engine = engine_state_hash(model_hashed);
  if (!engine) return std::nullopt;
  std::uint64_t h = *engine;
  if (model_hashed) {
    peeking_ = true;
    try {
      h = mix(h, state_hash_());
    } catch (const std::exception& e) {
      peeking_ = false;
      fail(ViolationKind::exception, fmt::format("the state hash threw: {}", e.what()));
      return Ending::violated;
    }
    peeking_ = false;
  }

  const std::size_t now = choices_.size();
  const auto [seen, first_visit] = visits_.try_emplace(h, now);
  if (first_visit) return std::nullopt;
  const std::size_t from = seen->second;
  if (!model_hashed && acquired_mutex_since(step_begin_[from])) {
    // Plain data guarded by the mutex may have changed where the engine
    // cannot see it: not the same state for certain.
    seen->second = now;
    return std::nullopt;
  }
  std::uint32_t ran = 0, could_run = 0;
  for (std::size_t i = from; i < now; ++i) {
    ran |= 1u << choices_[i].thread;
    could_run |= enabled_mask_[i];
  }
  if (could_run & ~ran) return Ending::unfair;  // a fair scheduler would have run that thread
  std::vector<int> cycling, waiting;
  for (const Thread& t : threads_) {
    if (ran >> t.id & 1u)
      cycling.push_back(t.id);
    else if (t.started && !t.finished && t.pending != Op::join)
      waiting.push_back(t.id);
  }
  report_cycle(cycling, waiting, now - from, step_begin_[from], "return to the same state every");
  return Ending::violated;
}

bool Execution::acquired_mutex_since(std::size_t event) const {
  for (std::size_t i = event; i < trace_.size(); ++i)
    if (trace_[i].op == Op::lock || (trace_[i].op == Op::try_lock && trace_[i].after.number != 0)) return true;
  return false;
}

void Execution::report_cycle(const std::vector<int>& cycling, const std::vector<int>& waiting, std::size_t period,
                             std::size_t from, std::string_view how) {
  const std::string cycle = fmt::format("{}", fmt::join(cycling, ", "));
  if (waiting.empty()) {
    fail(ViolationKind::livelock,
         fmt::format("livelock: threads {} {} {} steps forever without making progress (from step {})", cycle, how,
                     period, from));
  } else {
    const Thread& w = threads_[static_cast<std::size_t>(waiting.front())];
    fail(ViolationKind::starvation,
         fmt::format("starvation: thread {} waits in {} at {}:{} forever while threads {} {} {} steps in a fair cycle "
                     "that never lets it in (from step {})",
                     w.id, op_name(w.pending), w.pending_loc.file, w.pending_loc.line, cycle, how, period, from));
  }
  failures_.back().step = from;
}

}  // namespace interleave::engine
