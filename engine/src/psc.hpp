// RC11's SC axiom on an execution graph (Lahav, Vafeiadis, Kang, Hur, Dreyer,
// "Repairing Sequential Consistency in C/C++11", PLDI 2017, Sec. 3 and
// Fig. 1): the partial SC relation psc = psc_base ∪ psc_F over the seq_cst
// accesses and fences must be acyclic, where
//
//   scb      = po ∪ po|≠loc; hb; po|≠loc ∪ hb|loc ∪ mo ∪ rb
//   psc_base = ([E^sc] ∪ [F^sc]; hb?); scb; ([E^sc] ∪ hb?; [F^sc])
//   psc_F    = [F^sc]; (hb ∪ hb; eco; hb); [F^sc]
//
// The memory model (memory_model.hpp) explores the executions allowed by the
// other axioms operationally and asks this check whether the graph built so
// far still satisfies this one. A graph violating it has no consistent
// extension, and every prefix of a consistent graph is consistent, so
// checking after each event prunes exactly the executions RC11 forbids.
#pragma once

#include <cstdint>
#include <vector>

#include "vector_clock.hpp"

namespace interleave::engine {

/// One event of the graph: an atomic access or a fence. A read-modify-write
/// is its read event followed by its write event (RC11's rmw pair).
struct GraphEvent {
  enum class Type : std::uint8_t { read, write, fence };
  Type type = Type::read;
  int thread = -1;             ///< -1: before every thread (happens before all)
  std::uint32_t location = 0;  ///< reads and writes
  std::uint32_t mo_place = 0;  ///< writes: their place in mo; reads: the place of the store they read
  bool sc = false;             ///< a seq_cst access or fence
  VectorClock clock;           ///< the thread's clock at the event (after what it acquired)
};

/// Whether psc is acyclic on `events`, listed in execution order (which
/// extends po and hb). `events` carry their current mo places.
bool psc_acyclic(const std::vector<GraphEvent>& events);

}  // namespace interleave::engine
