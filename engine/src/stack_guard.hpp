// Turns a stack overflow in a model thread into a violation: a SIGSEGV on a
// fiber's guard page jumps back to the check that runs it. The handler runs
// on an alternate signal stack; any other fault is re-raised as usual.
#pragma once

#include <csetjmp>

#include "stack_pool.hpp"

namespace interleave::engine {

/// While alive, overflows of `pool`'s stacks on this OS thread siglongjmp to `target`.
class StackGuard {
 public:
  StackGuard(const StackPool& pool, sigjmp_buf* target);
  ~StackGuard();
  StackGuard(const StackGuard&) = delete;
  StackGuard& operator=(const StackGuard&) = delete;

 private:
  const StackPool* outer_pool_;
  sigjmp_buf* outer_target_;
};

}  // namespace interleave::engine
