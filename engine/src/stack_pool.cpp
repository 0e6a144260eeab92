#include "stack_pool.hpp"

#include <sys/mman.h>
#include <unistd.h>

#include <new>

#include "sanitizer_fibers.hpp"

namespace interleave::engine {

StackPool::StackPool(std::size_t usable_bytes)
    : requested_(usable_bytes), page_(static_cast<std::size_t>(::sysconf(_SC_PAGESIZE))) {
  usable_ = (usable_bytes + page_ - 1) / page_ * page_;
}

namespace {

/// Clears AddressSanitizer's marks on a stack handed to a new fiber. The last
/// fiber on it leaves frames poisoned (boost's fiber entry never returns, so
/// its redzones stay marked), and a fresh mapping may lie where a stack of an
/// earlier pool did: the shadow outlives munmap.
void unpoison([[maybe_unused]] const boost::context::stack_context& stack) {
#if INTERLEAVE_ASAN
  ASAN_UNPOISON_MEMORY_REGION(static_cast<char*>(stack.sp) - stack.size, stack.size);
#endif
}

}  // namespace

StackPool::~StackPool() {
  for (const Region& r : all_) ::munmap(r.base, usable_ + page_);
}

boost::context::stack_context StackPool::take() {
  ++outstanding_;
  if (!free_.empty()) {
    auto stack = free_.back();
    free_.pop_back();
    unpoison(stack);
    return stack;
  }
  void* base =
      ::mmap(nullptr, usable_ + page_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (base == MAP_FAILED) throw std::bad_alloc();
  ::mprotect(base, page_, PROT_NONE);  // the guard page, at the low end: stacks grow down
  all_.push_back(Region{static_cast<char*>(base)});
  boost::context::stack_context stack;
  stack.size = usable_;
  stack.sp = static_cast<char*>(base) + page_ + usable_;
  unpoison(stack);
  return stack;
}

void StackPool::give_back(boost::context::stack_context stack) {
  --outstanding_;
  free_.push_back(stack);
}

bool StackPool::in_guard(const void* address) const {
  const char* a = static_cast<const char*>(address);
  for (const Region& r : all_)
    if (a >= r.base - page_ && a < r.base + page_) return true;  // also just below the guard
  return false;
}

}  // namespace interleave::engine
