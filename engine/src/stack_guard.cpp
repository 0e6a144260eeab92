#include "stack_guard.hpp"

#include <signal.h>

#include <cstdlib>
#include <mutex>

namespace interleave::engine {
namespace {

thread_local const StackPool* tl_pool = nullptr;
thread_local sigjmp_buf* tl_target = nullptr;

/// The alternate signal stack the handler runs on. A stack already installed
/// (AddressSanitizer installs one per thread, and unmaps it itself when the
/// thread ends) is kept if large enough; otherwise this thread gets its own,
/// and the previous one is put back and ours freed when the thread ends.
class AltStack {
 public:
  AltStack() {
    constexpr std::size_t kEnough = 32 * 1024;  // the handler only jumps away
    constexpr std::size_t kSize = 64 * 1024;
    sigaltstack(nullptr, &previous_);
    if (!(previous_.ss_flags & SS_DISABLE) && previous_.ss_size >= kEnough) return;
    memory_ = static_cast<char*>(std::malloc(kSize));
    stack_t ss{};
    ss.ss_sp = memory_;
    ss.ss_size = kSize;
    sigaltstack(&ss, nullptr);
  }
  ~AltStack() {
    if (!memory_) return;
    sigaltstack(&previous_, nullptr);
    std::free(memory_);
  }
  AltStack(const AltStack&) = delete;
  AltStack& operator=(const AltStack&) = delete;

 private:
  stack_t previous_{};
  char* memory_ = nullptr;
};

struct sigaction previous_segv {
}, previous_bus{};  ///< the handlers before ours

void on_segv(int sig, siginfo_t* info, void*) {
  if (tl_pool && tl_target && tl_pool->in_guard(info->si_addr)) siglongjmp(*tl_target, 1);
  // Not ours: put back the handler that was there before (the default
  // action, or a crash reporter's) and return; the fault repeats and it runs.
  sigaction(sig, sig == SIGSEGV ? &previous_segv : &previous_bus, nullptr);
}

void install_handler_once() {
  static std::once_flag once;
  std::call_once(once, [] {
    struct sigaction action {};
    action.sa_sigaction = on_segv;
    action.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_NODEFER;
    sigemptyset(&action.sa_mask);
    sigaction(SIGSEGV, &action, &previous_segv);
    sigaction(SIGBUS, &action, &previous_bus);
  });
}

void ensure_alt_stack() { thread_local AltStack alt_stack; }

}  // namespace

StackGuard::StackGuard(const StackPool& pool, sigjmp_buf* target) : outer_pool_(tl_pool), outer_target_(tl_target) {
  ensure_alt_stack();
  install_handler_once();
  tl_pool = &pool;
  tl_target = target;
}

StackGuard::~StackGuard() {
  tl_pool = outer_pool_;
  tl_target = outer_target_;
}

}  // namespace interleave::engine
