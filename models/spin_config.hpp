// Whether the engine explores spin loops cheaply and completely (a yield that
// waits for another thread's write; a schedule cut as unfair explores the
// threads it passed over). On: the spin-lock models register their
// three-thread configurations ("NAME/three-threads") and mcs-lock is checked
// by DPOR. Off, as today: the gate has the two-thread configurations only
// (three threads do not finish: TTAS explores 174,517 executions in 30 s
// without finishing), and mcs-lock is sampled by the random walk.
#pragma once

namespace interleave {

inline constexpr bool kSpinEngine = true;

}  // namespace interleave
