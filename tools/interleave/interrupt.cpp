// Ctrl-C during a search: the first SIGINT asks the search to stop (it ends
// with a partial result, printed and reported like any other); a second one
// ends the process at once, as the default action would.
#include <atomic>
#include <csignal>

#include "commands.hpp"

namespace interleave::cli {
namespace {

volatile std::sig_atomic_t interrupted = 0;

extern "C" void on_interrupt(int) {
  interrupted = 1;
  std::signal(SIGINT, SIG_DFL);
}

}  // namespace

void catch_interrupts() { std::signal(SIGINT, on_interrupt); }

bool interrupt_requested() { return interrupted != 0; }

}  // namespace interleave::cli
