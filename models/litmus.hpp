// Litmus programs: straight-line threads of atomic loads, stores,
// fetch-adds and fences over a few locations (all starting at 0), as the
// weak-memory literature writes them. One program runs as a model scenario
// (run_litmus) and is what the RC11 enumerator (models/tests/rc11_enumerator.hpp)
// reads, so the two can be compared outcome for outcome.
#pragma once

#include <atomic>
#include <memory>
#include <vector>

#include "interleave/interleave.hpp"

namespace interleave::litmus {

enum class Kind { load, store, fetch_add, fence };

struct Instr {
  Kind kind = Kind::load;
  int loc = 0;    ///< location (not for fences)
  int value = 0;  ///< the value stored, or added
  std::memory_order order = std::memory_order_seq_cst;
};

struct Program {
  int locations = 2;
  std::vector<std::vector<Instr>> threads;
};

/// An outcome: what each load and fetch-add read, thread by thread in
/// program order, then each location's final value.
using Outcome = std::vector<int>;

inline Instr ld(int loc, std::memory_order o) { return {Kind::load, loc, 0, o}; }
inline Instr st(int loc, int v, std::memory_order o) { return {Kind::store, loc, v, o}; }
inline Instr add(int loc, int v, std::memory_order o) { return {Kind::fetch_add, loc, v, o}; }
inline Instr fence(std::memory_order o) { return {Kind::fence, 0, 0, o}; }

/// Runs `p` once under the model (inside interleave::check): the threads
/// start together; returns the outcome.
inline Outcome run_litmus(const Program& p) {
  std::vector<std::unique_ptr<model::atomic<int>>> x;
  static constexpr const char* kNames[] = {"x", "y", "z", "w"};  // as the litmus literature names them
  for (int l = 0; l < p.locations; ++l) x.push_back(std::make_unique<model::atomic<int>>(0, kNames[l % 4]));
  std::vector<std::vector<int>> regs(p.threads.size());
  std::vector<std::function<void()>> bodies;
  for (std::size_t t = 0; t < p.threads.size(); ++t)
    bodies.push_back([&, t] {
      for (const Instr& i : p.threads[t]) {
        switch (i.kind) {
          case Kind::load: regs[t].push_back(x[i.loc]->load(i.order)); break;
          case Kind::store: x[i.loc]->store(i.value, i.order); break;
          case Kind::fetch_add: regs[t].push_back(x[i.loc]->fetch_add(i.value, i.order)); break;
          case Kind::fence: model_sync::atomic_thread_fence(i.order); break;
        }
      }
    });
  run_together(std::move(bodies));
  Outcome out;
  for (const auto& r : regs) out.insert(out.end(), r.begin(), r.end());
  for (const auto& a : x) out.push_back(a->load(std::memory_order_relaxed));
  return out;
}

}  // namespace interleave::litmus
